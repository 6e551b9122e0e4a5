import Crypto
import Foundation
import SecureMemory

/// Something that signs checkpoints: a file key in development, an HSM key in production.
public protocol NoteSigner: Sendable {
    /// The key that verifies this signer's signatures.
    var verifierKey: NoteVerifierKey { get }
    /// Signs the note text's bytes.
    func sign(_ message: [UInt8]) throws -> [UInt8]
}

/// An Ed25519 note signer whose private key sits in memory or in a file.
///
/// **For development and tests only.** The key is not protected by any hardware; production
/// checkpoints must be signed by an HSM-backed ``NoteSigner``.
///
/// `description`, `debugDescription` and reflection (`dump`, `Mirror`) show the verifier key
/// only, never the seed.
public struct DevelopmentNoteSigner: NoteSigner, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let verifierKey: NoteVerifierKey
    private let seed: SecretBytes  // wiped on release; reflection shows it redacted
    private var key: Curve25519.Signing.PrivateKey {
        seed.withUnsafeBytes { try! Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
    }

    /// A signer with a fresh random key.
    public init(name: String) throws {
        try self.init(name: name, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// A signer from a 32-byte Ed25519 seed.
    public init(name: String, seed: [UInt8]) throws {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw AuditError(.invalidKey, "an Ed25519 seed is 32 bytes")
        }
        self.seed = SecretBytes(copying: seed)
        self.verifierKey = try NoteVerifierKey(name: name, ed25519PublicKey: Array(key.publicKey.rawRepresentation))
    }

    /// A signer from an skey, `PRIVATE+KEY+name+hex(keyid)+base64(type ‖ seed)` (golang.org/x/mod/sumdb/note).
    public init(skey: String) throws {
        let parts = skey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
            let typed = Data(base64Encoded: String(parts[4])).map(Array.init), typed.count == 33,
            typed[0] == NoteVerifierKey.ed25519
        else { throw AuditError(.invalidKey, "skey is not PRIVATE+KEY+name+hex(keyid)+base64(0x01‖seed)") }
        try self.init(name: String(parts[2]), seed: Array(typed.dropFirst()))
        guard String(format: "%08x", verifierKey.keyID) == parts[3] else {
            throw AuditError(.invalidKey, "skey key ID does not match its key")
        }
    }

    /// The skey text. It holds the private key.
    public var skey: String {
        "PRIVATE+KEY+\(verifierKey.name)+" + String(format: "%08x", verifierKey.keyID) + "+"
            + Data([NoteVerifierKey.ed25519] + Array(key.rawRepresentation)).base64EncodedString()
    }

    public var description: String { "DevelopmentNoteSigner(\(verifierKey.vkey), seed redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["verifierKey": verifierKey, "seed": "<redacted>"], displayStyle: .struct)
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        do { return Array(try key.signature(for: message)) } catch {
            throw AuditError(.signingFailed, "Ed25519 signing failed")
        }
    }
}
