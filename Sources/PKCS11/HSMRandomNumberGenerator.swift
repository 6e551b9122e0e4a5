import SecureMemory

/// A random number generator fed by an HSM: the token's C_GenerateRandom XOR the operating
/// system's generator, drawn ahead of use in one call.
///
/// `RandomNumberGenerator.next()` cannot throw, so the bytes are fetched, and any HSM failure
/// reported, when the generator is made. Size it for the draw (FROST's round one takes 64
/// bytes per pair of nonces, a random scalar 64 bytes); asking for more than was fetched is a
/// programming error and stops the process rather than fall back silently.
public struct HSMRandomNumberGenerator: RandomNumberGenerator {
    private let bytes: SecretBytes
    private var offset = 0

    /// Fetches `byteCount` mixed random bytes from `token`.
    public init(token: HSMToken, byteCount: Int) throws(PKCS11Error) {
        bytes = try token.randomBytes(count: byteCount)
    }

    /// How many bytes are left.
    public var remaining: Int { bytes.count - offset }

    public mutating func next() -> UInt64 {
        precondition(remaining >= 8, "HSMRandomNumberGenerator exhausted: size it for the draw")
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return value
    }
}

extension HSMRandomNumberGenerator: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "HSMRandomNumberGenerator(\(remaining) bytes left, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["remaining": remaining], displayStyle: .struct) }
}
