import CustodyTestSupport
import Foundation
import Testing

@testable import Storage

/// One suite, run against both drivers: SQLite in a temporary file and PostgreSQL on a
/// throwaway server started for the test process.
@Suite struct ConformanceTests {
    enum Driver: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        /// A fresh, empty database of this kind.
        func open() throws -> any SQLDatabase {
            switch self {
            case .sqlite:
                let path = NSTemporaryDirectory() + "custody-\(UUID().uuidString).sqlite"
                return try SQLiteDatabase(path: path)
            case .postgres:
                let server = try PostgresTestServer.shared.get()
                return try PostgresDatabase(url: try server.makeDatabase())
            }
        }
    }

    /// Two modules' migrations, numbered independently.
    static let ledger = [
        Migration(
            version: 1, name: "ledger", sqlite: "CREATE TABLE ledger (id INTEGER PRIMARY KEY)",
            postgres: "CREATE TABLE ledger (id BIGINT PRIMARY KEY)"),
        Migration(
            version: 2, name: "ledger note", sqlite: "ALTER TABLE ledger ADD COLUMN note TEXT",
            postgres: "ALTER TABLE ledger ADD COLUMN note TEXT"),
    ]
    static let requests = [
        Migration(
            version: 1, name: "requests", sqlite: "CREATE TABLE requests (id INTEGER PRIMARY KEY)",
            postgres: "CREATE TABLE requests (id BIGINT PRIMARY KEY)")
    ]

    @Test(arguments: Driver.allCases)
    func migrationsApplyOncePerModule(driver: Driver) throws {
        let database = try driver.open()
        #expect(try Migrator.migrate(database, module: "ledger", migrations: Self.ledger) == [1, 2])
        #expect(try Migrator.migrate(database, module: "requests", migrations: Self.requests) == [1])
        #expect(try Migrator.migrate(database, module: "ledger", migrations: Self.ledger) == [])
        #expect(try Migrator.migrate(database, module: "requests", migrations: Self.requests) == [])
        let versions = try database.query(
            "SELECT module, version, name FROM custody_migrations ORDER BY module, version")
        #expect(
            versions == [
                [.text("ledger"), .integer(1), .text("ledger")],
                [.text("ledger"), .integer(2), .text("ledger note")],
                [.text("requests"), .integer(1), .text("requests")],
            ])
        #expect(try Migrator.appliedVersions(database, module: "ledger") == [1, 2])
        #expect(try Migrator.appliedVersions(database, module: "none") == [])
    }

    @Test(arguments: Driver.allCases)
    func aFailedMigrationChangesNothingAndNamesItself(driver: Driver) throws {
        let database = try driver.open()
        let broken = Self.ledger + [Migration(version: 3, name: "broken", sqlite: "NOT SQL", postgres: "NOT SQL")]
        do {
            try Migrator.migrate(database, module: "ledger", migrations: broken)
            Issue.record("a broken migration applied")
        } catch let error as StorageError {
            #expect(error.code == .migration)
            #expect(error.reason.contains("ledger 3 (broken)"))
        }
        #expect(try Migrator.appliedVersions(database, module: "ledger") == [1, 2])
    }

    @Test(arguments: Driver.allCases)
    func theFirstLayoutsBookkeepingIsAdoptedUnderTheLegacyModule(driver: Driver) throws {
        let database = try driver.open()
        try database.execute("CREATE TABLE custody_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        try database.execute("INSERT INTO custody_schema_migrations (version, name) VALUES (1, 'audit log')")
        #expect(try Migrator.appliedVersions(database, module: Migrator.legacyModule) == [])
        #expect(try Migrator.migrate(database, module: "ledger", migrations: Self.ledger) == [1, 2])
        #expect(try Migrator.appliedVersions(database, module: Migrator.legacyModule) == [1])
        #expect(
            try database.query(
                "SELECT name FROM custody_migrations WHERE module = $1", [.text(Migrator.legacyModule)])
                == [[.text("audit log")]])
        #expect(throws: StorageError.self) { try database.query("SELECT * FROM custody_schema_migrations") }
    }

    @Test(arguments: Driver.allCases)
    func valuesRoundTrip(driver: Driver) throws {
        let database = try driver.open()
        try database.execute(
            driver == .sqlite
                ? "CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n INTEGER)"
                : "CREATE TABLE t (i BIGINT, s TEXT, b BYTEA, n BIGINT)")
        let values: [SQLValue] = [
            .integer(-42_000_000_000), .text("grüße, 'quoted' $1"), .blob([0, 1, 255, 0]), .null,
        ]
        try database.execute("INSERT INTO t (i, s, b, n) VALUES ($1, $2, $3, $4)", values)
        try database.execute(
            "INSERT INTO t (i, s, b, n) VALUES ($1, $2, $3, $4)", [.integer(Int64.max), .text(""), .blob([]), .null])
        let rows = try database.query("SELECT i, s, b, n FROM t ORDER BY i")
        #expect(rows == [values, [.integer(Int64.max), .text(""), .blob([]), .null]])
    }

    @Test func sqliteIsDurable() throws {
        let database = try Driver.sqlite.open()
        #expect(try database.query("PRAGMA journal_mode") == [[.text("wal")]])
        #expect(try database.query("PRAGMA synchronous") == [[.integer(2)]])
    }

    @Test func connectionErrorsAreClearAndKeepPasswordsOut() throws {
        do {
            _ = try PostgresDatabase(url: "postgresql://auditor:s3cret-password@127.0.0.1:1/none?connect_timeout=2")
            Issue.record("connected to nothing")
        } catch {
            #expect(error.code == .connection)
            #expect(!error.description.contains("s3cret-password"))
        }
        #expect(throws: StorageError.self) { try SQLiteDatabase(path: "/nonexistent/dir/custody.sqlite") }
    }
}
