public import AuditLog
import Dispatch
import Foundation
public import Storage
import Synchronization

/// The audit log kept in a database: it opens (or creates) the log, checks the stored rows
/// exactly as an auditor would, and appends records durably with group commit.
///
/// Concurrent appends are queued and written by one writer, a batch per transaction, and every
/// transaction ends in a checkpoint of the whole log signed by the active key, written in the
/// same transaction: every caller of a batch gets its record back only after the commit (fsync
/// in SQLite, synchronous commit in PostgreSQL), and every stored record is covered by a signed
/// checkpoint. A row beyond the last checkpoint was therefore not written by this log: reopening
/// reports it as tampering and refuses to continue; it is never adopted or signed. A failed
/// commit fails every caller of the batch and leaves the head as it was. If the database then no
/// longer matches the head (a commit whose outcome is unknown), the log refuses appends until it
/// is reopened.
///
/// The rules (records, chain, tree, checkpoints, key rotations) are ``AuditLogStateMachine``'s;
/// this type drives it and keeps batching and I/O only: it queues callers, hands the machine a
/// batch and the clock's reading, writes the transaction the machine returns, reports the
/// outcome to it, and answers the callers.
///
/// One process appends to a log: a second writer's batch would not continue the log and is
/// refused by ``AuditStore``, never forked.
public final class PersistentAuditLog: Sendable {
    /// The log's origin line.
    public let origin: String
    /// The key that signed from record 0 on.
    public let genesisKey: NoteVerifierKey
    /// The storage.
    public let store: AuditStore
    /// The most records one transaction carries.
    public let maximumBatch: Int
    /// The clock: microseconds since 1970, read once per batch for records given no time.
    public let clock: @Sendable () -> Int64
    private let state: Mutex<State>
    /// The state machine; only the writer queue uses it.
    private let machine: Mutex<AuditLogStateMachine>
    private let writer = DispatchQueue(label: "custody.audit.writer")

    typealias Head = AuditLogStateMachine.Head

    enum Request: Sendable {
        case append(Entry, CheckedContinuation<AuditRecord, any Error>)
        case checkpoint(CheckedContinuation<SignedNote, any Error>)
    }

    struct Entry: Sendable {
        let draft: AuditLogStateMachine.Draft
        /// For a rotation: the signer of the new key.
        let rotation: (any NoteSigner)?
    }

    struct State: Sendable {
        var head: Head
        var signers: [any NoteSigner]
        var pending: [Request] = []
        var writing = false
        var unavailable: AuditStorageError?
        var batches = 0
        var batchedRecords = 0
    }

    /// Opens the log in `database`, migrating the schema unless `migrate` is false (an
    /// application role with INSERT and SELECT only cannot migrate: its owner does): creates it
    /// with `origin` and `genesisKey` if the database holds none, or checks that the stored log
    /// has them and verifies it as ``AuditDatabase/verify(database:trustedKey:pinned:)`` does.
    ///
    /// - Parameters:
    ///   - signers: checkpoint signers; the one holding the active key signs the checkpoint that
    ///     ends every transaction.
    ///   - clock: microseconds since 1970; the system's real-time clock unless given.
    /// - Throws: ``AuditStorageError`` `.mismatch` for a log of another origin or key, `.corrupt`
    ///   for a stored log that does not verify or holds records no checkpoint covers (rows this
    ///   writer did not write); `AuditError` `.invalidKey` if no signer holds the active key;
    ///   `StorageError` from the database.
    public init(
        database: any SQLDatabase, origin: String, genesisKey: NoteVerifierKey, signers: [any NoteSigner],
        maximumBatch: Int = 4096, migrate: Bool = true, clock: @escaping @Sendable () -> Int64 = systemClock
    ) throws {
        let store = try AuditStore(database: database, migrate: migrate)
        if let stored = try store.metadata() {
            guard stored.origin == origin, stored.genesisKey == genesisKey.vkey else {
                throw AuditStorageError(
                    .mismatch,
                    "the database holds the log \(stored.origin) with genesis key \(stored.genesisKey), "
                        + "not \(origin) with \(genesisKey.vkey)")
            }
        } else {
            guard !origin.isEmpty, !origin.contains("\n") else {
                throw AuditStorageError(.notALog, "an origin is one non-empty line")
            }
            try store.setMetadata(origin: origin, genesisKey: genesisKey.vkey)
        }
        let machine = try Self.rebuild(store: store, origin: origin, genesisKey: genesisKey)
        let head = machine.head
        guard signers.contains(where: { $0.verifierKey == head.activeKey }) else {
            throw AuditError(.invalidKey, "no checkpoint signer holds the active key \(head.activeKey.vkey)")
        }
        self.origin = origin
        self.genesisKey = genesisKey
        self.store = store
        self.maximumBatch = max(1, maximumBatch)
        self.clock = clock
        self.state = Mutex(State(head: head, signers: signers))
        self.machine = Mutex(machine)
    }

    /// Reads the stored log and verifies it as an auditor would, with the genesis key trusted;
    /// the log must be OK with every record covered by a checkpoint. Its records are replayed
    /// into the state machine.
    static func rebuild(store: AuditStore, origin: String, genesisKey: NoteVerifierKey) throws
        -> AuditLogStateMachine
    {
        let bundle = try AuditDatabase.bundle(database: store.database)
        let result = try BundleVerifier.examine(bundle.serialized(), trustedKey: genesisKey)
        guard case .ok(let size, _, let unsigned) = result.verdict else {
            throw AuditStorageError(.corrupt, "the stored log does not verify: \(result.verdict)")
        }
        guard unsigned == 0 else {
            throw AuditStorageError(
                .corrupt,
                "TAMPERED: records \(size)..<\(size + unsigned) follow the last checkpoint; this log commits "
                    + "every record with a checkpoint, so they were not written by it")
        }
        return AuditLogStateMachine(
            origin: origin, activeKey: result.activeKey, entries: bundle.entries,
            checkpoint: try bundle.checkpoints.last.map { try SignedNote(parsing: $0) })
    }

    // MARK: - The head

    /// The number of committed records.
    public var size: UInt64 { state.withLock { $0.head.size } }
    /// `hash(size - 1)`, or the genesis value.
    public var head: [UInt8] { state.withLock { $0.head.chainHash } }
    /// The Merkle root of the committed records.
    public var root: [UInt8] { state.withLock { $0.head.root } }
    /// The key that must sign the next checkpoint.
    public var activeKey: NoteVerifierKey { state.withLock { $0.head.activeKey } }
    /// The size of the last checkpoint stored, if any.
    public var checkpointSize: UInt64? { state.withLock { $0.head.checkpointSize } }
    /// Transactions committed with records, and the records they carried (group commit at work).
    public var commits: (batches: Int, records: Int) { state.withLock { ($0.batches, $0.batchedRecords) } }

    // MARK: - Appending

    /// Appends a record and returns it once it is durable, with a checkpoint that covers it.
    ///
    /// - Parameter time: microseconds since 1970; the time of the batch's commit when nil.
    /// - Throws: `AuditError` for a record that cannot be encoded (nothing is queued), the
    ///   commit's or the signer's error if its batch failed, ``AuditStorageError`` `.unavailable`
    ///   if the log can no longer append.
    @discardableResult
    public func append(type: RecordType, actor: String, payload: [UInt8], time: Int64? = nil) async throws
        -> AuditRecord
    {
        // Reject what cannot be encoded before it joins a batch (it would fail the others).
        let draft = try AuditLogStateMachine.Draft.record(type: type, actor: actor, payload: payload, time: time)
        return try await enqueue(Entry(draft: draft, rotation: nil))
    }

    /// Rotates the checkpoint key to `newSigner`'s key: the rotation record carries the active
    /// key's signature over the new key and the record's index (``KeyRotation``), the checkpoint
    /// that ends its transaction is still signed by the active key (it signs the rotation off),
    /// and later checkpoints by `newSigner`.
    @discardableResult
    public func rotateKey(to newSigner: any NoteSigner, actor: String, time: Int64? = nil) async throws
        -> AuditRecord
    {
        try await enqueue(
            Entry(
                draft: .rotation(to: newSigner.verifierKey, actor: actor, time: time),
                rotation: newSigner))
    }

    /// The checkpoint of every record committed before this call (the one written with the last
    /// commit). An empty log is checkpointed at size 0 the first time it is asked.
    @discardableResult
    public func checkpoint() async throws -> SignedNote {
        try await withCheckedThrowingContinuation { continuation in
            submit(.checkpoint(continuation))
        }
    }

    private func enqueue(_ entry: Entry) async throws -> AuditRecord {
        try await withCheckedThrowingContinuation { continuation in
            submit(.append(entry, continuation))
        }
    }

    private func submit(_ request: Request) {
        let start: Bool = state.withLock { state in
            state.pending.append(request)
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        if start { writer.async { self.drain() } }
    }

    /// The writer: takes what is queued, commits it, answers, until the queue is empty. A
    /// rotation ends its transaction, so that its checkpoint signs it off before the next one.
    private func drain() {
        var lastBatch = 0
        while true {
            gather(expecting: lastBatch)
            let taken: (requests: [Request], unavailable: AuditStorageError?)? = state.withLock { state in
                guard !state.pending.isEmpty else {
                    state.writing = false
                    return nil
                }
                var count = 0
                var appends = 0
                for request in state.pending {
                    if case .append = request {
                        guard appends < maximumBatch else { break }
                        appends += 1
                    }
                    count += 1
                }
                let requests = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return (requests, state.unavailable)
            }
            guard let (requests, unavailable) = taken else { return }
            lastBatch = requests.count
            if let unavailable {
                for request in requests { request.fail(unavailable) }
                continue
            }
            var segment: [(Entry, CheckedContinuation<AuditRecord, any Error>)] = []
            for request in requests {
                switch request {
                case .append(let entry, let continuation):
                    segment.append((entry, continuation))
                    if entry.rotation != nil {
                        commit(segment)
                        segment = []
                    }
                case .checkpoint(let continuation):
                    commit(segment)
                    segment = []
                    do {
                        continuation.resume(returning: try checkpointNow())
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            commit(segment)
        }
    }

    /// Lets a batch fill before it is taken: the callers of the last batch come back a few at a
    /// time once it is answered, so while fewer are queued than the last batch had, and more keep
    /// arriving, wait a little (at most 200 µs; a commit costs one fsync, far more).
    private func gather(expecting lastBatch: Int) {
        var previous = state.withLock { $0.pending.count }
        for _ in 0..<8 where previous < min(lastBatch, maximumBatch) {
            usleep(25)
            let count = state.withLock { $0.pending.count }
            if count == previous { return }
            previous = count
        }
    }

    /// Writes one batch and the checkpoint that covers it in one transaction, then answers its
    /// callers.
    private func commit(_ batch: [(Entry, CheckedContinuation<AuditRecord, any Error>)]) {
        guard !batch.isEmpty else { return }
        let now = clock()
        let signers = state.withLock { $0.signers }
        let committed: AuditLogStateMachine.Transaction
        do {
            committed = try write(batch.map(\.0.draft), now: now, signers: signers)
        } catch {
            for (_, continuation) in batch { continuation.resume(throwing: error) }
            return
        }
        let newSigners = batch.compactMap(\.0.rotation)
        state.withLock { state in
            state.batches += 1
            state.batchedRecords += committed.rows.count
            for newSigner in newSigners
            where !state.signers.contains(where: { $0.verifierKey == newSigner.verifierKey }) {
                state.signers.append(newSigner)
            }
        }
        for ((_, continuation), record) in zip(batch, committed.records) { continuation.resume(returning: record) }
    }

    /// The checkpoint of every committed record: the head's, or, for an empty log never
    /// checkpointed, one of size 0 written now.
    private func checkpointNow() throws -> SignedNote {
        if let unavailable = state.withLock({ $0.unavailable }) { throw unavailable }
        let signers = state.withLock { $0.signers }
        switch try machine.withLock({ try $0.checkpointNow(signers: signers) }) {
        case .answer(let note): return note
        case .write(let transaction): return try persist(transaction).checkpoint!
        }
    }

    /// Asks the machine for the transaction of `drafts` ending in a checkpoint, and stores it.
    private func write(_ drafts: [AuditLogStateMachine.Draft], now: Int64, signers: [any NoteSigner]) throws
        -> AuditLogStateMachine.Transaction
    {
        let transaction = try machine.withLock {
            try $0.append(drafts, now: now, signers: signers, checkpoint: true)
        }
        return try persist(transaction)
    }

    /// Writes `transaction` in one database transaction and reports the outcome to the machine;
    /// the published head moves only after the commit.
    private func persist(_ transaction: AuditLogStateMachine.Transaction) throws -> AuditLogStateMachine.Transaction {
        var index = Int64(transaction.firstIndex)
        let rows = transaction.rows.map { entry in
            defer { index += 1 }
            return AuditRow(index: index, record: entry.record, chainHash: entry.chainHash)
        }
        do {
            try store.append(rows, checkpoint: (Int64(transaction.size), transaction.checkpoint!.serialized))
        } catch {
            let head = machine.withLock { machine in
                machine.failed()
                return machine.head
            }
            if error is StorageError { checkAfterFailure(head: head, error: error) }
            throw error
        }
        let head = machine.withLock { machine in
            machine.committed()
            return machine.head
        }
        state.withLock { $0.head = head }
        return transaction
    }

    /// After a failed commit: if the database does not hold exactly the committed head (the
    /// outcome of the commit is unknown, or another writer appended), refuse further appends.
    private func checkAfterFailure(head: Head, error: any Error) {
        let stored = try? store.nextIndex()
        guard stored != Int64(head.size) else { return }
        let reason =
            stored.map { "the database holds \($0) records, the log's head \(head.size): reopen the log" }
            ?? "a commit failed (\(error)) and the database cannot be read: reopen the log"
        state.withLock { $0.unavailable = AuditStorageError(.unavailable, reason) }
    }

    /// The system's real-time clock, in microseconds since 1970.
    public static let systemClock: @Sendable () -> Int64 = {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    // MARK: - Reading

    /// The log as an offline bundle, read from the database.
    public func bundle() throws -> AuditBundle { try AuditDatabase.bundle(database: store.database) }
}

extension PersistentAuditLog.Request {
    func fail(_ error: any Error) {
        switch self {
        case .append(_, let continuation): continuation.resume(throwing: error)
        case .checkpoint(let continuation): continuation.resume(throwing: error)
        }
    }
}
