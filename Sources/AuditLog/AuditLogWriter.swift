/// An in-memory audit log: appends records to the chain and the tree, signs checkpoints with
/// the active key, rotates that key, and exports bundles. It drives ``AuditLogStateMachine``
/// (every write commits at once) and keeps what the machine does not: the records, the
/// checkpoints and the whole tree. It is the source of sample and test bundles.
public struct AuditLogWriter: Sendable {
    /// The log's origin line.
    public let origin: String
    /// The key that signed from record 0 on.
    public let genesisKey: NoteVerifierKey
    /// The records with their chain hashes.
    public private(set) var entries: [AuditBundle.Entry] = []
    /// The signed checkpoints, oldest first.
    public private(set) var checkpoints: [SignedNote] = []
    private var machine: AuditLogStateMachine
    private var tree = MerkleTree()

    public init(origin: String, genesisKey: NoteVerifierKey) {
        self.origin = origin
        self.genesisKey = genesisKey
        self.machine = AuditLogStateMachine(origin: origin, genesisKey: genesisKey)
    }

    /// The key that must sign the next checkpoint.
    public var activeKey: NoteVerifierKey { machine.head.activeKey }
    /// The number of records.
    public var size: UInt64 { machine.head.size }
    /// `hash(size - 1)`, or the genesis value.
    public var head: [UInt8] { machine.head.chainHash }
    /// The Merkle tree over the records.
    public var merkleTree: MerkleTree { tree }

    /// Appends a record and returns it.
    @discardableResult
    public mutating func append(time: Int64, type: RecordType, actor: String, payload: [UInt8]) throws -> AuditRecord {
        let draft = try AuditLogStateMachine.Draft.record(type: type, actor: actor, payload: payload, time: time)
        return try write([draft], signers: [], checkpoint: false).records[0]
    }

    /// Records a rotation to `newKey`, authorized by `outgoing`, the signer of the active key,
    /// which signs the new key and the record's index (``KeyRotation``). The next checkpoint is
    /// still signed by the current key, which so signs the rotation off; later checkpoints must
    /// be signed by `newKey`.
    @discardableResult
    public mutating func rotateKey(
        to newKey: NoteVerifierKey, authorizedBy outgoing: any NoteSigner, time: Int64, actor: String
    ) throws -> AuditRecord {
        let draft = AuditLogStateMachine.Draft.rotation(to: newKey, actor: actor, time: time)
        return try write([draft], signers: [outgoing], checkpoint: false).records[0]
    }

    /// Signs a checkpoint of the whole log with `signer`, which must hold the active key.
    @discardableResult
    public mutating func checkpoint(signer: any NoteSigner, extensions: [String] = []) throws -> SignedNote {
        try write([], signers: [signer], checkpoint: true, extensions: extensions).checkpoint!
    }

    /// The bundle of everything so far.
    public var bundle: AuditBundle {
        AuditBundle(
            origin: origin, genesisKey: genesisKey, checkpoints: checkpoints.map(\.serialized), entries: entries)
    }

    /// Runs one transaction through the machine; in memory, the write always commits.
    private mutating func write(
        _ drafts: [AuditLogStateMachine.Draft], signers: [any NoteSigner], checkpoint: Bool, extensions: [String] = []
    ) throws -> AuditLogStateMachine.Transaction {
        let transaction = try machine.append(
            drafts, now: 0, signers: signers, checkpoint: checkpoint, extensions: extensions)
        machine.committed()
        entries.append(contentsOf: transaction.rows)
        for row in transaction.rows { tree.append(leaf: row.record) }
        if let note = transaction.checkpoint { checkpoints.append(note) }
        return transaction
    }
}
