public import Storage

/// The audit log's tables: records and signed checkpoints, append-only in the database too.
///
/// SQLite refuses UPDATE and DELETE with triggers. PostgreSQL refuses UPDATE, DELETE and
/// TRUNCATE with triggers set `ENABLE ALWAYS` (so that they fire even for sessions in replica
/// mode), and the migration creates the role `custody_app` with SELECT and INSERT only. The
/// guarantee is cryptographic (the verifier finds any change); these are the second line.
enum AuditSchema {
    /// The module name the audit log's migrations are recorded under.
    static let module = Migrator.legacyModule
    /// The audit log's migrations, in order.
    static let migrations = [AuditSchema.migration, AuditMetadataSchema.migration]

    static let migration = Migration(
        version: 1, name: "audit log",
        sqlite: """
            CREATE TABLE audit_records (
                idx INTEGER PRIMARY KEY,
                record BLOB NOT NULL,
                chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32));
            CREATE TABLE audit_checkpoints (
                size INTEGER PRIMARY KEY,
                note TEXT NOT NULL);
            CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
            CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
            CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
                BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
            CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
                BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
            """,
        postgres: """
            CREATE TABLE audit_records (
                idx BIGINT PRIMARY KEY,
                record BYTEA NOT NULL,
                chain_hash BYTEA NOT NULL CHECK (octet_length(chain_hash) = 32));
            CREATE TABLE audit_checkpoints (
                size BIGINT PRIMARY KEY,
                note TEXT NOT NULL);
            CREATE OR REPLACE FUNCTION custody_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$;
            CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
                FOR EACH ROW EXECUTE FUNCTION custody_refuse_change();
            CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
                FOR EACH STATEMENT EXECUTE FUNCTION custody_refuse_change();
            CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
                FOR EACH ROW EXECUTE FUNCTION custody_refuse_change();
            CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
                FOR EACH STATEMENT EXECUTE FUNCTION custody_refuse_change();
            ALTER TABLE audit_records ENABLE ALWAYS TRIGGER audit_records_append_only;
            ALTER TABLE audit_records ENABLE ALWAYS TRIGGER audit_records_no_truncate;
            ALTER TABLE audit_checkpoints ENABLE ALWAYS TRIGGER audit_checkpoints_append_only;
            ALTER TABLE audit_checkpoints ENABLE ALWAYS TRIGGER audit_checkpoints_no_truncate;
            DO $$
            BEGIN
                CREATE ROLE custody_app NOLOGIN;
            EXCEPTION
                -- Roles belong to the whole cluster: another database may have made it already.
                WHEN duplicate_object OR unique_violation THEN NULL;
            END
            $$;
            REVOKE ALL ON audit_records, audit_checkpoints FROM PUBLIC;
            REVOKE ALL ON audit_records, audit_checkpoints FROM custody_app;
            GRANT SELECT, INSERT ON audit_records, audit_checkpoints TO custody_app;
            """)
}

/// The one-row table naming the log: its origin and genesis checkpoint key, append-only like
/// the log itself.
enum AuditMetadataSchema {
    static let migration = Migration(
        version: 2, name: "audit log metadata",
        sqlite: """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                origin TEXT NOT NULL,
                genesis_key TEXT NOT NULL);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """,
        postgres: """
            CREATE TABLE audit_log (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                origin TEXT NOT NULL,
                genesis_key TEXT NOT NULL);
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION custody_refuse_change();
            CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION custody_refuse_change();
            ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only;
            ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
            REVOKE ALL ON audit_log FROM PUBLIC;
            REVOKE ALL ON audit_log FROM custody_app;
            GRANT SELECT, INSERT ON audit_log TO custody_app;
            """)
}

/// One stored audit record: its index, canonical bytes and chain hash.
public struct AuditRow: Sendable, Equatable {
    public let index: Int64
    public let record: [UInt8]
    public let chainHash: [UInt8]

    public init(index: Int64, record: [UInt8], chainHash: [UInt8]) {
        self.index = index
        self.record = record
        self.chainHash = chainHash
    }
}

/// The audit log's storage on either driver. Appends are whole transactions: every row of a
/// batch is durable, or none is.
public struct AuditStore: Sendable {
    public let database: any SQLDatabase

    /// Opens the store, migrating the schema to the newest version unless `migrate` is false
    /// (readers such as auditors' tools must not change the schema).
    public init(database: any SQLDatabase, migrate: Bool = true) throws {
        self.database = database
        if migrate { try Migrator.migrate(database, module: AuditSchema.module, migrations: AuditSchema.migrations) }
    }

    /// The most rows one INSERT statement carries (3 parameters each; SQLite's oldest limit is 999).
    static let rowsPerStatement = 300

    /// Appends rows, and the signed checkpoint that covers them, in one durable transaction.
    /// Indexes must continue the log without a gap.
    /// - Throws: `.constraint` for an index already taken; nothing is written then.
    public func append(_ rows: [AuditRow], checkpoint: (size: Int64, note: String)? = nil) throws {
        guard !rows.isEmpty || checkpoint != nil else { return }
        try database.transaction { connection in
            try Self.insertRows(rows, connection)
            if let checkpoint {
                try connection.execute(
                    "INSERT INTO audit_checkpoints (size, note) VALUES ($1, $2)",
                    [.integer(checkpoint.size), .text(checkpoint.note)])
            }
        }
    }

    private static func insertRows(_ rows: [AuditRow], _ connection: any SQLConnection) throws {
        guard !rows.isEmpty else { return }
        let next = try nextIndex(connection)
        guard rows.first!.index == next else {
            throw StorageError(
                .constraint, "the batch starts at index \(rows.first!.index), the log's next index is \(next)")
        }
        for (offset, row) in rows.enumerated() {
            guard row.index == next + Int64(offset) else {
                throw StorageError(
                    .constraint, "the batch skips from index \(next + Int64(offset) - 1) to \(row.index)")
            }
        }
        // Many rows per statement: one round trip (PostgreSQL) or one prepare (SQLite) each.
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + rowsPerStatement, rows.count)]
            let values = (0..<chunk.count).map { "($\($0 * 3 + 1), $\($0 * 3 + 2), $\($0 * 3 + 3))" }
            try connection.execute(
                "INSERT INTO audit_records (idx, record, chain_hash) VALUES " + values.joined(separator: ", "),
                chunk.flatMap { [.integer($0.index), .blob($0.record), .blob($0.chainHash)] })
            start += chunk.count
        }
    }

    /// The index the next record must have: one past the largest stored (an index lookup, not a scan).
    public func nextIndex() throws -> Int64 {
        try database.withConnection { try Self.nextIndex($0) }
    }

    static func nextIndex(_ connection: any SQLConnection) throws -> Int64 {
        try connection.query("SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_records", [])[0][0].integer()
    }

    /// The number of records.
    public func count() throws -> Int64 {
        try database.withConnection { try Self.count($0) }
    }

    private static func count(_ connection: any SQLConnection) throws -> Int64 {
        try connection.query("SELECT COUNT(*) FROM audit_records", [])[0][0].integer()
    }

    /// Records in index order, from `start`, at most `limit`.
    public func rows(from start: Int64 = 0, limit: Int = .max) throws -> [AuditRow] {
        let rows = try database.query(
            "SELECT idx, record, chain_hash FROM audit_records WHERE idx >= $1 ORDER BY idx LIMIT $2",
            [.integer(start), .integer(Int64(min(limit, Int(Int64.max))))])
        return try rows.map {
            AuditRow(index: try $0[0].integer(), record: try $0[1].blob(), chainHash: try $0[2].blob())
        }
    }

    /// The last record, if any.
    public func last() throws -> AuditRow? {
        try database.query("SELECT idx, record, chain_hash FROM audit_records ORDER BY idx DESC LIMIT 1").first.map {
            AuditRow(index: try $0[0].integer(), record: try $0[1].blob(), chainHash: try $0[2].blob())
        }
    }

    /// Stores a signed checkpoint note for a tree size.
    public func appendCheckpoint(size: Int64, note: String) throws {
        try database.execute(
            "INSERT INTO audit_checkpoints (size, note) VALUES ($1, $2)", [.integer(size), .text(note)])
    }

    /// The log's origin and genesis checkpoint key (a vkey), written once when the log is created.
    public func metadata() throws -> (origin: String, genesisKey: String)? {
        try database.withConnection { try Self.metadata($0) }
    }

    /// The metadata read on `connection` (inside a caller's transaction, say).
    public static func metadata(_ connection: any SQLConnection) throws -> (origin: String, genesisKey: String)? {
        try connection.query("SELECT origin, genesis_key FROM audit_log WHERE id = 1", []).first.map {
            (try $0[0].text(), try $0[1].text())
        }
    }

    /// Records the log's origin and genesis key; refused (`.constraint`) if they are already set.
    public func setMetadata(origin: String, genesisKey: String) throws {
        try database.execute(
            "INSERT INTO audit_log (id, origin, genesis_key) VALUES (1, $1, $2)", [.text(origin), .text(genesisKey)])
    }

    /// Every stored checkpoint, by size.
    public func checkpoints() throws -> [(size: Int64, note: String)] {
        try database.query("SELECT size, note FROM audit_checkpoints ORDER BY size").map {
            (try $0[0].integer(), try $0[1].text())
        }
    }
}
