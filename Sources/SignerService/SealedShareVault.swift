public import Custody
import Encoding
public import FROST
public import PKCS11
public import Secp256k1
import SecureMemory
public import Storage

/// The signer's key shares, each sealed by its HSM (``HSMToken/seal(_:context:)``, the context
/// naming the wallet, this signer's identifier, the suite and the key version) and stored in
/// one table of the signer's database (module `vault`, docs/key-ceremony.md § The signer's
/// vault). A share is recorded **pending** before its signer signs the ceremony's transcript,
/// becomes **active** when the ceremony completes, or **discarded** (its sealed bytes deleted,
/// the reason kept) when it fails. A share refresh records the new share pending beside the
/// active one; completing it makes the new share active and the old one **superseded** (kept
/// sealed, never used) in one transaction, and finalizing it, once every signer activated,
/// makes the old one **retired** (its sealed bytes deleted). Only an active share is ever unsealed, and only by
/// ``activeShare(wallet:)``; nothing unsealed is ever written.
///
/// A wallet has at most one active share and at most one pending share (unique indexes); a
/// ceremony id is recorded once.
public final class SealedShareVault: KeyShareSource {
    /// The module name of the vault's migrations.
    public static let module = "vault"
    /// The key version every share made by a key ceremony has; each refresh adds one.
    public static let keyVersion: UInt32 = 1

    let pool: any SQLConnectionPool
    let token: HSMToken

    /// Opens the vault in `pool`'s database, creating or migrating its table.
    /// - Throws: `StorageError` from the database.
    public init(pool: any SQLConnectionPool, token: HSMToken) async throws {
        self.pool = pool
        self.token = token
        try await pool.withDatabase { database in
            try Migrator.migrate(database, module: Self.module, migrations: VaultSchema.migrations)
        }
    }

    /// Seals `share`'s secret with the HSM under ``PendingKeyShare/sealContext`` and records it
    /// as pending, durably, with the public values its key package needs.
    ///
    /// A key ceremony's share (key version 1) needs a wallet with no pending or active share; a
    /// refresh's (version n > 1), an active share of version n - 1 with the same identifier and
    /// suite, and no pending share.
    ///
    /// - Throws: ``SealedShareVaultError`` `walletHeld` when the wallet already has a pending
    ///   share, or for a key ceremony's share an active one; `notRefreshable` when a refresh's
    ///   share does not follow the active one; `ceremonyKnown` when the ceremony is already
    ///   recorded, `sealingFailed` when the HSM cannot seal; `StorageError` from the database.
    ///   Nothing is written then.
    ///
    /// - Parameter invitation: the ceremony's invitation, kept so that a later repair can check
    ///   which daemon held which identifier.
    public func recordPending(_ share: PendingKeyShare, invitation: KeyCeremonyInvitation? = nil) async throws {
        try await record(share, invitation: invitation, state: "pending")
    }

    /// Seals a share rebuilt by a repair (docs/key-ceremony.md § Share repair) and records it
    /// **active** at once: it is checked against its verifying share in the key every helper
    /// holds, and its public values do not change. The wallet must have no pending or active
    /// share here.
    ///
    /// - Throws: as ``recordPending(_:invitation:)`` for a key ceremony's share (`walletHeld`,
    ///   `ceremonyKnown`, `sealingFailed`); nothing is written then.
    public func recordRepaired(_ share: PendingKeyShare, invitation: KeyCeremonyInvitation) async throws {
        try await record(share, invitation: invitation, state: "active")
    }

    /// The daemon name a ceremony's invitation gave `identifier` for the active share of
    /// `wallet`, or nil when none is recorded (no active share, or one recorded before
    /// invitations were kept).
    public func holderName(wallet: String, identifier: Identifier) async throws -> String? {
        let rows = try await pool.transaction { connection in
            try connection.query(
                "SELECT invitation FROM vault_shares WHERE wallet = $1 AND state = 'active'", [.text(wallet)])
        }
        guard let value = rows.first?[0], value != .null,
            let invitation = try? KeyCeremonyInvitation(decoding: try value.blob())
        else { return nil }
        return invitation.names[identifier]
    }

    private func record(_ share: PendingKeyShare, invitation: KeyCeremonyInvitation?, state: String) async throws {
        let repaired = state == "active"
        let sealed: [UInt8]
        do {
            sealed = try await token.seal(share.keyPackage.signingShare.secret, context: share.sealContext)
        } catch {
            throw SealedShareVaultError(.sealingFailed, "the HSM could not seal the share: \(error.reason)")
        }
        let row: [SQLValue] = [
            .blob(share.ceremonyID.bytes), .text(share.wallet), .text(share.suite.rawValue),
            .blob(share.keyPackage.identifier.bytes), .integer(Int64(share.keyVersion)), .blob(sealed),
            .blob(KeyCeremonyWire.encode(share.publicKeyPackage)), .blob(share.transcriptHash),
            invitation.map { .blob($0.encoded()) } ?? .null, .text(state),
        ]
        let ceremony = share.ceremonyID
        let wallet = share.wallet
        let version = Int64(share.keyVersion)
        let suite = share.suite.rawValue
        try await pool.transaction { connection in
            guard try connection.query("SELECT 1 FROM vault_shares WHERE ceremony_id = $1", [row[0]]).isEmpty else {
                throw SealedShareVaultError(.ceremonyKnown, "ceremony \(ceremony) is already recorded")
            }
            let held = try connection.query(
                """
                SELECT state, key_version, identifier, suite FROM vault_shares
                WHERE wallet = $1 AND state IN ('pending', 'active')
                """, [row[1]])
            guard try !held.contains(where: { try $0[0].text() == "pending" }) else {
                throw SealedShareVaultError(.walletHeld, "wallet \"\(wallet)\" already has a pending share")
            }
            if version == Int64(Self.keyVersion) || repaired {
                guard held.isEmpty else {
                    throw SealedShareVaultError(.walletHeld, "wallet \"\(wallet)\" already has an active share")
                }
            } else {
                guard let active = held.first, try active[1].integer() == version - 1,
                    try active[2].blob() == row[3].blob(), try active[3].text() == suite
                else {
                    throw SealedShareVaultError(
                        .notRefreshable,
                        "wallet \"\(wallet)\" has no active share of key version \(version - 1) to refresh "
                            + "for this identifier and suite")
                }
            }
            try connection.execute(
                """
                INSERT INTO vault_shares (ceremony_id, wallet, suite, identifier, key_version, state, sealed_share,
                    public_key_package, transcript_hash, invitation)
                VALUES ($1, $2, $3, $4, $5, $10, $6, $7, $8, $9)
                """, row)
        }
    }

    /// Marks the pending share of `ceremonyID` active, keeping `signatures` (every participant's
    /// transcript signature, the proof that the ceremony completed). For a refresh's share, the
    /// share it refreshed becomes **superseded** in the same transaction: never used to sign
    /// again, its sealed bytes kept until ``finalize(ceremonyID:)``, so that a refresh that did
    /// not reach every signer loses no share.
    /// - Throws: `notPending` unless the ceremony's share is pending; `StorageError`.
    public func activate(ceremonyID: KeyCeremonyID, signatures: [KeyCeremonyTranscriptSignature] = []) async throws {
        let id = SQLValue.blob(ceremonyID.bytes)
        let proof: SQLValue = signatures.isEmpty ? .null : .blob(KeyCeremonyWire.encode(batch: signatures))
        let changed = try await pool.transaction { connection in
            guard
                let pending = try connection.query(
                    "SELECT wallet FROM vault_shares WHERE ceremony_id = $1 AND state = 'pending'", [id]
                ).first
            else { return 0 }
            try connection.execute(
                """
                UPDATE vault_shares SET state = 'superseded', reason = $2
                WHERE wallet = $1 AND state = 'active'
                """, [pending[0], .text("refreshed by ceremony \(ceremonyID)")])
            return try connection.execute(
                """
                UPDATE vault_shares SET state = 'active', transcript_signatures = $2
                WHERE ceremony_id = $1 AND state = 'pending'
                """, [id, proof])
        }
        guard changed == 1 else {
            throw SealedShareVaultError(.notPending, "ceremony \(ceremonyID) has no pending share to activate")
        }
    }

    /// Retires every superseded share of the wallet whose active share ceremony `ceremonyID`
    /// made (a refresh every signer activated): their sealed bytes are deleted. Returns how
    /// many were retired.
    /// - Throws: `notActive` unless `ceremonyID`'s share is active; `StorageError`.
    @discardableResult
    public func finalize(ceremonyID: KeyCeremonyID) async throws -> Int {
        let id = SQLValue.blob(ceremonyID.bytes)
        let retired = try await pool.transaction { connection -> Int? in
            guard
                let active = try connection.query(
                    "SELECT wallet FROM vault_shares WHERE ceremony_id = $1 AND state = 'active'", [id]
                ).first
            else { return nil }
            return try connection.execute(
                """
                UPDATE vault_shares SET state = 'retired', sealed_share = NULL
                WHERE wallet = $1 AND state = 'superseded'
                """, [active[0]])
        }
        guard let retired else {
            throw SealedShareVaultError(.notActive, "ceremony \(ceremonyID) has no active share to finalize")
        }
        return retired
    }

    /// Discards the pending share of `ceremonyID`: its sealed bytes are deleted, `reason` kept.
    /// Returns false when the ceremony has no pending share (none recorded, or already active or
    /// discarded): an active share is never discarded here.
    @discardableResult
    public func discard(ceremonyID: KeyCeremonyID, reason: String) async throws -> Bool {
        let kept = String(reason.prefix(1024))
        return try await pool.transaction { connection in
            try connection.execute(
                """
                UPDATE vault_shares SET state = 'discarded', sealed_share = NULL, reason = $2
                WHERE ceremony_id = $1 AND state = 'pending'
                """, [.blob(ceremonyID.bytes), .text(kept)])
        } == 1
    }

    /// The invitation of the ceremony that made `ceremonyID`'s share, if recorded.
    public func invitation(ceremonyID: KeyCeremonyID) async throws -> KeyCeremonyInvitation? {
        let rows = try await pool.transaction { connection in
            try connection.query(
                "SELECT invitation FROM vault_shares WHERE ceremony_id = $1", [.blob(ceremonyID.bytes)])
        }
        guard let value = rows.first?[0], value != .null else { return nil }
        return try? KeyCeremonyInvitation(decoding: try value.blob())
    }

    /// The entry of `ceremonyID`, if recorded.
    public func entry(ceremonyID: KeyCeremonyID) async throws -> VaultEntry? {
        try await entries(where: "ceremony_id = $1", [.blob(ceremonyID.bytes)]).first
    }

    /// Every entry, in the order recorded.
    public func entries() async throws -> [VaultEntry] { try await entries(where: "1 = 1", []) }

    /// True when `wallet` has a pending or active share.
    public func holds(wallet: String) async throws -> Bool {
        try await entries(where: "wallet = $1 AND state IN ('pending', 'active')", [.text(wallet)]).isEmpty == false
    }

    /// The active share's entry of `wallet` and its public key package, or nil when there is
    /// none.
    public func activeKey(wallet: String) async throws -> (entry: VaultEntry, publicKeyPackage: PublicKeyPackage)? {
        guard let entry = try await entries(where: "wallet = $1 AND state = 'active'", [.text(wallet)]).first else {
            return nil
        }
        let rows = try await pool.transaction { connection in
            try connection.query(
                "SELECT public_key_package FROM vault_shares WHERE ceremony_id = $1", [.blob(entry.ceremonyID.bytes)])
        }
        guard let bytes = try rows.first?[0].blob(), let package = try? KeyCeremonyWire.decodePublicKeyPackage(bytes)
        else {
            throw SealedShareVaultError(.corrupt, "the stored key of wallet \"\(wallet)\" cannot be read")
        }
        return (entry, package)
    }

    /// The active share of `wallet`, unsealed by the HSM, or nil when there is none.
    /// - Throws: `unsealFailed` when the HSM refuses the sealed bytes (altered, or sealed under
    ///   another context), `corrupt` when the stored values do not make a key package.
    public func activeShare(wallet: String) async throws -> WalletShare? {
        let rows = try await pool.transaction { connection in
            try connection.query(
                """
                SELECT suite, identifier, key_version, sealed_share, public_key_package FROM vault_shares
                WHERE wallet = $1 AND state = 'active'
                """, [.text(wallet)])
        }
        guard let row = rows.first else { return nil }
        guard let suite = SigningSuite(rawValue: try row[0].text()),
            let identifier = try? Identifier(bytes: try row[1].blob()),
            let package = try? KeyCeremonyWire.decodePublicKeyPackage(try row[4].blob()),
            let verifyingShare = package.verifyingShares[identifier]
        else {
            throw SealedShareVaultError(.corrupt, "the stored share of wallet \"\(wallet)\" cannot be read")
        }
        let context = SealContext(
            wallet: wallet, signer: Hex.encode(identifier.bytes), suite: suite.rawValue,
            keyVersion: UInt32(clamping: try row[2].integer()))
        let sealed = try row[3].blob()
        let secret: SecretBytes
        do {
            secret = try await token.unseal(sealed, context: context)
        } catch {
            throw SealedShareVaultError(
                .unsealFailed, "the HSM refused to unseal the share of wallet \"\(wallet)\": \(error.reason)")
        }
        do {
            let keyPackage = try KeyPackage(
                identifier: identifier, signingShare: SigningShare(secret: secret), verifyingShare: verifyingShare,
                groupPublicKey: package.groupPublicKey, minSigners: package.minSigners)
            return WalletShare(wallet: wallet, suite: suite, keyPackage: keyPackage)
        } catch {
            throw SealedShareVaultError(
                .corrupt, "the unsealed share of wallet \"\(wallet)\" does not match its verifying share")
        }
    }

    private func entries(where condition: String, _ parameters: [SQLValue]) async throws -> [VaultEntry] {
        let rows = try await pool.transaction { connection in
            try connection.query(
                """
                SELECT ceremony_id, wallet, suite, identifier, key_version, state, public_key_package,
                    transcript_hash, reason
                FROM vault_shares WHERE \(condition) ORDER BY rowid_order
                """, parameters)
        }
        return try rows.map { row in
            guard let ceremonyID = try? KeyCeremonyID(bytes: try row[0].blob()),
                let suite = SigningSuite(rawValue: try row[2].text()),
                let identifier = try? Identifier(bytes: try row[3].blob()),
                let state = VaultEntry.State(rawValue: try row[5].text()),
                let package = try? KeyCeremonyWire.decodePublicKeyPackage(try row[6].blob())
            else {
                throw SealedShareVaultError(.corrupt, "a stored vault entry cannot be read")
            }
            return VaultEntry(
                ceremonyID: ceremonyID, wallet: try row[1].text(), suite: suite, identifier: identifier,
                keyVersion: UInt32(clamping: try row[4].integer()), state: state,
                groupPublicKey: package.groupPublicKey, transcriptHash: try row[7].blob(),
                reason: row[8] == .null ? nil : try row[8].text())
        }
    }
}

/// One share's record in the vault: public values only.
public struct VaultEntry: Sendable, Equatable {
    /// Where a share is in its life.
    public enum State: String, Sendable {
        /// Sealed and recorded; its ceremony has not completed; never used to sign.
        case pending
        /// Its ceremony completed: the wallet's share.
        case active
        /// Its ceremony failed: the sealed bytes are deleted.
        case discarded
        /// A refresh replaced it, and not every signer is known to have activated the new shares:
        /// never used to sign; the sealed bytes are kept.
        case superseded
        /// A refresh replaced it and every signer activated the new shares: the sealed bytes are
        /// deleted.
        case retired
    }

    public let ceremonyID: KeyCeremonyID
    public let wallet: String
    public let suite: SigningSuite
    public let identifier: Identifier
    public let keyVersion: UInt32
    public let state: State
    /// The group public key (for the Taproot suite, the untweaked internal key).
    public let groupPublicKey: Point
    /// The transcript hash of the ceremony that made it.
    public let transcriptHash: [UInt8]
    /// Why it was discarded.
    public let reason: String?
}

/// Why the vault refused. Never holds a share or any sealed byte.
public struct SealedShareVaultError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case walletHeld = "wallet held"
            case ceremonyKnown = "ceremony known"
            case notPending = "not pending"
            case notRefreshable = "not refreshable"
            case notActive = "not active"
            case sealingFailed = "sealing failed"
            case unsealFailed = "unseal failed"
            case corrupt = "corrupt"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The wallet already has a pending or active share.
        public static let walletHeld = Code(.walletHeld)
        /// The ceremony is already recorded.
        public static let ceremonyKnown = Code(.ceremonyKnown)
        /// The ceremony has no pending share.
        public static let notPending = Code(.notPending)
        /// A refresh's share does not follow the wallet's active share.
        public static let notRefreshable = Code(.notRefreshable)
        /// The ceremony has no active share.
        public static let notActive = Code(.notActive)
        /// The HSM could not seal.
        public static let sealingFailed = Code(.sealingFailed)
        /// The HSM refused to unseal.
        public static let unsealFailed = Code(.unsealFailed)
        /// A stored row cannot be read.
        public static let corrupt = Code(.corrupt)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}

/// The vault's table.
enum VaultSchema {
    static let migrations = [
        Migration(
            version: 1, name: "sealed shares",
            sqlite: """
                CREATE TABLE vault_shares (
                    rowid_order INTEGER PRIMARY KEY AUTOINCREMENT,
                    ceremony_id BLOB NOT NULL UNIQUE,
                    wallet TEXT NOT NULL,
                    suite TEXT NOT NULL,
                    identifier BLOB NOT NULL,
                    key_version INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'discarded')),
                    sealed_share BLOB,
                    public_key_package BLOB NOT NULL,
                    transcript_hash BLOB NOT NULL,
                    reason TEXT,
                    CHECK ((state = 'discarded') = (sealed_share IS NULL)));
                CREATE UNIQUE INDEX vault_shares_one_per_wallet ON vault_shares (wallet)
                    WHERE state IN ('pending', 'active');
                """,
            postgres: """
                CREATE TABLE vault_shares (
                    rowid_order BIGSERIAL PRIMARY KEY,
                    ceremony_id BYTEA NOT NULL UNIQUE,
                    wallet TEXT NOT NULL,
                    suite TEXT NOT NULL,
                    identifier BYTEA NOT NULL,
                    key_version BIGINT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'discarded')),
                    sealed_share BYTEA,
                    public_key_package BYTEA NOT NULL,
                    transcript_hash BYTEA NOT NULL,
                    reason TEXT,
                    CHECK ((state = 'discarded') = (sealed_share IS NULL)));
                CREATE UNIQUE INDEX vault_shares_one_per_wallet ON vault_shares (wallet)
                    WHERE state IN ('pending', 'active');
                """),
        Migration(
            version: 2, name: "share refresh and repair",
            sqlite: """
                CREATE TABLE vault_shares_refreshable (
                    rowid_order INTEGER PRIMARY KEY AUTOINCREMENT,
                    ceremony_id BLOB NOT NULL UNIQUE,
                    wallet TEXT NOT NULL,
                    suite TEXT NOT NULL,
                    identifier BLOB NOT NULL,
                    key_version INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'discarded', 'superseded', 'retired')),
                    sealed_share BLOB,
                    public_key_package BLOB NOT NULL,
                    transcript_hash BLOB NOT NULL,
                    reason TEXT,
                    invitation BLOB,
                    transcript_signatures BLOB,
                    CHECK ((state IN ('discarded', 'retired')) = (sealed_share IS NULL)));
                INSERT INTO vault_shares_refreshable (rowid_order, ceremony_id, wallet, suite, identifier, key_version,
                    state, sealed_share, public_key_package, transcript_hash, reason)
                SELECT rowid_order, ceremony_id, wallet, suite, identifier, key_version, state, sealed_share,
                    public_key_package, transcript_hash, reason
                FROM vault_shares;
                DROP TABLE vault_shares;
                ALTER TABLE vault_shares_refreshable RENAME TO vault_shares;
                CREATE UNIQUE INDEX vault_shares_one_active ON vault_shares (wallet) WHERE state = 'active';
                CREATE UNIQUE INDEX vault_shares_one_pending ON vault_shares (wallet) WHERE state = 'pending';
                """,
            postgres: """
                ALTER TABLE vault_shares ADD COLUMN invitation BYTEA;
                ALTER TABLE vault_shares ADD COLUMN transcript_signatures BYTEA;
                ALTER TABLE vault_shares DROP CONSTRAINT vault_shares_state_check;
                ALTER TABLE vault_shares DROP CONSTRAINT vault_shares_check;
                ALTER TABLE vault_shares ADD CONSTRAINT vault_shares_state_check
                    CHECK (state IN ('pending', 'active', 'discarded', 'superseded', 'retired'));
                ALTER TABLE vault_shares ADD CONSTRAINT vault_shares_sealed_check
                    CHECK ((state IN ('discarded', 'retired')) = (sealed_share IS NULL));
                DROP INDEX vault_shares_one_per_wallet;
                CREATE UNIQUE INDEX vault_shares_one_active ON vault_shares (wallet) WHERE state = 'active';
                CREATE UNIQUE INDEX vault_shares_one_pending ON vault_shares (wallet) WHERE state = 'pending';
                """),
    ]
}
