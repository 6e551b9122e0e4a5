import Crypto
import Foundation
public import Policy
import SecureMemory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An officer's private approval key: Ed25519, or ECDSA P-256 over SHA-256, the two algorithms
/// `ApprovalVerifier` accepts.
///
/// The key lives in swift-crypto's key types; every copy of its bytes that Custody makes (to
/// seal it into a file) is wiped after use. `description`, `debugDescription` and reflection
/// show the public key only.
public struct OfficerPrivateKey {
    private enum Backing {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }
    private let backing: Backing
    /// The public key, in the form a policy's officer entry takes (`ed25519:<hex>`, `p256:<hex>`).
    public let publicKey: OfficerKey

    private init(_ backing: Backing) throws(OfficerKeyError) {
        let bytes: [UInt8]
        let algorithm: OfficerKey.Algorithm
        switch backing {
        case .ed25519(let key):
            bytes = Array(key.publicKey.rawRepresentation)
            algorithm = .ed25519
        case .p256(let key):
            bytes = Array(key.publicKey.compressedRepresentation)
            algorithm = .p256
        }
        guard let publicKey = OfficerKey(validating: bytes, algorithm: algorithm) else {
            throw OfficerKeyError(.invalidKey, "the private key's public key is not a valid \(algorithm.rawValue) key")
        }
        self.backing = backing
        self.publicKey = publicKey
    }

    /// A fresh key from the system's secure random source.
    public static func generate(_ algorithm: OfficerKey.Algorithm) throws(OfficerKeyError) -> OfficerPrivateKey {
        switch algorithm {
        case .ed25519: try OfficerPrivateKey(.ed25519(Curve25519.Signing.PrivateKey()))
        case .p256: try OfficerPrivateKey(.p256(P256.Signing.PrivateKey()))
        }
    }

    /// The key whose 32 secret bytes (the Ed25519 seed, or the P-256 scalar big-endian) are `secret`.
    init(algorithm: OfficerKey.Algorithm, secret: UnsafeRawBufferPointer) throws(OfficerKeyError) {
        guard secret.count == OfficerKeyFile.secretCount else {
            throw OfficerKeyError(.invalidKey, "the private key is not \(OfficerKeyFile.secretCount) bytes")
        }
        switch algorithm {
        case .ed25519:
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: secret) else {
                throw OfficerKeyError(.invalidKey, "the private key is not a valid Ed25519 seed")
            }
            try self.init(.ed25519(key))
        case .p256:
            guard let key = try? P256.Signing.PrivateKey(rawRepresentation: secret) else {
                throw OfficerKeyError(.invalidKey, "the private key is not a valid P-256 scalar")
            }
            try self.init(.p256(key))
        }
    }

    /// The algorithm.
    public var algorithm: OfficerKey.Algorithm { publicKey.algorithm }

    /// Calls `body` with the 32 secret bytes, in memory wiped when `body` returns.
    func withSecret<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var raw: Data
        switch backing {
        case .ed25519(let key): raw = key.rawRepresentation
        case .p256(let key): raw = key.rawRepresentation
        }
        let secret = SecretBytes(copying: raw)
        raw.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
        }
        return try secret.withUnsafeBytes(body)
    }

    /// The signature over `message`: Ed25519 (64 bytes), or ECDSA P-256 over SHA-256 of the
    /// message (64 bytes, r‖s).
    public func signature(for message: [UInt8]) throws(OfficerKeyError) -> [UInt8] {
        do {
            switch backing {
            case .ed25519(let key): return Array(try key.signature(for: message))
            case .p256(let key): return Array(try key.signature(for: message).rawRepresentation)
            }
        } catch {
            throw OfficerKeyError(.cryptoFailure, "the signature could not be made")
        }
    }

    /// `statement` signed: what `ApprovalVerifier.verify` accepts when the policy gives this key
    /// to `statement.officer`.
    public func sign(_ statement: ApprovalStatement) throws(OfficerKeyError) -> SignedApproval {
        SignedApproval(statement: statement, signature: try signature(for: statement.canonicalBytes))
    }
}

extension OfficerPrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "OfficerPrivateKey(\(publicKey), private part redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey], displayStyle: .struct) }
}
