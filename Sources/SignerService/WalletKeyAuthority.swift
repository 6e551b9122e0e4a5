public import Custody
public import Policy

/// Decides which wallet keys this signer may make in a key ceremony (docs/key-ceremony.md §
/// Which wallets a signer makes a key for).
public protocol WalletKeyAuthority: Sendable {
    /// Nil when a ceremony may make key `name`; otherwise why not.
    func refusal(forKey name: String) async -> String?
}

/// The daemon's authority: a key is made only for a wallet that the policy version in force on
/// this signer's clock declares (its `key`), so that creating a wallet is authorized as a
/// governed policy change is: by the governance quorum and after its activation delay.
public struct PolicyWalletKeys: WalletKeyAuthority {
    let policies: @Sendable () async -> AdoptedPolicies?
    let clock: @Sendable () -> Instant

    /// - Parameters:
    ///   - policies: the versions this signer adopted, nil when it adopted none.
    ///   - clock: this signer's clock.
    public init(
        policies: @escaping @Sendable () async -> AdoptedPolicies?, clock: @escaping @Sendable () -> Instant
    ) {
        self.policies = policies
        self.clock = clock
    }

    public func refusal(forKey name: String) async -> String? {
        guard let adopted = await policies() else {
            return "this signer has adopted no policy (custodyd signer init --policy), so it makes no wallet key"
        }
        guard let version = adopted.inForce(at: clock()) else {
            return "no policy version is in force on this signer's clock, so it makes no wallet key"
        }
        guard version.policy.wallets.contains(where: { $0.key == name }) else {
            return "no wallet of the policy in force (\(version.policy.hash.hex.prefix(16))) has key \"\(name)\"; "
                + "a wallet is added by a governed policy change"
        }
        return nil
    }
}

/// An authority that lets every key be made: for ceremonies run as a library, where the caller
/// decides which wallets exist. The daemon never uses it.
public struct AnyWalletKey: WalletKeyAuthority {
    public init() {}
    public func refusal(forKey name: String) async -> String? { nil }
}
