/// Verification of RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs.
///
/// Edge cases, as transparency-dev/merkle decides them (docs/audit-format.md):
/// - inclusion: the leaf hash, the root and every proof element must be 32 bytes; `index < size`.
/// - consistency: `old == 0` is always an error, even with `new == 0` (a proof from the empty
///   tree is meaningless: every tree extends it); `old > new` is an error; `old == new` verifies
///   iff the proof is empty and the roots are equal.
public enum MerkleProof {
    /// Whether `proof` shows the leaf with hash `leafHash` at `index` in the tree of `size` with `root`.
    public static func verifyInclusion(
        index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]
    ) -> Bool {
        guard index < size, leafHash.count == 32, root.count == 32, proof.allSatisfy({ $0.count == 32 }) else {
            return false
        }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of size `old` with `oldRoot` is a prefix of the tree
    /// of size `new` with `newRoot`.
    public static func verifyConsistency(
        old: UInt64, new: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) -> Bool {
        if old == 0 || old > new { return false }
        if old == new { return proof.isEmpty && oldRoot == newRoot }
        guard !proof.isEmpty, oldRoot.count == 32, newRoot.count == 32, proof.allSatisfy({ $0.count == 32 }) else {
            return false
        }
        var path = proof
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = old - 1
        var sn = new - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}
