import AuditLog
import Foundation

/// A seeded generator (SplitMix64), so that every random tamper case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Logs made for the tests, signed with fixed development keys.
enum TestLog {
    static let origin = "custody.test/audit"
    static let key1 = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-1", seed: Array(repeating: 1, count: 32))
    static let key2 = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-2", seed: Array(repeating: 2, count: 32))
    static let attacker = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-1", seed: Array(repeating: 9, count: 32))

    static let types: [RecordType] = [
        .requestCreated, .policyEvaluated, .approvalRecorded, .signingStarted, .signatureShare, .signatureCompleted,
    ]

    static func payload(_ index: Int, _ salt: String = "") -> [UInt8] {
        Array("{\"amount\":\"\(index * 1000)\",\"request\":\"r-\(index / 7)\(salt)\",\"wallet\":\"hot-1\"}".utf8)
    }

    /// `count` records, a checkpoint every `every` records and at the end, and a key rotation
    /// from key1 to key2 at record `rotateAt` (if given).
    static func make(count: Int, every: Int = 16, rotateAt: Int? = 90) throws -> AuditLogWriter {
        var log = AuditLogWriter(origin: origin, genesisKey: key1.verifierKey)
        var signer = key1
        for index in 0..<count {
            if index == rotateAt {
                try log.rotateKey(
                    to: key2.verifierKey, time: 1_700_000_000_000_000 + Int64(index), actor: "officer:alice")
            } else {
                try log.append(
                    time: 1_700_000_000_000_000 + Int64(index) * 1000, type: types[index % types.count],
                    actor: "signer:\(index % 5 + 1)", payload: payload(index))
            }
            if (index + 1) % every == 0 || index + 1 == count {
                try log.checkpoint(signer: signer)
                if log.activeKey == key2.verifierKey { signer = key2 }
            }
        }
        return log
    }

    /// Re-encodes entries from `start` on so that the chain is consistent again.
    static func rechain(_ entries: inout [AuditBundle.Entry], from start: Int) throws {
        var previous = start == 0 ? HashChain.genesis : entries[start - 1].chainHash
        for index in start..<entries.count {
            var record = try AuditRecord(decoding: entries[index].record)
            record.index = UInt64(index)
            record.previousHash = previous
            let bytes = try record.encoded()
            previous = HashChain.next(previous: previous, record: bytes)
            entries[index] = AuditBundle.Entry(record: bytes, chainHash: previous)
        }
    }
}
