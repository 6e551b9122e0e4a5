import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// The auditor's sample bundles in audit/sample/: a good log and one of each bad verdict,
/// signed with the public test keys of ``TestLog`` (seeds 0x01… and 0x02…; never for
/// production). Run with `CUSTODY_WRITE_AUDIT_SAMPLES=1` to rewrite them.
enum SampleBundles {
    static let directory = PythonVerifierTests.root.appendingPathComponent("audit/sample")

    static func all() throws -> [(name: String, bytes: [UInt8], verdict: String)] {
        let log = try TestLog.make(count: 120, every: 25, rotateAt: 60)
        var forkLeft = try TestLog.make(count: 30, every: 10, rotateAt: nil)
        var forkRight = forkLeft
        try forkLeft.append(time: 1_700_000_100_000_000, type: .signatureCompleted, actor: "coordinator", payload: [])
        try forkRight.append(time: 1_700_000_100_000_000, type: .requestRejected, actor: "coordinator", payload: [])
        try forkLeft.checkpoint(signer: TestLog.key1)
        try forkRight.checkpoint(signer: TestLog.key1)
        var forked = forkLeft.bundle
        forked.checkpoints.append(forkRight.checkpoints.last!.serialized)
        var revoked = log.bundle
        let stale = Checkpoint(origin: TestLog.origin, size: 120, root: try log.merkleTree.root(size: 120))
        revoked.checkpoints.append(try SignedNote.sign(text: stale.text, with: [TestLog.key1]).serialized)
        return [
            ("sample", log.bundle.serialized(), "OK"),
            ("tampered", try Attack.changeField.apply(to: log, seed: 3).bundle.serialized(), "TAMPERED"),
            ("truncated", try Attack.cutTail.apply(to: log, seed: 3).bundle.serialized(), "TRUNCATED"),
            ("forked", forked.serialized(), "FORKED"),
            ("unverifiable", revoked.serialized(), "UNVERIFIABLE"),
        ]
    }
}

@Suite struct SampleBundleTests {
    /// The committed samples are what the generator makes, and get their verdicts. With
    /// `CUSTODY_WRITE_AUDIT_SAMPLES=1` the samples are rewritten instead and the test fails on
    /// purpose (a run that writes what it compares proves nothing): run it again without.
    @Test func samplesAreCurrent() throws {
        let write = ProcessInfo.processInfo.environment["CUSTODY_WRITE_AUDIT_SAMPLES"] == "1"
        let keys = "\(TestLog.key1.verifierKey.vkey)\n\(TestLog.key2.verifierKey.vkey)\n"
        let keysURL = SampleBundles.directory.appendingPathComponent("keys.vkey")
        if write {
            for sample in try SampleBundles.all() {
                try Data(sample.bytes).write(
                    to: SampleBundles.directory.appendingPathComponent(sample.name + ".bundle"))
            }
            try Data(keys.utf8).write(to: keysURL)
            Issue.record("rewrote the samples in audit/sample: run again without CUSTODY_WRITE_AUDIT_SAMPLES")
            return
        }
        #expect(try Data(contentsOf: keysURL) == Data(keys.utf8), "keys.vkey is stale")
        for sample in try SampleBundles.all() {
            let url = SampleBundles.directory.appendingPathComponent(sample.name + ".bundle")
            #expect(try Array(Data(contentsOf: url)) == sample.bytes, "\(sample.name) is stale")
            let verdict = try BundleVerifier.verify(sample.bytes, trustedKey: TestLog.key1.verifierKey)
            #expect(verdict.name == sample.verdict, "\(sample.name): \(verdict)")
        }
    }
}
