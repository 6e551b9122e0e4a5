public import Encoding

extension Verdict {
    /// The exit code of `custody audit verify` and `audit/verify.py` for this verdict: 0 OK,
    /// 10 TAMPERED, 11 TRUNCATED, 12 FORKED, 13 UNVERIFIABLE.
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .tampered: 10
        case .truncated: 11
        case .forked: 12
        case .unverifiable: 13
        }
    }
}

/// A verdict as JSON (`custody audit verify --json`), with what it rests on; `audit/verify.py
/// --json` prints the same fields. Printed compact (one line). Fields that do not apply to the
/// verdict are absent; `anchors.trustedKey` is always there, `null` without a trusted key.
public struct VerdictDocument: AuditDocument, Hashable {
    public static var layout: DocumentJSON.Layout { .compact }

    /// A checkpoint of a FORKED verdict.
    public struct CheckpointSummary: Codable, Sendable, Hashable {
        public let size: UInt64
        /// The root, lowercase hex.
        public let root: String
    }

    /// What the verdict rests on: the genesis key the auditor trusts (nil when verified without
    /// one, `--insecure`) and the checkpoints the auditor held and pinned.
    public struct Anchors: Codable, Sendable, Hashable {
        /// A pinned checkpoint: the file it was read from and its size.
        public struct Pinned: Codable, Sendable, Hashable {
            public let file: String
            public let size: UInt64

            public init(file: String, size: UInt64) {
                self.file = file
                self.size = size
            }
        }

        /// The trusted genesis key (a vkey), or nil.
        public let trustedKey: String?
        public let pinnedCheckpoints: [Pinned]

        public init(trustedKey: NoteVerifierKey?, pinnedCheckpoints: [Pinned]) {
            self.trustedKey = trustedKey?.vkey
            self.pinnedCheckpoints = pinnedCheckpoints
        }

        enum CodingKeys: String, CodingKey {
            case trustedKey, pinnedCheckpoints
        }

        /// `trustedKey` is written as `null` when there is none, never left out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trustedKey, forKey: .trustedKey)
            try container.encode(pinnedCheckpoints, forKey: .pinnedCheckpoints)
        }
    }

    /// `OK`, `TAMPERED`, `TRUNCATED`, `FORKED` or `UNVERIFIABLE` (``Verdict/name``).
    public let verdict: String
    /// The verdict in words (``Verdict/description``, not escaped: JSON escapes it).
    public let description: String
    /// The bundle's own genesis key (a vkey).
    public let genesisKey: String
    public let anchors: Anchors
    /// OK: the size and root (hex) of the largest signed checkpoint, and how many records follow it.
    public let size: UInt64?
    public let root: String?
    public let unsignedRecords: UInt64?
    /// TAMPERED: the first bad record; TRUNCATED: the number of records the bundle has.
    public let firstBadIndex: UInt64?
    /// TRUNCATED: the size a signed checkpoint covers.
    public let checkpointSize: UInt64?
    /// FORKED: the two checkpoints no consistency proof can join.
    public let checkpoints: [CheckpointSummary]?

    /// The document of `verdict` on a bundle whose genesis key is `genesisKey`.
    public init(_ verdict: Verdict, genesisKey: NoteVerifierKey, anchors: Anchors) {
        self.verdict = verdict.name
        self.description = verdict.description
        self.genesisKey = genesisKey.vkey
        self.anchors = anchors
        var (size, root, unsigned, firstBad, checkpointSize): (UInt64?, String?, UInt64?, UInt64?, UInt64?)
        var checkpoints: [CheckpointSummary]?
        switch verdict {
        case .ok(let okSize, let okRoot, let okUnsigned):
            (size, root, unsigned) = (okSize, Hex.encode(okRoot), okUnsigned)
        case .tampered(let index, _): firstBad = index
        case .truncated(let count, let covered): (firstBad, checkpointSize) = (count, covered)
        case .forked(let first, let second, _):
            checkpoints = [first, second].map { CheckpointSummary(size: $0.size, root: Hex.encode($0.root)) }
        case .unverifiable: break
        }
        (self.size, self.root, self.unsignedRecords, self.firstBadIndex, self.checkpointSize) =
            (size, root, unsigned, firstBad, checkpointSize)
        self.checkpoints = checkpoints
    }
}
