/// What changed in effect between two policies: members and keys, wallets, allowlists, rules
/// (order, matches, actions, quorums, time locks, windows, limits), governance and rebalancing.
public enum PolicyDiff {
    /// One difference, for a person.
    public struct Change: Hashable, Sendable, CustomStringConvertible {
        /// `roles`, `services`, `wallets`, `allowlists`, `rules`, `governance` or `rebalancing`.
        public let area: String
        public let detail: String
        public var description: String { "\(area): \(detail)" }
    }

    /// The differences from `old` to `new`, grouped by area in a fixed order; empty when the
    /// policies have the same hash.
    public static func compare(_ old: Policy, _ new: Policy) -> [Change] {
        guard old.hash != new.hash else { return [] }
        var changes: [Change] = []
        func add(_ area: String, _ detail: String) { changes.append(Change(area: area, detail: detail)) }
        func describe(_ wallet: Wallet) -> String { PolicyCanonical.text(PolicyCanonical.value(wallet)) }
        func describe(_ match: RuleMatch) -> String { PolicyCanonical.text(PolicyCanonical.value(match)) }
        func describe(_ limits: [VelocityLimit]) -> String { PolicyCanonical.text(PolicyCanonical.value(limits)) }
        func describe(_ plan: RebalancingPlan) -> String { PolicyCanonical.text(PolicyCanonical.value(plan)) }

        if old.name != new.name { add("name", "'\(old.name)' -> '\(new.name)'") }
        if old.clockSkew != new.clockSkew {
            add(
                "clock-skew",
                "\(PolicyDuration.format(old.clockSkew)) -> \(PolicyDuration.format(new.clockSkew))")
        }
        keyed(old.roles, new.roles, \.id) { id, before, after in
            switch (before, after) {
            case (nil, let role?):
                add("roles", "added role '\(id)' with \(role.members.map(\.id).joined(separator: ", "))")
            case (_?, nil): add("roles", "removed role '\(id)'")
            case (let before?, let after?):
                keyed(before.members, after.members, \.id) { officer, was, now in
                    switch (was, now) {
                    case (nil, _?): add("roles", "'\(id)': added member '\(officer)'")
                    case (_?, nil): add("roles", "'\(id)': removed member '\(officer)'")
                    case (let was?, let now?) where was.key != now.key:
                        add("roles", "'\(id)': '\(officer)' has a new key \(now.key)")
                    default: break
                    }
                }
            default: break
            }
        }
        keyed(old.services, new.services, \.id) { id, before, after in
            switch (before, after) {
            case (nil, _?): add("services", "added '\(id)'")
            case (_?, nil): add("services", "removed '\(id)'")
            case (let before?, let after?) where before.key != after.key:
                add("services", "'\(id)' has a new key \(after.key)")
            default: break
            }
        }
        keyed(old.wallets, new.wallets, \.id) { id, before, after in
            switch (before, after) {
            case (nil, let wallet?):
                add("wallets", "added '\(id)' (\(wallet.asset), \(wallet.tier), key \(wallet.key))")
            case (_?, nil): add("wallets", "removed '\(id)'")
            case (let before?, let after?) where before != after:
                add("wallets", "'\(id)': \(describe(before)) -> \(describe(after))")
            default: break
            }
        }
        keyed(old.allowlists, new.allowlists, \.id) { id, before, after in
            switch (before, after) {
            case (nil, _?): add("allowlists", "added '\(id)'")
            case (_?, nil): add("allowlists", "removed '\(id)'")
            case (let before?, let after?):
                if before.cooldown != after.cooldown {
                    add(
                        "allowlists",
                        "'\(id)': cooldown \(PolicyDuration.format(before.cooldown)) -> \(PolicyDuration.format(after.cooldown))"
                    )
                }
                if before.addition != after.addition {
                    add(
                        "allowlists", "'\(id)': addition quorum \(stages(before.addition)) -> \(stages(after.addition))"
                    )
                }
                keyed(before.entries, after.entries, \.address) { address, was, now in
                    switch (was, now) {
                    case (nil, let entry?): add("allowlists", "'\(id)': added \(address) (\(entry.label))")
                    case (_?, nil): add("allowlists", "'\(id)': removed \(address)")
                    case (let was?, let now?) where was != now: add("allowlists", "'\(id)': changed \(address)")
                    default: break
                    }
                }
            default: break
            }
        }
        let oldOrder = old.rules.map(\.id).filter { id in new.rules.contains { $0.id == id } }
        let newOrder = new.rules.map(\.id).filter { id in old.rules.contains { $0.id == id } }
        if oldOrder != newOrder { add("rules", "order changed: \(newOrder.joined(separator: ", "))") }
        keyed(old.rules, new.rules, \.id) { id, before, after in
            switch (before, after) {
            case (nil, let rule?):
                add(
                    "rules",
                    "added '\(id)' at position \((new.rules.firstIndex(of: rule) ?? 0) + 1): \(action(rule.action))")
            case (_?, nil): add("rules", "removed '\(id)'")
            case (let before?, let after?):
                if before.match != after.match {
                    add("rules", "'\(id)': match \(describe(before.match)) -> \(describe(after.match))")
                }
                if before.action != after.action {
                    add("rules", "'\(id)': \(action(before.action)) -> \(action(after.action))")
                }
                if before.timeLock != after.timeLock {
                    add(
                        "rules",
                        "'\(id)': time lock \(PolicyDuration.format(before.timeLock)) -> \(PolicyDuration.format(after.timeLock))"
                    )
                }
                if before.window != after.window {
                    add(
                        "rules",
                        "'\(id)': window \(before.window?.summary ?? "any time") -> \(after.window?.summary ?? "any time")"
                    )
                }
                if before.velocity != after.velocity {
                    add("rules", "'\(id)': velocity \(describe(before.velocity)) -> \(describe(after.velocity))")
                }
            default: break
            }
        }
        let (g0, g1) = (old.governance, new.governance)
        if g0.change != g1.change { add("governance", "change quorum \(stages(g0.change)) -> \(stages(g1.change))") }
        if g0.activationDelay != g1.activationDelay {
            add(
                "governance",
                "activation delay \(PolicyDuration.format(g0.activationDelay)) -> \(PolicyDuration.format(g1.activationDelay))"
            )
        }
        if g0.freezeRoles != g1.freezeRoles {
            add(
                "governance",
                "freeze roles \(g0.freezeRoles.joined(separator: ", ")) -> \(g1.freezeRoles.joined(separator: ", "))")
        }
        if g0.unfreeze != g1.unfreeze {
            add("governance", "unfreeze quorum \(stages(g0.unfreeze)) -> \(stages(g1.unfreeze))")
        }
        if g0.unfreezeDelay != g1.unfreezeDelay {
            add(
                "governance",
                "unfreeze delay \(PolicyDuration.format(g0.unfreezeDelay)) -> \(PolicyDuration.format(g1.unfreezeDelay))"
            )
        }
        keyed(old.rebalancing, new.rebalancing, \.asset) { asset, before, after in
            switch (before, after) {
            case (nil, _?): add("rebalancing", "added a plan for \(asset)")
            case (_?, nil): add("rebalancing", "removed the plan for \(asset)")
            case (let before?, let after?) where before != after:
                add("rebalancing", "\(asset): \(describe(before)) -> \(describe(after))")
            default: break
            }
        }
        if changes.isEmpty { add("policy", "same rules in effect; the hash differs in detail (names or labels)") }
        return changes
    }

    static func stages(_ stages: [Stage]) -> String { stages.map(\.description).joined(separator: " + ") }

    static func action(_ action: RuleAction) -> String {
        switch action {
        case .allow: "allow"
        case .deny(let reason): "deny (\(reason))"
        case .approve(let list): "approve by \(stages(list))"
        }
    }

    /// Calls `visit` for every key of `old` (in order) and then every new key of `new`.
    static func keyed<T>(_ old: [T], _ new: [T], _ key: (T) -> String, _ visit: (String, T?, T?) -> Void) {
        let newByKey = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let oldKeys = Set(old.map(key))
        for item in old { visit(key(item), item, newByKey[key(item)]) }
        for item in new where !oldKeys.contains(key(item)) { visit(key(item), nil, item) }
    }
}
