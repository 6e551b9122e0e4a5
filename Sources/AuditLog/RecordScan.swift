import Crypto
import Dispatch
import Synchronization

/// The walk over a bundle's records: the hash chain and the leaf hashes on two threads, then
/// the roots at the checkpoint sizes (``MerkleChunks``). Records are sliced from the bundle's
/// bytes, never copied.
struct RecordScan {
    /// A chain failure: the first record that does not match, and what differs.
    struct Failure {
        let index: UInt64
        let reason: String
    }

    /// Records that parsed, in order (up to the first failure, when there is one).
    var count: UInt64 = 0
    var failure: Failure?
    /// `(index, payload)` of each rotation record before the failure.
    var rotations: [(index: UInt64, payload: [UInt8])] = []
    /// The root at each requested size not above `count` or the failure index.
    var roots: [UInt64: [UInt8]] = [:]

    static func scan(_ bytes: [UInt8], from start: Int, rootSizes: Set<UInt64>) -> RecordScan {
        // Pass 1, two threads: the chain; the leaf hashes.
        let chain = Mutex(RecordScan())
        let leaves = Mutex([Hash256]())
        DispatchQueue.concurrentPerform(iterations: 2) { pass in
            if pass == 0 {
                let result = scanChain(bytes, from: start)
                chain.withLock { $0 = result }
            } else {
                let result = leafHashes(bytes, from: start)
                leaves.withLock { $0 = result }
            }
        }
        var result = chain.withLock { $0 }
        let limit = result.failure?.index ?? result.count
        let tree = MerkleChunks(leaves: leaves.withLock { $0 })
        result.roots = tree.roots(at: rootSizes.filter { $0 <= limit })
        return result
    }

    private static let rotationType = Array(RecordType.checkpointKeyRotated.name.utf8)

    private static func scanChain(_ bytes: [UInt8], from start: Int) -> RecordScan {
        var result = RecordScan()
        bytes.withUnsafeBytes { all in
            var offset = start
            var previous = Hash256.zero
            var beforePrevious = Hash256.zero
            var index: UInt64 = 0
            func fail(_ reason: String) { result.failure = Failure(index: index, reason: reason) }
            while offset < all.count {
                guard offset + 4 <= all.count else { return fail("record framing cut short") }
                let length = Int(all.loadBigEndian(UInt32.self, at: offset))
                guard length <= all.count - offset - 36 else { return fail("record runs past the end of the bundle") }
                let record = UnsafeRawBufferPointer(rebasing: all[(offset + 4)..<(offset + 4 + length)])
                let layout: RecordLayout
                do { layout = try RecordLayout(parsing: record) } catch {
                    return fail("malformed record: \((error as? AuditError)?.reason ?? "\(error)")")
                }
                guard layout.index == index else {
                    if index > 0, layout.index == index - 1,
                        Hash256(record, at: RecordLayout.previousHashOffset) == beforePrevious
                    {
                        index -= 1
                        return fail(
                            "record was inserted: the next record carries its index and follows its predecessor")
                    }
                    return fail("index field is \(layout.index), expected \(index)")
                }
                guard Hash256(record, at: RecordLayout.previousHashOffset) == previous else {
                    return fail("previous-hash field differs from hash(\(Int64(index) - 1))")
                }
                var hasher = SHA256()
                previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                hasher.update(bufferPointer: record)
                beforePrevious = previous
                previous = Hash256(hasher.finalize())
                guard previous == Hash256(all, at: offset + 4 + length) else {
                    return fail("content does not match its stored chain hash")
                }
                let type = UnsafeRawBufferPointer(rebasing: record[layout.type])
                if type.elementsEqual(rotationType) {
                    let payload = UnsafeRawBufferPointer(rebasing: record[layout.payload])
                    result.rotations.append((index, Array(payload)))
                }
                offset += length + 36
                index += 1
                result.count = index
            }
        }
        return result
    }

    private static func leafHashes(_ bytes: [UInt8], from start: Int) -> [Hash256] {
        var leaves: [Hash256] = []
        leaves.reserveCapacity(max(0, bytes.count - start) / 128)
        bytes.withUnsafeBytes { all in
            var offset = start
            while offset + 4 <= all.count {
                let length = Int(all.loadBigEndian(UInt32.self, at: offset))
                guard length <= all.count - offset - 36 else { return }
                leaves.append(
                    MerkleHash.leafDigest(UnsafeRawBufferPointer(rebasing: all[(offset + 4)..<(offset + 4 + length)])))
                offset += length + 36
            }
        }
        return leaves
    }
}
