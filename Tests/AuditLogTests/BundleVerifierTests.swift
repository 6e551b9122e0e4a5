import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// The verdicts of the bundle verifier on good, forked, rotated and mis-signed logs.
@Suite struct BundleVerifierTests {
    @Test func goodLogIsOK() throws {
        let log = try TestLog.make(count: 200)
        let verdict = try BundleVerifier.verify(log.bundle.serialized(), trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 200, root: try log.merkleTree.root(size: 200), unsignedRecords: 0))
        #expect(log.activeKey == TestLog.key2.verifierKey)
    }

    /// Logs longer than the verifier's 1,024-leaf chunks, with checkpoints across chunk edges.
    @Test(arguments: [(3000, 700), (2048, 1024), (4097, 1023)])
    func longLogsAreOK(count: Int, every: Int) throws {
        let log = try TestLog.make(count: count, every: every, rotateAt: 1500)
        let verdict = try BundleVerifier.verify(log.bundle.serialized())
        let size = UInt64(count)
        #expect(verdict == .ok(size: size, root: try log.merkleTree.root(size: size), unsignedRecords: 0))
        var cut = log.bundle
        cut.entries.removeLast(every / 2)
        #expect(try BundleVerifier.verify(cut.serialized()).name == "TRUNCATED")
    }

    @Test func recordsRoundTrip() throws {
        let record = AuditRecord(
            index: 7, time: -5, type: .signerFlagged, actor: "signer:3 ✓", payload: [0, 1, 2],
            previousHash: Array(repeating: 0xAB, count: 32))
        let bytes = try record.encoded()
        #expect(try AuditRecord(decoding: bytes) == record)
        #expect(throws: AuditError.self) { try AuditRecord(decoding: bytes + [0]) }
        #expect(throws: AuditError.self) { try AuditRecord(decoding: Array(bytes.dropLast())) }
        #expect(throws: AuditError.self) { try RecordType(validating: "Bad Type") }
        let bundle = try TestLog.make(count: 40).bundle
        #expect(try AuditBundle(parsing: bundle.serialized()).entries == bundle.entries)
    }

    @Test func emptyAndUnsignedTails() throws {
        var log = AuditLogWriter(origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        #expect(
            try BundleVerifier.verify(log.bundle.serialized())
                == .ok(size: 0, root: MerkleHash.emptyRoot, unsignedRecords: 0))
        try log.append(time: 1, type: .requestCreated, actor: "a", payload: [])
        #expect(try BundleVerifier.verify(log.bundle.serialized()).name == "UNVERIFIABLE")
        try log.checkpoint(signer: TestLog.key1)
        try log.append(time: 2, type: .requestCreated, actor: "a", payload: [])
        #expect(
            try BundleVerifier.verify(log.bundle.serialized())
                == .ok(size: 1, root: try log.merkleTree.root(size: 1), unsignedRecords: 1))
    }

    @Test func untrustedGenesisKeyIsUnverifiable() throws {
        let bundle = try TestLog.make(count: 20, rotateAt: nil).bundle.serialized()
        #expect(try BundleVerifier.verify(bundle, trustedKey: TestLog.key2.verifierKey).name == "UNVERIFIABLE")
    }

    @Test func revokedAndUnknownKeysAreUnverifiable() throws {
        var log = try TestLog.make(count: 120)
        // key1 was revoked by the rotation at record 90; it signs on.
        var stale = log
        try stale.append(time: 9, type: .requestCreated, actor: "x", payload: [])
        var bundle = stale.bundle
        let body = Checkpoint(
            origin: TestLog.origin, size: stale.size, root: try stale.merkleTree.root(size: stale.size))
        bundle.checkpoints.append(try SignedNote.sign(text: body.text, with: [TestLog.key1]).serialized)
        let revoked = try BundleVerifier.verify(bundle.serialized())
        #expect(revoked.name == "UNVERIFIABLE")
        #expect("\(revoked)".contains("revoked"))
        // An attacker's key of the same name.
        try log.append(time: 9, type: .requestCreated, actor: "x", payload: [])
        bundle = log.bundle
        let forged = Checkpoint(origin: TestLog.origin, size: log.size, root: try log.merkleTree.root(size: log.size))
        bundle.checkpoints.append(try SignedNote.sign(text: forged.text, with: [TestLog.attacker]).serialized)
        let unknown = try BundleVerifier.verify(bundle.serialized())
        #expect("\(unknown)".contains("unknown key"))
    }

    @Test func twoHistoriesAreForked() throws {
        let common = try TestLog.make(count: 48, rotateAt: nil)
        var left = common
        var right = common
        for index in 0..<10 {
            try left.append(time: 1, type: .requestCreated, actor: "left", payload: TestLog.payload(index))
            try right.append(time: 1, type: .requestCreated, actor: "right", payload: TestLog.payload(index))
        }
        try left.checkpoint(signer: TestLog.key1)
        try right.checkpoint(signer: TestLog.key1)
        for index in 0..<10 {
            try left.append(time: 2, type: .requestCreated, actor: "left", payload: TestLog.payload(index))
        }
        try left.checkpoint(signer: TestLog.key1)
        var bundle = left.bundle
        bundle.checkpoints.append(right.checkpoints.last!.serialized)
        let verdict = try BundleVerifier.verify(bundle.serialized())
        guard case .forked(let first, let second, _) = verdict else {
            Issue.record("expected FORKED, got \(verdict)")
            return
        }
        #expect(first.size == 58 && second.size >= 58)
    }
}
