import Crypto
import Secp256k1
import SecureMemory

/// RFC 9380 `expand_message_xmd` with SHA-256, and `hash_to_field` for the secp256k1 scalar field.
///
/// The outputs are secret when the input is (H3 derives nonces from the signing share): the
/// digests b₀, b₁, b₂, their XOR and the 48 uniform bytes live in stack values that are wiped
/// before returning, and the scalar is reduced from them without another copy.
enum HashToField {
    /// expand_message_xmd(msg, DST, 48) with SHA-256 (b_in_bytes 32, s_in_bytes 64), handed to
    /// `body` in a buffer that is wiped afterwards.
    static func withExpandedMessageXMD48<R>(
        _ message: [UInt8], dst: [UInt8], _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        precondition(dst.count <= 255, "a domain separation tag is at most 255 bytes")
        var first = SHA256()
        first.update(data: zeroBlock)
        first.update(data: message)
        return withExpandedMessageXMD48(absorbed: first, dstPrime: dst + [UInt8(dst.count)], body)
    }

    /// The rest of expand_message_xmd(msg, DST, 48), given `first`, a SHA-256 state that has
    /// absorbed Z_pad ‖ msg, and DST' = DST ‖ I2OSP(len(DST), 1).
    static func withExpandedMessageXMD48<R>(
        absorbed first: consuming SHA256, dstPrime: [UInt8], _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        first.update(data: [0, 48, 0])
        first.update(data: dstPrime)
        var b0 = first.finalize()
        defer { Wipe.value(&b0) }

        var second = SHA256()
        b0.withUnsafeBytes { second.update(bufferPointer: $0) }
        second.update(data: [1])
        second.update(data: dstPrime)
        var b1 = second.finalize()
        defer { Wipe.value(&b1) }

        var mixed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        defer { Wipe.value(&mixed) }
        var third = SHA256()
        withUnsafeMutableBytes(of: &mixed) { xor in
            b0.withUnsafeBytes { x in
                b1.withUnsafeBytes { y in
                    for index in 0..<32 { xor[index] = x[index] ^ y[index] }
                }
            }
            third.update(bufferPointer: UnsafeRawBufferPointer(xor))
        }
        third.update(data: [2])
        third.update(data: dstPrime)
        var b2 = third.finalize()
        defer { Wipe.value(&b2) }

        // uniform_bytes = b₁ ‖ b₂[0..<16]
        var uniform: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        defer { Wipe.value(&uniform) }
        return withUnsafeMutableBytes(of: &uniform) { out in
            b1.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 32) }
            b2.withUnsafeBytes { (out.baseAddress! + 32).copyMemory(from: $0.baseAddress!, byteCount: 16) }
            return body(UnsafeRawBufferPointer(out))
        }
    }

    /// hash_to_field(msg, 1) for the scalar field of secp256k1 (L = 48), reduced in constant time.
    static func scalar(_ message: [UInt8], dst: [UInt8]) -> Scalar {
        withExpandedMessageXMD48(message, dst: dst) { Scalar(reducing: $0) }
    }

    private static let zeroBlock = [UInt8](repeating: 0, count: 64)
}

/// hash_to_field for many messages that share a prefix, as H1 hashes the binding factor
/// prefix ‖ identifier for every signer: Z_pad ‖ prefix is absorbed into SHA-256 once, and each
/// message continues from a copy of that state. For public inputs only (the copies of the
/// state are not wiped).
struct PrefixedHashToField {
    private let absorbed: SHA256
    private let dstPrime: [UInt8]

    init(prefix: [UInt8], dst: [UInt8]) {
        precondition(dst.count <= 255, "a domain separation tag is at most 255 bytes")
        var state = SHA256()
        state.update(data: [UInt8](repeating: 0, count: 64))
        state.update(data: prefix)
        absorbed = state
        dstPrime = dst + [UInt8(dst.count)]
    }

    /// hash_to_field(prefix ‖ suffix, 1).
    func scalar(suffix: [UInt8]) -> Scalar {
        var state = absorbed
        state.update(data: suffix)
        return HashToField.withExpandedMessageXMD48(absorbed: state, dstPrime: dstPrime) { Scalar(reducing: $0) }
    }
}
