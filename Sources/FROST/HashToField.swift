import Crypto
import Secp256k1

/// RFC 9380 `expand_message_xmd` with SHA-256, and `hash_to_field` for the secp256k1 scalar field.
enum HashToField {
    /// expand_message_xmd(msg, DST, 48) with SHA-256 (b_in_bytes 32, s_in_bytes 64).
    static func expandMessageXMD48(_ message: [UInt8], dst: [UInt8]) -> [UInt8] {
        precondition(dst.count <= 255, "a domain separation tag is at most 255 bytes")
        let dstPrime = dst + [UInt8(dst.count)]
        var first = SHA256()
        first.update(data: [UInt8](repeating: 0, count: 64))
        first.update(data: message)
        first.update(data: [0, 48, 0])
        first.update(data: dstPrime)
        let b0 = Array(first.finalize())

        var second = SHA256()
        second.update(data: b0)
        second.update(data: [1])
        second.update(data: dstPrime)
        let b1 = Array(second.finalize())

        var third = SHA256()
        third.update(data: zip(b0, b1).map { $0 ^ $1 })
        third.update(data: [2])
        third.update(data: dstPrime)
        let b2 = Array(third.finalize())
        return b1 + b2.prefix(16)
    }

    /// hash_to_field(msg, 1) for the scalar field of secp256k1 (L = 48), reduced in constant time.
    static func scalar(_ message: [UInt8], dst: [UInt8]) -> Scalar {
        Scalar(reducing: expandMessageXMD48(message, dst: dst))
    }
}
