public import Policy

/// A new policy version as it reaches a signer: only as a governed change.
///
/// The change request (`policy-change`, `newPolicy` the proposed hash) and its approvals are
/// decided by the governance block of the version in force at the change's time; the signer
/// adopts the version only when that decision reached its quorum and `activatesAt` lies no
/// earlier than the governance's activation delay allows.
public struct PolicyAdoption: Hashable, Sendable {
    /// The proposed policy file's bytes (YAML).
    public var policyFile: [UInt8]
    /// The hash the change names: the proposed policy's canonical hash.
    public var hash: PolicyHash
    /// The `policy-change` request, signed by its initiator.
    public var change: SignedRequest
    /// The officers' statements on the change, under the version in force.
    public var approvals: [SignedApproval]
    /// When the new version takes effect.
    public var activatesAt: Instant

    public init(
        policyFile: [UInt8], hash: PolicyHash, change: SignedRequest, approvals: [SignedApproval],
        activatesAt: Instant
    ) {
        self.policyFile = policyFile
        self.hash = hash
        self.change = change
        self.approvals = approvals
        self.activatesAt = activatesAt
    }
}
