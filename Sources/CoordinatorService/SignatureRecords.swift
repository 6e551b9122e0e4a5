import Encoding
public import Storage
import Synchronization

/// The coordinator's record of signature requests (docs/daemons.md § Signatures), in its
/// database (SQLite or PostgreSQL; module `coordinator_signatures`, table
/// `coordinator_signatures`): each request id with what it asked for, how many runs it took,
/// and its signature once made. It makes a request finish once: a request id signed before is
/// answered from the record, without asking the signers again, and the same id signed with
/// another wallet, request digest, message or spend is refused. A request left unsigned (its
/// run failed or was refused, or the coordinator stopped during it) is run again, with the
/// contents of the next submission, when it is submitted again.
///
/// One coordinator process per database: the runs in flight are known to this process only.
public final class SignatureRecords: Sendable {
    /// The module name of the records' migrations.
    public static let module = "coordinator_signatures"

    /// What one request asks to have signed.
    public struct Claim: Hashable, Sendable {
        /// The request's id.
        public let request: String
        /// The wallet that signs.
        public let wallet: String
        /// The request's digest, 32 bytes.
        public let requestDigest: [UInt8]
        /// The message to sign.
        public let message: [UInt8]
        /// `key-path` for the BIP-341 output key, `group-key` for the group key itself.
        public let spend: String

        public init(request: String, wallet: String, requestDigest: [UInt8], message: [UInt8], spend: String) {
            self.request = request
            self.wallet = wallet
            self.requestDigest = requestDigest
            self.message = message
            self.spend = spend
        }
    }

    /// What a request's submission leads to.
    public enum Start: Hashable, Sendable {
        /// Run the signing; `attempt` is 1 for a request never run before.
        case run(attempt: Int)
        /// Signed before: the recorded signature.
        case signed([UInt8])
    }

    let pool: any SQLConnectionPool
    private let inFlight = Mutex<Set<String>>([])

    /// Opens the records in `pool`'s database, creating or migrating their table.
    public init(pool: any SQLConnectionPool) async throws {
        self.pool = pool
        try await pool.withDatabase { database in
            try Migrator.migrate(database, module: Self.module, migrations: SignatureRecordsSchema.migrations)
        }
    }

    /// Marks request `request` as being signed by this process, before anything else is done
    /// for it; call ``abandon`` or ``finish`` after.
    /// - Throws: ``SignatureRecordError`` `inProgress` when this process is signing it already.
    public func claim(_ request: String) throws {
        let claimed = inFlight.withLock { $0.insert(request).inserted }
        guard claimed else { throw SignatureRecordError(.inProgress, "request \"\(request)\" is being signed") }
    }

    /// What submitting `claim` leads to, read without changing anything: the recorded signature
    /// when the id was signed with the same contents, else a run. Only a signed record fixes
    /// what an id stands for: an unsigned one (its run failed or was cut off, or the signers
    /// refused it) is replaced by the next submission, so that nobody can hold an id by
    /// submitting it first with other contents.
    /// - Throws: ``SignatureRecordError`` `conflict` when the id was signed with another
    ///   wallet, request digest, message or spend; `corrupt`; `StorageError`.
    public func lookup(_ claim: Claim) async throws -> Start {
        let rows = try await pool.transaction { connection in
            try connection.query(
                """
                SELECT wallet, request_digest, message, spend, attempts, signature
                FROM coordinator_signatures WHERE request_id = $1
                """, [.text(claim.request)])
        }
        guard let row = rows.first else { return .run(attempt: 1) }
        if case .blob(let signature) = row[5] {
            try Self.requireSame(claim, row)
            return .signed(signature)
        }
        return .run(attempt: Int(try row[4].integer()) + 1)
    }

    /// Records a run of `claim`, claimed by this process: a new record, or the unsigned one
    /// with `claim`'s contents and one more run.
    /// - Throws: ``SignatureRecordError`` `conflict` when the id was signed in between;
    ///   `StorageError`.
    public func begin(_ claim: Claim) async throws {
        try await pool.transaction { connection in
            let rows = try connection.query(
                "SELECT signature FROM coordinator_signatures WHERE request_id = $1", [.text(claim.request)])
            let contents: [SQLValue] = [
                .text(claim.request), .text(claim.wallet), .blob(claim.requestDigest), .blob(claim.message),
                .text(claim.spend),
            ]
            if let row = rows.first {
                guard case .null = row[0] else {
                    throw SignatureRecordError(.conflict, "request \"\(claim.request)\" was signed in between")
                }
                try connection.execute(
                    """
                    UPDATE coordinator_signatures
                    SET wallet = $2, request_digest = $3, message = $4, spend = $5, attempts = attempts + 1
                    WHERE request_id = $1 AND signature IS NULL
                    """, contents)
            } else {
                try connection.execute(
                    """
                    INSERT INTO coordinator_signatures (request_id, wallet, request_digest, message, spend, attempts)
                    VALUES ($1, $2, $3, $4, $5, 1)
                    """, contents)
            }
        }
    }

    /// Records `signature` for request `request`, claimed by this process, and ends its claim.
    /// When the record cannot be written (after three tries), the claim is kept: the request
    /// stays `inProgress` in this process, so that it is not signed again, until a restart
    /// completes the record from the audit log.
    public func finish(_ request: String, signature: [UInt8]) async throws {
        var tries = 0
        while true {
            do {
                try await pool.transaction { connection in
                    let changed = try connection.execute(
                        "UPDATE coordinator_signatures SET signature = $2 WHERE request_id = $1 AND signature IS NULL",
                        [.text(request), .blob(signature)])
                    guard changed == 1 else {
                        throw SignatureRecordError(
                            .corrupt, "request \"\(request)\" has no unsigned record to complete")
                    }
                }
                abandon(request)
                return
            } catch let error as SignatureRecordError {
                throw error
            } catch {
                tries += 1
                if tries >= 3 { throw error }
                try? await Task.sleep(for: .milliseconds(50 * tries))
            }
        }
    }

    /// Completes the record of request `request` with `signature` when it is unsigned and was
    /// for `wallet`, `message` and `spend`: what a `signature.completed` audit record shows that
    /// a stop between the audit append and ``finish`` left unrecorded. Returns true when it
    /// changed the record.
    public func recover(
        request: String, wallet: String, message: [UInt8], spend: String, signature: [UInt8]
    ) async throws -> Bool {
        try await pool.transaction { connection in
            try connection.execute(
                """
                UPDATE coordinator_signatures SET signature = $5
                WHERE request_id = $1 AND wallet = $2 AND message = $3 AND spend = $4 AND signature IS NULL
                """, [.text(request), .text(wallet), .blob(message), .text(spend), .blob(signature)]) == 1
        }
    }

    /// Ends this process's run of `request` without a signature: a later submission runs it again.
    public func abandon(_ request: String) {
        _ = inFlight.withLock { $0.remove(request) }
    }

    static func requireSame(_ claim: Claim, _ row: SQLRow) throws {
        let stored = try Claim(
            request: claim.request, wallet: row[0].text(), requestDigest: row[1].blob(), message: row[2].blob(),
            spend: row[3].text())
        guard stored == claim else {
            let differing = [
                stored.wallet == claim.wallet ? nil : "wallet",
                stored.requestDigest == claim.requestDigest ? nil : "request digest",
                stored.message == claim.message ? nil : "message", stored.spend == claim.spend ? nil : "spend",
            ].compactMap { $0 }
            throw SignatureRecordError(
                .conflict,
                "request \"\(claim.request)\" was submitted before with another \(differing.joined(separator: ", "))")
        }
    }
}

/// Why the signature records refused.
public struct SignatureRecordError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The request id was submitted before with another wallet, digest, message or spend.
        case conflict
        /// This process is signing the request now.
        case inProgress = "in progress"
        /// A stored row cannot be read.
        case corrupt
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}

enum SignatureRecordsSchema {
    static let migrations = [
        Migration(
            version: 1, name: "signatures",
            sqlite: """
                CREATE TABLE coordinator_signatures (
                    request_id TEXT PRIMARY KEY,
                    wallet TEXT NOT NULL,
                    request_digest BLOB NOT NULL,
                    message BLOB NOT NULL,
                    spend TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    signature BLOB);
                """,
            postgres: """
                CREATE TABLE coordinator_signatures (
                    request_id TEXT PRIMARY KEY,
                    wallet TEXT NOT NULL,
                    request_digest BYTEA NOT NULL,
                    message BYTEA NOT NULL,
                    spend TEXT NOT NULL,
                    attempts BIGINT NOT NULL,
                    signature BYTEA);
                """)
    ]
}
