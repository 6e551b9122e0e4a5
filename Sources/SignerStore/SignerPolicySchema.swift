import Storage

/// The signer's table of adopted policy versions, recorded under the module name
/// `signer-policies`: one row per version, numbered from 1 (the genesis version) in the order
/// adopted. Append-only: triggers refuse every UPDATE and DELETE (and in PostgreSQL TRUNCATE),
/// as a second line behind ``SignerPolicyStore``'s own checks.
enum SignerPolicySchema {
    /// The module name the migrations are recorded under.
    static let module = "signer-policies"
    /// The migrations, in order.
    static let migrations = [versions]

    static let versions = Migration(
        version: 1, name: "adopted policy versions",
        sqlite: """
            CREATE TABLE signer_policy_versions (
                sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
                hash BLOB NOT NULL CHECK (length(hash) = 32),
                policy_file BLOB NOT NULL CHECK (length(policy_file) BETWEEN 1 AND 4194304),
                activates_at INTEGER NOT NULL,
                change BLOB CHECK (change IS NULL OR length(change) BETWEEN 1 AND 65536),
                approvals BLOB CHECK (approvals IS NULL OR length(approvals) BETWEEN 2 AND 1048576),
                first_seen INTEGER,
                adopted_at INTEGER NOT NULL,
                CHECK ((sequence = 1) = (change IS NULL)),
                CHECK ((change IS NULL) = (approvals IS NULL)),
                CHECK ((change IS NULL) = (first_seen IS NULL)));
            CREATE TRIGGER signer_policy_versions_no_update BEFORE UPDATE ON signer_policy_versions
                BEGIN SELECT RAISE(ABORT, 'signer_policy_versions is append-only'); END;
            CREATE TRIGGER signer_policy_versions_no_delete BEFORE DELETE ON signer_policy_versions
                BEGIN SELECT RAISE(ABORT, 'signer_policy_versions is append-only'); END;
            """,
        postgres: """
            CREATE TABLE signer_policy_versions (
                sequence BIGINT PRIMARY KEY CHECK (sequence >= 1),
                hash BYTEA NOT NULL CHECK (octet_length(hash) = 32),
                policy_file BYTEA NOT NULL CHECK (octet_length(policy_file) BETWEEN 1 AND 4194304),
                activates_at BIGINT NOT NULL,
                change BYTEA CHECK (change IS NULL OR octet_length(change) BETWEEN 1 AND 65536),
                approvals BYTEA CHECK (approvals IS NULL OR octet_length(approvals) BETWEEN 2 AND 1048576),
                first_seen BIGINT,
                adopted_at BIGINT NOT NULL,
                CHECK ((sequence = 1) = (change IS NULL)),
                CHECK ((change IS NULL) = (approvals IS NULL)),
                CHECK ((change IS NULL) = (first_seen IS NULL)));
            CREATE OR REPLACE FUNCTION signer_policy_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$;
            CREATE TRIGGER signer_policy_versions_append_only BEFORE UPDATE OR DELETE ON signer_policy_versions
                FOR EACH ROW EXECUTE FUNCTION signer_policy_versions_refuse_change();
            CREATE TRIGGER signer_policy_versions_no_truncate BEFORE TRUNCATE ON signer_policy_versions
                FOR EACH STATEMENT EXECUTE FUNCTION signer_policy_versions_refuse_change();
            ALTER TABLE signer_policy_versions ENABLE ALWAYS TRIGGER signer_policy_versions_append_only;
            ALTER TABLE signer_policy_versions ENABLE ALWAYS TRIGGER signer_policy_versions_no_truncate;
            """)
}
