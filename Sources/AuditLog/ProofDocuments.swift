public import Encoding

/// A signed checkpoint in the proofs' JSON: its size, its root (lowercase hex) and the whole
/// signed note (``SignedNote/serialized``).
public struct CheckpointDocument: Codable, Sendable, Hashable {
    public let size: UInt64
    public let root: String
    public let note: String

    /// The document of `note`, whose text must be a checkpoint.
    public init(note: SignedNote) throws {
        let checkpoint = try Checkpoint(text: note.text)
        size = checkpoint.size
        root = Hex.encode(checkpoint.root)
        self.note = note.serialized
    }
}

/// An inclusion proof as JSON (`custody audit prove`): record `index` (its bytes and leaf hash,
/// hex) is in the tree of `checkpoint`, by the RFC 9162 §2.1.3 audit path `proof` (hex hashes,
/// leaf to root). Printed pretty.
public struct InclusionProofDocument: AuditDocument, Hashable {
    public static var layout: DocumentJSON.Layout { .pretty }

    public let index: UInt64
    public let record: String
    public let leafHash: String
    public let proof: [String]
    public let checkpoint: CheckpointDocument

    public init(index: UInt64, record: [UInt8], leafHash: [UInt8], proof: [[UInt8]], checkpoint: CheckpointDocument) {
        self.index = index
        self.record = Hex.encode(record)
        self.leafHash = Hex.encode(leafHash)
        self.proof = proof.map { Hex.encode($0) }
        self.checkpoint = checkpoint
    }
}

/// A consistency proof as JSON (`custody audit consistency`): the tree of checkpoint `old` is a
/// prefix of that of `new`, by the RFC 9162 §2.1.4 proof `proof` (hex hashes). Printed pretty.
public struct ConsistencyProofDocument: AuditDocument, Hashable {
    public static var layout: DocumentJSON.Layout { .pretty }

    public let old: CheckpointDocument
    public let new: CheckpointDocument
    public let proof: [String]

    public init(old: CheckpointDocument, new: CheckpointDocument, proof: [[UInt8]]) {
        self.old = old
        self.new = new
        self.proof = proof.map { Hex.encode($0) }
    }
}
