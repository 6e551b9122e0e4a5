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
/// the reason kept) when it fails. Only an active share is ever unsealed, and only by
/// ``activeShare(wallet:)``; nothing unsealed is ever written.
///
/// A wallet has at most one share that is pending or active (a unique index); a ceremony id is
/// recorded once.
public final class SealedShareVault: KeyShareSource {
    /// The module name of the vault's migrations.
    public static let module = "vault"
    /// The key version every share made by a key ceremony has.
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
    /// - Throws: ``SealedShareVaultError`` `walletHeld` when the wallet already has a pending
    ///   or active share, `ceremonyKnown` when the ceremony is already recorded, `sealingFailed`
    ///   when the HSM cannot seal; `StorageError` from the database. Nothing is written then.
    public func recordPending(_ share: PendingKeyShare) async throws {
        let sealed: [UInt8]
        do {
            sealed = try await token.seal(share.keyPackage.signingShare.secret, context: share.sealContext)
        } catch {
            throw SealedShareVaultError(.sealingFailed, "the HSM could not seal the share: \(error.reason)")
        }
        let row: [SQLValue] = [
            .blob(share.ceremonyID.bytes), .text(share.wallet), .text(share.suite.rawValue),
            .blob(share.keyPackage.identifier.bytes), .integer(Int64(Self.keyVersion)), .blob(sealed),
            .blob(KeyCeremonyWire.encode(share.publicKeyPackage)), .blob(share.transcriptHash),
        ]
        let ceremony = share.ceremonyID
        let wallet = share.wallet
        try await pool.transaction { connection in
            guard try connection.query("SELECT 1 FROM vault_shares WHERE ceremony_id = $1", [row[0]]).isEmpty else {
                throw SealedShareVaultError(.ceremonyKnown, "ceremony \(ceremony) is already recorded")
            }
            guard
                try connection.query(
                    "SELECT 1 FROM vault_shares WHERE wallet = $1 AND state IN ('pending', 'active')", [row[1]]
                ).isEmpty
            else {
                throw SealedShareVaultError(
                    .walletHeld, "wallet \"\(wallet)\" already has a pending or active share")
            }
            try connection.execute(
                """
                INSERT INTO vault_shares (ceremony_id, wallet, suite, identifier, key_version, state, sealed_share,
                    public_key_package, transcript_hash)
                VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)
                """, row)
        }
    }

    /// Marks the pending share of `ceremonyID` active.
    /// - Throws: `notPending` unless the ceremony's share is pending; `StorageError`.
    public func activate(ceremonyID: KeyCeremonyID) async throws {
        let changed = try await pool.transaction { connection in
            try connection.execute(
                "UPDATE vault_shares SET state = 'active' WHERE ceremony_id = $1 AND state = 'pending'",
                [.blob(ceremonyID.bytes)])
        }
        guard changed == 1 else {
            throw SealedShareVaultError(.notPending, "ceremony \(ceremonyID) has no pending share to activate")
        }
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
                """)
    ]
}
