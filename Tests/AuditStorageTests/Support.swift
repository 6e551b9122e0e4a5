import AuditLog
import AuditStorage
import CustodyTestSupport
import Foundation
import Storage

/// The two drivers, each giving fresh databases.
enum Driver: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres
    var description: String { rawValue }

    /// A fresh, empty database of this kind, and where it is (a path or a URL).
    func location() throws -> String {
        switch self {
        case .sqlite: return NSTemporaryDirectory() + "custody-audit-\(UUID().uuidString).sqlite"
        case .postgres: return try PostgresTestServer.shared.get().makeDatabase()
        }
    }

    func open() throws -> any SQLDatabase { try AuditDatabase.open(try location(), create: true) }
}

/// A seeded generator (SplitMix64), so that every random case can be replayed.
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

/// Fixed development keys and the logs the tests write.
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

    /// `count` records appended one by one, a checkpoint every `every` and at the end, a key
    /// rotation from key1 to key2 at record `rotateAt`: the log of the bundle tamper suite.
    static func write(
        _ database: any SQLDatabase, count: Int = 200, every: Int = 16, rotateAt: Int? = 90
    ) async throws -> PersistentAuditLog {
        let log = try PersistentAuditLog(database: database, origin: origin, genesisKey: key1.verifierKey)
        var signer = key1
        for index in 0..<count {
            if index == rotateAt {
                try await log.rotateKey(
                    to: key2.verifierKey, actor: "officer:alice", time: 1_700_000_000_000_000 + Int64(index))
            } else {
                try await log.append(
                    type: types[index % types.count], actor: "signer:\(index % 5 + 1)", payload: payload(index),
                    time: 1_700_000_000_000_000 + Int64(index) * 1000)
            }
            if (index + 1) % every == 0 || index + 1 == count {
                try await log.checkpoint(signer: signer)
                if log.activeKey == key2.verifierKey { signer = key2 }
            }
        }
        return log
    }
}
