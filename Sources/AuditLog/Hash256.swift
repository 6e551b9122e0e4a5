import Crypto

/// A SHA-256 value held inline in four words: no allocation, cheap to compare and to send
/// between threads (Crypto's `SHA256Digest` is not `Sendable`).
struct Hash256: Hashable, Sendable {
    var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    init(_ digest: SHA256Digest) {
        (w0, w1, w2, w3) = digest.withUnsafeBytes {
            (
                $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            )
        }
    }

    /// Reads 32 bytes at `offset`.
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        w0 = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        w1 = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
        w2 = bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
        w3 = bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
    }

    /// From exactly 32 bytes.
    init(_ bytes: [UInt8]) {
        precondition(bytes.count == 32)
        self = bytes.withUnsafeBytes { Hash256($0, at: 0) }
    }

    static let zero = Hash256(HashChain.genesis)

    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    @inline(__always)
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: self, body)
    }
}
