/// An RFC 9162 Merkle tree kept in memory: every perfect subtree's hash, so that the root at any
/// size and the inclusion and consistency proofs (§2.1.3.1, §2.1.4.1) cost O(log² n) hashes.
public struct MerkleTree: Sendable {
    /// `levels[k][j]` is the hash of the perfect subtree over leaves `[j·2^k, (j+1)·2^k)`.
    private var levels: [[Hash256]] = [[]]

    public init() {}

    /// A tree over these leaves (raw leaf bytes, hashed here).
    public init(leaves: [[UInt8]]) {
        for leaf in leaves { append(leaf: leaf) }
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// Appends a leaf given by its bytes.
    public mutating func append(leaf data: [UInt8]) {
        data.withUnsafeBytes { append(digest: MerkleHash.leafDigest($0)) }
    }

    /// Appends a leaf given by its 32-byte leaf hash.
    public mutating func append(leafHash: [UInt8]) { append(digest: Hash256(leafHash)) }

    /// Appends a leaf given by its leaf hash.
    mutating func append(digest leafHash: Hash256) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = MerkleHash.nodeDigest(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    /// The leaf hash of leaf `index`.
    public func leafHash(_ index: UInt64) -> [UInt8] { levels[0][Int(index)].bytes }

    /// The root of the tree of the first `size` leaves.
    public func root(size: UInt64) throws -> [UInt8] {
        guard size <= self.size else { throw AuditError(.invalidProof, "size \(size) beyond tree size \(self.size)") }
        return size == 0 ? MerkleHash.emptyRoot : hash(0, Int(size)).bytes
    }

    /// The inclusion proof of leaf `index` in the tree of size `size` (RFC 9162 §2.1.3.1).
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [[UInt8]] {
        guard index < size, size <= self.size else {
            throw AuditError(.invalidProof, "no inclusion proof of leaf \(index) in a tree of size \(size)")
        }
        var proof: [Hash256] = []
        path(Int(index), 0, Int(size), into: &proof)
        return proof.map(\.bytes)
    }

    /// The consistency proof between sizes `old` and `new` (RFC 9162 §2.1.4.1).
    ///
    /// `old` must be at least 1 (a proof from the empty tree is meaningless) and at most `new`;
    /// for `old == new` the proof is empty.
    public func consistencyProof(old: UInt64, new: UInt64) throws -> [[UInt8]] {
        guard old >= 1, old <= new, new <= self.size else {
            throw AuditError(.invalidProof, "no consistency proof from size \(old) to size \(new)")
        }
        var proof: [Hash256] = []
        subproof(Int(old), 0, Int(new), true, into: &proof)
        return proof.map(\.bytes)
    }

    private func hash(_ start: Int, _ count: Int) -> Hash256 {
        if count & (count - 1) == 0, start % count == 0 {
            return levels[count.trailingZeroBitCount][start / count]
        }
        let split = Self.largestPowerOfTwo(below: count)
        return MerkleHash.nodeDigest(hash(start, split), hash(start + split, count - split))
    }

    private func path(_ index: Int, _ start: Int, _ count: Int, into proof: inout [Hash256]) {
        guard count > 1 else { return }
        let split = Self.largestPowerOfTwo(below: count)
        if index < split {
            path(index, start, split, into: &proof)
            proof.append(hash(start + split, count - split))
        } else {
            path(index - split, start + split, count - split, into: &proof)
            proof.append(hash(start, split))
        }
    }

    private func subproof(_ old: Int, _ start: Int, _ count: Int, _ complete: Bool, into proof: inout [Hash256]) {
        if old == count {
            if !complete { proof.append(hash(start, count)) }
            return
        }
        let split = Self.largestPowerOfTwo(below: count)
        if old <= split {
            subproof(old, start, split, complete, into: &proof)
            proof.append(hash(start + split, count - split))
        } else {
            subproof(old - split, start + split, count - split, false, into: &proof)
            proof.append(hash(start, split))
        }
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}
