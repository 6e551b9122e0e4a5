import Crypto

/// RFC 9162 §2.1.1 hashing: leaves are `SHA-256(0x00 ‖ data)`, nodes `SHA-256(0x01 ‖ left ‖ right)`,
/// and the empty tree's root is `SHA-256()`.
public enum MerkleHash {
    /// The root of the empty tree, `SHA-256` of no bytes.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// The hash of a leaf with these bytes.
    public static func leaf(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { leafDigest($0).bytes }
    }

    /// The hash of an interior node.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    @inline(__always)
    static func leafDigest(_ data: UnsafeRawBufferPointer) -> Hash256 {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: data)
        return Hash256(hasher.finalize())
    }

    @inline(__always)
    static func nodeDigest(_ left: Hash256, _ right: Hash256) -> Hash256 {
        var hasher = SHA256()
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            buffer.storeBytes(of: left, toByteOffset: 1, as: Hash256.self)
            buffer.storeBytes(of: right, toByteOffset: 33, as: Hash256.self)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        return Hash256(hasher.finalize())
    }
}
