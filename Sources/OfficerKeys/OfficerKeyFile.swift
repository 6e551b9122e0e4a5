import Crypto
import Foundation
public import Policy
public import SecureMemory
import _CryptoExtras

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The officer key file, version 1: a private approval key sealed under a passphrase with scrypt
/// and AES-256-GCM, in a fixed binary layout (docs/officer-keys.md).
///
/// ```
/// offset  size  field
///      0    20  magic: "custody.officer.key" and 0x00
///     20     1  version: 0x01
///     21     1  algorithm: 0x01 Ed25519, 0x02 P-256
///     22     1  scrypt log2 N (14 … 18)
///     23     1  scrypt r (1 … 16)
///     24     1  scrypt p (1 … 4)
///     25    16  salt
///     41    12  AES-GCM nonce
///     53  32|33 public key: Ed25519 32 bytes, P-256 33 bytes (SEC 1 compressed)
///      …    32  ciphertext of the private key (Ed25519 seed, P-256 scalar)
///      …    16  AES-GCM tag; the additional data is every byte before the ciphertext
///      …    32  SHA-256 of every byte before it
/// ```
///
/// An Ed25519 file is exactly 165 bytes, a P-256 file 166.
public enum OfficerKeyFile {
    /// The first 20 bytes of every officer key file.
    public static let magic: [UInt8] = Array("custody.officer.key".utf8) + [0]
    /// The format version this code reads and writes.
    public static let version: UInt8 = 1
    /// The largest file of any algorithm; a reader refuses a longer file before reading it.
    public static let maxFileBytes = 166

    static let saltCount = 16
    static let nonceCount = 12
    static let secretCount = 32
    static let tagCount = 16
    static let checksumCount = 32
    static let publicKeyOffset = 53

    /// What a file says in clear: everything but the sealed private key.
    public struct Header: Hashable, Sendable {
        public let version: UInt8
        public let parameters: ScryptParameters
        public let salt: [UInt8]
        public let nonce: [UInt8]
        /// The officer's public key, in the form a policy's officer entry takes.
        public let publicKey: OfficerKey

        /// The algorithm.
        public var algorithm: OfficerKey.Algorithm { publicKey.algorithm }
    }

    /// The size of a file holding a key of `algorithm`.
    public static func size(of algorithm: OfficerKey.Algorithm) -> Int {
        publicKeyOffset + publicKeyCount(algorithm) + secretCount + tagCount + checksumCount
    }

    static func publicKeyCount(_ algorithm: OfficerKey.Algorithm) -> Int {
        switch algorithm {
        case .ed25519: 32
        case .p256: 33
        }
    }

    /// Reads and checks everything a file says in clear, without the passphrase: the magic, the
    /// version, the algorithm, the exact length, the checksum, the scrypt parameters' bounds and
    /// the public key. No memory is allocated for the KDF.
    public static func header(of bytes: [UInt8]) throws(OfficerKeyError) -> Header {
        let prefix = min(bytes.count, magic.count)
        guard bytes[0..<prefix].elementsEqual(magic[0..<prefix]) else {
            throw OfficerKeyError(.notAKeyFile, "not an officer key file: it does not start with 'custody.officer.key'")
        }
        guard bytes.count > 21 else {
            throw OfficerKeyError(.truncated, "truncated: \(bytes.count) bytes, the header alone is 53")
        }
        guard bytes[20] == version else {
            throw OfficerKeyError(
                .unsupportedVersion, "unsupported version \(bytes[20]); this reader knows version \(version)")
        }
        let algorithm: OfficerKey.Algorithm
        switch bytes[21] {
        case 1: algorithm = .ed25519
        case 2: algorithm = .p256
        default:
            throw OfficerKeyError(.unknownAlgorithm, "unknown algorithm byte \(bytes[21]); 1 is Ed25519, 2 is P-256")
        }
        let expected = size(of: algorithm)
        guard bytes.count >= expected else {
            throw OfficerKeyError(
                .truncated,
                "truncated: \(bytes.count) bytes; an \(algorithm.rawValue) officer key file is exactly \(expected)")
        }
        guard bytes.count == expected else {
            throw OfficerKeyError(
                .oversized,
                "oversized: \(bytes.count) bytes; an \(algorithm.rawValue) officer key file is exactly \(expected)")
        }
        let body = bytes[0..<(expected - checksumCount)]
        guard ConstantTime.equal(Array(SHA256.hash(data: body)), bytes[(expected - checksumCount)...]) else {
            throw OfficerKeyError(.corrupted, "corrupted: the checksum does not match; the file was altered or damaged")
        }
        let parameters = try ScryptParameters(log2N: bytes[22], r: bytes[23], p: bytes[24])
        let keyBytes = Array(bytes[publicKeyOffset..<(publicKeyOffset + publicKeyCount(algorithm))])
        guard let publicKey = OfficerKey(validating: keyBytes, algorithm: algorithm),
            publicKey.bytes == keyBytes
        else {
            throw OfficerKeyError(.invalidKey, "the public key is not a valid \(algorithm.rawValue) key")
        }
        return Header(
            version: bytes[20], parameters: parameters, salt: Array(bytes[25..<41]), nonce: Array(bytes[41..<53]),
            publicKey: publicKey)
    }

    /// The file holding `key` sealed under `passphrase`, with a fresh salt and nonce.
    public static func seal(
        _ key: OfficerPrivateKey, passphrase: SecretBytes, parameters: ScryptParameters = .standard
    ) throws(OfficerKeyError) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let nonceBytes = (0..<nonceCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        var header = magic
        header += [version, key.algorithm == .ed25519 ? 1 : 2, parameters.log2N, parameters.r, parameters.p]
        header += salt
        header += nonceBytes
        header += key.publicKey.bytes
        let symmetric = try derive(passphrase: passphrase, salt: salt, parameters: parameters)
        let sealed: AES.GCM.SealedBox
        do {
            let nonce = try AES.GCM.Nonce(data: nonceBytes)
            sealed = try key.withSecret { secret in
                try AES.GCM.seal(secret, using: symmetric, nonce: nonce, authenticating: header)
            }
        } catch {
            throw OfficerKeyError(.cryptoFailure, "the key could not be sealed")
        }
        var file = header + Array(sealed.ciphertext) + Array(sealed.tag)
        file += Array(SHA256.hash(data: file))
        return file
    }

    /// The private key in `bytes`, once the file checks (``header(of:)``), decrypts under
    /// `passphrase`, and holds the private key of the public key it names.
    public static func open(_ bytes: [UInt8], passphrase: SecretBytes) throws(OfficerKeyError) -> OfficerPrivateKey {
        let header = try header(of: bytes)
        let symmetric = try derive(passphrase: passphrase, salt: header.salt, parameters: header.parameters)
        let ciphertextOffset = publicKeyOffset + publicKeyCount(header.algorithm)
        let tagOffset = ciphertextOffset + secretCount
        var plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: header.nonce), ciphertext: bytes[ciphertextOffset..<tagOffset],
                tag: bytes[tagOffset..<(tagOffset + tagCount)])
            plaintext = try AES.GCM.open(box, using: symmetric, authenticating: bytes[0..<ciphertextOffset])
        } catch {
            throw OfficerKeyError(
                .wrongPassphrase, "wrong passphrase: the key did not decrypt (the file's checksum is intact)")
        }
        defer {
            plaintext.withUnsafeMutableBytes { buffer in
                if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
            }
        }
        let opened: Result<OfficerPrivateKey, OfficerKeyError> = plaintext.withUnsafeBytes { secret in
            Result { () throws(OfficerKeyError) in try OfficerPrivateKey(algorithm: header.algorithm, secret: secret) }
        }
        let key = try opened.get()
        guard key.publicKey == header.publicKey else {
            throw OfficerKeyError(.invalidKey, "the decrypted private key does not match the file's public key")
        }
        return key
    }

    /// The AES-256 key scrypt derives from the passphrase and salt.
    static func derive(
        passphrase: SecretBytes, salt: [UInt8], parameters: ScryptParameters
    ) throws(OfficerKeyError) -> SymmetricKey {
        do {
            return try passphrase.withUnsafeBytes { secret in
                try KDF.Scrypt.deriveKey(
                    from: secret, salt: salt, outputByteCount: 32, rounds: parameters.n, blockSize: Int(parameters.r),
                    parallelism: Int(parameters.p))
            }
        } catch {
            throw OfficerKeyError(.cryptoFailure, "scrypt failed (\(parameters))")
        }
    }
}
