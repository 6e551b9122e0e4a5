import Crypto
import Foundation

/// A signed-note verifier key (C2SP signed-note): a name, a 4-byte key ID and a typed public
/// key, written as a vkey `name+hex(keyid)+base64(type ‖ pubkey)`. Only Ed25519 (type 0x01) is
/// supported.
public struct NoteVerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature type of Ed25519 keys.
    public static let ed25519: UInt8 = 0x01

    /// The key's name, as it appears on signature lines.
    public let name: String
    /// `SHA-256(name ‖ 0x0A ‖ type ‖ pubkey)[:4]`, big-endian.
    public let keyID: UInt32
    /// The signature type.
    public let type: UInt8
    /// The raw public key (32 bytes for Ed25519).
    public let publicKey: [UInt8]

    /// An Ed25519 key with this name.
    public init(name: String, ed25519PublicKey: [UInt8]) throws {
        guard Self.isValidName(name) else { throw AuditError(.invalidKey, "key name \"\(name)\" is not valid") }
        guard ed25519PublicKey.count == 32 else { throw AuditError(.invalidKey, "Ed25519 public key is not 32 bytes") }
        self.name = name
        self.type = Self.ed25519
        self.publicKey = ed25519PublicKey
        self.keyID = Self.keyID(name: name, typedKey: [Self.ed25519] + ed25519PublicKey)
    }

    /// Parses a vkey; throws ``AuditError/Code/invalidKey`` if it is malformed, its key ID does
    /// not match, or its type is not Ed25519.
    public init(vkey: String) throws {
        // Split at "+" bytes, never at grapheme clusters, as every verifier does.
        let parts = Array(vkey.utf8).split(separator: 0x2B, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let typed = Data(base64Encoded: Data(parts[2])).map(Array.init), !typed.isEmpty
        else { throw AuditError(.invalidKey, "vkey is not name+hex(keyid)+base64(type‖key)") }
        guard typed[0] == Self.ed25519 else { throw AuditError(.invalidKey, "vkey type \(typed[0]) is not Ed25519") }
        try self.init(name: String(decoding: parts[0], as: UTF8.self), ed25519PublicKey: Array(typed.dropFirst()))
        guard parts[1].elementsEqual(keyIDHex.utf8) else {
            throw AuditError(.invalidKey, "vkey key ID is not \(keyIDHex), the hex of its name's and key's")
        }
    }

    /// The vkey text.
    public var vkey: String {
        name + "+" + String(format: "%08x", keyID) + "+" + Data([type] + publicKey).base64EncodedString()
    }

    public var description: String { vkey }

    /// Whether `signature` is this key's signature of `message`.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    static func keyID(name: String, typedKey: [UInt8]) -> UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A] + typedKey))
        return digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A name is non-empty, with no `+`, whitespace or control character.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }
}
