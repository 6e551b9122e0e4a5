import Encoding

/// The one outcome of verifying a bundle.
public enum Verdict: Hashable, Sendable, CustomStringConvertible {
    /// Every signed checkpoint verifies, with its key, against the records; `size` and `root` are
    /// those of the largest. `unsignedRecords` follow it, protected by the chain only.
    case ok(size: UInt64, root: [UInt8], unsignedRecords: UInt64)
    /// Records were changed, removed, inserted or reordered: `firstBadIndex` is the first record
    /// that does not match (for a consistent rewrite, the first not vouched for by a checkpoint).
    case tampered(firstBadIndex: UInt64, reason: String)
    /// Records are missing after a signed checkpoint: the bundle has `recordCount` records, a
    /// checkpoint signs `checkpointSize`.
    case truncated(recordCount: UInt64, checkpointSize: UInt64)
    /// Two validly signed checkpoints that no consistency proof can join.
    case forked(first: Checkpoint, second: Checkpoint, reason: String)
    /// A checkpoint signed by an unknown or revoked key, or one whose signature fails, or records
    /// no valid checkpoint covers.
    case unverifiable(reason: String)

    /// `OK`, `TAMPERED`, `TRUNCATED`, `FORKED` or `UNVERIFIABLE`.
    public var name: String {
        switch self {
        case .ok: "OK"
        case .tampered: "TAMPERED"
        case .truncated: "TRUNCATED"
        case .forked: "FORKED"
        case .unverifiable: "UNVERIFIABLE"
        }
    }

    /// The first bad record index, for `TAMPERED` and `TRUNCATED`.
    public var firstBadIndex: UInt64? {
        switch self {
        case .tampered(let index, _): index
        case .truncated(let count, _): count
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .ok(let size, let root, let unsigned):
            "OK: size \(size), root \(Hex.encode(root))"
                + (unsigned > 0 ? ", \(unsigned) records after it unsigned" : "")
        case .tampered(let index, let reason): "TAMPERED at record \(index): \(reason)"
        case .truncated(let count, let size):
            "TRUNCATED: \(count) records, but a signed checkpoint covers \(size); records \(count)… are missing"
        case .forked(let first, let second, let reason):
            "FORKED: checkpoint (size \(first.size), root \(Hex.encode(first.root))) and "
                + "(size \(second.size), root \(Hex.encode(second.root))): \(reason)"
        case .unverifiable(let reason): "UNVERIFIABLE: \(reason)"
        }
    }
}
