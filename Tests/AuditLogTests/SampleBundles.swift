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
    /// The committed samples are what the generator makes, and get their verdicts.
    @Test func samplesAreCurrent() throws {
        let write = ProcessInfo.processInfo.environment["CUSTODY_WRITE_AUDIT_SAMPLES"] == "1"
        for sample in try SampleBundles.all() {
            let url = SampleBundles.directory.appendingPathComponent(sample.name + ".bundle")
            if write { try Data(sample.bytes).write(to: url) }
            #expect(try Array(Data(contentsOf: url)) == sample.bytes, "\(sample.name) is stale")
            #expect(try BundleVerifier.verify(sample.bytes).name == sample.verdict, "\(sample.name)")
        }
        if write {
            let keys = "\(TestLog.key1.verifierKey.vkey)\n\(TestLog.key2.verifierKey.vkey)\n"
            try Data(keys.utf8).write(to: SampleBundles.directory.appendingPathComponent("keys.vkey"))
        }
    }
}
