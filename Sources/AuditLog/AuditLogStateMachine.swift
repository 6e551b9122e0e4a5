/// The audit log's writer as a pure state machine: every rule of appending, checkpointing and
/// rotating the checkpoint key, and no I/O. A driver (``AuditLogWriter`` in memory, the
/// database-backed log in `AuditStorage`) feeds it inputs — records to append, "checkpoint now",
/// a rotation, the clock's reading, the outcome of a write — and carries out what it returns:
/// a ``Transaction`` of rows and a checkpoint to write atomically, and the answers to give.
///
/// The committed ``head`` changes only when the driver reports ``committed()``; a ``failed()``
/// write leaves it as it was, and the whole transaction fails. One transaction is in flight at a
/// time. Key rotations follow ``KeyHistory``, the rule the verifier applies: a rotation record
/// carries the active key's signature over the new key and its index (``KeyRotation``), the next
/// checkpoint is still signed by the active key (it signs the rotation off), later ones by the
/// new key, and no second rotation may start before that checkpoint.
public struct AuditLogStateMachine: Sendable {
    /// The state of the log as committed.
    public struct Head: Sendable {
        /// The number of records.
        public fileprivate(set) var size: UInt64 = 0
        /// `hash(size - 1)`, or the genesis value.
        public fileprivate(set) var chainHash = HashChain.genesis
        /// The right edge of the Merkle tree over the records.
        public fileprivate(set) var frontier = MerkleFrontier()
        /// The latest checkpoint written, if any (its size is `size` when every transaction
        /// ends in one).
        public fileprivate(set) var checkpoint: SignedNote?
        /// The size `checkpoint` covers.
        public fileprivate(set) var checkpointSize: UInt64?
        fileprivate var keys: KeyHistory

        /// The key that must sign the next checkpoint.
        public var activeKey: NoteVerifierKey { keys.activeKey }
        /// The Merkle root of the records.
        public var root: [UInt8] { frontier.root }
    }

    /// A record to append. Its index and previous hash are the machine's; its time is the
    /// clock's reading given with the input when nil.
    public struct Draft: Sendable {
        public let time: Int64?
        public let type: RecordType
        public let actor: String
        public let payload: [UInt8]
        /// For a `checkpoint.key.rotated` record: the key it rotates to (the payload is then
        /// the machine's ``KeyRotation`` note).
        public let rotation: NoteVerifierKey?

        /// An ordinary record.
        ///
        /// - Throws: ``AuditError`` `.invalidRecord` for a `checkpoint.key.rotated` record (use
        ///   ``rotation(to:actor:time:)``) or one that cannot be encoded.
        public static func record(type: RecordType, actor: String, payload: [UInt8], time: Int64?) throws
            -> Draft
        {
            guard type != .checkpointKeyRotated else {
                throw AuditError(.invalidRecord, "use a rotation for key rotations")
            }
            _ = try AuditRecord(
                index: 0, time: 0, type: type, actor: actor, payload: payload, previousHash: HashChain.genesis
            ).encoded()
            return Draft(time: time, type: type, actor: actor, payload: payload, rotation: nil)
        }

        /// A rotation of the checkpoint key to `newKey`.
        public static func rotation(to newKey: NoteVerifierKey, actor: String, time: Int64?) -> Draft {
            Draft(time: time, type: .checkpointKeyRotated, actor: actor, payload: [], rotation: newKey)
        }
    }

    /// What to write in one transaction, and what to answer once it is committed.
    public struct Transaction: Sendable {
        /// The records, in order, as their callers get them back.
        public let records: [AuditRecord]
        /// The rows to store: record `firstIndex + i` and its chain hash.
        public let rows: [AuditBundle.Entry]
        /// The index of the first row.
        public let firstIndex: UInt64
        /// The checkpoint that ends the transaction, if one was asked for.
        public let checkpoint: SignedNote?
        fileprivate let next: Head

        /// The number of records after this transaction.
        public var size: UInt64 { next.size }
    }

    /// What "checkpoint now" asks of the driver.
    public enum CheckpointAction: Sendable {
        /// The head's checkpoint already covers every record: answer with it.
        case answer(SignedNote)
        /// Write this transaction (a checkpoint and no records), then answer with its checkpoint.
        case write(Transaction)
    }

    /// The log's origin line.
    public let origin: String
    /// The committed head.
    public private(set) var head: Head
    private var inFlight: Transaction?

    /// A new, empty log whose checkpoints `genesisKey` signs first.
    public init(origin: String, genesisKey: NoteVerifierKey) {
        self.origin = origin
        self.head = Head(keys: KeyHistory(genesis: genesisKey, origin: origin, rotations: []))
    }

    /// Resumes a stored log already verified, whose `checkpoint` covers every record, with every
    /// rotation signed off and `activeKey` signing: replays its records into the head.
    public init(origin: String, activeKey: NoteVerifierKey, entries: [AuditBundle.Entry], checkpoint: SignedNote?) {
        self.origin = origin
        var head = Head(keys: KeyHistory(resumingWith: activeKey))
        for entry in entries { head.frontier.append(leaf: entry.record) }
        head.size = UInt64(entries.count)
        head.chainHash = entries.last?.chainHash ?? HashChain.genesis
        head.checkpoint = checkpoint
        head.checkpointSize = checkpoint == nil ? nil : head.size
        self.head = head
    }

    /// Whether a transaction waits for ``committed()`` or ``failed()``.
    public var isWriting: Bool { inFlight != nil }

    /// Input: append `drafts` in order, then, if `checkpoint`, a checkpoint of the whole log
    /// signed by the active key with `extensions`. Returns the transaction to write; the head is
    /// unchanged until ``committed()``.
    ///
    /// - Parameters:
    ///   - now: the clock's reading (microseconds since 1970), the time of drafts without one.
    ///   - signers: checkpoint signers; the one holding the active key signs rotations and the
    ///     checkpoint.
    /// - Throws: ``AuditError`` `.invalidKey` if no signer holds the active key or a rotation
    ///   starts before the previous one was signed off; `.invalidRecord` for a record that cannot
    ///   be encoded, or while another transaction is in flight. Nothing changes.
    public mutating func append(
        _ drafts: [Draft], now: Int64, signers: [any NoteSigner], checkpoint: Bool, extensions: [String] = []
    ) throws -> Transaction {
        guard inFlight == nil else {
            throw AuditError(.invalidRecord, "a transaction is in flight: report its outcome first")
        }
        var next = head
        var records: [AuditRecord] = []
        var rows: [AuditBundle.Entry] = []
        records.reserveCapacity(drafts.count)
        rows.reserveCapacity(drafts.count)
        for draft in drafts {
            var payload = draft.payload
            if let newKey = draft.rotation {
                guard !next.keys.rotationPending else {
                    throw AuditError(.invalidKey, "the previous rotation has no checkpoint yet")
                }
                payload = try KeyRotation(origin: origin, index: next.size, newKey: newKey)
                    .payload(signedBy: try Self.signer(for: next.activeKey, in: signers))
                try next.keys.add(rotation: payload, index: next.size, origin: origin)
            }
            let record = AuditRecord(
                index: next.size, time: draft.time ?? now, type: draft.type, actor: draft.actor, payload: payload,
                previousHash: next.chainHash)
            let bytes = try record.encoded()
            next.chainHash = HashChain.next(previous: next.chainHash, record: bytes)
            next.frontier.append(leaf: bytes)
            next.size += 1
            records.append(record)
            rows.append(AuditBundle.Entry(record: bytes, chainHash: next.chainHash))
        }
        var note: SignedNote?
        if checkpoint {
            let signer = try Self.signer(for: next.activeKey, in: signers)
            let body = Checkpoint(origin: origin, size: next.size, root: next.frontier.root, extensions: extensions)
            note = try SignedNote.sign(text: body.text, with: [signer])
            do { try next.keys.advance(past: next.size, signedOff: true) } catch {
                throw AuditError(.invalidKey, error.reason)
            }
            next.checkpoint = note
            next.checkpointSize = next.size
        }
        let transaction = Transaction(
            records: records, rows: rows, firstIndex: head.size, checkpoint: note, next: next)
        inFlight = transaction
        return transaction
    }

    /// Input: checkpoint now. The head's checkpoint if it covers every record, else a
    /// transaction that writes one (an empty log is checkpointed at size 0). Refused, like every
    /// input, while a transaction is in flight.
    public mutating func checkpointNow(signers: [any NoteSigner]) throws -> CheckpointAction {
        if inFlight == nil, let note = head.checkpoint, head.checkpointSize == head.size {
            return .answer(note)
        }
        return .write(try append([], now: 0, signers: signers, checkpoint: true))
    }

    /// Input: the transaction in flight was committed. The head moves to it; returns it, so the
    /// driver answers its callers.
    @discardableResult
    public mutating func committed() -> Transaction? {
        guard let transaction = inFlight else { return nil }
        head = transaction.next
        inFlight = nil
        return transaction
    }

    /// Input: the transaction in flight failed. The head stays as it was; every caller of the
    /// transaction gets the failure.
    public mutating func failed() {
        inFlight = nil
    }

    /// The signer holding `key`.
    static func signer(for key: NoteVerifierKey, in signers: [any NoteSigner]) throws -> any NoteSigner {
        guard let signer = signers.first(where: { $0.verifierKey == key }) else {
            throw AuditError(.invalidKey, "no checkpoint signer holds the active key \(key.name)+\(key.keyIDHex)")
        }
        return signer
    }
}
