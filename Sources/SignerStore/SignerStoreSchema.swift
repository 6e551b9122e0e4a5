import Storage

/// The signer's tables and their migrations, recorded under the module name `signer`.
///
/// `signer_nonces` holds one row per nonce: its id, its public commitments and its state, with
/// the session, package digest and share once consumed and the reason once burned. A row's state
/// moves once, from `issued` to `consumed` or `burned`, and nothing else of it ever changes;
/// `signer_signatures`, `signer_first_seen` and `signer_freezes` are append-only. Triggers refuse everything else (any other UPDATE, any
/// DELETE, and in PostgreSQL TRUNCATE), as a second line behind the ledger's own checks, which
/// run in the same transaction as the write.
enum SignerStoreSchema {
    /// The module name the migrations are recorded under.
    static let module = "signer"
    /// The migrations, in order.
    static let migrations = [nonces, signatures, firstSeen, freezes]

    static let nonces = Migration(
        version: 1, name: "nonce ledger",
        sqlite: """
            CREATE TABLE signer_nonces (
                id BLOB PRIMARY KEY CHECK (length(id) = 32),
                commitments BLOB NOT NULL CHECK (length(commitments) = 98),
                state TEXT NOT NULL CHECK (state IN ('issued', 'consumed', 'burned')),
                session BLOB CHECK (session IS NULL OR length(session) BETWEEN 1 AND 64),
                package_digest BLOB CHECK (package_digest IS NULL OR length(package_digest) = 32),
                share BLOB CHECK (share IS NULL OR length(share) BETWEEN 1 AND 64),
                burn_reason TEXT CHECK (burn_reason IS NULL OR burn_reason IN ('aborted', 'signing-failed', 'restart')),
                CHECK ((state = 'consumed') = (session IS NOT NULL AND package_digest IS NOT NULL AND share IS NOT NULL)),
                CHECK (state = 'consumed' OR (session IS NULL AND package_digest IS NULL AND share IS NULL)),
                CHECK ((state = 'burned') = (burn_reason IS NOT NULL)));
            CREATE INDEX signer_nonces_state ON signer_nonces (state);
            CREATE TRIGGER signer_nonces_monotonic BEFORE UPDATE ON signer_nonces
                WHEN OLD.state <> 'issued' OR NEW.state NOT IN ('consumed', 'burned')
                    OR NEW.id IS NOT OLD.id OR NEW.commitments IS NOT OLD.commitments
                BEGIN SELECT RAISE(ABORT, 'signer_nonces is append-only: a nonce moves once, from issued to consumed or burned'); END;
            CREATE TRIGGER signer_nonces_no_delete BEFORE DELETE ON signer_nonces
                BEGIN SELECT RAISE(ABORT, 'signer_nonces is append-only'); END;
            """,
        postgres: """
            CREATE TABLE signer_nonces (
                id BYTEA PRIMARY KEY CHECK (octet_length(id) = 32),
                commitments BYTEA NOT NULL CHECK (octet_length(commitments) = 98),
                state TEXT NOT NULL CHECK (state IN ('issued', 'consumed', 'burned')),
                session BYTEA CHECK (session IS NULL OR octet_length(session) BETWEEN 1 AND 64),
                package_digest BYTEA CHECK (package_digest IS NULL OR octet_length(package_digest) = 32),
                share BYTEA CHECK (share IS NULL OR octet_length(share) BETWEEN 1 AND 64),
                burn_reason TEXT CHECK (burn_reason IS NULL OR burn_reason IN ('aborted', 'signing-failed', 'restart')),
                CHECK ((state = 'consumed') = (session IS NOT NULL AND package_digest IS NOT NULL AND share IS NOT NULL)),
                CHECK (state = 'consumed' OR (session IS NULL AND package_digest IS NULL AND share IS NULL)),
                CHECK ((state = 'burned') = (burn_reason IS NOT NULL)));
            CREATE INDEX signer_nonces_state ON signer_nonces (state);
            CREATE OR REPLACE FUNCTION signer_nonces_monotonic() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'UPDATE' OR OLD.state <> 'issued' OR NEW.state NOT IN ('consumed', 'burned')
                    OR NEW.id <> OLD.id OR NEW.commitments <> OLD.commitments THEN
                    RAISE EXCEPTION 'signer_nonces is append-only: a nonce moves once, from issued to consumed or burned';
                END IF;
                RETURN NEW;
            END
            $$;
            CREATE OR REPLACE FUNCTION signer_store_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$;
            CREATE TRIGGER signer_nonces_monotonic BEFORE UPDATE OR DELETE ON signer_nonces
                FOR EACH ROW EXECUTE FUNCTION signer_nonces_monotonic();
            CREATE TRIGGER signer_nonces_no_truncate BEFORE TRUNCATE ON signer_nonces
                FOR EACH STATEMENT EXECUTE FUNCTION signer_store_refuse_change();
            ALTER TABLE signer_nonces ENABLE ALWAYS TRIGGER signer_nonces_monotonic;
            ALTER TABLE signer_nonces ENABLE ALWAYS TRIGGER signer_nonces_no_truncate;
            """)

    static let signatures = Migration(
        version: 2, name: "signing ledger",
        sqlite: """
            CREATE TABLE signer_signatures (
                request TEXT PRIMARY KEY CHECK (length(CAST(request AS BLOB)) BETWEEN 1 AND 256),
                digest BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
                wallet TEXT NOT NULL CHECK (length(CAST(wallet AS BLOB)) BETWEEN 1 AND 256),
                amount INTEGER NOT NULL CHECK (amount >= 0),
                at INTEGER NOT NULL,
                rule TEXT NOT NULL CHECK (length(CAST(rule AS BLOB)) BETWEEN 1 AND 256));
            CREATE INDEX signer_signatures_wallet_at ON signer_signatures (wallet, at);
            CREATE INDEX signer_signatures_at ON signer_signatures (at);
            CREATE TRIGGER signer_signatures_no_update BEFORE UPDATE ON signer_signatures
                BEGIN SELECT RAISE(ABORT, 'signer_signatures is append-only'); END;
            CREATE TRIGGER signer_signatures_no_delete BEFORE DELETE ON signer_signatures
                BEGIN SELECT RAISE(ABORT, 'signer_signatures is append-only'); END;
            """,
        postgres: """
            CREATE TABLE signer_signatures (
                request TEXT PRIMARY KEY CHECK (octet_length(request) BETWEEN 1 AND 256),
                digest BYTEA NOT NULL UNIQUE CHECK (octet_length(digest) = 32),
                wallet TEXT NOT NULL CHECK (octet_length(wallet) BETWEEN 1 AND 256),
                amount BIGINT NOT NULL CHECK (amount >= 0),
                at BIGINT NOT NULL,
                rule TEXT NOT NULL CHECK (octet_length(rule) BETWEEN 1 AND 256));
            CREATE INDEX signer_signatures_wallet_at ON signer_signatures (wallet, at);
            CREATE INDEX signer_signatures_at ON signer_signatures (at);
            CREATE TRIGGER signer_signatures_append_only BEFORE UPDATE OR DELETE ON signer_signatures
                FOR EACH ROW EXECUTE FUNCTION signer_store_refuse_change();
            CREATE TRIGGER signer_signatures_no_truncate BEFORE TRUNCATE ON signer_signatures
                FOR EACH STATEMENT EXECUTE FUNCTION signer_store_refuse_change();
            ALTER TABLE signer_signatures ENABLE ALWAYS TRIGGER signer_signatures_append_only;
            ALTER TABLE signer_signatures ENABLE ALWAYS TRIGGER signer_signatures_no_truncate;
            """)

    static let firstSeen = Migration(
        version: 3, name: "first sight",
        sqlite: """
            CREATE TABLE signer_first_seen (
                digest BLOB PRIMARY KEY CHECK (length(digest) = 32),
                at INTEGER NOT NULL);
            CREATE TRIGGER signer_first_seen_no_update BEFORE UPDATE ON signer_first_seen
                BEGIN SELECT RAISE(ABORT, 'signer_first_seen is append-only'); END;
            CREATE TRIGGER signer_first_seen_no_delete BEFORE DELETE ON signer_first_seen
                BEGIN SELECT RAISE(ABORT, 'signer_first_seen is append-only'); END;
            """,
        postgres: """
            CREATE TABLE signer_first_seen (
                digest BYTEA PRIMARY KEY CHECK (octet_length(digest) = 32),
                at BIGINT NOT NULL);
            CREATE TRIGGER signer_first_seen_append_only BEFORE UPDATE OR DELETE ON signer_first_seen
                FOR EACH ROW EXECUTE FUNCTION signer_store_refuse_change();
            CREATE TRIGGER signer_first_seen_no_truncate BEFORE TRUNCATE ON signer_first_seen
                FOR EACH STATEMENT EXECUTE FUNCTION signer_store_refuse_change();
            ALTER TABLE signer_first_seen ENABLE ALWAYS TRIGGER signer_first_seen_append_only;
            ALTER TABLE signer_first_seen ENABLE ALWAYS TRIGGER signer_first_seen_no_truncate;
            """)

    static let freezes = Migration(
        version: 4, name: "freezes",
        sqlite: """
            CREATE TABLE signer_freezes (
                request TEXT PRIMARY KEY CHECK (length(CAST(request AS BLOB)) BETWEEN 1 AND 256),
                digest BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
                kind TEXT NOT NULL CHECK (kind IN ('freeze', 'unfreeze')),
                at INTEGER NOT NULL);
            CREATE TRIGGER signer_freezes_no_update BEFORE UPDATE ON signer_freezes
                BEGIN SELECT RAISE(ABORT, 'signer_freezes is append-only'); END;
            CREATE TRIGGER signer_freezes_no_delete BEFORE DELETE ON signer_freezes
                BEGIN SELECT RAISE(ABORT, 'signer_freezes is append-only'); END;
            """,
        postgres: """
            CREATE TABLE signer_freezes (
                request TEXT PRIMARY KEY CHECK (octet_length(request) BETWEEN 1 AND 256),
                digest BYTEA NOT NULL UNIQUE CHECK (octet_length(digest) = 32),
                kind TEXT NOT NULL CHECK (kind IN ('freeze', 'unfreeze')),
                at BIGINT NOT NULL);
            CREATE TRIGGER signer_freezes_append_only BEFORE UPDATE OR DELETE ON signer_freezes
                FOR EACH ROW EXECUTE FUNCTION signer_store_refuse_change();
            CREATE TRIGGER signer_freezes_no_truncate BEFORE TRUNCATE ON signer_freezes
                FOR EACH STATEMENT EXECUTE FUNCTION signer_store_refuse_change();
            ALTER TABLE signer_freezes ENABLE ALWAYS TRIGGER signer_freezes_append_only;
            ALTER TABLE signer_freezes ENABLE ALWAYS TRIGGER signer_freezes_no_truncate;
            """)
}
