public import Custody
public import FROST
public import PeerProtocol

/// What the coordinator knows of a wallet's key: public values only, written by the key
/// ceremony and read by every signing session of the wallet.
public struct WalletKey: Sendable, Equatable {
    /// The wallet's name.
    public let name: String
    /// The suite the key signs with.
    public let suite: SigningSuite
    /// The group key, each signer's public share, and the threshold.
    public let publicKeyPackage: PublicKeyPackage
    /// Which signer daemon holds which FROST identifier.
    public let signers: [PeerID: Identifier]
    /// The version of the signers' shares: 1 from the key ceremony, one more after each refresh.
    public let keyVersion: UInt32

    public init(
        name: String, suite: SigningSuite, publicKeyPackage: PublicKeyPackage, signers: [PeerID: Identifier],
        keyVersion: UInt32 = 1
    ) {
        self.keyVersion = keyVersion
        self.name = name
        self.suite = suite
        self.publicKeyPackage = publicKeyPackage
        self.signers = signers
    }

    /// The signer daemon holding `identifier`, if any.
    public func signer(holding identifier: Identifier) -> PeerID? {
        signers.first { $0.value == identifier }?.key
    }
}
