import AuditLog
import Foundation
import Testing

/// RFC 9162 hashing, roots and proofs against the RFC 6962 and transparency-dev vectors.
@Suite struct MerkleVectorTests {
    let vectors = Fixtures.merkle
    var tree8: MerkleTree { MerkleTree(leaves: vectors.tree8Leaves.map(hex)) }

    @Test func hasherGoldens() {
        #expect(hex(MerkleHash.emptyRoot) == vectors.hasher["empty_tree_root"])
        #expect(hex(MerkleHash.leaf([])) == vectors.hasher["empty_leaf_hash"])
        #expect(hex(MerkleHash.leaf(Array("L123456".utf8))) == vectors.hasher["leaf_hash_L123456"])
        #expect(hex(MerkleHash.node(Array("N123".utf8), Array("N456".utf8))) == vectors.hasher["node_hash_N123_N456"])
    }

    @Test func rootsAtEverySize() throws {
        var frontier = MerkleFrontier()
        #expect(hex(frontier.root) == vectors.tree8Roots[0])
        for (size, leaf) in vectors.tree8Leaves.enumerated() {
            frontier.append(leaf: hex(leaf))
            #expect(hex(frontier.root) == vectors.tree8Roots[size + 1])
            #expect(hex(try tree8.root(size: UInt64(size + 1))) == vectors.tree8Roots[size + 1])
        }
    }

    @Test func sumdbLeafRoots() throws {
        var frontier = MerkleFrontier()
        var tree = MerkleTree()
        for size in 0..<vectors.sumdbLeafRoots.count {
            #expect(hex(frontier.root) == vectors.sumdbLeafRoots[size])
            #expect(hex(try tree.root(size: UInt64(size))) == vectors.sumdbLeafRoots[size])
            frontier.append(leaf: Array("leaf \(size)".utf8))
            tree.append(leaf: Array("leaf \(size)".utf8))
        }
    }

    @Test func tree8InclusionProofs() throws {
        for v in vectors.tree8Inclusion {
            #expect(try tree8.inclusionProof(index: v.index, size: v.size).map(hex) == v.proof, "\(v.index)/\(v.size)")
            #expect(hex(tree8.leafHash(v.index)) == v.leafHash)
            #expect(
                MerkleProof.verifyInclusion(
                    index: v.index, size: v.size, leafHash: hex(v.leafHash), proof: v.proof.map(hex), root: hex(v.root))
            )
        }
    }

    @Test func tree8ConsistencyProofs() throws {
        for v in vectors.tree8Consistency {
            #expect(try tree8.consistencyProof(old: v.size1, new: v.size2).map(hex) == v.proof, "\(v.size1)/\(v.size2)")
            #expect(
                MerkleProof.verifyConsistency(
                    old: v.size1, new: v.size2, oldRoot: hex(v.root1), newRoot: hex(v.root2), proof: v.proof.map(hex)))
        }
    }

    @Test func inclusionProbes() {
        #expect(vectors.probeInclusion.count == 98)
        for v in vectors.probeInclusion {
            let ok = MerkleProof.verifyInclusion(
                index: v.index, size: v.size, leafHash: hex(v.leafHash), proof: v.proof.map(hex), root: hex(v.root))
            #expect(ok == !(v.wantErr ?? false), "\(v.name ?? "")")
        }
    }

    @Test func consistencyProbes() {
        #expect(vectors.probeConsistency.count == 98)
        for v in vectors.probeConsistency {
            let ok = MerkleProof.verifyConsistency(
                old: v.size1, new: v.size2, oldRoot: hex(v.root1), newRoot: hex(v.root2), proof: v.proof.map(hex))
            #expect(ok == !(v.wantErr ?? false), "\(v.name ?? "")")
        }
    }

    /// The edge cases of docs/audit-format.md.
    @Test func edgeCases() throws {
        let empty = MerkleHash.emptyRoot
        let root1 = try tree8.root(size: 1)
        #expect(!MerkleProof.verifyConsistency(old: 0, new: 0, oldRoot: empty, newRoot: empty, proof: []))
        #expect(!MerkleProof.verifyConsistency(old: 0, new: 1, oldRoot: empty, newRoot: root1, proof: []))
        #expect(MerkleProof.verifyConsistency(old: 1, new: 1, oldRoot: root1, newRoot: root1, proof: []))
        #expect(!MerkleProof.verifyConsistency(old: 1, new: 1, oldRoot: root1, newRoot: root1, proof: [root1]))
        #expect(!MerkleProof.verifyConsistency(old: 2, new: 1, oldRoot: root1, newRoot: root1, proof: []))
        #expect(throws: AuditError.self) { try tree8.consistencyProof(old: 0, new: 3) }
        #expect(try tree8.consistencyProof(old: 3, new: 3).isEmpty)
        #expect(!MerkleProof.verifyInclusion(index: 0, size: 1, leafHash: [], proof: [], root: []))
        #expect(!MerkleProof.verifyInclusion(index: 1, size: 1, leafHash: root1, proof: [], root: root1))
        #expect(MerkleProof.verifyInclusion(index: 0, size: 1, leafHash: root1, proof: [], root: root1))
        #expect(throws: AuditError.self) { try tree8.inclusionProof(index: 8, size: 8) }
    }

    /// Proofs from a larger tree verify, and every root agrees with the frontier.
    @Test func largerTreeRoundTrip() throws {
        var tree = MerkleTree()
        var frontier = MerkleFrontier()
        var roots: [[UInt8]] = [MerkleHash.emptyRoot]
        for i in 0..<70 {
            tree.append(leaf: [UInt8(i)])
            frontier.append(leaf: [UInt8(i)])
            roots.append(frontier.root)
        }
        for size in 1...UInt64(70) {
            #expect(try tree.root(size: size) == roots[Int(size)])
            for index in stride(from: UInt64(0), to: size, by: 7) {
                let proof = try tree.inclusionProof(index: index, size: size)
                #expect(
                    MerkleProof.verifyInclusion(
                        index: index, size: size, leafHash: tree.leafHash(index), proof: proof, root: roots[Int(size)]))
            }
            for old in stride(from: UInt64(1), through: size, by: 5) {
                let proof = try tree.consistencyProof(old: old, new: size)
                #expect(
                    MerkleProof.verifyConsistency(
                        old: old, new: size, oldRoot: roots[Int(old)], newRoot: roots[Int(size)], proof: proof))
            }
        }
    }
}
