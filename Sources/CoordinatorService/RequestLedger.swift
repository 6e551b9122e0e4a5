public import CustodyAPI
import Encoding
public import Policy
public import Storage

/// One request of the service API as the coordinator keeps it: what the caller sees
/// (`request`) and what the coordinator needs to carry it to a signature.
public struct LedgerEntry: Hashable, Sendable {
    /// What `GetRequest` returns.
    public var request: SigningRequest
    /// The service that created it (its initiator).
    public var service: String
    /// SHA-256 of the creating call's body, as `APIJSON.encode` writes it: a retry with the same
    /// idempotency key must have the same.
    public var bodyHash: [UInt8]
    /// The signed request (`policy.md` § Signed requests), canonical JSON.
    public var signedRequest: [UInt8]
    /// The officers' signed statements collected so far, a canonical JSON array.
    public var approvals: [UInt8]
    /// When the coordinator received it, in seconds since the Unix epoch.
    public var receivedAt: Int64
    /// `withdrawal`, or `rebalance` for the rebalancer's requests.
    public var label: String
    /// What leaves the wallet when it is signed (amount and fee), in the asset's smallest unit.
    public var spent: Int64
    /// The rule of the policy that last decided it (empty when none matched).
    public var rule: String
    /// The position of its latest change among all changes (set by the ledger).
    public internal(set) var changeSequence: Int64

    public init(
        request: SigningRequest, service: String, bodyHash: [UInt8], signedRequest: [UInt8], approvals: [UInt8],
        receivedAt: Int64, label: String, spent: Int64, rule: String = ""
    ) {
        self.request = request
        self.service = service
        self.bodyHash = bodyHash
        self.signedRequest = signedRequest
        self.approvals = approvals
        self.receivedAt = receivedAt
        self.label = label
        self.spent = spent
        self.rule = rule
        self.changeSequence = 0
    }
}

/// The coordinator's requests and deposits (`api.md` § Lifecycle), in its database (SQLite or
/// PostgreSQL; module `coordinator_requests`): each change of a request is a conditional update
/// on its state, so that of two coordinators on one database only one moves a request on, and
/// every change takes the next number of one counter, which `WatchRequests` follows.
public final class RequestLedger: Sendable {
    /// The module name of the ledger's migrations.
    public static let module = "coordinator_requests"

    let pool: any SQLConnectionPool
    /// The key cursors are authenticated with, made once per database.
    public let cursorKey: [UInt8]

    /// Opens the ledger in `pool`'s database, creating or migrating its tables.
    public init(pool: any SQLConnectionPool, randomBytes: @Sendable (Int) -> [UInt8]) async throws {
        self.pool = pool
        try await pool.withDatabase { database in
            try Migrator.migrate(database, module: Self.module, migrations: RequestLedgerSchema.migrations)
        }
        let candidate = randomBytes(32)
        cursorKey = try await pool.transaction { connection in
            let rows = try connection.query("SELECT value FROM coordinator_api_keys WHERE name = 'cursor'", [])
            if let row = rows.first { return try row[0].blob() }
            try connection.execute(
                "INSERT INTO coordinator_api_keys (name, value) VALUES ('cursor', $1)", [.blob(candidate)])
            return candidate
        }
    }

    static let columns = """
        message, service, body_hash, signed_request, approvals, received_at, label, spent, change_seq, rule
        """

    /// Records a new request, or finds the one its service made with the same idempotency key.
    /// - Returns: the stored entry, and whether this call created it.
    /// - Throws: ``RequestLedgerError`` `keyReused` when the key made a request with another
    ///   body; `idTaken`; `StorageError`.
    public func create(_ entry: LedgerEntry) async throws -> (entry: LedgerEntry, created: Bool) {
        let message = try APIJSON.encode(entry.request)
        return try await pool.transaction { connection in
            let existing = try connection.query(
                "SELECT \(Self.columns) FROM coordinator_requests WHERE service = $1 AND idempotency_key = $2",
                [.text(entry.service), .text(entry.request.idempotencyKey)])
            if let row = existing.first {
                let found = try Self.entry(row)
                guard found.bodyHash == entry.bodyHash else {
                    throw RequestLedgerError(
                        .keyReused,
                        "idempotencyKey '\(UntrustedText.printable(entry.request.idempotencyKey))' made request "
                            + "\(found.request.id) with another body")
                }
                return (found, false)
            }
            guard
                try connection.query("SELECT 1 FROM coordinator_requests WHERE id = $1", [.text(entry.request.id)])
                    .isEmpty
            else { throw RequestLedgerError(.idTaken, "request id \(entry.request.id) is taken") }
            let sequence = try Self.nextSequence(connection)
            try connection.execute(
                """
                INSERT INTO coordinator_requests (id, service, idempotency_key, wallet, state, created_at, not_before,
                    expires_at, change_seq, message, body_hash, signed_request, approvals, received_at, label, spent, rule)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                """,
                Self.keyColumns(entry) + [
                    .integer(sequence), .blob(message), .blob(entry.bodyHash), .blob(entry.signedRequest),
                    .blob(entry.approvals), .integer(entry.receivedAt), .text(entry.label), .integer(entry.spent),
                    .text(entry.rule),
                ])
            var stored = entry
            stored.changeSequence = sequence
            return (stored, true)
        }
    }

    /// The request `id`, whoever made it.
    public func entry(id: String) async throws -> LedgerEntry? {
        try await pool.transaction { connection in
            try connection.query("SELECT \(Self.columns) FROM coordinator_requests WHERE id = $1", [.text(id)]).first
                .map(Self.entry)
        }
    }

    /// The request `service` made with `idempotencyKey`.
    public func entry(service: String, idempotencyKey: String) async throws -> LedgerEntry? {
        try await pool.transaction { connection in
            try connection.query(
                "SELECT \(Self.columns) FROM coordinator_requests WHERE service = $1 AND idempotency_key = $2",
                [.text(service), .text(idempotencyKey)]
            ).first.map(Self.entry)
        }
    }

    /// A page of `service`'s requests (every service's when nil), newest first (`createdAt`
    /// descending, then `id` descending), of `wallet` and in `states` when given, after
    /// `after` (the last `createdAt` in microseconds and `id` of the previous page).
    public func list(
        service: String?, wallet: String?, states: Set<RequestState>, after: (createdAt: Int64, id: String)?,
        limit: Int
    ) async throws -> [LedgerEntry] {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        func bind(_ value: SQLValue) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        if let service { conditions.append("service = \(bind(.text(service)))") }
        if let wallet { conditions.append("wallet = \(bind(.text(wallet)))") }
        if !states.isEmpty {
            let names = states.map(\.name).sorted().map { bind(.text($0)) }
            conditions.append("state IN (\(names.joined(separator: ", ")))")
        }
        if let after {
            let time = bind(.integer(after.createdAt))
            let id = bind(.text(after.id))
            conditions.append("(created_at < \(time) OR (created_at = \(time) AND id < \(id)))")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(Self.columns) FROM coordinator_requests \(filter)
            ORDER BY created_at DESC, id DESC LIMIT \(bind(.integer(Int64(limit))))
            """
        let bound = parameters
        return try await pool.transaction { connection in try connection.query(sql, bound).map(Self.entry) }
    }

    /// `service`'s requests (of `wallet` when given) whose latest change came after change
    /// `after`, in the order of their latest change.
    public func changes(service: String, wallet: String?, after: Int64, limit: Int) async throws -> [LedgerEntry] {
        try await pool.transaction { connection in
            if let wallet {
                return try connection.query(
                    """
                    SELECT \(Self.columns) FROM coordinator_requests
                    WHERE service = $1 AND wallet = $2 AND change_seq > $3 ORDER BY change_seq LIMIT $4
                    """, [.text(service), .text(wallet), .integer(after), .integer(Int64(limit))]
                ).map(Self.entry)
            }
            return try connection.query(
                """
                SELECT \(Self.columns) FROM coordinator_requests
                WHERE service = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3
                """, [.text(service), .integer(after), .integer(Int64(limit))]
            ).map(Self.entry)
        }
    }

    /// Changes request `id` with `change` when its state is one of `from`, in one transaction:
    /// the change takes the next change number, `updatedAt` is `now`, and the request's lease
    /// becomes `lease` (none by default).
    /// - Returns: the changed entry, or nil when the request is not in one of `from` (another
    ///   coordinator or call moved it first).
    public func update(
        id: String, from: Set<RequestState>, now: Timestamp, lease: (owner: String, until: Int64)? = nil,
        _ change: @escaping @Sendable (inout LedgerEntry) -> Void
    ) async throws -> LedgerEntry? {
        // PostgreSQL: the row is locked until the end of the transaction, so two coordinators
        // cannot both read a state and move on from it. SQLite: BEGIN IMMEDIATE holds the writer lock.
        let lock = pool.dialect == .postgres ? " FOR UPDATE" : ""
        let leaseOwner: SQLValue = lease.map { .text($0.owner) } ?? .null
        let leaseUntil: SQLValue = lease.map { .integer($0.until) } ?? .null
        return try await pool.transaction { connection in
            guard
                let row = try connection.query(
                    "SELECT \(Self.columns) FROM coordinator_requests WHERE id = $1\(lock)", [.text(id)]
                ).first
            else { return nil }
            var entry = try Self.entry(row)
            guard from.contains(entry.request.state) else { return nil }
            let before = entry.request.state
            change(&entry)
            guard entry.request.state == before || before.successors.contains(entry.request.state) else {
                throw RequestLedgerError(
                    .raced, "request \(id) cannot move from \(before.name) to \(entry.request.state.name)")
            }
            entry.request.updatedAt = now
            let sequence = try Self.nextSequence(connection)
            entry.changeSequence = sequence
            let changed = try connection.execute(
                """
                UPDATE coordinator_requests SET state = $5, created_at = $6, not_before = $7, expires_at = $8,
                    change_seq = $9, message = $10, approvals = $11, lease_owner = $13, lease_until = $14, rule = $15
                WHERE id = $1 AND service = $2 AND idempotency_key = $3 AND wallet = $4 AND state = $12
                """,
                Self.keyColumns(entry) + [
                    .integer(sequence), .blob(try APIJSON.encode(entry.request)), .blob(entry.approvals),
                    .text(before.name), leaseOwner, leaseUntil, .text(entry.rule),
                ])
            guard changed == 1 else { throw RequestLedgerError(.raced, "request \(id) changed meanwhile") }
            return entry
        }
    }

    /// Leases request `id` to `owner` until `until` (microseconds) when its state is `state` and
    /// no other owner holds an unexpired lease: of two coordinators, one wins.
    public func lease(id: String, state: RequestState, owner: String, until: Int64, now: Int64) async throws -> Bool {
        try await pool.transaction { connection in
            try connection.execute(
                """
                UPDATE coordinator_requests SET lease_owner = $2, lease_until = $3
                WHERE id = $1 AND state = $4 AND (lease_until IS NULL OR lease_until < $5 OR lease_owner = $2)
                """, [.text(id), .text(owner), .integer(until), .text(state.name), .integer(now)]) == 1
        }
    }

    /// Requests that need the coordinator: approved ones whose time lock ended by `now`, signing
    /// ones whose lease ran out (their coordinator stopped), and open ones that expired; at most
    /// `limit`, oldest first. Times in microseconds.
    public func due(now: Int64, limit: Int) async throws -> [LedgerEntry] {
        try await pool.transaction { connection in
            try connection.query(
                """
                SELECT \(Self.columns) FROM coordinator_requests
                WHERE ((state = $1 AND (not_before IS NULL OR not_before <= $4))
                    OR (state IN ($1, $2) AND expires_at <= $4)
                    OR (state = $3))
                  AND (lease_until IS NULL OR lease_until < $4)
                ORDER BY created_at LIMIT $5
                """,
                [
                    .text(RequestState.approved.name), .text(RequestState.pendingApproval.name),
                    .text(RequestState.signing.name), .integer(now), .integer(Int64(limit)),
                ]
            ).map(Self.entry)
        }
    }

    // MARK: Deposits

    /// Records a deposit to `deposit.walletId`, idempotently by outpoint.
    /// - Throws: ``RequestLedgerError`` `keyReused` when the outpoint was registered with
    ///   another wallet or amount.
    public func register(_ deposit: Deposit, at micros: Int64) async throws -> (deposit: Deposit, created: Bool) {
        try await pool.transaction { connection in
            let rows = try connection.query(
                "SELECT wallet, amount, registered_at FROM coordinator_deposits WHERE txid = $1 AND vout = $2",
                [.text(deposit.txid), .integer(Int64(deposit.vout))])
            if let row = rows.first {
                let found = Deposit(
                    walletId: try row[0].text(), txid: deposit.txid, vout: deposit.vout, amount: try row[1].integer(),
                    registeredAt: Self.timestamp(micros: try row[2].integer()))
                guard found.walletId == deposit.walletId, found.amount == deposit.amount else {
                    throw RequestLedgerError(
                        .keyReused,
                        "output \(deposit.txid):\(deposit.vout) was registered before with another "
                            + (found.walletId == deposit.walletId ? "amount" : "wallet"))
                }
                return (found, false)
            }
            try connection.execute(
                "INSERT INTO coordinator_deposits (txid, vout, wallet, amount, registered_at) VALUES ($1, $2, $3, $4, $5)",
                [
                    .text(deposit.txid), .integer(Int64(deposit.vout)), .text(deposit.walletId),
                    .integer(deposit.amount), .integer(micros),
                ])
            var stored = deposit
            stored.registeredAt = Self.timestamp(micros: micros)
            return (stored, true)
        }
    }

    /// What the withdrawals signed since `since` (seconds) took out of their wallets, under which
    /// rule: the policy's history for velocity limits.
    public func history(since: Int64) async throws -> History {
        // A request is signed before it expires, so one signed since `since` was created no
        // earlier than a lifetime before: the database reads no older rows.
        let created = (since - ServiceAPI.requestLifetime) * 1_000_000
        let rows = try await pool.transaction { connection in
            try connection.query(
                """
                SELECT \(Self.columns) FROM coordinator_requests
                WHERE state = $1 AND label = 'withdrawal' AND created_at >= $2
                """, [.text(RequestState.signed.name), .integer(created)]
            ).map(Self.entry)
        }
        return History(
            transfers: rows.compactMap { entry in
                let at = entry.request.updatedAt?.seconds ?? 0
                guard at >= since else { return nil }
                return History.Transfer(
                    request: entry.request.id, wallet: entry.request.walletId, amount: entry.request.amount,
                    at: Instant(seconds: at), rule: entry.rule)
            })
    }

    /// Every request, oldest first.
    public func all() async throws -> [LedgerEntry] {
        try await pool.transaction { connection in
            try connection.query("SELECT \(Self.columns) FROM coordinator_requests ORDER BY created_at, id", []).map(
                Self.entry)
        }
    }

    /// The deposits registered to `wallet`.
    public func deposits(wallet: String) async throws -> [Deposit] {
        try await pool.transaction { connection in
            try connection.query(
                "SELECT txid, vout, amount, registered_at FROM coordinator_deposits WHERE wallet = $1 ORDER BY txid, vout",
                [.text(wallet)]
            ).map { row in
                Deposit(
                    walletId: wallet, txid: try row[0].text(), vout: UInt32(try row[1].integer()),
                    amount: try row[2].integer(), registeredAt: Self.timestamp(micros: try row[3].integer()))
            }
        }
    }

    /// The deposit registered at `txid`:`vout`, if any.
    public func deposit(txid: String, vout: UInt32) async throws -> Deposit? {
        try await pool.transaction { connection in
            try connection.query(
                "SELECT wallet, amount, registered_at FROM coordinator_deposits WHERE txid = $1 AND vout = $2",
                [.text(txid), .integer(Int64(vout))]
            ).first.map { row in
                Deposit(
                    walletId: try row[0].text(), txid: txid, vout: vout, amount: try row[1].integer(),
                    registeredAt: Self.timestamp(micros: try row[2].integer()))
            }
        }
    }

    /// Registered deposits less what signed requests spent, in the wallet's smallest unit.
    public func balance(wallet: String) async throws -> Int64 {
        try await pool.transaction { connection in
            let deposited =
                try connection.query(
                    "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM coordinator_deposits WHERE wallet = $1",
                    [.text(wallet)]
                ).first?[0].integer() ?? 0
            let spent =
                try connection.query(
                    "SELECT CAST(COALESCE(SUM(spent), 0) AS BIGINT) FROM coordinator_requests WHERE wallet = $1 AND state = $2",
                    [.text(wallet), .text(RequestState.signed.name)]
                ).first?[0].integer() ?? 0
            return deposited - spent
        }
    }

    // MARK: Rows

    static func keyColumns(_ entry: LedgerEntry) -> [SQLValue] {
        let request = entry.request
        return [
            .text(request.id), .text(entry.service), .text(request.idempotencyKey), .text(request.walletId),
            .text(request.state.name), .integer(micros(request.createdAt)),
            request.notBefore.map { .integer(micros($0)) } ?? .null, .integer(micros(request.expiresAt)),
        ]
    }

    static func nextSequence(_ connection: any SQLConnection) throws -> Int64 {
        try connection.execute("UPDATE coordinator_request_sequence SET value = value + 1 WHERE name = 'changes'", [])
        return try connection.query("SELECT value FROM coordinator_request_sequence WHERE name = 'changes'", []).first?[
            0
        ]
        .integer() ?? 0
    }

    static func entry(_ row: SQLRow) throws -> LedgerEntry {
        let message = try row[0].blob()
        let request: SigningRequest
        do {
            request = try APIJSON.decode(SigningRequest.self, from: message)
        } catch {
            throw RequestLedgerError(.corrupt, "a stored request cannot be read: \(error.message)")
        }
        var entry = LedgerEntry(
            request: request, service: try row[1].text(), bodyHash: try row[2].blob(),
            signedRequest: try row[3].blob(), approvals: try row[4].blob(), receivedAt: try row[5].integer(),
            label: try row[6].text(), spent: try row[7].integer())
        entry.changeSequence = try row[8].integer()
        entry.rule = try row[9].text()
        return entry
    }

    /// A timestamp in microseconds since the Unix epoch (0 for none).
    public static func micros(_ timestamp: Timestamp?) -> Int64 {
        guard let timestamp else { return 0 }
        return timestamp.seconds * 1_000_000 + Int64(timestamp.nanos / 1000)
    }

    /// The timestamp of `micros` microseconds since the Unix epoch.
    public static func timestamp(micros: Int64) -> Timestamp? {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        return Timestamp(seconds: seconds, nanos: Int32((micros - seconds * 1_000_000) * 1000))
    }
}

/// Why the request ledger refused.
public struct RequestLedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// An idempotency key, or a deposit's outpoint, used before for something else.
        case keyReused = "key reused"
        /// A new request's id exists.
        case idTaken = "id taken"
        /// Another transaction changed the request between the read and the write.
        case raced
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

enum RequestLedgerSchema {
    static let migrations = [
        Migration(
            version: 1, name: "requests",
            sqlite: """
                CREATE TABLE coordinator_requests (
                    id TEXT PRIMARY KEY,
                    service TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    wallet TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    not_before INTEGER,
                    expires_at INTEGER NOT NULL,
                    change_seq INTEGER NOT NULL,
                    message BLOB NOT NULL,
                    body_hash BLOB NOT NULL,
                    signed_request BLOB NOT NULL,
                    approvals BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    spent INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_until INTEGER,
                    UNIQUE (service, idempotency_key));
                CREATE INDEX coordinator_requests_listing ON coordinator_requests (service, created_at, id);
                CREATE INDEX coordinator_requests_changes ON coordinator_requests (service, change_seq);
                CREATE INDEX coordinator_requests_state ON coordinator_requests (state, not_before);
                CREATE TABLE coordinator_request_sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                INSERT INTO coordinator_request_sequence (name, value) VALUES ('changes', 0);
                CREATE TABLE coordinator_api_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE coordinator_deposits (
                    txid TEXT NOT NULL,
                    vout INTEGER NOT NULL,
                    wallet TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    registered_at INTEGER NOT NULL,
                    PRIMARY KEY (txid, vout));
                """,
            postgres: """
                CREATE TABLE coordinator_requests (
                    id TEXT PRIMARY KEY,
                    service TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    wallet TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    not_before BIGINT,
                    expires_at BIGINT NOT NULL,
                    change_seq BIGINT NOT NULL,
                    message BYTEA NOT NULL,
                    body_hash BYTEA NOT NULL,
                    signed_request BYTEA NOT NULL,
                    approvals BYTEA NOT NULL,
                    received_at BIGINT NOT NULL,
                    label TEXT NOT NULL,
                    spent BIGINT NOT NULL,
                    lease_owner TEXT,
                    lease_until BIGINT,
                    UNIQUE (service, idempotency_key));
                CREATE INDEX coordinator_requests_listing ON coordinator_requests (service, created_at, id);
                CREATE INDEX coordinator_requests_changes ON coordinator_requests (service, change_seq);
                CREATE INDEX coordinator_requests_state ON coordinator_requests (state, not_before);
                CREATE TABLE coordinator_request_sequence (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
                INSERT INTO coordinator_request_sequence (name, value) VALUES ('changes', 0);
                CREATE TABLE coordinator_api_keys (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
                CREATE TABLE coordinator_deposits (
                    txid TEXT NOT NULL,
                    vout BIGINT NOT NULL,
                    wallet TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    registered_at BIGINT NOT NULL,
                    PRIMARY KEY (txid, vout));
                """),
        Migration(
            version: 2, name: "deciding rule",
            sqlite: "ALTER TABLE coordinator_requests ADD COLUMN rule TEXT NOT NULL DEFAULT '';",
            postgres: "ALTER TABLE coordinator_requests ADD COLUMN rule TEXT NOT NULL DEFAULT '';"),
    ]
}
