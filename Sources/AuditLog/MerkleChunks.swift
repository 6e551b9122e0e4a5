import Dispatch
import Synchronization

/// Roots at many sizes over a long list of leaf hashes, with the interior hashing split over
/// two threads: the roots of aligned 1,024-leaf chunks are perfect subtrees, computed in
/// parallel; a root at size s joins the frontier of the whole chunks below s with the frontier of
/// the partial chunk.
struct MerkleChunks {
    static let chunk = 1024
    let leaves: [Hash256]
    let chunkRoots: [Hash256]

    init(leaves: [Hash256]) {
        self.leaves = leaves
        let count = leaves.count / Self.chunk
        let first = Mutex([Hash256]())
        let second = Mutex([Hash256]())
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let range = half == 0 ? 0..<(count / 2) : (count / 2)..<count
            var roots: [Hash256] = []
            roots.reserveCapacity(range.count)
            for chunk in range {
                var frontier = MerkleFrontier()
                for leaf in leaves[(chunk * Self.chunk)..<((chunk + 1) * Self.chunk)] { frontier.append(digest: leaf) }
                roots.append(frontier.subtrees[0])
            }
            if half == 0 { first.withLock { $0 = roots } } else { second.withLock { $0 = roots } }
        }
        chunkRoots = first.withLock { $0 } + second.withLock { $0 }
    }

    /// The root at each size (every size at most `leaves.count`). Sizes are taken in order and
    /// both frontiers (whole chunks, and the leaves of the partial chunk) only grow, so the
    /// whole walk hashes each leaf and chunk root once, plus O(log n) per size.
    func roots(at sizes: Set<UInt64>) -> [UInt64: [UInt8]] {
        var roots: [UInt64: [UInt8]] = [:]
        var whole = MerkleFrontier()
        var partial = MerkleFrontier()
        var partialChunk = 0
        for size in sizes.sorted() {
            let full = Int(size) / Self.chunk
            while whole.size < UInt64(full) { whole.append(digest: chunkRoots[Int(whole.size)]) }
            if full != partialChunk {
                partial = MerkleFrontier()
                partialChunk = full
            }
            let start = full * Self.chunk + Int(partial.size)
            for leaf in leaves[start..<Int(size)] { partial.append(digest: leaf) }
            roots[size] = MerkleFrontier.root(of: whole.subtrees + partial.subtrees)
        }
        return roots
    }
}
