public import AuditLog
import Dispatch
import Foundation
public import Storage
import Synchronization

/// The audit log kept in a database: it opens (or creates) the log, rebuilds its chain head and
/// Merkle frontier from the stored rows, and appends records durably with group commit.
///
/// Concurrent appends are queued and written by one writer, a batch per transaction: every caller
/// of a batch gets its record back only after the commit (fsync in SQLite, synchronous commit in
/// PostgreSQL). A failed commit fails every caller of the batch and leaves the head as it was:
/// no record, no action. If the database then no longer matches the head (a commit whose outcome
/// is unknown), the log refuses appends until it is reopened.
///
/// One process appends to a log: a second writer's batch would not continue the log and is
/// refused by ``AuditStore``, never forked.
public final class PersistentAuditLog: Sendable {
    /// When to sign checkpoints without being asked.
    public struct AutomaticCheckpoints: Sendable {
        /// Sign once at least this many records follow the last checkpoint.
        public var every: Int
        /// Or once this much time has passed since the last checkpoint, with new records.
        public var interval: Duration?
        /// The signers; the one holding the active key signs (add the next key's before rotating).
        public var signers: [any NoteSigner]

        public init(every: Int, interval: Duration? = nil, signers: [any NoteSigner]) {
            self.every = max(1, every)
            self.interval = interval
            self.signers = signers
        }
    }

    /// The log's origin line.
    public let origin: String
    /// The key that signed from record 0 on.
    public let genesisKey: NoteVerifierKey
    /// The storage.
    public let store: AuditStore
    /// The most records one transaction carries.
    public let maximumBatch: Int
    private let automatic: AutomaticCheckpoints?
    private let state: Mutex<State>
    private let writer = DispatchQueue(label: "custody.audit.writer")

    /// The head of the log as committed.
    struct Head: Sendable {
        var size: UInt64 = 0
        var chainHash = HashChain.genesis
        var frontier = MerkleFrontier()
        var activeKey: NoteVerifierKey
        var pendingKey: NoteVerifierKey?
        var checkpointSize: UInt64?
        var checkpointTime = ContinuousClock.now
    }

    enum Request: Sendable {
        case append(Entry, CheckedContinuation<AuditRecord, any Error>)
        case checkpoint(any NoteSigner, CheckedContinuation<SignedNote, any Error>)
    }

    struct Entry: Sendable {
        let time: Int64?
        let type: RecordType
        let actor: String
        let payload: [UInt8]
        let rotation: NoteVerifierKey?
    }

    struct State: Sendable {
        var head: Head
        var pending: [Request] = []
        var writing = false
        var unavailable: AuditStorageError?
        var automaticFailure: (any Error)?
        var batches = 0
        var batchedRecords = 0
    }

    /// Opens the log in `database`, migrating the schema unless `migrate` is false (an
    /// application role with INSERT and SELECT only cannot migrate: its owner does): creates it
    /// with `origin` and `genesisKey` if the database holds none, or checks that the stored log
    /// has them. Reads every stored record once, checking the chain and the stored checkpoints'
    /// roots and signatures.
    ///
    /// - Throws: ``AuditStorageError`` `.mismatch` for a log of another origin or key, `.corrupt`
    ///   for a stored log that does not verify; `StorageError` from the database.
    public init(
        database: any SQLDatabase, origin: String, genesisKey: NoteVerifierKey,
        automaticCheckpoints: AutomaticCheckpoints? = nil, maximumBatch: Int = 4096, migrate: Bool = true
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
        self.origin = origin
        self.genesisKey = genesisKey
        self.store = store
        self.maximumBatch = max(1, maximumBatch)
        self.automatic = automaticCheckpoints
        self.state = Mutex(State(head: try Self.rebuild(store: store, origin: origin, genesisKey: genesisKey)))
    }

    /// Reads the stored log: the chain (each record's index, previous hash and stored chain hash),
    /// the frontier, the checkpoints' roots, and the key history of the writer.
    static func rebuild(store: AuditStore, origin: String, genesisKey: NoteVerifierKey) throws -> Head {
        var checkpoints: [(size: UInt64, note: SignedNote, checkpoint: Checkpoint)] = []
        for (size, text) in try store.checkpoints() {
            guard let note = try? SignedNote(parsing: text), let checkpoint = try? Checkpoint(text: note.text),
                checkpoint.size == UInt64(size), checkpoint.origin == origin
            else { throw AuditStorageError(.corrupt, "the stored checkpoint of size \(size) does not parse") }
            checkpoints.append((UInt64(size), note, checkpoint))
        }
        var head = Head(activeKey: genesisKey)
        var rotations: [(index: UInt64, key: NoteVerifierKey)] = []
        var nextCheckpoint = 0
        func passCheckpoints() throws {
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].size == head.size {
                let stored = checkpoints[nextCheckpoint]
                guard stored.checkpoint.root == head.frontier.root else {
                    throw AuditStorageError(
                        .corrupt, "the records do not reproduce the checkpoint of size \(stored.size)")
                }
                guard stored.note.isSigned(by: head.activeKey) else {
                    throw AuditStorageError(
                        .corrupt, "the checkpoint of size \(stored.size) is not signed by \(head.activeKey.vkey)")
                }
                // The writer's rule: the first checkpoint past a rotation signs it off.
                if let rotation = rotations.first, rotation.index < head.size {
                    head.activeKey = rotation.key
                    rotations.removeFirst()
                }
                head.checkpointSize = head.size
                nextCheckpoint += 1
            }
        }
        try passCheckpoints()
        let page = 10_000
        while true {
            let rows = try store.rows(from: Int64(head.size), limit: page)
            for row in rows {
                let index = head.size
                guard row.index == Int64(index) else {
                    throw AuditStorageError(.corrupt, "record \(index) is missing (the next stored is \(row.index))")
                }
                let record: AuditRecord
                do { record = try AuditRecord(decoding: row.record) } catch {
                    throw AuditStorageError(.corrupt, "record \(index) does not decode: \(error)")
                }
                let chainHash = HashChain.next(previous: head.chainHash, record: row.record)
                guard record.index == index, record.previousHash == head.chainHash, chainHash == row.chainHash
                else { throw AuditStorageError(.corrupt, "record \(index) does not continue the hash chain") }
                if record.type == .checkpointKeyRotated {
                    guard let key = try? NoteVerifierKey(vkey: String(decoding: record.payload, as: UTF8.self)) else {
                        throw AuditStorageError(.corrupt, "rotation record \(index) carries no vkey")
                    }
                    rotations.append((index, key))
                }
                head.chainHash = chainHash
                head.frontier.append(leaf: row.record)
                head.size += 1
                try passCheckpoints()
            }
            if rows.count < page { break }
        }
        guard nextCheckpoint == checkpoints.count else {
            throw AuditStorageError(
                .corrupt,
                "a checkpoint of size \(checkpoints[nextCheckpoint].size) is stored, but only \(head.size) records")
        }
        guard rotations.count <= 1 else {
            throw AuditStorageError(.corrupt, "key rotations at records \(rotations.map(\.index)) lack a checkpoint")
        }
        head.pendingKey = rotations.first?.key
        return head
    }

    // MARK: - The head

    /// The number of committed records.
    public var size: UInt64 { state.withLock { $0.head.size } }
    /// `hash(size - 1)`, or the genesis value.
    public var head: [UInt8] { state.withLock { $0.head.chainHash } }
    /// The Merkle root of the committed records.
    public var root: [UInt8] { state.withLock { $0.head.frontier.root } }
    /// The key that must sign the next checkpoint.
    public var activeKey: NoteVerifierKey { state.withLock { $0.head.activeKey } }
    /// The size of the last checkpoint stored, if any.
    public var checkpointSize: UInt64? { state.withLock { $0.head.checkpointSize } }
    /// Transactions committed with records, and the records they carried (group commit at work).
    public var commits: (batches: Int, records: Int) { state.withLock { ($0.batches, $0.batchedRecords) } }
    /// Why the last automatic checkpoint failed, if it did (cleared by the next success).
    public var automaticCheckpointFailure: (any Error)? { state.withLock { $0.automaticFailure } }

    // MARK: - Appending

    /// Appends a record and returns it once it is durable.
    ///
    /// - Parameter time: microseconds since 1970; the time of the batch's commit when nil.
    /// - Throws: `AuditError` for a record that cannot be encoded (nothing is queued), the
    ///   commit's error if its batch failed, ``AuditStorageError`` `.unavailable` if the log can
    ///   no longer append.
    @discardableResult
    public func append(type: RecordType, actor: String, payload: [UInt8], time: Int64? = nil) async throws
        -> AuditRecord
    {
        guard type != .checkpointKeyRotated else {
            throw AuditError(.invalidRecord, "use rotateKey(to:actor:) for key rotations")
        }
        return try await enqueue(Entry(time: time, type: type, actor: actor, payload: payload, rotation: nil))
    }

    /// Records a rotation of the checkpoint key to `newKey`: the next checkpoint is still signed
    /// by the current key, later ones by `newKey`.
    @discardableResult
    public func rotateKey(to newKey: NoteVerifierKey, actor: String, time: Int64? = nil) async throws -> AuditRecord {
        try await enqueue(
            Entry(
                time: time, type: .checkpointKeyRotated, actor: actor, payload: Array(newKey.vkey.utf8),
                rotation: newKey))
    }

    /// Signs a checkpoint of every record committed before it with `signer`, which must hold the
    /// active key, and stores it durably. If the latest stored checkpoint already has this size,
    /// that one is returned.
    @discardableResult
    public func checkpoint(signer: any NoteSigner) async throws -> SignedNote {
        try await withCheckedThrowingContinuation { continuation in
            submit(.checkpoint(signer, continuation))
        }
    }

    private func enqueue(_ entry: Entry) async throws -> AuditRecord {
        // Reject what cannot be encoded before it joins a batch (it would fail the others).
        _ = try AuditRecord(
            index: 0, time: 0, type: entry.type, actor: entry.actor, payload: entry.payload,
            previousHash: HashChain.genesis
        ).encoded()
        return try await withCheckedThrowingContinuation { continuation in
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

    /// The writer: takes what is queued, commits it, answers, until the queue is empty.
    private func drain() {
        var lastBatch = 0
        while true {
            gather(expecting: lastBatch)
            let taken: (requests: [Request], head: Head, unavailable: AuditStorageError?)? = state.withLock { state in
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
                return (requests, state.head, state.unavailable)
            }
            guard let (requests, head, unavailable) = taken else { return }
            lastBatch = requests.count
            if let unavailable {
                for request in requests { request.fail(unavailable) }
                continue
            }
            var segment: [(Entry, CheckedContinuation<AuditRecord, any Error>)] = []
            var current = head
            for request in requests {
                switch request {
                case .append(let entry, let continuation):
                    segment.append((entry, continuation))
                case .checkpoint(let signer, let continuation):
                    current = commit(segment, onto: current)
                    segment = []
                    do {
                        let (note, next) = try writeCheckpoint(signer: signer, head: current)
                        current = next
                        continuation.resume(returning: note)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            current = commit(segment, onto: current)
            automaticCheckpoint(head: current)
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

    /// Writes one batch in one transaction, then answers its callers; returns the new head.
    private func commit(_ batch: [(Entry, CheckedContinuation<AuditRecord, any Error>)], onto head: Head) -> Head {
        guard !batch.isEmpty else { return head }
        var next = head
        var rows: [AuditRow] = []
        var records: [(AuditRecord, CheckedContinuation<AuditRecord, any Error>)] = []
        rows.reserveCapacity(batch.count)
        let now = Self.now()
        for (entry, continuation) in batch {
            if entry.rotation != nil, next.pendingKey != nil {
                continuation.resume(
                    throwing: AuditError(.invalidKey, "the previous key rotation has no checkpoint yet"))
                continue
            }
            let record = AuditRecord(
                index: next.size, time: entry.time ?? now, type: entry.type, actor: entry.actor,
                payload: entry.payload, previousHash: next.chainHash)
            // Checked when queued; encoding cannot fail here.
            let bytes = (try? record.encoded()) ?? []
            next.chainHash = HashChain.next(previous: next.chainHash, record: bytes)
            next.frontier.append(leaf: bytes)
            rows.append(AuditRow(index: Int64(next.size), record: bytes, chainHash: next.chainHash))
            next.size += 1
            if let key = entry.rotation { next.pendingKey = key }
            records.append((record, continuation))
        }
        guard !rows.isEmpty else { return head }
        do {
            try store.append(rows)
        } catch {
            checkAfterFailure(head: head, error: error)
            for (_, continuation) in records { continuation.resume(throwing: error) }
            return head
        }
        state.withLock {
            $0.head = next
            $0.batches += 1
            $0.batchedRecords += rows.count
        }
        for (record, continuation) in records { continuation.resume(returning: record) }
        return next
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

    private func writeCheckpoint(signer: any NoteSigner, head: Head) throws -> (SignedNote, Head) {
        if let unavailable = state.withLock({ $0.unavailable }) { throw unavailable }
        if head.checkpointSize == head.size,
            let stored = try store.checkpoints().last, stored.size == Int64(head.size)
        {
            return (try SignedNote(parsing: stored.note), head)
        }
        guard signer.verifierKey == head.activeKey else {
            throw AuditError(
                .invalidKey, "checkpoint must be signed by \(head.activeKey.name)+\(head.activeKey.keyID)")
        }
        let body = Checkpoint(origin: origin, size: head.size, root: head.frontier.root)
        let note = try SignedNote.sign(text: body.text, with: [signer])
        try store.appendCheckpoint(size: Int64(head.size), note: note.serialized)
        var next = head
        next.checkpointSize = head.size
        next.checkpointTime = .now
        if let pending = head.pendingKey, head.size > 0 {
            next.activeKey = pending
            next.pendingKey = nil
        }
        state.withLock { $0.head = next }
        return (note, next)
    }

    private func automaticCheckpoint(head: Head) {
        guard let automatic else { return }
        let unsigned = head.size - (head.checkpointSize ?? 0)
        let due =
            unsigned >= UInt64(automatic.every)
            || (unsigned > 0 && automatic.interval.map { head.checkpointTime.duration(to: .now) >= $0 } == true)
        guard due else { return }
        do {
            guard let signer = automatic.signers.first(where: { $0.verifierKey == head.activeKey }) else {
                throw AuditError(.invalidKey, "no automatic checkpoint signer holds \(head.activeKey.vkey)")
            }
            _ = try writeCheckpoint(signer: signer, head: head)
            state.withLock { $0.automaticFailure = nil }
        } catch {
            state.withLock { $0.automaticFailure = error }
        }
    }

    /// Microseconds since 1970.
    static func now() -> Int64 {
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
        case .checkpoint(_, let continuation): continuation.resume(throwing: error)
        }
    }
}
