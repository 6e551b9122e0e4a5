/// A versioned schema change of one module, written once per dialect.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sqlite: String
    public let postgres: String

    public init(version: Int, name: String, sqlite: String, postgres: String) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }

    func script(for dialect: SQLDialect) -> String { dialect == .sqlite ? sqlite : postgres }
}

/// Applies a module's migrations in order, each in its own transaction, recording each as
/// (module, version, name) in `custody_migrations`; a failed migration leaves the schema as it
/// was. `Storage` owns no schema: each module (the audit log, the nonce ledger, the request
/// store) supplies its own ordered migrations under its own module name, and versions count
/// per module.
public enum Migrator {
    /// The module that owned every migration recorded in the bookkeeping table of the first
    /// layout (`custody_schema_migrations`, versions only), which is adopted under this name.
    public static let legacyModule = "audit"

    /// Brings `module`'s schema in `database` up to the newest of `migrations`; returns the
    /// versions it applied.
    /// - Throws: `StorageError` `.migration` naming the migration that failed.
    @discardableResult
    public static func migrate(_ database: any SQLDatabase, module: String, migrations: [Migration]) throws -> [Int] {
        try prepareBookkeeping(database)
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let done = try database.transaction { connection -> Bool in
                let existing = try connection.query(
                    "SELECT version FROM custody_migrations WHERE module = $1 AND version = $2",
                    [.text(module), .integer(Int64(migration.version))])
                guard existing.isEmpty else { return false }
                do {
                    try connection.executeScript(migration.script(for: database.dialect))
                } catch let error as StorageError {
                    throw StorageError(
                        .migration, "migration \(module) \(migration.version) (\(migration.name)): \(error.reason)")
                }
                try connection.execute(
                    "INSERT INTO custody_migrations (module, version, name) VALUES ($1, $2, $3)",
                    [.text(module), .integer(Int64(migration.version)), .text(migration.name)])
                return true
            }
            if done { applied.append(migration.version) }
        }
        return applied
    }

    /// The versions of `module` recorded as applied, in order.
    public static func appliedVersions(_ database: any SQLDatabase, module: String) throws -> [Int] {
        try database.withConnection { connection in
            guard try tableExists("custody_migrations", connection, database.dialect) else { return [] }
            return try connection.query(
                "SELECT version FROM custody_migrations WHERE module = $1 ORDER BY version", [.text(module)]
            ).map { Int(try $0[0].integer()) }
        }
    }

    /// Creates `custody_migrations` if missing and, in the same transaction, adopts the first
    /// layout's `custody_schema_migrations` rows under ``legacyModule`` and drops that table.
    static func prepareBookkeeping(_ database: any SQLDatabase) throws {
        try database.transaction { connection in
            try connection.executeScript(
                """
                CREATE TABLE IF NOT EXISTS custody_migrations (
                    module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
                    PRIMARY KEY (module, version))
                """)
            guard try tableExists("custody_schema_migrations", connection, database.dialect) else { return }
            try connection.execute(
                """
                INSERT INTO custody_migrations (module, version, name)
                    SELECT $1, version, name FROM custody_schema_migrations
                """, [.text(legacyModule)])
            try connection.executeScript("DROP TABLE custody_schema_migrations")
        }
    }

    static func tableExists(_ name: String, _ connection: any SQLConnection, _ dialect: SQLDialect) throws -> Bool {
        let sql =
            dialect == .sqlite
            ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1"
            : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
        return try !connection.query(sql, [.text(name)]).isEmpty
    }
}
