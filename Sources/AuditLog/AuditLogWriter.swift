import Foundation

/// An in-memory audit log: appends records to the chain and the tree, signs checkpoints with
/// the active key, rotates that key, and exports bundles. The storage layer keeps the same
/// state in a database; this type is its reference and the source of sample and test bundles.
public struct AuditLogWriter: Sendable {
    /// The log's origin line.
    public let origin: String
    /// The key that signed from record 0 on.
    public let genesisKey: NoteVerifierKey
    /// The key that must sign the next checkpoint.
    public private(set) var activeKey: NoteVerifierKey
    /// The records with their chain hashes.
    public private(set) var entries: [AuditBundle.Entry] = []
    /// The signed checkpoints, oldest first.
    public private(set) var checkpoints: [SignedNote] = []
    private var tree = MerkleTree()
    private var pendingKey: NoteVerifierKey?

    public init(origin: String, genesisKey: NoteVerifierKey) {
        self.origin = origin
        self.genesisKey = genesisKey
        self.activeKey = genesisKey
    }

    /// The number of records.
    public var size: UInt64 { UInt64(entries.count) }
    /// `hash(size - 1)`, or the genesis value.
    public var head: [UInt8] { entries.last?.chainHash ?? HashChain.genesis }
    /// The Merkle tree over the records.
    public var merkleTree: MerkleTree { tree }

    /// Appends a record and returns it.
    @discardableResult
    public mutating func append(time: Int64, type: RecordType, actor: String, payload: [UInt8]) throws -> AuditRecord {
        if type == .checkpointKeyRotated {
            throw AuditError(.invalidRecord, "use rotateKey(to:) for key rotations")
        }
        return try appendRecord(time: time, type: type, actor: actor, payload: payload)
    }

    /// Records a rotation to `newKey`, authorized by `outgoing`, the signer of the active key,
    /// which signs the new key and the record's index (``KeyRotation``). The next checkpoint is
    /// still signed by the current key, which so signs the rotation off; later checkpoints must
    /// be signed by `newKey`.
    @discardableResult
    public mutating func rotateKey(
        to newKey: NoteVerifierKey, authorizedBy outgoing: any NoteSigner, time: Int64, actor: String
    ) throws -> AuditRecord {
        guard pendingKey == nil else {
            throw AuditError(.invalidKey, "the previous rotation has no checkpoint yet")
        }
        guard outgoing.verifierKey == activeKey else {
            throw AuditError(.invalidKey, "a rotation must be authorized by the active key \(activeKey.name)")
        }
        let payload = try KeyRotation(origin: origin, index: size, newKey: newKey).payload(signedBy: outgoing)
        let record = try appendRecord(time: time, type: .checkpointKeyRotated, actor: actor, payload: payload)
        pendingKey = newKey
        return record
    }

    /// Signs a checkpoint of the whole log with `signer`, which must hold the active key.
    @discardableResult
    public mutating func checkpoint(signer: any NoteSigner, extensions: [String] = []) throws -> SignedNote {
        guard signer.verifierKey == activeKey else {
            throw AuditError(.invalidKey, "checkpoint must be signed by \(activeKey.name)+\(activeKey.keyID)")
        }
        let body = Checkpoint(origin: origin, size: size, root: try tree.root(size: size), extensions: extensions)
        let note = try SignedNote.sign(text: body.text, with: [signer])
        checkpoints.append(note)
        if let pendingKey, size > 0 {
            activeKey = pendingKey
            self.pendingKey = nil
        }
        return note
    }

    /// The bundle of everything so far.
    public var bundle: AuditBundle {
        AuditBundle(
            origin: origin, genesisKey: genesisKey, checkpoints: checkpoints.map(\.serialized), entries: entries)
    }

    private mutating func appendRecord(time: Int64, type: RecordType, actor: String, payload: [UInt8]) throws
        -> AuditRecord
    {
        let record = AuditRecord(
            index: size, time: time, type: type, actor: actor, payload: payload, previousHash: head)
        let bytes = try record.encoded()
        entries.append(AuditBundle.Entry(record: bytes, chainHash: HashChain.next(previous: head, record: bytes)))
        tree.append(leaf: bytes)
        return record
    }
}
