extension Evaluation {
    func decideAllowlistAddition() -> Decision {
        if history.isFrozen(at: now) { return deny("the policy is frozen: no allowlist addition until an unfreeze") }
        guard let id = request.allowlist, let allowlist = policy.allowlist(id) else {
            return deny("unknown allowlist '\(request.allowlist ?? "")'")
        }
        guard let address = request.address, !address.isEmpty, let label = request.label, !label.isEmpty else {
            return deny("an allowlist addition needs an address and a label")
        }
        if allowlistEntry(id, address) != nil { return deny("\(address) is already on allowlist '\(id)'") }
        return decideQuorum(
            rule: "allowlist:\(id)", stages: allowlist.addition, timeLock: 0, window: nil,
            rejecters: members(of: allowlist.addition))
    }

    func decidePolicyChange() -> Decision {
        guard let proposed = request.newPolicy else {
            return deny("a policy change needs newPolicy, the proposed hash")
        }
        guard proposed != policy.hash else { return deny("the proposed policy is the one in force") }
        let governance = policy.governance
        return decideQuorum(
            rule: "governance.change", stages: governance.change, timeLock: governance.activationDelay, window: nil,
            rejecters: members(of: governance.change))
    }

    /// A freeze needs one approval from any member of a freeze role, the initiator included:
    /// stopping withdrawals must never wait for a second person.
    func decideFreeze() -> Decision {
        let roles = policy.governance.freezeRoles
        if history.isFrozen(at: now) { return deny("the policy is already frozen", rule: "governance.freeze") }
        var candidates = approvedAt
        if let initiatorApproval { candidates[request.initiator] = initiatorApproval }
        let eligible = candidates.filter { !policy.roles(of: $0.key).isDisjoint(with: roles) }
        let stage = Decision.StageProgress(
            role: roles.joined(separator: "|"), required: 1, approvers: eligible.keys.sorted(),
            missing: eligible.isEmpty ? 1 : 0)
        let freezeRoles = Set(roles)
        let uncounted = self.uncounted(
            approval: { officer in
                policy.roles(of: officer).isDisjoint(with: freezeRoles)
                    ? "not counted: holds none of the freeze roles (\(roles.joined(separator: ", ")))" : nil
            },
            rejection: { _ in "not counted: a freeze cannot be vetoed" })
        guard let first = eligible.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else {
            return make(
                .pending, rule: "governance.freeze", reason: "needs 1 approval of \(roles.joined(separator: " or "))",
                stages: [stage], uncounted: uncounted)
        }
        return make(
            .allowed, rule: "governance.freeze", reason: "freeze approved by \(first.key)", stages: [stage],
            quorumMetAt: first.value, uncounted: uncounted)
    }

    func decideUnfreeze() -> Decision {
        guard history.isFrozen(at: now) else { return deny("the policy is not frozen", rule: "governance.unfreeze") }
        let governance = policy.governance
        return decideQuorum(
            rule: "governance.unfreeze", stages: governance.unfreeze, timeLock: governance.unfreezeDelay, window: nil,
            rejecters: members(of: governance.unfreeze))
    }

    /// A move between tiers of one asset: a sweep toward colder tiers is allowed at once (the
    /// funds stay in custody and get safer); a refill toward hotter tiers needs the plan's quorum
    /// and time lock, and is refused while frozen.
    func decideRebalance() -> Decision {
        guard let sourceID = request.wallet, let source = policy.wallet(sourceID),
            let targetID = request.destination?.wallet, request.destination?.address == nil,
            let target = policy.wallet(targetID)
        else { return deny("a rebalance moves funds between two wallets of the policy") }
        guard let amount = request.amount, amount > 0 else { return deny("a rebalance needs a positive amount") }
        guard source.asset == target.asset, let plan = policy.rebalancing.first(where: { $0.asset == source.asset })
        else { return deny("no rebalancing plan moves \(source.asset) from '\(sourceID)' to '\(targetID)'") }
        let planWallets = [plan.hot.wallet, plan.warm?.wallet, plan.cold].compactMap { $0 }
        guard planWallets.contains(sourceID), planWallets.contains(targetID), source.tier != target.tier else {
            return deny("'\(sourceID)' and '\(targetID)' are not two tiers of the \(plan.asset) rebalancing plan")
        }
        let rule = "rebalancing:\(plan.asset)"
        if source.tier < target.tier {
            return decideQuorum(rule: rule, stages: [], timeLock: 0, window: nil, rejecters: [])
        }
        if history.isFrozen(at: now) { return deny("the policy is frozen: no refill until an unfreeze", rule: rule) }
        return decideQuorum(
            rule: rule, stages: plan.refill, timeLock: plan.refillTimeLock, window: nil,
            rejecters: members(of: plan.refill))
    }
}
