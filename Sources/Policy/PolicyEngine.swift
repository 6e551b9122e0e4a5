import Encoding

/// The policy engine: `evaluate` decides requests, `rebalance` proposes sweeps and refills.
///
/// Evaluation is a pure function of the policy, the request, the signed approvals, the history
/// and the time: no clock, no randomness, no I/O, no dependence on the order of approvals or
/// history entries. The coordinator, every signer and the CLI call the same code.
public enum PolicyEngine {
    /// Decides `request` at `now`.
    ///
    /// `receivedAt` is when the request was received, as recorded by whoever received it (the
    /// coordinator, or the operator of the CLI), never a time from the request itself: time
    /// locks never start before it, and a request whose `createdAt` lies more than the policy's
    /// `clockSkew` from it is denied. The request counts only with its initiator's signature
    /// (see `SignedRequest`), from a service or an officer of the policy; a request already in
    /// the history's `executed` list (by id or digest) is denied.
    ///
    /// Approvals are verified here (signature, request digest, policy hash); every statement
    /// that did not count is listed in `Decision.ignoredApprovals` with the reason.
    public static func evaluate(
        policy: Policy, request: SignedRequest, approvals: [SignedApproval], history: HistoryIndex,
        receivedAt: Instant, now: Instant
    ) -> Decision {
        var evaluation = Evaluation(
            policy: policy, signed: request, history: history, receivedAt: receivedAt, now: now)
        evaluation.collect(approvals)
        return evaluation.decide()
    }

    /// Decides `request` at `now`, indexing `history` first; to decide many requests against one
    /// history, build a `HistoryIndex` once and call the other overload.
    public static func evaluate(
        policy: Policy, request: SignedRequest, approvals: [SignedApproval], history: History,
        receivedAt: Instant, now: Instant
    ) -> Decision {
        evaluate(
            policy: policy, request: request, approvals: approvals, history: HistoryIndex(history),
            receivedAt: receivedAt, now: now)
    }
}

/// One evaluation in progress.
struct Evaluation {
    let policy: Policy
    let signed: SignedRequest
    let request: PolicyRequest
    let history: HistoryIndex
    let receivedAt: Instant
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

    init(policy: Policy, signed: SignedRequest, history: HistoryIndex, receivedAt: Instant, now: Instant) {
        self.policy = policy
        self.signed = signed
        self.request = signed.request
        self.history = history
        self.receivedAt = receivedAt
        self.now = now
        self.digest = signed.request.digest
    }

    mutating func collect(_ approvals: [SignedApproval]) {
        for approval in approvals {
            let statement: ApprovalStatement
            do {
                statement = try ApprovalVerifier.verify(approval, policy: policy, requestDigest: digest)
            } catch {
                ignored.append(
                    .init(
                        officer: approval.statement.officer, verdict: approval.statement.verdict,
                        reason: error.reason))
                continue
            }
            if statement.at > now {
                ignored.append(
                    .init(
                        officer: statement.officer, verdict: statement.verdict,
                        reason: "dated \(statement.at), after \(now)"))
                continue
            }
            if statement.at < request.createdAt {
                ignored.append(
                    .init(
                        officer: statement.officer, verdict: statement.verdict,
                        reason: "dated \(statement.at), before the request"))
                continue
            }
            switch statement.verdict {
            case .approve:
                if statement.officer == request.initiator {
                    initiatorApproval = min(initiatorApproval ?? statement.at, statement.at)
                    if request.kind != .freeze {
                        ignored.append(
                            .init(
                                officer: statement.officer, verdict: .approve,
                                reason: "the initiator never counts as an approver"))
                    }
                    continue
                }
                approvedAt[statement.officer] = min(approvedAt[statement.officer] ?? statement.at, statement.at)
            case .reject:
                rejectedAt[statement.officer] = min(rejectedAt[statement.officer] ?? statement.at, statement.at)
            }
        }
    }

    func decide() -> Decision {
        if let refusal = admission() { return refusal }
        return switch request.kind {
        case .transfer: decideTransfer()
        case .rebalance: decideRebalance()
        case .allowlistAddition: decideAllowlistAddition()
        case .policyChange: decidePolicyChange()
        case .freeze: decideFreeze()
        case .unfreeze: decideUnfreeze()
        }
    }

    /// The checks every request passes before its kind is decided: the times, the initiator and
    /// its signature, and that it was not executed before.
    func admission() -> Decision? {
        guard YAMLReader.isIdentifier(request.id) else {
            return deny("the request id must be 1 to 128 ASCII letters, digits, '.', '_', '-' or '@'")
        }
        if receivedAt > now { return deny("received at \(receivedAt), after the evaluation time \(now)") }
        let skew = policy.clockSkew
        if request.createdAt < receivedAt.adding(-skew) || request.createdAt > receivedAt.adding(skew) {
            return deny(
                "createdAt \(request.createdAt) is more than the allowed clock skew "
                    + "(\(PolicyDuration.format(skew))) from the time the request was received, \(receivedAt)")
        }
        guard let key = policy.initiatorKey(request.initiator) else {
            return deny(
                "unknown initiator '\(UntrustedText.printable(request.initiator))': neither a service nor an "
                    + "officer of this policy (ids are compared exactly)")
        }
        guard ApprovalVerifier.verify(signature: signed.signature, message: signed.signedBytes, key: key) else {
            return deny("the initiator's signature does not verify under the key of '\(request.initiator)'")
        }
        if history.executedIDs.contains(request.id) {
            return deny("already executed: the history holds an executed request with id '\(request.id)'")
        }
        if history.executedDigests.contains(digest) {
            return deny("already executed: the history holds an executed request with this digest")
        }
        return nil
    }

    // MARK: Building decisions

    /// Why each valid approval or rejection does not count toward this decision: `approval`
    /// and `rejection` give the reason for one officer, or nil when it counts.
    func uncounted(
        approval: (String) -> String?, rejection: (String) -> String?
    ) -> [Decision.IgnoredApproval] {
        var out: [Decision.IgnoredApproval] = []
        for officer in approvedAt.keys {
            if let reason = approval(officer) { out.append(.init(officer: officer, verdict: .approve, reason: reason)) }
        }
        for officer in rejectedAt.keys {
            if let reason = rejection(officer) { out.append(.init(officer: officer, verdict: .reject, reason: reason)) }
        }
        return out
    }

    func make(
        _ outcome: Decision.Outcome, rule: String?, reason: String, stages: [Decision.StageProgress] = [],
        quorumMetAt: Instant? = nil, timeLockEndsAt: Instant? = nil, windowOpensAt: Instant? = nil,
        rejectedBy: [String] = [], uncounted: [Decision.IgnoredApproval]? = nil
    ) -> Decision {
        // Statements that reached no quorum count for nothing: the decision needed none.
        let notCounted =
            uncounted
            ?? self.uncounted(
                approval: { _ in "not counted: this decision takes no approvals" },
                rejection: { _ in "not counted: this decision takes no rejections" })
        // Sorted and without repeats, so that neither order nor duplicates change the decision.
        let all = Array(Set(ignored + notCounted)).sorted {
            ($0.officer, $0.verdict.rawValue, $0.reason) < ($1.officer, $1.verdict.rawValue, $1.reason)
        }
        return Decision(
            outcome: outcome, rule: rule, reason: reason, stages: stages, quorumMetAt: quorumMetAt,
            timeLockEndsAt: timeLockEndsAt, windowOpensAt: windowOpensAt, velocity: velocity, skipped: skipped,
            ignoredApprovals: all, rejectedBy: rejectedBy, requestDigest: Hex.encode(digest),
            policyHash: policy.hash, receivedAt: receivedAt, evaluatedAt: now)
    }

    func deny(_ reason: String, rule: String? = nil) -> Decision { make(.denied, rule: rule, reason: reason) }

    /// The common tail of every decision that needs a quorum: rejections, the quorum, the time
    /// lock and the time window, in that order.
    func decideQuorum(
        rule: String, stages: [Stage], timeLock: Int64, window: TimeWindow?, rejecters: Set<String>
    ) -> Decision {
        let stageRoles = Set(stages.map(\.role))
        let roleList = stageRoles.sorted().joined(separator: ", ")
        let uncounted = self.uncounted(
            approval: { officer in
                if stages.isEmpty { return "not counted: '\(rule)' takes no approvals" }
                return policy.roles(of: officer).isDisjoint(with: stageRoles)
                    ? "not counted: holds none of the roles this decision needs (\(roleList))" : nil
            },
            rejection: { officer in
                if rejecters.contains(officer) || officer == request.initiator { return nil }
                return rejecters.isEmpty
                    ? "not counted: only the initiator may reject under '\(rule)'"
                    : "not counted: may not reject; only members of \(roleList) and the initiator may"
            })
        let vetoes = rejectedAt.keys.filter { rejecters.contains($0) || $0 == request.initiator }.sorted()
        if !vetoes.isEmpty {
            return make(
                .denied, rule: rule, reason: "rejected by \(vetoes.joined(separator: ", "))", rejectedBy: vetoes,
                uncounted: uncounted)
        }
        let approvers = approvedAt.keys.sorted()
        let assignment = QuorumMatcher.assign(stages: stages, approvers: approvers, rolesOf: policy.roles(of:))
        let progress = zip(stages, zip(assignment.counted, assignment.missing)).map {
            Decision.StageProgress(role: $0.role, required: $0.min, approvers: $1.0, missing: $1.1)
        }
        guard assignment.isComplete else {
            let needs = progress.filter { $0.missing > 0 }.map { "\($0.missing) more of \($0.role)" }
            return make(
                .pending, rule: rule, reason: "needs \(needs.joined(separator: ", "))", stages: progress,
                uncounted: uncounted)
        }
        let quorumMetAt = stages.isEmpty ? receivedAt : quorumTime(stages: stages)
        // The lock never starts before the request was received, whatever the statements say.
        let lockEnd = max(quorumMetAt, receivedAt).adding(timeLock)
        if now < lockEnd {
            return make(
                .pending, rule: rule, reason: "time lock until \(lockEnd)", stages: progress,
                quorumMetAt: quorumMetAt, timeLockEndsAt: lockEnd, uncounted: uncounted)
        }
        if let window, !window.contains(now) {
            let opens = window.nextOpening(atOrAfter: now)
            return make(
                .pending, rule: rule,
                reason: "outside the time window \(window.summary)" + (opens.map { "; opens \($0)" } ?? ""),
                stages: progress, quorumMetAt: quorumMetAt, timeLockEndsAt: timeLock > 0 ? lockEnd : nil,
                windowOpensAt: opens, uncounted: uncounted)
        }
        let reason = stages.isEmpty ? "allowed by rule '\(rule)'" : "quorum met at \(quorumMetAt)"
        return make(
            .allowed, rule: rule, reason: timeLock > 0 ? "\(reason); time lock ended \(lockEnd)" : reason,
            stages: progress, quorumMetAt: quorumMetAt, timeLockEndsAt: timeLock > 0 ? lockEnd : nil,
            uncounted: uncounted)
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
