import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// The cases docs/audit-format.md decides explicitly, each checked in both verifiers, and the
/// regression inputs of the verifiers' limits (crashes, quadratic time).
@Suite struct DecisionTests {
    static let key = TestLog.key1.verifierKey

    /// Both verifiers' verdict names and indexes (`ERROR` for a bundle that does not parse).
    static func both(_ bytes: [UInt8], pinned: [String] = []) throws -> (swift: String, python: String) {
        let notes = try pinned.map { try SignedNote(parsing: $0) }
        let swift: String
        do {
            let verdict = try BundleVerifier.verify(bytes, trustedKey: key, pinned: notes)
            swift = verdict.name + (verdict.firstBadIndex.map { " \($0)" } ?? "")
        } catch { swift = "ERROR" }
        let python = try PythonVerifier.run(bytes, trustedKey: key, pinned: pinned)
        return (swift, python.verdict + (python.firstBadIndex.map { " \($0)" } ?? ""))
    }

    static func expectBoth(_ bytes: [UInt8], _ expected: String, pinned: [String] = []) throws {
        let (swift, python) = try both(bytes, pinned: pinned)
        #expect(swift == expected, "Swift")
        #expect(python == expected, "Python")
    }

    // MARK: - Pinned checkpoints

    @Test func deletingTheTailWithItsCheckpointsIsTruncatedForAnAuditorWhoHoldsOne() throws {
        let genuine = try TestLog.make(count: 40, every: 10, rotateAt: nil)
        let held = genuine.checkpoints.last!.serialized
        var cut = genuine.bundle
        cut.entries.removeLast(15)
        cut.checkpoints.removeLast(2)
        try Self.expectBoth(cut.serialized(), "OK")
        try Self.expectBoth(cut.serialized(), "TRUNCATED 25", pinned: [held])
    }

    @Test func rewritingTheLogUnderALeakedOldKeyIsReportedToAnAuditorWhoHoldsACheckpoint() throws {
        let genuine = try TestLog.make(count: 40, every: 10, rotateAt: 15)
        let held = genuine.checkpoints.last!.serialized
        // key1 leaked: the log rewritten from record 15 on, without the rotation, all signed by key1.
        let forged = try TestLog.make(count: 40, every: 10, rotateAt: nil).bundle.serialized()
        try Self.expectBoth(forged, "OK")
        try Self.expectBoth(forged, "FORKED", pinned: [held])
    }

    @Test func aPinnedCheckpointTheLogStillExtendsIsOK() throws {
        let genuine = try TestLog.make(count: 40, every: 10, rotateAt: 15)
        try Self.expectBoth(genuine.bundle.serialized(), "OK", pinned: [genuine.checkpoints[1].serialized])
    }

    // MARK: - Decisions

    @Test func aCheckpointOfTheRecordCountMatchingTheRecordsIsOK() throws {
        let log = try TestLog.make(count: 30, every: 10, rotateAt: nil)
        #expect(
            try BundleVerifier.verify(log.bundle.serialized(), trustedKey: Self.key)
                == .ok(size: 30, root: try log.merkleTree.root(size: 30), unsignedRecords: 0))
        try Self.expectBoth(log.bundle.serialized(), "OK")
    }

    @Test func anEmptyLogIsOKWithOrWithoutACheckpointOfSizeZero() throws {
        var log = AuditLogWriter(origin: TestLog.origin, genesisKey: Self.key)
        try Self.expectBoth(log.bundle.serialized(), "OK")
        try log.checkpoint(signer: TestLog.key1)
        try Self.expectBoth(log.bundle.serialized(), "OK")
        #expect(
            try BundleVerifier.verify(log.bundle.serialized())
                == .ok(size: 0, root: MerkleHash.emptyRoot, unsignedRecords: 0))
    }

    /// The actor is opaque bytes to the verifiers (UTF-8 by convention, as writers encode it).
    @Test func anActorThatIsNotUTF8IsVerifiedAsBytes() throws {
        var bundle = try TestLog.make(count: 10, every: 10, rotateAt: nil).bundle
        bundle.checkpoints = []
        var record = bundle.entries[4].record
        let typeLength = Int(record[49])
        let actorStart = 50 + typeLength + 2
        record[actorStart] = 0xFF
        bundle.entries[4].record = record
        var entries = bundle.entries
        var previous = entries[3].chainHash
        for index in 4..<entries.count {
            var bytes = entries[index].record
            bytes.replaceSubrange(17..<49, with: previous)
            previous = HashChain.next(previous: previous, record: bytes)
            entries[index] = AuditBundle.Entry(record: bytes, chainHash: previous)
        }
        bundle.entries = entries
        var tree = MerkleTree()
        for entry in entries { tree.append(leaf: entry.record) }
        let body = Checkpoint(origin: TestLog.origin, size: 10, root: try tree.root(size: 10))
        bundle.checkpoints = [try SignedNote.sign(text: body.text, with: [TestLog.key1]).serialized]
        #expect(throws: AuditError.self) { try AuditRecord(decoding: entries[4].record) }
        try Self.expectBoth(bundle.serialized(), "OK")
    }

    @Test(arguments: ["05", "+5", "-5", " 5", "5 ", "", "1000001", "18446744073709551616"])
    func aHeaderCountThatIsNotACanonicalDecimalDoesNotParse(count: String) throws {
        let bundle = try TestLog.make(count: 20, every: 10, rotateAt: nil).bundle
        var text = bundle.serialized()
        let line = Array("checkpoints \(bundle.checkpoints.count)\n".utf8)
        let at = try #require(text.firstRange(of: line))
        text.replaceSubrange(at, with: Array("checkpoints \(count)\n".utf8))
        try Self.expectBoth(text, "ERROR")
    }

    /// A checkpoint length near 2^63 once trapped on overflow in the Swift header parser.
    @Test(arguments: [
        "9223372036854775807", "9223372036854775806", "18446744073709551615", "99999999999999999999", "-5", "0123",
        "65537",
    ])
    func aCheckpointLengthOutOfRangeDoesNotParse(length: String) throws {
        let bundle = try TestLog.make(count: 20, every: 10, rotateAt: nil).bundle
        var text = bundle.serialized()
        let note = Array(bundle.checkpoints[0].utf8)
        let line = Array("\n\n\(note.count)\n".utf8)
        let at = try #require(text.firstRange(of: line))
        text.replaceSubrange(at, with: Array("\n\n\(length)\n".utf8))
        try Self.expectBoth(text, "ERROR")
    }

    /// verify.py once sliced the last checkpoint note short when its length ran past the end of
    /// the file, and gave a verdict on a header the Swift verifier refuses.
    @Test(arguments: [1, 100])
    func aLastCheckpointLengthPastTheEndOfTheFileDoesNotParse(past: Int) throws {
        let bundle = try TestLog.make(count: 20, every: 10, rotateAt: nil).bundle
        var text = bundle.serialized()
        let note = Array(bundle.checkpoints[bundle.checkpoints.count - 1].utf8)
        let line = Array("\(note.count)\n".utf8) + note
        let at = try #require(text.ranges(of: line).last)
        let rest = text.count - (at.lowerBound + "\(note.count)\n".utf8.count)
        text.replaceSubrange(
            at.lowerBound..<(at.lowerBound + "\(note.count)".utf8.count), with: Array("\(rest + past)".utf8))
        try Self.expectBoth(text, "ERROR")
    }

    @Test func aCheckpointSizeWithALeadingZeroOrASignIsNotACheckpoint() throws {
        for size in ["020", "+20", "-20"] {
            var bundle = try TestLog.make(count: 20, every: 20, rotateAt: nil).bundle
            let good = try SignedNote(parsing: bundle.checkpoints[0])
            let text = good.text.replacingOccurrences(of: "\n20\n", with: "\n\(size)\n")
            bundle.checkpoints = [try SignedNote.sign(text: text, with: [TestLog.key1]).serialized]
            try Self.expectBoth(bundle.serialized(), "UNVERIFIABLE")
        }
    }

    /// A rotation record in the unsigned tail whose payload is not a signed rotation (here a
    /// bare vkey, or no key at all) is tampering at its index, as anywhere else.
    @Test(arguments: ["bare-vkey", "not-a-key"])
    func aRotationRecordInTheUnsignedTailWithoutAuthorizationIsTampering(payload: String) throws {
        var bundle = try TestLog.make(count: 20, every: 10, rotateAt: nil).bundle
        let bytes = payload == "bare-vkey" ? Array(TestLog.key2.verifierKey.vkey.utf8) : Array("hello".utf8)
        try AttackTests.append(&bundle, type: .checkpointKeyRotated, payload: bytes)
        try AttackTests.append(&bundle, type: .approvalRecorded, payload: [])
        try Self.expectBoth(bundle.serialized(), "TAMPERED 20")
    }

    /// Damage before the last matching checkpoint outranks missing records: TAMPERED at the
    /// damaged record, not TRUNCATED at the record count.
    @Test func damageBeforeTheLastMatchingCheckpointOutranksTruncation() throws {
        var bundle = try TestLog.make(count: 40, every: 10, rotateAt: nil).bundle
        bundle.entries.removeLast(5)
        bundle.entries[12].chainHash[0] ^= 1
        try Self.expectBoth(bundle.serialized(), "TAMPERED 12")
        bundle.entries[12].chainHash[0] ^= 1
        try Self.expectBoth(bundle.serialized(), "TRUNCATED 35")
    }

    @Test func aNoteWithMoreThanAHundredSignatureLinesDoesNotParse() throws {
        var bundle = try TestLog.make(count: 20, every: 20, rotateAt: nil).bundle
        let note = try SignedNote(parsing: bundle.checkpoints[0])
        let other = try DevelopmentNoteSigner(name: "witness.test/w", seed: Array(repeating: 5, count: 32))
        let extra = try SignedNote.sign(text: note.text, with: [other]).signatures[0]
        for count in [99, 100] {
            let many = SignedNote(text: note.text, signatures: note.signatures + Array(repeating: extra, count: count))
            bundle.checkpoints = [many.serialized]
            try Self.expectBoth(bundle.serialized(), count == 99 ? "OK" : "UNVERIFIABLE")
        }
    }

    // MARK: - Limits and time

    /// Thousands of duplicate checkpoints once took seconds (quadratic): ten times the
    /// duplicates must cost well under a hundred times the time, in both verifiers.
    @Test func duplicateCheckpointsVerifyInLinearTime() throws {
        var bundle = try TestLog.make(count: 20, every: 20, rotateAt: nil).bundle
        let note = bundle.checkpoints[0]
        var swift: [Duration] = []
        var python: [Duration] = []
        for count in [2_000, 20_000] {
            bundle.checkpoints = Array(repeating: note, count: count)
            let bytes = bundle.serialized()
            var start = ContinuousClock.now
            #expect(try BundleVerifier.verify(bytes, trustedKey: Self.key).name == "OK")
            swift.append(ContinuousClock.now - start)
            start = ContinuousClock.now
            #expect(try PythonVerifier.run(bytes, trustedKey: Self.key).verdict == "OK")
            python.append(ContinuousClock.now - start)
        }
        #expect(swift[1] < swift[0] * 30, "Swift: \(swift)")
        #expect(python[1] < python[0] * 30, "Python: \(python)")
    }
}
