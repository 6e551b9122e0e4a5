extension Decision {
    /// The decision for a person: the outcome, the rule, what is satisfied and what is missing.
    public var explanation: String {
        var lines: [String] = []
        lines.append("\(outcome.rawValue.uppercased()): \(reason)")
        lines.append("rule: \(rule ?? "none (default deny)")")
        for stage in stages {
            let who = stage.approvers.isEmpty ? "nobody yet" : stage.approvers.joined(separator: ", ")
            let state = stage.missing == 0 ? "met" : "missing \(stage.missing)"
            lines.append(
                "stage \(stage.role): \(stage.required - stage.missing) of \(stage.required) [\(state)]: \(who)")
        }
        if let quorumMetAt { lines.append("quorum met at: \(quorumMetAt)") }
        if let timeLockEndsAt {
            lines.append("time lock: \(timeLockEndsAt <= evaluatedAt ? "ended" : "ends") \(timeLockEndsAt)")
        }
        if let windowOpensAt { lines.append("time window opens: \(windowOpensAt)") }
        if !rejectedBy.isEmpty { lines.append("rejected by: \(rejectedBy.joined(separator: ", "))") }
        for use in velocity {
            var parts: [String] = ["amount \(use.amount)\(use.maxAmount.map { " of max \($0)" } ?? "")"]
            parts.append("count \(use.count)\(use.maxCount.map { " of max \($0)" } ?? "")")
            lines.append(
                "velocity per \(use.scope.rawValue) over \(use.window), with this request: \(parts.joined(separator: ", "))"
            )
        }
        if !skipped.isEmpty {
            lines.append("rules passed over:")
            for rule in skipped { lines.append("  \(rule.rule): \(rule.reason)") }
        }
        if !ignoredApprovals.isEmpty {
            lines.append("approvals and rejections not counted:")
            for approval in ignoredApprovals {
                lines.append("  \(approval.officer) (\(approval.verdict.rawValue)): \(approval.reason)")
            }
        }
        lines.append("received at: \(receivedAt)")
        lines.append("request digest: \(requestDigest)")
        lines.append("policy: \(policyHash.hex)")
        lines.append("evaluated at: \(evaluatedAt)")
        return lines.joined(separator: "\n")
    }
}
