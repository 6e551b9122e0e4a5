internal import CSecp256k1Vendored
import SecureMemory

/// BIP-340 Schnorr signatures, through libsecp256k1's `schnorrsig` module.
///
/// Custody verifies every threshold signature with this independent implementation before it
/// is released; ``sign(message:secretKey:auxiliaryRandomness:)`` exists as a single-signer
/// yardstick for benchmarks and tests.
public enum Schnorr {
    /// True when `signature` (64 bytes) is a valid BIP-340 signature of `message` (any length)
    /// under the x-only `publicKey` (32 bytes). Malformed inputs are simply invalid.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, publicKey.count == 32 else { return false }
        let context = Secp256k1Context.shared.pointer
        var key = custody_secp256k1_xonly_pubkey()
        guard custody_secp256k1_xonly_pubkey_parse(context, &key, publicKey) == 1 else { return false }
        return custody_secp256k1_schnorrsig_verify(context, signature, message, message.count, &key) == 1
    }

    /// Signs a 32-byte message with a single secret key (BIP-340 default signing).
    public static func sign(
        message: [UInt8], secretKey: Scalar, auxiliaryRandomness: [UInt8]
    ) throws(Secp256k1Error) -> [UInt8] {
        guard message.count == 32, auxiliaryRandomness.count == 32, !secretKey.isZero else {
            throw Secp256k1Error(
                .invalidEncoding, "signing takes a 32-byte message, 32 bytes of aux randomness and a non-zero key")
        }
        let context = Secp256k1Context.shared.pointer
        var keypair = custody_secp256k1_keypair()
        defer { Wipe.value(&keypair) }
        _ = secretKey.withUnsafeBigEndianBytes { secret in
            custody_secp256k1_keypair_create(context, &keypair, secret)
        }
        var signature = [UInt8](repeating: 0, count: 64)
        guard custody_secp256k1_schnorrsig_sign32(context, &signature, message, &keypair, auxiliaryRandomness) == 1
        else {
            throw Secp256k1Error(.invalidSignature, "libsecp256k1 refused to sign")
        }
        return signature
    }
}

/// The BIP-341 key tweak: Q = P + t·G with t = hash_TapTweak(bytes(P) ‖ merkle root).
public enum TaprootTweak {
    /// The tweak scalar for an internal key (its x coordinate) and an optional script tree root.
    /// Without a root the tweak commits to an unspendable script path (key-path only).
    public static func scalar(internalKey xOnly: [UInt8], merkleRoot: [UInt8]?) throws(Secp256k1Error) -> Scalar {
        if let merkleRoot, merkleRoot.count != 32 {
            throw Secp256k1Error(.invalidEncoding, "a Taproot merkle root is 32 bytes, got \(merkleRoot.count)")
        }
        let digest = TaggedHash.tapTweak.hash(xOnly, merkleRoot ?? [])
        do {
            return try Scalar(bigEndian: digest)
        } catch {
            throw Secp256k1Error(.scalarOutOfRange, "the Taproot tweak is not below n (probability 2^-128)")
        }
    }

    /// The output key Q for an internal key P (taken with even y, as BIP-341 does).
    public static func outputKey(internalKey: Point, merkleRoot: [UInt8]?) throws(Secp256k1Error) -> Point {
        let p = internalKey.withEvenY
        let t = try scalar(internalKey: try p.xOnly(), merkleRoot: merkleRoot)
        let q = p + Point(multiplyingGeneratorBy: t)
        guard !q.isIdentity else { throw Secp256k1Error(.identityElement, "the tweaked key is the identity") }
        return q
    }
}

/// ECDSA verification over secp256k1, through libsecp256k1: for signatures made by HSM
/// identity keys.
public enum ECDSA {
    /// True when `signature` (64 bytes, r ‖ s; a high s is accepted) is valid for the 32-byte
    /// `digest` under `publicKey` (33-byte compressed or 65-byte uncompressed SEC1).
    public static func verify(signature: [UInt8], digest: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, digest.count == 32 else { return false }
        let context = Secp256k1Context.shared.pointer
        var key = custody_secp256k1_pubkey()
        guard custody_secp256k1_ec_pubkey_parse(context, &key, publicKey, publicKey.count) == 1 else { return false }
        var parsed = custody_secp256k1_ecdsa_signature()
        guard custody_secp256k1_ecdsa_signature_parse_compact(context, &parsed, signature) == 1 else { return false }
        var normalized = custody_secp256k1_ecdsa_signature()
        _ = custody_secp256k1_ecdsa_signature_normalize(context, &normalized, &parsed)
        return custody_secp256k1_ecdsa_verify(context, &normalized, digest, &key) == 1
    }
}
