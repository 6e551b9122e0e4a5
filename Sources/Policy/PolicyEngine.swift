/// The policy engine: `evaluate` decides requests, `rebalance` proposes sweeps and refills.
///
/// Evaluation is a pure function of the policy, the request, the signed approvals, the history
/// and the time: no clock, no randomness, no I/O, no dependence on the order of approvals or
/// history entries. The coordinator, every signer and the CLI call the same code.
public enum PolicyEngine {
    /// Decides `request` at `now`.
    ///
    /// Approvals are verified here (signature, request digest, policy hash); a statement that
    /// does not verify, is dated before the request or after `now`, or comes from the initiator
    /// is ignored and listed in `Decision.ignoredApprovals`.
    public static func evaluate(
        policy: Policy, request: PolicyRequest, approvals: [SignedApproval], history: HistoryIndex, now: Instant
    ) -> Decision {
        var evaluation = Evaluation(policy: policy, request: request, history: history, now: now)
        evaluation.collect(approvals)
        return evaluation.decide()
    }

    /// Decides `request` at `now`, indexing `history` first; to decide many requests against one
    /// history, build a `HistoryIndex` once and call the other overload.
    public static func evaluate(
        policy: Policy, request: PolicyRequest, approvals: [SignedApproval], history: History, now: Instant
    ) -> Decision {
        evaluate(policy: policy, request: request, approvals: approvals, history: HistoryIndex(history), now: now)
    }
}

/// One evaluation in progress.
struct Evaluation {
    let policy: Policy
    let request: PolicyRequest
    let history: HistoryIndex
    let now: Instant
    let digest: [UInt8]

    /// Valid approvals: officer and the earliest time they approved.
    var approvedAt: [String: Instant] = [:]
    /// Valid rejections: officer and the earliest time they rejected.
    var rejectedAt: [String: Instant] = [:]
    /// Approvals by the initiator (counted only for a freeze).
    var initiatorApproval: Instant? = nil
    var ignored: [Decision.IgnoredApproval] = []
    var skipped: [Decision.SkippedRule] = []
    var velocity: [Decision.VelocityUse] = []

    init(policy: Policy, request: PolicyRequest, history: HistoryIndex, now: Instant) {
        self.policy = policy
        self.request = request
        self.history = history
        self.now = now
        self.digest = request.digest
    }

    mutating func collect(_ approvals: [SignedApproval]) {
        for approval in approvals {
            let statement: ApprovalStatement
            do {
                statement = try ApprovalVerifier.verify(approval, policy: policy, requestDigest: digest)
            } catch {
                ignored.append(.init(officer: approval.statement.officer, reason: error.reason))
                continue
            }
            if statement.at > now {
                ignored.append(.init(officer: statement.officer, reason: "dated \(statement.at), after \(now)"))
                continue
            }
            if statement.at < request.createdAt {
                ignored.append(
                    .init(officer: statement.officer, reason: "dated \(statement.at), before the request"))
                continue
            }
            switch statement.verdict {
            case .approve:
                if statement.officer == request.initiator {
                    initiatorApproval = min(initiatorApproval ?? statement.at, statement.at)
                    if request.kind != .freeze {
                        ignored.append(
                            .init(officer: statement.officer, reason: "the initiator never counts as an approver"))
                    }
                    continue
                }
                approvedAt[statement.officer] = min(approvedAt[statement.officer] ?? statement.at, statement.at)
            case .reject:
                rejectedAt[statement.officer] = min(rejectedAt[statement.officer] ?? statement.at, statement.at)
            }
        }
        // Sorted and without repeats, so that neither order nor duplicates change the decision.
        ignored = Array(Set(ignored)).sorted { ($0.officer, $0.reason) < ($1.officer, $1.reason) }
    }

    func decide() -> Decision {
        switch request.kind {
        case .transfer: decideTransfer()
        case .rebalance: decideRebalance()
        case .allowlistAddition: decideAllowlistAddition()
        case .policyChange: decidePolicyChange()
        case .freeze: decideFreeze()
        case .unfreeze: decideUnfreeze()
        }
    }

    // MARK: Building decisions

    func make(
        _ outcome: Decision.Outcome, rule: String?, reason: String, stages: [Decision.StageProgress] = [],
        quorumMetAt: Instant? = nil, timeLockEndsAt: Instant? = nil, windowOpensAt: Instant? = nil,
        rejectedBy: [String] = []
    ) -> Decision {
        Decision(
            outcome: outcome, rule: rule, reason: reason, stages: stages, quorumMetAt: quorumMetAt,
            timeLockEndsAt: timeLockEndsAt, windowOpensAt: windowOpensAt, velocity: velocity, skipped: skipped,
            ignoredApprovals: ignored, rejectedBy: rejectedBy, requestDigest: HexCoding.encode(digest),
            policyHash: policy.hash, evaluatedAt: now)
    }

    func deny(_ reason: String, rule: String? = nil) -> Decision { make(.denied, rule: rule, reason: reason) }

    /// The common tail of every decision that needs a quorum: rejections, the quorum, the time
    /// lock and the time window, in that order.
    func decideQuorum(
        rule: String, stages: [Stage], timeLock: Int64, window: TimeWindow?, rejecters: Set<String>
    ) -> Decision {
        let vetoes = rejectedAt.keys.filter { rejecters.contains($0) || $0 == request.initiator }.sorted()
        if !vetoes.isEmpty {
            return make(
                .denied, rule: rule, reason: "rejected by \(vetoes.joined(separator: ", "))", rejectedBy: vetoes)
        }
        let approvers = approvedAt.keys.sorted()
        let assignment = QuorumMatcher.assign(stages: stages, approvers: approvers, rolesOf: policy.roles(of:))
        let progress = zip(stages, zip(assignment.counted, assignment.missing)).map {
            Decision.StageProgress(role: $0.role, required: $0.min, approvers: $1.0, missing: $1.1)
        }
        guard assignment.isComplete else {
            let needs = progress.filter { $0.missing > 0 }.map { "\($0.missing) more of \($0.role)" }
            return make(.pending, rule: rule, reason: "needs \(needs.joined(separator: ", "))", stages: progress)
        }
        let quorumMetAt = stages.isEmpty ? request.createdAt : quorumTime(stages: stages)
        let lockEnd = quorumMetAt.adding(timeLock)
        if now < lockEnd {
            return make(
                .pending, rule: rule, reason: "time lock until \(lockEnd)", stages: progress,
                quorumMetAt: quorumMetAt, timeLockEndsAt: lockEnd)
        }
        if let window, !window.contains(now) {
            let opens = window.nextOpening(atOrAfter: now)
            return make(
                .pending, rule: rule,
                reason: "outside the time window \(window.summary)" + (opens.map { "; opens \($0)" } ?? ""),
                stages: progress, quorumMetAt: quorumMetAt, timeLockEndsAt: timeLock > 0 ? lockEnd : nil,
                windowOpensAt: opens)
        }
        let reason = stages.isEmpty ? "allowed by rule '\(rule)'" : "quorum met at \(quorumMetAt)"
        return make(
            .allowed, rule: rule, reason: timeLock > 0 ? "\(reason); time lock ended \(lockEnd)" : reason,
            stages: progress, quorumMetAt: quorumMetAt, timeLockEndsAt: timeLock > 0 ? lockEnd : nil)
    }

    /// The time of the approval that completed the quorum: the smallest prefix, in time order,
    /// whose approvers can fill every stage.
    func quorumTime(stages: [Stage]) -> Instant {
        let ordered = approvedAt.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        var low = 1
        var high = ordered.count
        while low < high {
            let middle = (low + high) / 2
            let assignment = QuorumMatcher.assign(
                stages: stages, approvers: ordered[..<middle].map(\.key), rolesOf: policy.roles(of:))
            if assignment.isComplete { high = middle } else { low = middle + 1 }
        }
        return ordered[low - 1].value
    }

    /// Everyone who may reject a request decided by these stages: their roles' members.
    func members(of stages: [Stage]) -> Set<String> {
        var out: Set<String> = []
        for stage in stages { out.formUnion(policy.role(stage.role)?.members.map(\.id) ?? []) }
        return out
    }
}
