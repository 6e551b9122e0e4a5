public import Custody
public import Policy

/// What a key ceremony would make: its suite, threshold and signers (the daemons' ids in the
/// order of their FROST identifiers), for a policy that fixes them to check.
public struct CeremonyShape: Sendable, Equatable {
    public let suite: SigningSuite
    public let threshold: Int
    public let signers: [String]

    public init(suite: SigningSuite, threshold: Int, signers: [String]) {
        self.suite = suite
        self.threshold = threshold
        self.signers = signers
    }
}

/// Decides which wallet keys this signer may make in a key ceremony (docs/key-ceremony.md §
/// Which wallets a signer makes a key for).
public protocol WalletKeyAuthority: Sendable {
    /// Nil when a ceremony may make key `name` (with `shape`, when given); otherwise why not.
    func refusal(forKey name: String, shape: CeremonyShape?) async -> String?
}

extension WalletKeyAuthority {
    /// Nil when a ceremony may make or keep key `name`, whatever its shape.
    public func refusal(forKey name: String) async -> String? { await refusal(forKey: name, shape: nil) }
}

/// The daemon's authority: a key is made only for a wallet that the policy version in force on
/// this signer's clock declares (its `key`), so that creating a wallet is authorized as a
/// governed policy change is: by the governance quorum and after its activation delay. When
/// every wallet declaring the key fixes its `signing`, the ceremony's suite, threshold and
/// signers must be exactly one wallet's.
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

    public func refusal(forKey name: String, shape: CeremonyShape?) async -> String? {
        guard let adopted = await policies() else {
            return "this signer has adopted no policy (custodyd signer init --policy), so it makes no wallet key"
        }
        guard let version = adopted.inForce(at: clock()) else {
            return "no policy version is in force on this signer's clock, so it makes no wallet key"
        }
        let declaring = version.policy.wallets.filter { $0.key == name }
        guard !declaring.isEmpty else {
            return "no wallet of the policy in force (\(version.policy.hash.hex.prefix(16))) has key \"\(name)\"; "
                + "a wallet is added by a governed policy change"
        }
        guard let shape, declaring.allSatisfy({ $0.signing != nil }) else { return nil }
        let fixed = declaring.compactMap(\.signing)
        guard
            fixed.contains(where: {
                $0.suite == shape.suite.rawValue && $0.threshold == shape.threshold && $0.signers == shape.signers
            })
        else {
            let wanted = fixed.map {
                "\($0.threshold)-of-\($0.signers.count) \($0.suite) among \($0.signers.joined(separator: ","))"
            }
            return "the policy in force fixes key \"\(name)\" as \(wanted.joined(separator: " or ")), not "
                + "\(shape.threshold)-of-\(shape.signers.count) \(shape.suite.rawValue) among "
                + shape.signers.joined(separator: ",")
        }
        return nil
    }
}

/// An authority that lets every key be made: for ceremonies run as a library, where the caller
/// decides which wallets exist. The daemon never uses it.
public struct AnyWalletKey: WalletKeyAuthority {
    public init() {}
    public func refusal(forKey name: String, shape: CeremonyShape?) async -> String? { nil }
}
