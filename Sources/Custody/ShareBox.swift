import Crypto
public import FROST
import Foundation
public import SecureMemory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A secret (a DKG round-two share) encrypted by one ceremony participant for another, so that
/// the coordinator that relays it can neither read it, alter it, redirect it to another
/// participant, nor replay it into another ceremony.
///
/// The key is HKDF-SHA256 of the ECDH secret of the two participants' HSM identity keys, with
/// an `info` that binds the header (purpose, ceremony id, sender, recipient, in that order, so
/// each direction has its own key) and both identity public keys; the box is AES-256-GCM with
/// the header as associated data. The opened secret exists only in ``SecretBytes``. Formats:
/// docs/key-ceremony.md.
public struct ShareBox: Sendable, Equatable {
    /// What a box carries; each purpose derives its own keys.
    public enum Purpose: UInt8, Sendable, CaseIterable {
        /// A DKG round-two share, fᵢ(recipient).
        case dkgShare = 1
        /// A share refresh's zero-share, gᵢ(recipient) (docs/key-ceremony.md § Share refresh).
        case refreshShare = 2
        /// A share repair's delta from one helper to another (docs/key-ceremony.md § Share repair).
        case repairDelta = 3
        /// A share repair's sum of deltas from a helper to the participant repaired.
        case repairSigma = 4
    }

    /// The domain tag that starts the header and is the HKDF salt.
    static let tag = Array("custody.sharebox.v1".utf8)
    /// The AES-GCM nonce and tag sizes, and the largest secret a box carries.
    static let nonceLength = 12
    static let tagLength = 16
    static let maxSecretLength = 64

    /// What the box carries.
    public let purpose: Purpose
    /// The ceremony it was made in.
    public let ceremonyID: KeyCeremonyID
    /// Who made it.
    public let sender: Identifier
    /// Who alone can open it.
    public let recipient: Identifier
    /// The AES-GCM nonce, 12 bytes.
    public let nonce: [UInt8]
    /// The encrypted secret, as long as the secret.
    public let ciphertext: [UInt8]
    /// The AES-GCM tag, 16 bytes.
    public let authenticationTag: [UInt8]

    /// A box as received; nothing is checked until ``open(purpose:ceremonyID:from:to:sharedSecret:)``.
    public init(
        purpose: Purpose, ceremonyID: KeyCeremonyID, sender: Identifier, recipient: Identifier, nonce: [UInt8],
        ciphertext: [UInt8], authenticationTag: [UInt8]
    ) {
        self.purpose = purpose
        self.ceremonyID = ceremonyID
        self.sender = sender
        self.recipient = recipient
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.authenticationTag = authenticationTag
    }

    /// The associated data: the tag, the purpose (1 byte), the ceremony id with a one-byte
    /// length, the sender's and the recipient's 32-byte identifiers.
    public var header: [UInt8] {
        Self.header(purpose: purpose, ceremonyID: ceremonyID, sender: sender, recipient: recipient)
    }

    static func header(purpose: Purpose, ceremonyID: KeyCeremonyID, sender: Identifier, recipient: Identifier)
        -> [UInt8]
    {
        Self.tag + [purpose.rawValue, UInt8(ceremonyID.bytes.count)] + ceremonyID.bytes + sender.bytes + recipient.bytes
    }

    /// Encrypts `secret` from `sender` to `recipient`.
    ///
    /// - Parameter sharedSecret: the ECDH secret of the two identity keys, as the sender's HSM
    ///   derives it (`HSMToken.deriveSharedSecret(peer:)` with the recipient's key).
    /// - Throws: `invalidParameters` for a secret longer than 64 bytes, a shared secret that is
    ///   not 32 bytes, or a sender that is its own recipient.
    public static func seal(
        _ secret: SecretBytes, purpose: Purpose, ceremonyID: KeyCeremonyID, from sender: KeyCeremonyParticipant,
        to recipient: KeyCeremonyParticipant, sharedSecret: SecretBytes
    ) throws(KeyCeremonyError) -> ShareBox {
        guard (1...maxSecretLength).contains(secret.count) else {
            throw KeyCeremonyError(.invalidParameters, "a share box carries 1 to \(maxSecretLength) bytes")
        }
        let header = Self.header(
            purpose: purpose, ceremonyID: ceremonyID, sender: sender.identifier, recipient: recipient.identifier)
        let key = try Self.key(header: header, sender: sender, recipient: recipient, sharedSecret: sharedSecret)
        do {
            let box = try secret.withUnsafeBytes { plain in
                try AES.GCM.seal(plain, using: key, nonce: AES.GCM.Nonce(), authenticating: header)
            }
            return ShareBox(
                purpose: purpose, ceremonyID: ceremonyID, sender: sender.identifier, recipient: recipient.identifier,
                nonce: Array(box.nonce), ciphertext: Array(box.ciphertext), authenticationTag: Array(box.tag))
        } catch {
            throw KeyCeremonyError(.invalidParameters, "AES-GCM refused to seal the share box")
        }
    }

    /// Checks that the box is what the recipient expects, then decrypts it into wiped memory.
    ///
    /// - Parameter sharedSecret: the ECDH secret of the two identity keys, as the recipient's
    ///   HSM derives it with the sender's key.
    /// - Throws: `wrongCeremony` for another purpose or ceremony; `misattributed` when the box
    ///   names another sender; `misdirected` when it names another recipient; `malformedMessage`
    ///   for a nonce, tag or ciphertext of the wrong size; `undecryptableShare`, naming the
    ///   sender, when the tag does not verify (altered in any byte, or made under another key).
    public func open(
        purpose expectedPurpose: Purpose, ceremonyID expectedCeremony: KeyCeremonyID,
        from sender: KeyCeremonyParticipant, to recipient: KeyCeremonyParticipant, sharedSecret: SecretBytes
    ) throws(KeyCeremonyError) -> SecretBytes {
        guard purpose == expectedPurpose, ceremonyID == expectedCeremony else {
            throw KeyCeremonyError(
                .wrongCeremony,
                "a share box for ceremony \(ceremonyID) (purpose \(purpose.rawValue)), "
                    + "not ceremony \(expectedCeremony) (purpose \(expectedPurpose.rawValue))")
        }
        guard self.sender == sender.identifier else {
            throw KeyCeremonyError(
                .misattributed, "participant \(sender.identifier) sent a share box naming sender \(self.sender)",
                culprits: [sender.identifier])
        }
        guard self.recipient == recipient.identifier else {
            throw KeyCeremonyError(
                .misdirected,
                "a share box for participant \(self.recipient) was delivered to participant \(recipient.identifier)")
        }
        guard nonce.count == Self.nonceLength, authenticationTag.count == Self.tagLength,
            (1...Self.maxSecretLength).contains(ciphertext.count)
        else {
            throw KeyCeremonyError(
                .malformedMessage,
                "a share box has a 12-byte nonce, a 16-byte tag and 1 to \(Self.maxSecretLength) bytes of ciphertext; "
                    + "got \(nonce.count), \(authenticationTag.count) and \(ciphertext.count)",
                culprits: [sender.identifier])
        }
        let header = self.header
        let key = try Self.key(header: header, sender: sender, recipient: recipient, sharedSecret: sharedSecret)
        let undecryptable = KeyCeremonyError(
            .undecryptableShare,
            "the share box from participant \(sender.identifier) does not authenticate: altered, or not made "
                + "for this ceremony, sender and recipient",
            culprits: [sender.identifier])
        guard let gcmNonce = try? AES.GCM.Nonce(data: nonce),
            let box = try? AES.GCM.SealedBox(nonce: gcmNonce, ciphertext: ciphertext, tag: authenticationTag),
            var plain = try? AES.GCM.open(box, using: key, authenticating: header)
        else { throw undecryptable }
        // swift-crypto returns the plaintext in a Data of its own: copy it into wiped memory
        // and wipe the Data at once.
        defer {
            plain.withUnsafeMutableBytes { buffer in
                if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
            }
        }
        return SecretBytes(copying: plain)
    }

    /// HKDF-SHA256(ikm: the ECDH secret, salt: the tag, info: header ‖ the sender's identity
    /// key ‖ the recipient's, both 65-byte uncompressed SEC1), 32 bytes, in swift-crypto's wiped
    /// key storage.
    static func key(
        header: [UInt8], sender: KeyCeremonyParticipant, recipient: KeyCeremonyParticipant, sharedSecret: SecretBytes
    ) throws(KeyCeremonyError) -> SymmetricKey {
        guard sharedSecret.count == 32 else {
            throw KeyCeremonyError(
                .invalidParameters, "an ECDH shared secret is 32 bytes, got \(sharedSecret.count)")
        }
        guard sender.identifier != recipient.identifier else {
            throw KeyCeremonyError(.invalidParameters, "a share box's sender cannot be its own recipient")
        }
        let inputKey = sharedSecret.withUnsafeBytes { SymmetricKey(data: $0) }
        let info = header + sender.identityKey.uncompressed + recipient.identityKey.uncompressed
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: inputKey, salt: Self.tag, info: info, outputByteCount: 32)
    }
}
