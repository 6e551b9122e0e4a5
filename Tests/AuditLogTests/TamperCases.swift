import AuditLog
import CustodyTestSupport
import Foundation

/// The attacks of the tamper suite, on a raw bundle, as someone with write access to the
/// stored rows but not to the checkpoint key would make them.
enum Attack: String, CaseIterable, Sendable {
    case changeField, delete, insert, swap, cutTail, rewriteTail

    /// The tampered bundle and the verdict it must get: its name and first bad index.
    func apply(to log: AuditLogWriter, seed: UInt64) throws -> (bundle: AuditBundle, verdict: String, index: UInt64) {
        var random = SeededGenerator(seed: seed)
        var bundle = log.bundle
        let count = bundle.entries.count
        let signedSizes = log.checkpoints.map { try! Checkpoint(text: $0.text).size }
        switch self {
        case .changeField:
            let t = Int.random(in: 0..<count, using: &random)
            var record = try AuditRecord(decoding: bundle.entries[t].record)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: record.time += Int64.random(in: 1...1_000_000, using: &random)
            case 1: record.actor += "x"
            case 2 where !record.payload.isEmpty:
                record.payload[Int.random(in: 0..<record.payload.count, using: &random)] ^= 0x20
            case 3: record.type = record.type == .signerFlagged ? .keyCeremony : .signerFlagged
            case 4: record.index ^= 1 << UInt64.random(in: 0..<8, using: &random)
            default: record.previousHash[Int.random(in: 0..<32, using: &random)] ^= 1
            }
            bundle.entries[t].record = try record.encoded()
            return (bundle, "TAMPERED", UInt64(t))
        case .delete:
            let t = Int.random(in: 0..<(count - 1), using: &random)
            bundle.entries.remove(at: t)
            return (bundle, "TAMPERED", UInt64(t))
        case .insert:
            let t = Int.random(in: 0..<count, using: &random)
            let previous = t == 0 ? HashChain.genesis : bundle.entries[t - 1].chainHash
            let forged = try AuditRecord(
                index: UInt64(t), time: 1_700_000_000_000_000, type: .approvalRecorded, actor: "officer:mallory",
                payload: TestLog.payload(t, "-forged"), previousHash: previous
            ).encoded()
            bundle.entries.insert(
                AuditBundle.Entry(record: forged, chainHash: HashChain.next(previous: previous, record: forged)), at: t)
            return (bundle, "TAMPERED", UInt64(t))
        case .swap:
            let i = Int.random(in: 0..<(count - 1), using: &random)
            let j = Int.random(in: (i + 1)..<count, using: &random)
            bundle.entries.swapAt(i, j)
            return (bundle, "TAMPERED", UInt64(i))
        case .cutTail:
            let m = Int.random(in: 0..<Int(signedSizes.max()!), using: &random)
            bundle.entries.removeLast(count - m)
            return (bundle, "TRUNCATED", UInt64(m))
        case .rewriteTail:
            let t = Int.random(in: 0..<Int(signedSizes.max()!), using: &random)
            for index in t..<count {
                var record = try AuditRecord(decoding: bundle.entries[index].record)
                record.actor = "officer:mallory"
                bundle.entries[index].record = try record.encoded()
            }
            try TestLog.rechain(&bundle.entries, from: t)
            let vouched = signedSizes.filter { $0 <= UInt64(t) }.max() ?? 0
            return (bundle, "TAMPERED", vouched)
        }
    }
}
