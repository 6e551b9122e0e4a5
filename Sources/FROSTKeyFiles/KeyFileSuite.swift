public import FROST

/// The ciphersuite a key file is for, by the name the file gives it (`"suite"`).
public enum KeyFileSuite: String, Sendable, CaseIterable {
    /// RFC 9591 `FROST(secp256k1, SHA-256)`.
    case secp256k1
    /// `FROST-secp256k1-SHA256-TR-v1`: BIP-340 signatures, Taproot.
    case secp256k1Taproot = "secp256k1-tr"

    /// The ciphersuite.
    public var ciphersuite: any Ciphersuite.Type {
        switch self {
        case .secp256k1: Secp256k1SHA256.self
        case .secp256k1Taproot: Secp256k1SHA256Taproot.self
        }
    }
}
