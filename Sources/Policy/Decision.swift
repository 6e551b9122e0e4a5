/// The policy's answer to one request, with the reasons: the same on every machine for the
/// same inputs.
public struct Decision: Hashable, Sendable, Encodable {
    /// Allowed, pending or denied.
    public enum Outcome: String, Hashable, Sendable, Encodable {
        case allowed, pending, denied
    }

    /// The progress of one approval stage.
    public struct StageProgress: Hashable, Sendable, Encodable {
        public let role: String
        public let required: Int
        /// The officers counted for this stage, sorted.
        public let approvers: [String]
        /// How many more approvals the stage needs.
        public let missing: Int
    }

    /// Use of one velocity limit of the matched rule, this request included.
    public struct VelocityUse: Hashable, Sendable, Encodable {
        public let scope: VelocityLimit.Scope
        public let window: String
        public let amount: String
        public let count: Int
        public let maxAmount: Int64?
        public let maxCount: Int?
    }

    /// A rule that matched the wallet but not the rest of the request, and why.
    public struct SkippedRule: Hashable, Sendable, Encodable {
        public let rule: String
        public let reason: String
        /// Whether the rule was passed over because the request would exceed one of its velocity
        /// limits (not part of the JSON form; `reason` says it for people).
        public let exceedsVelocity: Bool

        public init(rule: String, reason: String, exceedsVelocity: Bool = false) {
            self.rule = rule
            self.reason = reason
            self.exceedsVelocity = exceedsVelocity
        }

        enum CodingKeys: String, CodingKey { case rule, reason }
    }

    /// An approval or rejection that did not count, and why.
    public struct IgnoredApproval: Hashable, Sendable, Encodable {
        /// The officer the statement names.
        public let officer: String
        /// What the statement says: approve or reject.
        public let verdict: ApprovalStatement.Verdict
        public let reason: String
    }

    public let outcome: Outcome
    /// The rule that decided (`governance.change`, `governance.freeze`, `governance.unfreeze`,
    /// `allowlist:<id>`, `rebalancing:<asset>` for those requests); nil when none matched.
    public let rule: String?
    /// One line for a person.
    public let reason: String
    public let stages: [StageProgress]
    /// When the last approval the quorum needed was given.
    public let quorumMetAt: Instant?
    /// When the time lock ends: the lock runs from `quorumMetAt` or `receivedAt`, whichever is later.
    public let timeLockEndsAt: Instant?
    /// When the rule's time window next opens, if it is closed now.
    public let windowOpensAt: Instant?
    public let velocity: [VelocityUse]
    public let skipped: [SkippedRule]
    public let ignoredApprovals: [IgnoredApproval]
    /// Officers whose rejection decided a denial.
    public let rejectedBy: [String]
    public let requestDigest: String
    public let policyHash: PolicyHash
    /// When the request was received, as the caller recorded it.
    public let receivedAt: Instant
    public let evaluatedAt: Instant
}
