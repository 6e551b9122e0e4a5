public import FROST
public import Policy
public import Storage

/// The signer's durable ledgers: every nonce it issued, with what each signed, and every
/// request it signed. A library with no transport, for the signer daemon's driver of
/// `SignerStateMachine`; its rules are in `docs/signer-store.md`.
///
/// **Nonces are never reused, crashes included.** A nonce is recorded `issued` durably before
/// its commitments may be released (`issue` returns only after the commit), and
/// `consumed` with its session, package digest and share durably before the share may be
/// released (``consume(_:session:packageDigest:share:signing:)`` returns only after the commit).
/// A state moves once, from `issued` to `consumed` or `burned`, checked in the same transaction
/// as the write. Asked again for the same session and package, a consumed nonce gives the share
/// recorded then, never a new one; any other session or package, or a burned nonce, is refused.
/// Opening the ledger burns every nonce still `issued`: its secret nonce lived only in the
/// memory of the process that issued it.
///
/// **Secret nonces are never written**: the ledger takes commitments, ids, digests and shares,
/// all public once released, and no secret.
///
/// **Group commit**: concurrent callers' writes are applied by one writer, many to a transaction
/// and its one fsync (``GroupCommitWriter``).
///
/// One process writes to a ledger. The caller keeps the pool open until its calls have returned.
public final class SignerLedger: Sendable {
    /// The database.
    public let pool: any SQLConnectionPool
    /// How many nonces opening the ledger found still `issued` and burned.
    public let burnedAtOpen: Int
    let writer: GroupCommitWriter

    /// What to do with a share request for a nonce (``admit(_:session:packageDigest:)``).
    public enum Admission: Hashable, Sendable {
        /// The nonce is issued and unused: sign, then ``consume(_:session:packageDigest:share:signing:)``.
        case signNow
        /// The nonce was consumed for this session and package: release this recorded share,
        /// and never compute another.
        case releaseRecorded([UInt8])
    }

    private init(pool: any SQLConnectionPool, burnedAtOpen: Int, maximumBatch: Int) {
        self.pool = pool
        self.burnedAtOpen = burnedAtOpen
        writer = GroupCommitWriter(pool: pool, maximumBatch: maximumBatch)
    }

    /// Opens the ledger in `pool`'s database: applies the module `signer`'s pending migrations,
    /// then burns (reason `restart`) every nonce still `issued`, in one transaction, and
    /// reports how many in ``burnedAtOpen``.
    ///
    /// - Parameter maximumBatch: the most operations one transaction carries (at least 1).
    /// - Throws: `StorageError` from the database; nothing is burned if the transaction fails.
    public static func open(pool: any SQLConnectionPool, maximumBatch: Int = 1024) async throws -> SignerLedger {
        try await pool.withDatabase { database in
            try Migrator.migrate(database, module: SignerStoreSchema.module, migrations: SignerStoreSchema.migrations)
        }
        let burned = try await pool.transaction { connection in
            try connection.execute(
                "UPDATE signer_nonces SET state = 'burned', burn_reason = $1 WHERE state = 'issued'",
                [.text(BurnReason.restart.rawValue)])
        }
        return SignerLedger(pool: pool, burnedAtOpen: burned, maximumBatch: maximumBatch)
    }

    /// Transactions the writer committed, and the operations they carried (group commit at work).
    public var commits: (transactions: Int, operations: Int) { writer.commits }

    // MARK: - Nonces

    /// Records `commitments` as issued and returns their id once that is durable: only then may
    /// the commitments be released.
    ///
    /// - Throws: `nonceAlreadyIssued` when these commitments were issued before (nothing is
    ///   written); `StorageError` when the transaction failed (nothing is written).
    @discardableResult
    public func issue(_ commitments: SigningCommitments) async throws -> NonceID {
        try await issue([commitments])[0]
    }

    /// Records many commitments (a preprocessed pool) as issued, all or none, in one operation.
    ///
    /// - Throws: `nonceAlreadyIssued` when any was issued before or appears twice (nothing is
    ///   written); `invalidInput` for an empty list.
    @discardableResult
    public func issue(_ commitments: [SigningCommitments]) async throws -> [NonceID] {
        guard !commitments.isEmpty else { throw SignerStoreError(.invalidInput, "no commitments to issue") }
        let rows = commitments.map { (id: NonceID($0), commitments: StoredCommitments.encode($0)) }
        _ = try await writer.submit(.issue(rows))
        return rows.map(\.id)
    }

    /// Whether a share may be computed for `nonce` in `session` for the package whose digest is
    /// `packageDigest`. Read-only: the decision that counts is ``consume(_:session:packageDigest:share:signing:)``'s,
    /// in its own transaction.
    ///
    /// - Throws: `unknownNonce`, `nonceBurned`, or `nonceConsumed` when the nonce signed
    ///   another session or package; `invalidInput` for a wrong-sized argument.
    public func admit(_ nonce: NonceID, session: [UInt8], packageDigest: [UInt8]) async throws -> Admission {
        // Validates the sizes as consume does; the share is a placeholder, never stored.
        _ = try NonceConsumption(session: session, packageDigest: packageDigest, share: [0])
        guard let record = try await self.nonce(nonce) else {
            throw SignerStoreError(.unknownNonce, "nonce \(nonce) was never issued")
        }
        switch record.state {
        case .issued: return .signNow
        case .burned: throw SignerStoreError(.nonceBurned, "nonce \(nonce) was burned; it never signs")
        case .consumed:
            let recorded = record.consumption!
            guard recorded.matches(session: session, packageDigest: packageDigest) else {
                throw SignerStoreError(
                    .nonceConsumed, "nonce \(nonce) was consumed for another session or package; it never signs another"
                )
            }
            return .releaseRecorded(recorded.share)
        }
    }

    /// Records `nonce` as consumed by `session` for the package `packageDigest` with `share`
    /// (and, in the same transaction, `signing` in the signing ledger, unless the same signing
    /// is recorded already), and returns the share to release once that is durable.
    ///
    /// If the nonce was consumed before for the same session and package, nothing is written
    /// and the share recorded then is returned (`wasRecordedBefore`), never `share`.
    ///
    /// - Throws, writing nothing: `unknownNonce`; `nonceBurned`; `nonceConsumed` when it was
    ///   consumed for another session or package; `conflictingSigning` when `signing`
    ///   disagrees with a recorded signing of its request id or digest; `invalidInput` for a
    ///   session id of other than 1 to 64 bytes, a digest of other than 32, a share of other
    ///   than 1 to 64; `StorageError` when the transaction failed.
    public func consume(
        _ nonce: NonceID, session: [UInt8], packageDigest: [UInt8], share: [UInt8], signing: SigningRecord? = nil
    ) async throws -> ReleasedShare {
        let consumption = try NonceConsumption(session: session, packageDigest: packageDigest, share: share)
        guard case .released(let released) = try await writer.submit(.consume(nonce, consumption, signing)) else {
            preconditionFailure("a consume answered with another outcome")
        }
        return released
    }

    /// Records `nonce` as burned, durably: it never signs. Returns false when it was burned
    /// before (nothing is written).
    ///
    /// - Throws: `unknownNonce`; `nonceConsumed` for a consumed nonce (it stays consumed).
    @discardableResult
    public func burn(_ nonce: NonceID, reason: BurnReason) async throws -> Bool {
        guard case .burned(let before) = try await writer.submit(.burn(nonce, reason)) else {
            preconditionFailure("a burn answered with another outcome")
        }
        return !before
    }

    /// The record of `nonce`, nil if it was never issued.
    public func nonce(_ nonce: NonceID) async throws -> NonceRecord? {
        try await pool.transaction { try LedgerQueries.nonce(nonce, $0) }
    }

    /// Every nonce, ordered by id.
    public func nonces() async throws -> [NonceRecord] {
        try await pool.transaction { try LedgerQueries.nonces($0) }
    }

    /// How many nonces are in `state`.
    public func count(_ state: NonceState) async throws -> Int {
        try await pool.transaction { try LedgerQueries.count(state, $0) }
    }

    // MARK: - Signings

    /// Records a signing on its own (``consume(_:session:packageDigest:share:signing:)`` records
    /// it with the nonce), durably.
    ///
    /// - Returns: `.recorded`, or `.alreadyRecorded` with the stored record when the same
    ///   signing (request, digest, wallet, amount) was recorded before; it counts once.
    /// - Throws: `conflictingSigning` when a recorded signing has this request id or digest but
    ///   differs; nothing is written.
    @discardableResult
    public func record(_ signing: SigningRecord) async throws -> SigningOutcome {
        guard case .signing(let outcome) = try await writer.submit(.recordSigning(signing)) else {
            preconditionFailure("a signing record answered with another outcome")
        }
        return outcome
    }

    /// When this signer first saw the request with digest `digest`, if it recorded it.
    public func firstSeen(digest: [UInt8]) async throws -> Instant? {
        try await pool.transaction { connection in
            try connection.query("SELECT at FROM signer_first_seen WHERE digest = $1", [.blob(digest)]).first.map {
                Instant(seconds: try $0[0].integer())
            }
        }
    }

    /// Records that this signer first saw the request with digest `digest` at `at`, durably,
    /// unless a first sight of it is recorded already; returns the recorded time, which an
    /// earlier record keeps.
    /// - Throws: ``SignerStoreError`` `invalidInput` for a digest of other than 32 bytes;
    ///   `StorageError` when the transaction failed.
    public func recordFirstSeen(digest: [UInt8], at: Instant) async throws -> Instant {
        guard digest.count == 32 else {
            throw SignerStoreError(.invalidInput, "a request digest is 32 bytes, not \(digest.count)")
        }
        return try await pool.transaction { connection in
            if let row = try connection.query("SELECT at FROM signer_first_seen WHERE digest = $1", [.blob(digest)])
                .first
            {
                return Instant(seconds: try row[0].integer())
            }
            try connection.execute(
                "INSERT INTO signer_first_seen (digest, at) VALUES ($1, $2)", [.blob(digest), .integer(at.seconds)])
            return at
        }
    }

    /// Records the verified freeze or unfreeze `event` of request `request` (digest `digest`),
    /// durably, unless that request is recorded already: then nothing changes and the recorded
    /// event is returned with `wasRecordedBefore`.
    /// - Throws: ``SignerStoreError`` `invalidInput` for a request id of other than 1 to 256
    ///   bytes or a digest of other than 32; `conflictingSigning` when the request id or the
    ///   digest is recorded with the other; `StorageError`.
    public func recordFreeze(request: String, digest: [UInt8], event: History.FreezeEvent) async throws
        -> (event: History.FreezeEvent, wasRecordedBefore: Bool)
    {
        guard (1...256).contains(request.utf8.count), digest.count == 32 else {
            throw SignerStoreError(.invalidInput, "a freeze's request id is 1 to 256 bytes and its digest 32")
        }
        return try await pool.transaction { connection in
            if let recorded = try Self.recordedFreeze(request: request, digest: digest, connection) {
                return (recorded, true)
            }
            try connection.execute(
                "INSERT INTO signer_freezes (request, digest, kind, at) VALUES ($1, $2, $3, $4)",
                [.text(request), .blob(digest), .text(event.kind.rawValue), .integer(event.at.seconds)])
            return (event, false)
        }
    }

    /// The event recorded for the freeze or unfreeze request `request` (digest `digest`), if any.
    /// - Throws: ``SignerStoreError`` `conflictingSigning` when the request id or the digest is
    ///   recorded with the other.
    public func recordedFreeze(request: String, digest: [UInt8]) async throws -> History.FreezeEvent? {
        try await pool.transaction { try Self.recordedFreeze(request: request, digest: digest, $0) }
    }

    static func recordedFreeze(request: String, digest: [UInt8], _ connection: any SQLConnection) throws
        -> History.FreezeEvent?
    {
        let rows = try connection.query(
            "SELECT request, digest, kind, at FROM signer_freezes WHERE request = $1 OR digest = $2",
            [.text(request), .blob(digest)])
        guard let row = rows.first else { return nil }
        guard try row[0].text() == request, try row[1].blob() == digest,
            let kind = History.FreezeEvent.Kind(rawValue: try row[2].text())
        else {
            throw SignerStoreError(.conflictingSigning, "the freeze request id or digest is recorded with another")
        }
        return History.FreezeEvent(kind: kind, at: Instant(seconds: try row[3].integer()))
    }

    /// Every recorded freeze and unfreeze, oldest first, as Policy's `History.freezes` holds them.
    public func freezes() async throws -> [History.FreezeEvent] {
        try await pool.transaction { connection in
            try connection.query("SELECT kind, at FROM signer_freezes ORDER BY at, request", []).map { row in
                guard let kind = History.FreezeEvent.Kind(rawValue: try row[0].text()) else {
                    throw SignerStoreError(.invalidInput, "a stored freeze has an unknown kind")
                }
                return History.FreezeEvent(kind: kind, at: Instant(seconds: try row[1].integer()))
            }
        }
    }

    /// The recorded signing of request id `request`, if any.
    public func signing(request: String) async throws -> SigningRecord? {
        try await pool.transaction { connection in
            try connection.query(
                "SELECT \(LedgerQueries.signingColumns) FROM signer_signatures WHERE request = $1", [.text(request)]
            ).first.map(LedgerQueries.decodeSigning)
        }
    }

    /// The recorded signing of the request whose digest is `digest`, if any.
    public func signing(digest: [UInt8]) async throws -> SigningRecord? {
        try await pool.transaction { connection in
            try connection.query(
                "SELECT \(LedgerQueries.signingColumns) FROM signer_signatures WHERE digest = $1", [.blob(digest)]
            ).first.map(LedgerQueries.decodeSigning)
        }
    }

    /// Refuses a request already signed: throws `alreadySigned` when a signing is recorded
    /// with request id `request` or with digest `digest`.
    public func refuseIfSigned(request: String, digest: [UInt8]) async throws {
        let found = try await pool.transaction { try LedgerQueries.signings(request: request, digest: digest, $0) }
        if let first = found.first {
            throw SignerStoreError(
                .alreadySigned,
                first.request == request
                    ? "this request id was signed at \(first.at)"
                    : "a request with this digest was signed at \(first.at)")
        }
    }

    /// The amount and number of `wallet`'s signings with `since < at` (the lower end excluded,
    /// as Policy's velocity windows exclude it). The sum cannot overflow (128 bits).
    public func velocity(wallet: String, since: Instant) async throws -> (amount: Int128, count: Int) {
        let signings = try await pool.transaction { try LedgerQueries.signings(wallet: wallet, after: since, $0) }
        return (signings.reduce(Int128(0)) { $0 + Int128($1.amount) }, signings.count)
    }

    /// The signings with `since < at`, oldest first, as Policy's `History` holds them: each a
    /// transfer (its rule the one recorded). `freezes`, `allowlistAdditions` and `executed` are
    /// left empty: the signer's driver fills them from its other records, and decides itself
    /// whether a signed request may be signed again in a later ROAST session.
    public func history(since: Instant) async throws -> History {
        let signings = try await pool.transaction { try LedgerQueries.signings(wallet: nil, after: since, $0) }
        return History(transfers: signings.map(\.transfer))
    }
}
