import Encoding
public import FROST
public import PKCS11

/// The id of one key ceremony: 16 to 64 bytes chosen by whoever convenes it (32 random bytes),
/// never reused. It enters every proof of knowledge, every encrypted share's key and header,
/// every echo and the transcript, so nothing made in one ceremony is accepted in another.
/// Shown as lowercase hex.
public struct KeyCeremonyID: Hashable, Sendable, CustomStringConvertible {
    /// The smallest and largest sizes, in bytes.
    public static let sizes = 16...64

    /// The id.
    public let bytes: [UInt8]

    /// - Throws: `invalidParameters` for an id shorter than 16 or longer than 64 bytes.
    public init(bytes: [UInt8]) throws(KeyCeremonyError) {
        guard Self.sizes.contains(bytes.count) else {
            throw KeyCeremonyError(.invalidParameters, "a ceremony id is 16 to 64 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }
}

/// One participant of a key ceremony: its FROST identifier and the identity public key its HSM
/// holds (pinned in configuration), which authenticates its transcript signature and, by ECDH,
/// keys the encrypted shares sent to and from it.
public struct KeyCeremonyParticipant: Hashable, Sendable {
    /// The participant's FROST identifier.
    public let identifier: Identifier
    /// The participant's HSM identity public key.
    public let identityKey: IdentityPublicKey

    public init(identifier: Identifier, identityKey: IdentityPublicKey) {
        self.identifier = identifier
        self.identityKey = identityKey
    }
}

/// What every participant and the coordinator agree on before round one: the ceremony id, the
/// wallet the key is for, the suite, the threshold and the participants.
public struct KeyCeremonyParameters: Sendable, Hashable {
    /// The longest wallet name, in UTF-8 bytes.
    public static let maxWalletBytes = 255
    /// The most participants a ceremony may have.
    public static let maxParticipants = 255

    /// The ceremony.
    public let id: KeyCeremonyID
    /// The wallet the key is made for (1 to 255 bytes of UTF-8): it is in the transcript every
    /// participant signs and in the context each share is sealed with.
    public let wallet: String
    /// The FROST ciphersuite the key is for.
    public let suite: SigningSuite
    /// How many participants must sign together.
    public let threshold: Int
    /// Every participant, in ascending order of identifier.
    public let participants: [KeyCeremonyParticipant]

    /// The participants are sorted into ascending order of identifier.
    ///
    /// - Throws: `invalidParameters` for an empty or over-long wallet name, fewer than 2 or more
    ///   than 255 participants, a threshold below 2 or above the number of participants, an
    ///   identifier or an identity key listed twice (named in `culprits`), or identity keys on
    ///   different curves.
    public init(
        id: KeyCeremonyID, wallet: String, suite: SigningSuite, threshold: Int, participants: [KeyCeremonyParticipant]
    ) throws(KeyCeremonyError) {
        let walletBytes = wallet.utf8.count
        guard (1...Self.maxWalletBytes).contains(walletBytes) else {
            throw KeyCeremonyError(
                .invalidParameters, "a wallet name is 1 to \(Self.maxWalletBytes) bytes of UTF-8, got \(walletBytes)")
        }
        let sorted = participants.sorted { $0.identifier < $1.identifier }
        guard (2...Self.maxParticipants).contains(sorted.count) else {
            throw KeyCeremonyError(
                .invalidParameters,
                "a ceremony has 2 to \(Self.maxParticipants) participants, got \(sorted.count)")
        }
        guard (2...sorted.count).contains(threshold) else {
            throw KeyCeremonyError(
                .invalidParameters,
                "the threshold must be from 2 to the number of participants (\(sorted.count)), got \(threshold)")
        }
        let repeated = Set(
            zip(sorted, sorted.dropFirst()).filter { $0.0.identifier == $0.1.identifier }.map {
                $0.0.identifier
            }
        ).sorted()
        guard repeated.isEmpty else {
            throw KeyCeremonyError(
                .invalidParameters, "participants \(repeated) are listed more than once", culprits: repeated)
        }
        var owners: [IdentityPublicKey: Identifier] = [:]
        var sharedKeys: [Identifier] = []
        for participant in sorted {
            if let owner = owners[participant.identityKey] {
                sharedKeys += [owner, participant.identifier]
            }
            owners[participant.identityKey] = participant.identifier
        }
        guard sharedKeys.isEmpty else {
            throw KeyCeremonyError(
                .invalidParameters, "participants \(Set(sharedKeys).sorted()) share an identity key",
                culprits: Array(Set(sharedKeys)))
        }
        guard Set(sorted.map(\.identityKey.curve)).count == 1 else {
            throw KeyCeremonyError(
                .invalidParameters, "the participants' identity keys are not all on one curve (ECDH needs one)")
        }
        self.id = id
        self.wallet = wallet
        self.suite = suite
        self.threshold = threshold
        self.participants = sorted
    }

    /// The participants' identifiers, in ascending order.
    public var identifiers: [Identifier] { participants.map(\.identifier) }

    /// The participant with `identifier`, if any.
    public func participant(_ identifier: Identifier) -> KeyCeremonyParticipant? {
        participants.first { $0.identifier == identifier }
    }

    /// FROST's ceremony binding: the proofs of knowledge are bound to the id and the identifiers.
    var frostCeremony: DKG.Ceremony {
        // Valid by construction: 16 to 64 bytes, at least 2 distinct identifiers.
        try! DKG.Ceremony(id: id.bytes, participants: identifiers)
    }
}

/// What a share refresh (docs/key-ceremony.md § Share refresh) runs on: the key whose shares
/// are refreshed, as the participants hold it, and the key version the new shares get. A
/// refresh is a key ceremony whose participants deal shares of zero: the group key and
/// threshold stay, every share changes.
public struct KeyCeremonyRefresh: Sendable, Equatable {
    /// The current public key package: the group key, the threshold, every holder's
    /// verifying share.
    public let publicKeyPackage: PublicKeyPackage
    /// The version of the new shares: the current version plus one.
    public let keyVersion: UInt32

    /// - Throws: `invalidParameters` for a key version below 2 (version 1 is the key
    ///   ceremony's).
    public init(publicKeyPackage: PublicKeyPackage, keyVersion: UInt32) throws(KeyCeremonyError) {
        guard keyVersion >= 2 else {
            throw KeyCeremonyError(.invalidParameters, "a refresh makes key version 2 or later, not \(keyVersion)")
        }
        self.publicKeyPackage = publicKeyPackage
        self.keyVersion = keyVersion
    }

    /// Refuses `parameters` unless their threshold is the key's and their participants are
    /// exactly the key's holders (`invalidParameters`): a refresh never leaves a holder out.
    func check(_ parameters: KeyCeremonyParameters) throws(KeyCeremonyError) {
        try checkHolders(parameters)
        let missing = publicKeyPackage.verifyingShares.keys.filter { !parameters.identifiers.contains($0) }.sorted()
        guard missing.isEmpty else {
            throw KeyCeremonyError(
                .invalidParameters, "a refresh is run by every holder of the key; \(missing) are not listed")
        }
    }

    /// Refuses `parameters` unless their threshold is the key's and every participant holds a
    /// share of it (`invalidParameters`, naming the others).
    func checkHolders(_ parameters: KeyCeremonyParameters) throws(KeyCeremonyError) {
        guard parameters.threshold == publicKeyPackage.minSigners else {
            throw KeyCeremonyError(
                .invalidParameters,
                "a refresh keeps the threshold \(publicKeyPackage.minSigners), not \(parameters.threshold)")
        }
        let strangers = parameters.identifiers.filter { publicKeyPackage.verifyingShares[$0] == nil }
        guard strangers.isEmpty else {
            throw KeyCeremonyError(
                .invalidParameters, "participants \(strangers) hold no share of the key refreshed", culprits: strangers)
        }
    }
}
