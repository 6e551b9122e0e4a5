/// Who may change the policy, freeze it and unfreeze it.
public struct Governance: Hashable, Sendable {
    /// The quorum a policy change needs.
    public let change: [Stage]
    /// How long after its quorum a new policy version takes effect, in seconds.
    public let activationDelay: Int64
    /// Any one member of any of these roles may freeze all withdrawals at once.
    public let freezeRoles: [String]
    /// The quorum an unfreeze needs.
    public let unfreeze: [Stage]
    /// How long after its quorum an unfreeze takes effect, in seconds.
    public let unfreezeDelay: Int64
}

/// Hot (and warm) tier watermarks for one asset, and where sweeps and refills go.
public struct RebalancingPlan: Hashable, Sendable {
    /// Watermarks of one tier's wallet, in the asset's smallest unit: `low <= target <= high <= cap`.
    public struct Watermarks: Hashable, Sendable {
        public let wallet: String
        public let target: Int64
        public let low: Int64
        public let high: Int64
        /// The balance the wallet must never exceed: refills stop short of it.
        public let cap: Int64
    }
    public let asset: String
    public let hot: Watermarks
    public let warm: Watermarks?
    /// The cold wallet that sweeps end in and refills come from last.
    public let cold: String
    /// The quorum a refill needs (refills move funds toward more exposed tiers).
    public let refill: [Stage]
    /// The delay after a refill's quorum, in seconds.
    public let refillTimeLock: Int64
}
