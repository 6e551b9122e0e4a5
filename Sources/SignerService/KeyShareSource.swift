public import Custody
public import FROST

/// The key share a signer holds for one wallet, unsealed for the time of one use.
public struct WalletShare: Sendable {
    /// The wallet's name, as the key ceremony named it.
    public let wallet: String
    /// The suite the wallet's key signs with.
    public let suite: SigningSuite
    /// This signer's key package: its identifier, secret share, public share, the group key and
    /// the threshold.
    public let keyPackage: KeyPackage

    public init(wallet: String, suite: SigningSuite, keyPackage: KeyPackage) {
        self.wallet = wallet
        self.suite = suite
        self.keyPackage = keyPackage
    }
}

/// Where a signer's signing code finds its key shares: the sealed-share vault the key ceremony
/// fills, or fixed key packages in tests.
public protocol KeyShareSource: Sendable {
    /// The active share of `wallet`, unsealed, or nil when this signer holds none for it.
    /// - Throws: when the share exists but cannot be unsealed or read (the reason names no
    ///   secret).
    func activeShare(wallet: String) async throws -> WalletShare?
}
