/// The right edge of an RFC 9162 Merkle tree (a compact range from 0): one hash per perfect
/// subtree in the binary decomposition of the size, enough to append a leaf and to give the root
/// in O(log n) without keeping the leaves.
public struct MerkleFrontier: Sendable {
    /// The number of leaves appended.
    public private(set) var size: UInt64 = 0
    /// Perfect subtrees from left (largest) to right (smallest).
    private var hashes: [Hash256] = []

    public init() { hashes.reserveCapacity(64) }

    /// Appends a leaf given by its bytes (the leaf hash is computed here).
    public mutating func append(leaf data: [UInt8]) {
        data.withUnsafeBytes { append(digest: MerkleHash.leafDigest($0)) }
    }

    /// Appends a leaf given by its 32-byte RFC 9162 leaf hash.
    public mutating func append(leafHash: [UInt8]) { append(digest: Hash256(leafHash)) }

    /// Appends a leaf given by its RFC 9162 leaf hash.
    mutating func append(digest leafHash: Hash256) {
        var hash = leafHash
        var bits = size
        while bits & 1 == 1 {
            hash = MerkleHash.nodeDigest(hashes.removeLast(), hash)
            bits >>= 1
        }
        hashes.append(hash)
        size += 1
    }

    /// The root of the tree of the leaves appended so far.
    public var root: [UInt8] { Self.root(of: hashes) }

    /// The perfect subtrees, largest first.
    var subtrees: [Hash256] { hashes }

    /// The root of a tree given by its perfect subtrees, largest first.
    static func root(of subtrees: [Hash256]) -> [UInt8] {
        guard var accumulator = subtrees.last else { return MerkleHash.emptyRoot }
        for hash in subtrees.dropLast().reversed() { accumulator = MerkleHash.nodeDigest(hash, accumulator) }
        return accumulator.bytes
    }
}
