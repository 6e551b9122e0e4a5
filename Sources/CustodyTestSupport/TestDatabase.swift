import AuditLog
public import AuditStorage
import Foundation
public import Storage

/// The two database drivers, each giving fresh databases for a test.
public enum TestDatabase: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres
    public var description: String { rawValue }

    /// A fresh, empty database of this kind, and where it is (a path or a URL).
    public func location() throws -> String {
        switch self {
        case .sqlite: return NSTemporaryDirectory() + "custody-audit-\(UUID().uuidString).sqlite"
        case .postgres: return try PostgresTestServer.shared.get().makeDatabase()
        }
    }

    /// A fresh database of this kind, open.
    public func open() throws -> any SQLDatabase { try AuditDatabase.open(try location(), create: true) }
}

extension TestLog {
    /// `count` records appended one by one (so each transaction, one record, ends in a
    /// checkpoint), a key rotation from key1 to key2 at record `rotateAt`: the log of the bundle
    /// tamper suite, as the database writer makes it.
    public static func write(_ database: any SQLDatabase, count: Int = 200, rotateAt: Int? = 90) async throws
        -> PersistentAuditLog
    {
        let log = try PersistentAuditLog(
            database: database, origin: origin, genesisKey: key1.verifierKey, signers: [key1, key2])
        for index in 0..<count {
            if index == rotateAt {
                try await log.rotateKey(
                    to: key2, actor: "officer:alice", time: 1_700_000_000_000_000 + Int64(index))
            } else {
                try await log.append(
                    type: types[index % types.count], actor: "signer:\(index % 5 + 1)", payload: payload(index),
                    time: 1_700_000_000_000_000 + Int64(index) * 1000)
            }
        }
        return log
    }
}
