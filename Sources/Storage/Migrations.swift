/// A versioned schema change, written once per dialect.
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

/// Applies migrations in order, each in its own transaction, recording each in
/// `custody_schema_migrations`; a failed migration leaves the schema as it was.
public enum Migrator {
    /// Custody's migrations, in order.
    public static let all: [Migration] = [AuditSchema.migration, AuditMetadataSchema.migration]

    /// Brings `database` up to the newest version; returns the versions it applied.
    @discardableResult
    public static func migrate(_ database: any SQLDatabase, migrations: [Migration] = all) throws -> [Int] {
        try database.withConnection { connection in
            try connection.executeScript(
                """
                CREATE TABLE IF NOT EXISTS custody_schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL)
                """)
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let done = try database.transaction { connection -> Bool in
                let existing = try connection.query(
                    "SELECT version FROM custody_schema_migrations WHERE version = $1",
                    [.integer(Int64(migration.version))])
                guard existing.isEmpty else { return false }
                do {
                    try connection.executeScript(migration.script(for: database.dialect))
                } catch let error as StorageError {
                    throw StorageError(
                        .migration, "migration \(migration.version) (\(migration.name)): \(error.reason)")
                }
                try connection.execute(
                    "INSERT INTO custody_schema_migrations (version, name) VALUES ($1, $2)",
                    [.integer(Int64(migration.version)), .text(migration.name)])
                return true
            }
            if done { applied.append(migration.version) }
        }
        return applied
    }
}
