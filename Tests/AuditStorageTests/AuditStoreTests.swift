import CustodyTestSupport
import Foundation
import Storage
import Testing

@testable import AuditStorage

/// `AuditStore` on both drivers: SQLite in a temporary file and PostgreSQL on a throwaway
/// server started for the test process.
@Suite struct AuditStoreTests {
    static func rows(_ range: Range<Int64>) -> [AuditRow] {
        range.map {
            AuditRow(
                index: $0, record: Array("record \($0)".utf8),
                chainHash: [UInt8](repeating: UInt8($0 & 0xff), count: 32))
        }
    }

    @Test(arguments: Driver.allCases)
    func appendReadAndCount(driver: Driver) throws {
        let store = try AuditStore(database: driver.open())
        #expect(try store.count() == 0)
        #expect(try store.last() == nil)
        try store.append(Self.rows(0..<5))
        try store.append(Self.rows(5..<12))
        #expect(try store.count() == 12)
        #expect(try store.rows() == Self.rows(0..<12))
        #expect(try store.rows(from: 10) == Self.rows(10..<12))
        #expect(try store.rows(from: 3, limit: 2) == Self.rows(3..<5))
        #expect(try store.last() == Self.rows(11..<12).first)
        try store.appendCheckpoint(size: 12, note: "custody.example/log\n12\nroot\n")
        #expect(try store.checkpoints().map(\.size) == [12])
    }

    @Test(arguments: Driver.allCases)
    func aBadBatchWritesNothing(driver: Driver) throws {
        let store = try AuditStore(database: driver.open())
        try store.append(Self.rows(0..<3))
        // A gap, a repeated index, a batch that does not start at the end: each refused whole.
        let bad: [[AuditRow]] = [
            Self.rows(3..<5) + Self.rows(6..<7),
            Self.rows(2..<4),
            Self.rows(4..<6),
            [AuditRow(index: 3, record: [1], chainHash: [1, 2, 3])],
        ]
        for batch in bad {
            #expect(throws: StorageError.self) { try store.append(batch) }
            #expect(try store.count() == 3)
        }
        #expect(try store.rows() == Self.rows(0..<3))
    }

    @Test(arguments: Driver.allCases)
    func logTablesAreAppendOnly(driver: Driver) throws {
        let store = try AuditStore(database: driver.open())
        try store.append(Self.rows(0..<3))
        try store.appendCheckpoint(size: 3, note: "note")
        var statements = [
            "UPDATE audit_records SET record = $1 WHERE idx = 1",
            "DELETE FROM audit_records WHERE idx = 2",
            "UPDATE audit_checkpoints SET note = 'forged'",
            "DELETE FROM audit_checkpoints",
        ]
        if driver == .postgres { statements += ["TRUNCATE audit_records", "TRUNCATE audit_checkpoints"] }
        for statement in statements {
            do {
                try store.database.execute(statement, statement.contains("$1") ? [.blob([9])] : [])
                Issue.record("\(statement) was allowed")
            } catch let error as StorageError {
                #expect(error.code == .appendOnly, "\(statement): \(error)")
            }
        }
        #expect(try store.rows() == Self.rows(0..<3))
        #expect(try store.checkpoints().count == 1)
    }

    @Test(arguments: Driver.allCases)
    func metadataIsWrittenOnceAndAppendOnly(driver: Driver) throws {
        let store = try AuditStore(database: driver.open())
        #expect(try store.metadata() == nil)
        try store.setMetadata(origin: "custody.example/audit", genesisKey: "key+01020304+AQ")
        #expect(try store.metadata()?.origin == "custody.example/audit")
        #expect(try store.metadata()?.genesisKey == "key+01020304+AQ")
        #expect(throws: StorageError.self) { try store.setMetadata(origin: "other", genesisKey: "k") }
        for statement in ["UPDATE audit_log SET origin = 'forged'", "DELETE FROM audit_log"] {
            do {
                try store.database.execute(statement)
                Issue.record("\(statement) was allowed")
            } catch let error as StorageError {
                #expect(error.code == .appendOnly, "\(statement): \(error)")
            }
        }
        #expect(try store.nextIndex() == 0)
        try store.append(Self.rows(0..<400))
        #expect(try store.nextIndex() == 400)
        #expect(try store.rows() == Self.rows(0..<400))
    }

    @Test func postgresTriggersFireAlwaysAndTheApplicationRoleCannotChangeTheLog() throws {
        let store = try AuditStore(database: Driver.postgres.open())
        try store.append(Self.rows(0..<2))
        let enabled = try store.database.query(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgname LIKE 'audit_%' ORDER BY tgname")
        #expect(enabled.count == 6)
        #expect(enabled.allSatisfy { $0[1] == .text("A") })
        // Even a session that disables ordinary triggers (replica mode) cannot rewrite the log.
        try store.database.withConnection { connection in
            try connection.executeScript("SET session_replication_role = replica")
            defer { try? connection.executeScript("SET session_replication_role = origin") }
            #expect(throws: StorageError.self) { try connection.execute("DELETE FROM audit_records", []) }
        }
        let privileges = try store.database.query(
            """
            SELECT has_table_privilege('custody_app', 'audit_records', 'SELECT'),
                   has_table_privilege('custody_app', 'audit_records', 'INSERT'),
                   has_table_privilege('custody_app', 'audit_records', 'UPDATE'),
                   has_table_privilege('custody_app', 'audit_records', 'DELETE'),
                   has_table_privilege('custody_app', 'audit_records', 'TRUNCATE')
            """)
        #expect(privileges == [[.integer(1), .integer(1), .integer(0), .integer(0), .integer(0)]])
    }

    @Test(arguments: Driver.allCases)
    func concurrentTransactionsSerialise(driver: Driver) async throws {
        let store = try AuditStore(database: driver.open())
        // 8 tasks, 25 appends each, each taking the next index inside its own transaction.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for round in 0..<25 {
                        try store.database.transaction { connection in
                            let next = try connection.query("SELECT COUNT(*) FROM audit_records", [])[0][0].integer()
                            try connection.execute(
                                "INSERT INTO audit_records (idx, record, chain_hash) VALUES ($1, $2, $3)",
                                [
                                    .integer(next), .blob([UInt8(task), UInt8(round)]),
                                    .blob([UInt8](repeating: 0, count: 32)),
                                ])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let rows = try store.rows()
        #expect(rows.count == 200)
        #expect(rows.map(\.index) == Array(0..<200))
        #expect(Set(rows.map(\.record)).count == 200)
    }

    @Test(arguments: Driver.allCases)
    func theAuditMigrationsApplyOnceUnderTheirModule(driver: Driver) throws {
        let database = try driver.open()
        _ = try AuditStore(database: database)
        #expect(try Migrator.migrate(database, module: "audit", migrations: AuditSchema.migrations) == [])
        let versions = try database.query("SELECT module, version, name FROM custody_migrations ORDER BY version")
        #expect(
            versions == [
                [.text("audit"), .integer(1), .text("audit log")],
                [.text("audit"), .integer(2), .text("audit log metadata")],
            ])
    }

    /// A database made by the first layout: the audit tables, their rows, and the bookkeeping
    /// table that recorded versions only.
    static func makeFirstLayout(_ database: any SQLDatabase) throws {
        try database.withConnection { connection in
            try connection.executeScript(
                "CREATE TABLE custody_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            for migration in AuditSchema.migrations {
                try connection.executeScript(database.dialect == .sqlite ? migration.sqlite : migration.postgres)
                try connection.execute(
                    "INSERT INTO custody_schema_migrations (version, name) VALUES ($1, $2)",
                    [.integer(Int64(migration.version)), .text(migration.name)])
            }
            try connection.execute(
                "INSERT INTO audit_log (id, origin, genesis_key) VALUES (1, $1, $2)",
                [.text("custody.example/audit"), .text("key+01020304+AQ")])
        }
    }

    @Test(arguments: Driver.allCases)
    func aDatabaseOfTheFirstLayoutOpensWithItsBookkeepingAdopted(driver: Driver) throws {
        let database = try driver.open()
        try Self.makeFirstLayout(database)
        let store = try AuditStore(database: database)
        #expect(try Migrator.appliedVersions(database, module: "audit") == [1, 2])
        let legacy = try database.query(
            driver == .sqlite
                ? "SELECT 1 FROM sqlite_master WHERE name = 'custody_schema_migrations'"
                : "SELECT 1 FROM information_schema.tables WHERE table_name = 'custody_schema_migrations'")
        #expect(legacy.isEmpty)
        #expect(try store.metadata()?.origin == "custody.example/audit")
        try store.append(Self.rows(0..<3), checkpoint: (3, "note"))
        #expect(try store.rows() == Self.rows(0..<3))
        // Opening again applies nothing and adopts nothing twice.
        _ = try AuditStore(database: database)
        #expect(try Migrator.appliedVersions(database, module: "audit") == [1, 2])
    }
}
