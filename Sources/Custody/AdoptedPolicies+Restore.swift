public import Policy

extension AdoptedPolicies {
    /// The versions a signer kept, read back from its store in the order adopted: the first as
    /// the genesis version, each later one after it. Nil when `versions` is empty or the
    /// activation times do not strictly increase (a store that does not hold what `adopt` made).
    public init?(restoring versions: [(policy: Policy, activatesAt: Instant)]) {
        guard let first = versions.first else { return nil }
        self.init(genesis: first.policy, activatesAt: first.activatesAt)
        for version in versions.dropFirst() {
            guard version.activatesAt > self.versions[self.versions.count - 1].activatesAt else { return nil }
            append(version.policy, activatesAt: version.activatesAt)
        }
    }
}
