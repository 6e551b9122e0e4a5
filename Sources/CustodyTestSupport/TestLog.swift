public import AuditLog

/// The audit-log tests' fixed development keys and record contents, and the test log written
/// with them, shared by the bundle, database and end-to-end suites. Public test keys: never for
/// production checkpoints.
public enum TestLog {
    public static let origin = "custody.test/audit"
    public static let key1 = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-1", seed: Array(repeating: 1, count: 32))
    public static let key2 = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-2", seed: Array(repeating: 2, count: 32))
    /// A key with key1's name but another secret: what an attacker without key1 can sign with.
    public static let attacker = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-1", seed: Array(repeating: 9, count: 32))

    public static let types: [RecordType] = [
        .requestCreated, .policyEvaluated, .approvalRecorded, .signingStarted, .signatureShare, .signatureCompleted,
    ]

    /// A record payload that varies with the index (and an optional salt).
    public static func payload(_ index: Int, _ salt: String = "") -> [UInt8] {
        Array("{\"amount\":\"\(index * 1000)\",\"request\":\"r-\(index / 7)\(salt)\",\"wallet\":\"hot-1\"}".utf8)
    }

    /// `count` records in memory, a checkpoint every `every` records and at the end, and a key
    /// rotation from key1 to key2 at record `rotateAt` (if given).
    public static func make(count: Int, every: Int = 16, rotateAt: Int? = 90) throws -> AuditLogWriter {
        var log = AuditLogWriter(origin: origin, genesisKey: key1.verifierKey)
        var signer = key1
        for index in 0..<count {
            if index == rotateAt {
                try log.rotateKey(
                    to: key2.verifierKey, authorizedBy: signer, time: 1_700_000_000_000_000 + Int64(index),
                    actor: "officer:alice")
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
    public static func rechain(_ entries: inout [AuditBundle.Entry], from start: Int) throws {
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
