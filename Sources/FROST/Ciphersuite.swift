import Crypto
public import Secp256k1

/// A FROST ciphersuite over secp256k1: its context string, hash functions and signature
/// conventions. The group is always secp256k1; suites differ in how they hash and encode.
///
/// Two suites ship: ``Secp256k1SHA256`` (RFC 9591 `FROST(secp256k1, SHA-256)`) and
/// ``Secp256k1SHA256Taproot`` (`FROST-secp256k1-SHA256-TR-v1`, BIP-340 signatures).
public protocol Ciphersuite: Sendable {
    /// The suite's context string, the prefix of every domain separation tag.
    static var contextString: String { get }
    /// The short name used in files and on the command line.
    static var name: String { get }
    /// True for BIP-340 conventions: the group key and the group commitment are taken with even
    /// y, challenges hash x-only coordinates, and signatures are 64 bytes, x(R) ‖ z.
    static var usesEvenYConventions: Bool { get }
    /// H2: the Schnorr challenge for a group commitment, group public key and message.
    static func challenge(groupCommitment: Point, publicKey: Point, message: [UInt8]) throws(FROSTError) -> Scalar
    /// Encodes a signature (R, z).
    static func encodeSignature(commitment: Point, response: Scalar) throws(FROSTError) -> [UInt8]
    /// Decodes a signature into (R, z).
    static func decodeSignature(_ bytes: [UInt8]) throws(FROSTError) -> (commitment: Point, response: Scalar)
}

extension Ciphersuite {
    /// hash_to_field(m, contextString ‖ tag): H1 ("rho"), H3 ("nonce"), HDKG ("dkg"), HID ("id"),
    /// and H2 ("chal") for the RFC suite.
    public static func hashToScalar(_ message: [UInt8], tag: String) -> Scalar {
        HashToField.scalar(message, dst: Array((contextString + tag).utf8))
    }

    /// SHA-256(contextString ‖ tag ‖ m): H4 ("msg") and H5 ("com").
    public static func hashToBytes(_ message: [UInt8], tag: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array((contextString + tag).utf8))
        hasher.update(data: message)
        return Array(hasher.finalize())
    }

    /// H1.
    static func h1(_ m: [UInt8]) -> Scalar { hashToScalar(m, tag: "rho") }
    /// H3.
    static func h3(_ m: [UInt8]) -> Scalar { hashToScalar(m, tag: "nonce") }
    /// H4.
    static func h4(_ m: [UInt8]) -> [UInt8] { hashToBytes(m, tag: "msg") }
    /// H5.
    static func h5(_ m: [UInt8]) -> [UInt8] { hashToBytes(m, tag: "com") }
    /// HDKG.
    static func hdkg(_ m: [UInt8]) -> Scalar { hashToScalar(m, tag: "dkg") }

    /// The key actually signed for: the group key itself, or with BIP-340 conventions the key
    /// with even y.
    static func effectiveKey(_ key: Point) -> Point { usesEvenYConventions ? key.withEvenY : key }

    /// Verifies a complete signature under the group public key.
    ///
    /// For the Taproot suite this is libsecp256k1's `secp256k1_schnorrsig_verify` (BIP-340),
    /// an implementation independent of this library's signing code.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: Point) -> Bool {
        if usesEvenYConventions {
            guard let xOnly = try? publicKey.xOnly() else { return false }
            return Schnorr.verify(signature: signature, message: message, publicKey: xOnly)
        }
        guard let (r, z) = try? decodeSignature(signature), !publicKey.isIdentity,
            let c = try? challenge(groupCommitment: r, publicKey: publicKey, message: message)
        else { return false }
        // z·G - c·Y = R, with one double-scalar multiplication (variable time: all public).
        return Point.linearCombination([(-c, publicKey)], generator: z) == r
    }
}

/// RFC 9591 FROST(secp256k1, SHA-256): signatures are 65 bytes, compressed R ‖ z.
public enum Secp256k1SHA256: Ciphersuite {
    public static let contextString = "FROST-secp256k1-SHA256-v1"
    public static let name = "secp256k1"
    public static let usesEvenYConventions = false

    public static func challenge(groupCommitment: Point, publicKey: Point, message: [UInt8]) throws(FROSTError)
        -> Scalar
    {
        do {
            return hashToScalar(try groupCommitment.compressed() + publicKey.compressed() + message, tag: "chal")
        } catch {
            throw FROSTError(error, "challenge")
        }
    }

    public static func encodeSignature(commitment: Point, response: Scalar) throws(FROSTError) -> [UInt8] {
        do {
            return try commitment.compressed() + response.bigEndianBytes
        } catch {
            throw FROSTError(error, "signature commitment")
        }
    }

    public static func decodeSignature(_ bytes: [UInt8]) throws(FROSTError) -> (commitment: Point, response: Scalar) {
        guard bytes.count == 65 else {
            throw FROSTError(.invalidEncoding, "a \(name) signature is 65 bytes, got \(bytes.count)")
        }
        do {
            return (try Point(compressed: bytes.prefix(33)), try Scalar(bigEndian: bytes.suffix(32)))
        } catch {
            throw FROSTError(error, "signature")
        }
    }
}

/// FROST-secp256k1-SHA256-TR-v1: FROST producing BIP-340 Schnorr signatures for Taproot.
///
/// H1, H3, H4, H5, HDKG and HID are those of RFC 9591 with this suite's context string; H2 is
/// the BIP-340 challenge, the tagged hash "BIP0340/challenge" of x(R) ‖ x(Y) ‖ m reduced mod n.
/// A group key with odd y is negated (with every share) when signing; when the group commitment
/// has odd y, every signer negates its nonces. Signatures are 64 bytes, x(R) ‖ z.
public enum Secp256k1SHA256Taproot: Ciphersuite {
    public static let contextString = "FROST-secp256k1-SHA256-TR-v1"
    public static let name = "secp256k1-tr"
    public static let usesEvenYConventions = true

    public static func challenge(groupCommitment: Point, publicKey: Point, message: [UInt8]) throws(FROSTError)
        -> Scalar
    {
        do {
            let digest = TaggedHash.bip340Challenge.hash(
                try groupCommitment.xOnly(), try publicKey.xOnly(), message)
            return Scalar(reducing: digest)
        } catch {
            throw FROSTError(error, "challenge")
        }
    }

    public static func encodeSignature(commitment: Point, response: Scalar) throws(FROSTError) -> [UInt8] {
        do {
            return try commitment.xOnly() + response.bigEndianBytes
        } catch {
            throw FROSTError(error, "signature commitment")
        }
    }

    public static func decodeSignature(_ bytes: [UInt8]) throws(FROSTError) -> (commitment: Point, response: Scalar) {
        guard bytes.count == 64 else {
            throw FROSTError(.invalidEncoding, "a \(name) signature is 64 bytes, got \(bytes.count)")
        }
        do {
            return (try Point(xOnly: bytes.prefix(32)), try Scalar(bigEndian: bytes.suffix(32)))
        } catch {
            throw FROSTError(error, "signature")
        }
    }
}
