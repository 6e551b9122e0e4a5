extension Evaluation {
    /// Why a rule did not match a request.
    enum Mismatch {
        case wallet, destination, amount, initiator
        case coolingDown(String, until: Instant)
        case velocity(VelocityLimit, amount: Int128, count: Int)
    }

    func decideTransfer() -> Decision {
        if history.isFrozen(at: now) { return deny("the policy is frozen: no transfer leaves until an unfreeze") }
        guard let walletID = request.wallet, let wallet = policy.wallet(walletID) else {
            return deny("unknown wallet '\(request.wallet ?? "")'")
        }
        guard let amount = request.amount, amount > 0 else {
            return deny("a transfer needs a positive amount in the asset's smallest unit")
        }
        guard let destination = request.destination, (destination.address == nil) != (destination.wallet == nil)
        else { return deny("a transfer needs exactly one of destination.address and destination.wallet") }
        if let target = destination.wallet {
            guard let targetWallet = policy.wallet(target) else {
                return deny("unknown destination wallet '\(target)'")
            }
            guard targetWallet.asset == wallet.asset, target != wallet.id else {
                return deny("destination wallet '\(target)' must be another wallet of \(wallet.asset)")
            }
        }
        var evaluation = self
        for position in policy.index.rulesByWallet[wallet.id] ?? [] {
            let rule = policy.rules[position]
            switch evaluation.mismatch(rule, wallet: wallet, amount: amount, destination: destination) {
            case nil:
                return evaluation.decide(rule, wallet: wallet, amount: amount)
            case .wallet?:
                continue
            case let mismatch?:
                var exceedsVelocity = false
                if case .velocity = mismatch { exceedsVelocity = true }
                evaluation.skipped.append(
                    .init(rule: rule.id, reason: Self.describe(mismatch), exceedsVelocity: exceedsVelocity))
            }
        }
        return evaluation.deny("no rule matches: denied by default")
    }

    func decide(_ rule: Rule, wallet: Wallet, amount: Int64) -> Decision {
        var evaluation = self
        evaluation.velocity = rule.velocity.map { limit in
            let use = usage(limit, rule: rule, wallet: wallet, amount: amount)
            return Decision.VelocityUse(
                scope: limit.scope, window: PolicyDuration.format(limit.window), amount: String(use.amount),
                count: use.count, maxAmount: limit.maxAmount, maxCount: limit.maxCount)
        }
        switch rule.action {
        case .deny(let reason):
            return evaluation.deny(reason, rule: rule.id)
        case .allow:
            let rejecters = Set(policy.roles.flatMap { $0.members.map(\.id) })
            return evaluation.decideQuorum(
                rule: rule.id, stages: [], timeLock: rule.timeLock, window: rule.window, rejecters: rejecters)
        case .approve(let stages):
            return evaluation.decideQuorum(
                rule: rule.id, stages: stages, timeLock: rule.timeLock, window: rule.window,
                rejecters: members(of: stages))
        }
    }

    func mismatch(
        _ rule: Rule, wallet: Wallet, amount: Int64, destination: PolicyRequest.Destination
    ) -> Mismatch? {
        let match = rule.match
        if let wallets = match.wallets, !wallets.contains(wallet.id) { return .wallet }
        if let tiers = match.tiers, !tiers.contains(wallet.tier) { return .wallet }
        if let assets = match.assets, !assets.contains(wallet.asset) { return .wallet }
        if let range = match.amount, !range.contains(amount) { return .amount }
        if let initiators = match.initiators, !initiators.contains(request.initiator) { return .initiator }
        if let destinations = match.destinations {
            var cooling: Mismatch? = nil
            var matched = false
            for candidate in destinations {
                switch candidate {
                case .any: matched = true
                case .internal: matched = destination.wallet != nil
                case .external: matched = destination.address != nil
                case .allowlist(let id):
                    guard let address = destination.address, let entry = allowlistEntry(id, address) else { break }
                    let usable = entry.added.adding(policy.allowlist(id)?.cooldown ?? 0)
                    if now >= usable { matched = true } else { cooling = .coolingDown(id, until: usable) }
                }
                if matched { break }
            }
            if !matched { return cooling ?? .destination }
        }
        for limit in rule.velocity {
            let use = usage(limit, rule: rule, wallet: wallet, amount: amount)
            if let maxAmount = limit.maxAmount, use.amount > Int128(maxAmount) {
                return .velocity(limit, amount: use.amount, count: use.count)
            }
            if let maxCount = limit.maxCount, use.count > maxCount {
                return .velocity(limit, amount: use.amount, count: use.count)
            }
        }
        return nil
    }

    /// What the window would hold with this request: `(now - window, now]` plus the request.
    func usage(_ limit: VelocityLimit, rule: Rule, wallet: Wallet, amount: Int64) -> (amount: Int128, count: Int) {
        let series = limit.scope == .wallet ? history.byWallet[wallet.id] : history.byRule[rule.id]
        let used: (amount: Int128, count: Int) =
            series?.window(from: now.adding(-limit.window).seconds, through: now.seconds) ?? (0, 0)
        return (used.amount + Int128(amount), used.count + 1)
    }

    func allowlistEntry(_ allowlist: String, _ address: String) -> AllowlistEntry? {
        let listed = policy.index.allowlistEntries[allowlist]?[address]
        let added = history.additions[allowlist]?[address]
        switch (listed, added) {
        case (let listed?, let added?): return listed.added <= added.added ? listed : added
        case (let listed?, nil): return listed
        case (nil, let added?): return added
        case (nil, nil): return nil
        }
    }

    static func describe(_ mismatch: Mismatch) -> String {
        switch mismatch {
        case .wallet: "wallet, tier or asset differ"
        case .destination: "destination not matched"
        case .amount: "amount outside the rule's range"
        case .initiator: "initiator not listed"
        case .coolingDown(let id, let until): "destination on allowlist '\(id)' is cooling down until \(until)"
        case .velocity(let limit, let amount, let count):
            "velocity per \(limit.scope.rawValue) over \(PolicyDuration.format(limit.window)) would reach "
                + "amount \(amount)\(limit.maxAmount.map { " (max \($0))" } ?? ""), "
                + "count \(count)\(limit.maxCount.map { " (max \($0))" } ?? "")"
        }
    }
}
