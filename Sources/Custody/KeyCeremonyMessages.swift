import Encoding
public import FROST
public import PKCS11
public import Secp256k1

/// Participant to every other participant, through the coordinator, round one: its DKG
/// commitment and proof of knowledge.
public struct KeyCeremonyRound1: Sendable, Equatable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// The participant whose package it is.
    public let sender: Identifier
    /// The commitment to its polynomial and the proof of knowledge of its constant term.
    public let package: DKG.Round1Package

    public init(ceremonyID: KeyCeremonyID, sender: Identifier, package: DKG.Round1Package) {
        self.ceremonyID = ceremonyID
        self.sender = sender
        self.package = package
    }
}

/// Participant to every other participant, through the coordinator, after round one: what it
/// received. For every participant (itself included, its own package as it sent it), the hash
/// of that participant's round-one package; all echoes of an honest ceremony are equal.
public struct KeyCeremonyEcho: Sendable, Equatable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// The participant who echoes.
    public let sender: Identifier
    /// Each participant's round-one package hash (``KeyCeremonyTranscript/packageHash(_:sender:ceremonyID:)``),
    /// as the sender saw it.
    public let packageHashes: [Identifier: [UInt8]]

    public init(ceremonyID: KeyCeremonyID, sender: Identifier, packageHashes: [Identifier: [UInt8]]) {
        self.ceremonyID = ceremonyID
        self.sender = sender
        self.packageHashes = packageHashes
    }

    /// The hash of every round-one package the sender saw
    /// (``KeyCeremonyTranscript/echoDigest(_:ceremonyID:)``).
    public var digest: [UInt8] { KeyCeremonyTranscript.echoDigest(packageHashes, ceremonyID: ceremonyID) }
}

/// Participant to every other participant, through the coordinator, at the end: its HSM
/// identity key's signature over the transcript hash it computed.
public struct KeyCeremonyTranscriptSignature: Sendable, Equatable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// The participant who signed.
    public let sender: Identifier
    /// The transcript hash it signed (``KeyCeremonyTranscript/hash(parameters:round1Packages:publicKeyPackage:)``).
    public let transcriptHash: [UInt8]
    /// ECDSA with the identity key over the 32-byte transcript hash: 64 bytes, r ‖ s, low s
    /// (`HSMToken.signWithIdentity(digest:)`).
    public let signature: [UInt8]

    public init(ceremonyID: KeyCeremonyID, sender: Identifier, transcriptHash: [UInt8], signature: [UInt8]) {
        self.ceremonyID = ceremonyID
        self.sender = sender
        self.transcriptHash = transcriptHash
        self.signature = signature
    }
}

/// A participant's new share, to be sealed and recorded as pending (not usable) before the
/// participant signs the transcript.
public struct PendingKeyShare: Sendable, Equatable {
    /// The ceremony that made it.
    public let ceremonyID: KeyCeremonyID
    /// The wallet it is for.
    public let wallet: String
    /// The suite.
    public let suite: SigningSuite
    /// The participant's key package: its share (in wiped memory), verifying share, group key.
    public let keyPackage: KeyPackage
    /// The group's public key package.
    public let publicKeyPackage: PublicKeyPackage
    /// The transcript hash the participant will sign.
    public let transcriptHash: [UInt8]
    /// The key version: 1 for a key ceremony's share, one more than the share refreshed for a
    /// refresh's.
    public let keyVersion: UInt32

    public init(
        ceremonyID: KeyCeremonyID, wallet: String, suite: SigningSuite, keyPackage: KeyPackage,
        publicKeyPackage: PublicKeyPackage, transcriptHash: [UInt8], keyVersion: UInt32 = 1
    ) {
        self.keyVersion = keyVersion
        self.ceremonyID = ceremonyID
        self.wallet = wallet
        self.suite = suite
        self.keyPackage = keyPackage
        self.publicKeyPackage = publicKeyPackage
        self.transcriptHash = transcriptHash
    }

    /// What the share is sealed with (`HSMToken.seal(_:context:)`): the wallet, the participant's
    /// identifier (its 32 bytes in hex), the suite's name and the key version.
    public var sealContext: SealContext {
        SealContext(
            wallet: wallet, signer: Hex.encode(keyPackage.identifier.bytes), suite: suite.rawValue,
            keyVersion: keyVersion)
    }
}

/// What a completed ceremony produced, as every participant and the coordinator agree on it.
public struct KeyCeremonyOutcome: Sendable, Equatable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// The wallet.
    public let wallet: String
    /// The suite.
    public let suite: SigningSuite
    /// The group public key (for the Taproot suite, the untweaked internal key).
    public let groupPublicKey: Point
    /// The group's public key package: every verifying share and the threshold.
    public let publicKeyPackage: PublicKeyPackage
    /// The transcript hash every participant signed.
    public let transcriptHash: [UInt8]
    /// Every participant's transcript signature, each verified, in ascending order of sender.
    public let transcriptSignatures: [KeyCeremonyTranscriptSignature]
}
