internal import CSecp256k1
import Crypto
import Encoding

/// Another signer's (or this signer's) identity public key: a point of its curve, checked when
/// the value is made, so that nothing downstream (ECDH in an HSM, signature checks) ever sees
/// an unchecked point.
public struct IdentityPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The key's curve.
    public let curve: IdentityCurve
    /// The point, 65-byte uncompressed SEC1 (`04 ‖ x ‖ y`).
    public let uncompressed: [UInt8]

    /// Parses and validates a SEC1 point of `curve`, compressed (33 bytes) or uncompressed
    /// (65 bytes).
    ///
    /// - Throws: `.invalidInput` naming what is wrong: the length or prefix, the point at
    ///   infinity, coordinates that are not field elements, or a point that is not on `curve`.
    public init(curve: IdentityCurve, sec1 bytes: [UInt8]) throws(PKCS11Error) {
        if bytes == [0x00] {
            throw PKCS11Error(.invalidInput, "the \(curve.rawValue) identity public key is the point at infinity")
        }
        let prefix = bytes.first ?? 0
        guard (bytes.count == 65 && prefix == 0x04) || (bytes.count == 33 && (prefix == 0x02 || prefix == 0x03))
        else {
            throw PKCS11Error(
                .invalidInput,
                "a \(curve.rawValue) identity public key is SEC1: 65 bytes starting 04 or 33 bytes starting 02 or 03, "
                    + "got \(bytes.count) bytes" + (bytes.isEmpty ? "" : " starting \(Hex.encode([prefix]))"))
        }
        let parsed: [UInt8]? =
            switch curve {
            case .secp256k1: Self.secp256k1Uncompressed(bytes)
            case .p256: Self.p256Uncompressed(bytes)
            }
        guard let parsed else {
            throw PKCS11Error(
                .invalidInput,
                "the identity public key is not a point of \(curve.rawValue) "
                    + "(a coordinate is not below the field prime, or the point is not on the curve)")
        }
        self.curve = curve
        self.uncompressed = parsed
    }

    /// True when `signature` (64 bytes, r ‖ s, as ``HSMToken/signWithIdentity(digest:)``
    /// returns) is a valid ECDSA signature of the 32-byte `digest` by this key, with s in the
    /// lower half of the group order.
    ///
    /// Anyone can turn a valid signature (r, s) into a second valid one, (r, n − s), without the
    /// key. Custody signs with low s and refuses high s, so that every signed statement has one
    /// signature and a signature cannot be altered into another that still identifies its
    /// signer (a replay filter keyed on signature bytes would otherwise be bypassed).
    public func isValidSignature(_ signature: [UInt8], digest: [UInt8]) -> Bool {
        guard signature.count == 64, digest.count == 32 else { return false }
        let s = Array(signature[32...])
        guard curve.isLowS(s) else { return false }
        switch curve {
        case .secp256k1:
            let context = IdentityVerificationContext.shared.pointer
            var key = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_parse(context, &key, uncompressed, uncompressed.count) == 1 else {
                return false
            }
            var parsed = secp256k1_ecdsa_signature()
            guard secp256k1_ecdsa_signature_parse_compact(context, &parsed, signature) == 1 else { return false }
            // libsecp256k1 refuses a high s itself too; nothing here normalises it.
            return secp256k1_ecdsa_verify(context, &parsed, digest, &key) == 1
        case .p256:
            guard let key = try? P256.Signing.PublicKey(x963Representation: uncompressed),
                let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: PrehashedDigest(bytes: digest))
        }
    }

    public var description: String {
        "\(curve.rawValue) identity key " + Hex.encode(uncompressed)
    }

    /// libsecp256k1 checks that both coordinates are below p and that y² = x³ + 7.
    private static func secp256k1Uncompressed(_ bytes: [UInt8]) -> [UInt8]? {
        let context = IdentityVerificationContext.shared.pointer
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &key, bytes, bytes.count) == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: 65)
        var length = 65
        guard secp256k1_ec_pubkey_serialize(context, &output, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED)) == 1,
            length == 65
        else { return nil }
        return output
    }

    /// swift-crypto (BoringSSL) checks that both coordinates are below p and that the point is
    /// on P-256.
    private static func p256Uncompressed(_ bytes: [UInt8]) -> [UInt8]? {
        if bytes.count == 65 {
            return (try? P256.KeyAgreement.PublicKey(x963Representation: bytes)).map { Array($0.x963Representation) }
        }
        return (try? P256.KeyAgreement.PublicKey(compressedRepresentation: bytes)).map {
            Array($0.x963Representation)
        }
    }
}

extension IdentityCurve {
    /// ⌊n / 2⌋ for the curve's group order n, big-endian: the largest s a low-s signature has.
    var halfOrder: [UInt8] {
        switch self {
        case .secp256k1:
            [
                0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
            ]
        case .p256:
            [
                0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
            ]
        }
    }

    /// The group order n, big-endian: 2·⌊n / 2⌋ + 1 (n is odd).
    var order: [UInt8] {
        var result = [UInt8](repeating: 0, count: 32)
        var carry: UInt16 = 1
        for index in (0..<32).reversed() {
            let doubled = UInt16(halfOrder[index]) << 1 + carry
            result[index] = UInt8(truncatingIfNeeded: doubled)
            carry = doubled >> 8
        }
        return result
    }

    /// True when the 32-byte big-endian `s` is at most ⌊n / 2⌋.
    func isLowS(_ s: [UInt8]) -> Bool {
        s.count == 32 && !halfOrder.lexicographicallyPrecedes(s)
    }

    /// n − s for a 32-byte big-endian s below n: the other s of the same signature.
    func negatedS(_ s: [UInt8]) -> [UInt8] {
        let n = order
        var result = [UInt8](repeating: 0, count: 32)
        var borrow: Int = 0
        for index in (0..<32).reversed() {
            var difference = Int(n[index]) - Int(s[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }
}

/// A SHA-256 digest computed elsewhere (Custody signs and verifies 32-byte digests), for
/// swift-crypto's digest-taking ECDSA API.
struct PrehashedDigest: Digest {
    static let byteCount = 32
    let bytes: [UInt8]

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    var description: String { "digest " + Hex.encode(bytes) }
}

/// A libsecp256k1 context for parsing points and verifying signatures.
///
/// `@unchecked Sendable`: the context is created once and only used through calls that take it
/// as `const` (parsing, serialising, verifying), which libsecp256k1 allows concurrently.
private final class IdentityVerificationContext: @unchecked Sendable {
    static let shared = IdentityVerificationContext()
    let pointer: OpaquePointer

    private init() { pointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))! }

    deinit { secp256k1_context_destroy(pointer) }
}
