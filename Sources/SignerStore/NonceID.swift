import Encoding
public import FROST
import Secp256k1

/// The ledger's name for one nonce: the tagged hash of its public commitments,
/// `SHA-256(t ‖ t ‖ identifier ‖ D ‖ E)` with `t = SHA-256("custody/signer-store/nonce")`
/// (BIP-340's tagged hash), over the signer's 32-byte identifier and the compressed hiding and
/// binding commitments (33 bytes each). 32 bytes, shown as lowercase hex.
public struct NonceID: Hashable, Sendable, CustomStringConvertible {
    /// The hash's tag.
    public static let tag = "custody/signer-store/nonce"
    static let hasher = TaggedHash(tag: tag)

    /// The 32 bytes.
    public let bytes: [UInt8]

    /// The id of `commitments`.
    public init(_ commitments: SigningCommitments) {
        bytes = Self.hasher.hash(StoredCommitments.encode(commitments))
    }

    /// An id received as bytes.
    /// - Throws: `invalidInput` unless `bytes` is 32 bytes long.
    public init(bytes: [UInt8]) throws(SignerStoreError) {
        guard bytes.count == 32 else {
            throw SignerStoreError(.invalidInput, "a nonce id is 32 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }
}

/// The stored form of a nonce's public commitments: identifier (32 bytes) ‖ D (33, compressed)
/// ‖ E (33, compressed), 98 bytes.
enum StoredCommitments {
    static let size = 98

    static func encode(_ commitments: SigningCommitments) -> [UInt8] {
        // Commitments are never the identity (SigningCommitments refuses it), so both encode.
        commitments.identifier.bytes + (try! commitments.hiding.compressed())
            + (try! commitments.binding.compressed())
    }

    static func decode(_ bytes: [UInt8]) throws(SignerStoreError) -> SigningCommitments {
        guard bytes.count == size else {
            throw SignerStoreError(.corrupt, "stored commitments are \(bytes.count) bytes, not \(size)")
        }
        do {
            return try SigningCommitments(
                identifier: try Identifier(bytes: bytes[0..<32]), hiding: try Point(compressed: bytes[32..<65]),
                binding: try Point(compressed: bytes[65..<98]))
        } catch {
            throw SignerStoreError(.corrupt, "stored commitments do not decode: \(error)")
        }
    }
}
