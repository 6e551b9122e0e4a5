import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// Hundreds of random tamperings: every one detected, with the first bad index named.
@Suite struct TamperTests {
    static let log = try! TestLog.make(count: 200)

    @Test(arguments: Attack.allCases)
    func everyTamperingIsDetected(attack: Attack) throws {
        for seed in UInt64(1)...60 {
            let (bundle, name, index) = try attack.apply(
                to: Self.log, seed: seed &* 7919 &+ UInt64(Attack.allCases.firstIndex(of: attack)!))
            let verdict = try BundleVerifier.verify(bundle.serialized(), trustedKey: TestLog.key1.verifierKey)
            #expect(verdict.name == name, "\(attack) seed \(seed): \(verdict)")
            #expect(verdict.firstBadIndex == index, "\(attack) seed \(seed): \(verdict)")
        }
    }

    /// Rewriting the tail and replacing its checkpoints with ones signed by another key.
    @Test func rewriteWithForgedCheckpoints() throws {
        for t in [5, 70, 150] {
            var bundle = Self.log.bundle
            for index in t..<bundle.entries.count {
                var record = try AuditRecord(decoding: bundle.entries[index].record)
                record.actor = "officer:mallory"
                bundle.entries[index].record = try record.encoded()
            }
            try TestLog.rechain(&bundle.entries, from: t)
            var tree = MerkleTree()
            for entry in bundle.entries { tree.append(leaf: entry.record) }
            bundle.checkpoints = Self.log.checkpoints.filter { try! Checkpoint(text: $0.text).size <= t }.map(
                \.serialized)
            let body = Checkpoint(origin: TestLog.origin, size: tree.size, root: try tree.root(size: tree.size))
            bundle.checkpoints.append(try SignedNote.sign(text: body.text, with: [TestLog.attacker]).serialized)
            let verdict = try BundleVerifier.verify(bundle.serialized())
            #expect(verdict.name == "UNVERIFIABLE", "\(verdict)")
        }
    }
}
