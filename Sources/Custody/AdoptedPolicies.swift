public import Policy

/// Every policy version a signer adopted, each with the time it takes effect: the signer
/// decides each request under the version in force at the request's time.
public struct AdoptedPolicies: Sendable {
    /// One adopted version.
    public struct Version: Sendable {
        public let policy: Policy
        /// From when the version is in force (until the next version's activation).
        public let activatesAt: Instant
    }

    /// In activation order, strictly increasing; never empty.
    public private(set) var versions: [Version]

    /// The versions of a signer set up with `genesis`, in force from `activatesAt`: the one
    /// version a signer takes from its configuration rather than from a governed change.
    public init(genesis: Policy, activatesAt: Instant) {
        versions = [Version(policy: genesis, activatesAt: activatesAt)]
    }

    /// The version in force at `time`: the last one activated at or before it, or nil before the
    /// first activation.
    public func inForce(at time: Instant) -> Version? {
        versions.last { $0.activatesAt <= time }
    }

    /// The adopted version with this hash (the latest activation of it, if adopted twice).
    public func version(_ hash: PolicyHash) -> Version? {
        versions.last { $0.policy.hash == hash }
    }

    /// Appends a version; the caller has checked that `activatesAt` is after the last one's.
    mutating func append(_ policy: Policy, activatesAt: Instant) {
        versions.append(Version(policy: policy, activatesAt: activatesAt))
    }
}
