public import Custody
public import FROST
import PeerProtocol
public import Storage

/// The coordinator's wallets: each wallet's ``WalletKey`` (public values only), as its key
/// ceremony made it, in the coordinator's database (SQLite or PostgreSQL; module
/// `coordinator_wallets`, tables `coordinator_wallets` and `coordinator_wallet_signers`). A
/// wallet name is registered once.
public final class WalletRegistry: Sendable {
    /// The module name of the registry's migrations.
    public static let module = "coordinator_wallets"

    let pool: any SQLConnectionPool

    /// Opens the registry in `pool`'s database, creating or migrating its tables.
    public init(pool: any SQLConnectionPool) async throws {
        self.pool = pool
        try await pool.withDatabase { database in
            try Migrator.migrate(database, module: Self.module, migrations: WalletRegistrySchema.migrations)
        }
    }

    /// Registers `key`, made by ceremony `ceremonyID` with transcript hash `transcriptHash`.
    /// - Throws: ``WalletRegistryError`` `walletExists` when a wallet of that name is registered
    ///   (nothing changes); `StorageError`.
    public func register(_ key: WalletKey, ceremonyID: KeyCeremonyID, transcriptHash: [UInt8]) async throws {
        let name = key.name
        let wallet: [SQLValue] = [
            .text(key.name), .text(key.suite.rawValue), .blob(KeyCeremonyWire.encode(key.publicKeyPackage)),
            .blob(ceremonyID.bytes), .blob(transcriptHash),
        ]
        let signers = key.signers.sorted { $0.key < $1.key }.map { ($0.key.value, $0.value.bytes) }
        try await pool.transaction { connection in
            guard try connection.query("SELECT 1 FROM coordinator_wallets WHERE name = $1", [wallet[0]]).isEmpty else {
                throw WalletRegistryError(.walletExists, "a wallet named \"\(name)\" is already registered")
            }
            try connection.execute(
                """
                INSERT INTO coordinator_wallets (name, suite, public_key_package, ceremony_id, transcript_hash)
                VALUES ($1, $2, $3, $4, $5)
                """, wallet)
            for (peer, identifier) in signers {
                try connection.execute(
                    "INSERT INTO coordinator_wallet_signers (wallet, peer, identifier) VALUES ($1, $2, $3)",
                    [wallet[0], .text(peer), .blob(identifier)])
            }
        }
    }

    /// Records that the signers of `key`'s wallet refreshed their shares: its public key package
    /// and key version become `key`'s, with the refresh's ceremony and transcript hash.
    /// - Throws: ``WalletRegistryError`` `staleKey` when no wallet of that name is registered at
    ///   key version `key.keyVersion - 1` (nothing changes); `StorageError`.
    public func refreshed(_ key: WalletKey, ceremonyID: KeyCeremonyID, transcriptHash: [UInt8]) async throws {
        let name = key.name
        let version = Int64(key.keyVersion)
        try await pool.transaction { connection in
            let changed = try connection.execute(
                """
                UPDATE coordinator_wallets SET public_key_package = $2, ceremony_id = $3, transcript_hash = $4,
                    key_version = $5
                WHERE name = $1 AND key_version = $6
                """,
                [
                    .text(name), .blob(KeyCeremonyWire.encode(key.publicKeyPackage)), .blob(ceremonyID.bytes),
                    .blob(transcriptHash), .integer(version), .integer(version - 1),
                ])
            guard changed == 1 else {
                throw WalletRegistryError(
                    .staleKey, "wallet \"\(name)\" is not registered at key version \(version - 1)")
            }
        }
    }

    /// Records that every signer of `wallet` signed the transcript of refresh `ceremonyID`, to
    /// key version `keyVersion`, before the completion is delivered: so that a refresh that did
    /// not reach every signer can be finished later (``unfinishedRefresh(wallet:)``).
    public func recordAgreedRefresh(_ refresh: AgreedRefresh) async throws {
        try await pool.transaction { connection in
            _ = try connection.execute(
                """
                INSERT INTO coordinator_wallet_refreshes (ceremony_id, wallet, key_version, public_key_package,
                    transcript_hash, transcript_signatures, finished)
                VALUES ($1, $2, $3, $4, $5, $6, 0)
                """,
                [
                    .blob(refresh.ceremonyID.bytes), .text(refresh.wallet), .integer(Int64(refresh.keyVersion)),
                    .blob(KeyCeremonyWire.encode(refresh.publicKeyPackage)), .blob(refresh.transcriptHash),
                    .blob(KeyCeremonyWire.encode(batch: refresh.transcriptSignatures)),
                ])
        }
    }

    /// The latest agreed refresh of `wallet` that is not finished, if any.
    public func unfinishedRefresh(wallet: String) async throws -> AgreedRefresh? {
        let rows = try await pool.transaction { connection in
            try connection.query(
                """
                SELECT ceremony_id, key_version, public_key_package, transcript_hash, transcript_signatures
                FROM coordinator_wallet_refreshes WHERE wallet = $1 AND finished = 0 ORDER BY key_version DESC
                """, [.text(wallet)])
        }
        guard let row = rows.first else { return nil }
        guard let id = try? KeyCeremonyID(bytes: try row[0].blob()),
            let package = try? KeyCeremonyWire.decodePublicKeyPackage(try row[2].blob()),
            let signatures = try? KeyCeremonyWire.decodeBatch(
                try row[4].blob(), of: KeyCeremonyTranscriptSignature.self)
        else {
            throw WalletRegistryError(.corrupt, "the stored refresh of wallet \"\(wallet)\" cannot be read")
        }
        return AgreedRefresh(
            ceremonyID: id, wallet: wallet, keyVersion: UInt32(clamping: try row[1].integer()),
            publicKeyPackage: package,
            transcriptHash: try row[3].blob(), transcriptSignatures: signatures)
    }

    /// Marks refresh `ceremonyID` finished: every signer activated and retired its old share.
    public func finishRefresh(_ ceremonyID: KeyCeremonyID) async throws {
        try await pool.transaction { connection in
            _ = try connection.execute(
                "UPDATE coordinator_wallet_refreshes SET finished = 1 WHERE ceremony_id = $1",
                [.blob(ceremonyID.bytes)])
        }
    }

    /// True when a wallet named `name` is registered.
    public func contains(_ name: String) async throws -> Bool {
        try await pool.transaction { connection in
            try connection.query("SELECT 1 FROM coordinator_wallets WHERE name = $1", [.text(name)]).isEmpty == false
        }
    }

    /// The wallet named `name`, or nil.
    /// - Throws: ``WalletRegistryError`` `corrupt` when its stored values do not read.
    public func wallet(_ name: String) async throws -> WalletKey? {
        let (rows, signerRows) = try await pool.transaction { connection in
            (
                try connection.query(
                    "SELECT suite, public_key_package, key_version FROM coordinator_wallets WHERE name = $1",
                    [.text(name)]),
                try connection.query(
                    "SELECT peer, identifier FROM coordinator_wallet_signers WHERE wallet = $1", [.text(name)])
            )
        }
        guard let row = rows.first else { return nil }
        guard let suite = SigningSuite(rawValue: try row[0].text()),
            let package = try? KeyCeremonyWire.decodePublicKeyPackage(try row[1].blob())
        else {
            throw WalletRegistryError(.corrupt, "the stored key of wallet \"\(name)\" cannot be read")
        }
        var signers: [PeerID: Identifier] = [:]
        for signer in signerRows {
            guard let peer = try? PeerID(try signer[0].text()),
                let identifier = try? Identifier(bytes: try signer[1].blob())
            else {
                throw WalletRegistryError(.corrupt, "a stored signer of wallet \"\(name)\" cannot be read")
            }
            signers[peer] = identifier
        }
        return WalletKey(
            name: name, suite: suite, publicKeyPackage: package, signers: signers,
            keyVersion: UInt32(clamping: try row[2].integer()))
    }

    /// Every registered wallet's name, in ascending order.
    public func names() async throws -> [String] {
        try await pool.transaction { connection in
            try connection.query("SELECT name FROM coordinator_wallets ORDER BY name", []).map { try $0[0].text() }
        }
    }
}

/// A share refresh every signer agreed to (signed the transcript of), as the coordinator keeps
/// it until every signer activated and retired its old share.
public struct AgreedRefresh: Sendable, Equatable {
    public let ceremonyID: KeyCeremonyID
    public let wallet: String
    /// The key version the refresh makes.
    public let keyVersion: UInt32
    /// The refreshed public key package.
    public let publicKeyPackage: PublicKeyPackage
    public let transcriptHash: [UInt8]
    /// Every participant's signature over the transcript hash.
    public let transcriptSignatures: [KeyCeremonyTranscriptSignature]

    public init(
        ceremonyID: KeyCeremonyID, wallet: String, keyVersion: UInt32, publicKeyPackage: PublicKeyPackage,
        transcriptHash: [UInt8], transcriptSignatures: [KeyCeremonyTranscriptSignature]
    ) {
        self.ceremonyID = ceremonyID
        self.wallet = wallet
        self.keyVersion = keyVersion
        self.publicKeyPackage = publicKeyPackage
        self.transcriptHash = transcriptHash
        self.transcriptSignatures = transcriptSignatures
    }
}

/// Why the registry refused.
public struct WalletRegistryError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case walletExists = "wallet exists"
            case corrupt = "corrupt"
            case staleKey = "stale key"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A wallet of that name is already registered.
        public static let walletExists = Code(.walletExists)
        /// The wallet is not registered at the key version a refresh started from.
        public static let staleKey = Code(.staleKey)
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

enum WalletRegistrySchema {
    static let migrations = [
        Migration(
            version: 1, name: "wallets",
            sqlite: """
                CREATE TABLE coordinator_wallets (
                    name TEXT PRIMARY KEY,
                    suite TEXT NOT NULL,
                    public_key_package BLOB NOT NULL,
                    ceremony_id BLOB NOT NULL UNIQUE,
                    transcript_hash BLOB NOT NULL);
                CREATE TABLE coordinator_wallet_signers (
                    wallet TEXT NOT NULL REFERENCES coordinator_wallets (name),
                    peer TEXT NOT NULL,
                    identifier BLOB NOT NULL,
                    PRIMARY KEY (wallet, peer),
                    UNIQUE (wallet, identifier));
                """,
            postgres: """
                CREATE TABLE coordinator_wallets (
                    name TEXT PRIMARY KEY,
                    suite TEXT NOT NULL,
                    public_key_package BYTEA NOT NULL,
                    ceremony_id BYTEA NOT NULL UNIQUE,
                    transcript_hash BYTEA NOT NULL);
                CREATE TABLE coordinator_wallet_signers (
                    wallet TEXT NOT NULL REFERENCES coordinator_wallets (name),
                    peer TEXT NOT NULL,
                    identifier BYTEA NOT NULL,
                    PRIMARY KEY (wallet, peer),
                    UNIQUE (wallet, identifier));
                """),
        Migration(
            version: 2, name: "key versions",
            sqlite: """
                ALTER TABLE coordinator_wallets ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE coordinator_wallet_refreshes (
                    ceremony_id BLOB PRIMARY KEY,
                    wallet TEXT NOT NULL REFERENCES coordinator_wallets (name),
                    key_version INTEGER NOT NULL,
                    public_key_package BLOB NOT NULL,
                    transcript_hash BLOB NOT NULL,
                    transcript_signatures BLOB NOT NULL,
                    finished INTEGER NOT NULL DEFAULT 0);
                """,
            postgres: """
                ALTER TABLE coordinator_wallets ADD COLUMN key_version BIGINT NOT NULL DEFAULT 1;
                CREATE TABLE coordinator_wallet_refreshes (
                    ceremony_id BYTEA PRIMARY KEY,
                    wallet TEXT NOT NULL REFERENCES coordinator_wallets (name),
                    key_version BIGINT NOT NULL,
                    public_key_package BYTEA NOT NULL,
                    transcript_hash BYTEA NOT NULL,
                    transcript_signatures BYTEA NOT NULL,
                    finished BIGINT NOT NULL DEFAULT 0);
                """),
    ]
}
