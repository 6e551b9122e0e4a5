import Yams

extension PolicyDecoding {
    mutating func decodeGovernance(_ node: Node) -> Governance? {
        guard
            let fields = reader.fields(
                node, "governance", allowed: ["change", "freeze", "unfreeze"],
                required: ["change", "freeze", "unfreeze"])
        else { return nil }
        var change: [Stage]? = nil
        var activationDelay: Int64? = nil
        if let node = fields["change"],
            let change_ = reader.fields(
                node, "governance.change", allowed: ["approvals", "activation-delay"],
                required: ["approvals", "activation-delay"])
        {
            change = change_["approvals"].flatMap { decodeStages($0, "governance.change.approvals") }
            activationDelay = change_["activation-delay"].flatMap { reader.duration($0, "activation-delay") }
        }
        var freezeRoles: [String]? = nil
        if let node = fields["freeze"],
            let freeze = reader.fields(node, "governance.freeze", allowed: ["roles"], required: ["roles"]),
            let rolesNode = freeze["roles"], let items = reader.identifiers(rolesNode, "freeze roles")
        {
            freezeRoles = []
            for (role, item) in items {
                if roleIDs.contains(role) {
                    freezeRoles?.append(role)
                } else {
                    reader.error(
                        item, "unknown role '\(role)'\(YAMLReader.suggestion(for: role, among: roles.map(\.id)))")
                }
            }
        }
        var unfreeze: [Stage]? = nil
        var unfreezeDelay: Int64? = nil
        if let node = fields["unfreeze"],
            let unfreeze_ = reader.fields(
                node, "governance.unfreeze", allowed: ["approvals", "delay"], required: ["approvals", "delay"])
        {
            unfreeze = unfreeze_["approvals"].flatMap { decodeStages($0, "governance.unfreeze.approvals") }
            unfreezeDelay = unfreeze_["delay"].flatMap { reader.duration($0, "unfreeze delay") }
        }
        guard let change, let activationDelay, let freezeRoles, let unfreeze, let unfreezeDelay else { return nil }
        return Governance(
            change: change, activationDelay: activationDelay, freezeRoles: freezeRoles, unfreeze: unfreeze,
            unfreezeDelay: unfreezeDelay)
    }

    mutating func decodeRebalancing(_ node: Node) -> [RebalancingPlan] {
        var plans: [RebalancingPlan] = []
        for (asset, keyNode, value) in reader.entries(node, "rebalancing") {
            guard wallets.contains(where: { $0.asset == asset }) else {
                reader.error(keyNode, "no wallet holds asset '\(asset)'")
                continue
            }
            guard
                let fields = reader.fields(
                    value, "rebalancing of \(asset)", allowed: ["hot", "warm", "cold", "refill"],
                    required: ["hot", "cold", "refill"])
            else { continue }
            let hot = fields["hot"].flatMap { decodeWatermarks($0, asset: asset, tier: .hot) }
            var warm: RebalancingPlan.Watermarks? = nil
            var warmOK = true
            if let node = fields["warm"] {
                warm = decodeWatermarks(node, asset: asset, tier: .warm)
                warmOK = warm != nil
            }
            var cold: String? = nil
            if let node = fields["cold"], let id = reader.identifier(node, "cold wallet") {
                cold = checkWallet(id, node, asset: asset, tier: .cold) ? id : nil
            }
            var refill: [Stage]? = nil
            var timeLock: Int64? = nil
            if let node = fields["refill"],
                let refillFields = reader.fields(
                    node, "refill", allowed: ["approvals", "time-lock"], required: ["approvals", "time-lock"])
            {
                refill = refillFields["approvals"].flatMap { decodeStages($0, "the refill approvals of \(asset)") }
                timeLock = refillFields["time-lock"].flatMap { reader.duration($0, "refill time-lock") }
            }
            guard let hot, warmOK, let cold, let refill, let timeLock else { continue }
            plans.append(
                RebalancingPlan(
                    asset: asset, hot: hot, warm: warm, cold: cold, refill: refill, refillTimeLock: timeLock))
        }
        return plans
    }

    mutating func checkWallet(_ id: String, _ node: Node, asset: String, tier: Tier) -> Bool {
        guard let wallet = walletsByID[id] else {
            reader.error(node, "unknown wallet '\(id)'\(YAMLReader.suggestion(for: id, among: wallets.map(\.id)))")
            return false
        }
        guard wallet.asset == asset, wallet.tier == tier else {
            reader.error(
                node, "wallet '\(id)' holds \(wallet.asset) in the \(wallet.tier) tier; expected \(asset), \(tier)")
            return false
        }
        return true
    }

    mutating func decodeWatermarks(_ node: Node, asset: String, tier: Tier) -> RebalancingPlan.Watermarks? {
        guard
            let fields = reader.fields(
                node, "the \(tier) tier of \(asset)", allowed: ["wallet", "target", "low", "high", "cap"],
                required: ["wallet", "target", "low", "high", "cap"]),
            let walletNode = fields["wallet"], let wallet = reader.identifier(walletNode, "wallet")
        else { return nil }
        let ok = checkWallet(wallet, walletNode, asset: asset, tier: tier)
        let target = fields["target"].flatMap { reader.amount($0, "target") }
        let low = fields["low"].flatMap { reader.amount($0, "low") }
        let high = fields["high"].flatMap { reader.amount($0, "high") }
        let cap = fields["cap"].flatMap { reader.amount($0, "cap") }
        guard ok, let target, let low, let high, let cap else { return nil }
        guard low <= target, target <= high, high <= cap else {
            reader.error(
                node, "watermarks must satisfy low <= target <= high <= cap, got \(low), \(target), \(high), \(cap)")
            return nil
        }
        return RebalancingPlan.Watermarks(wallet: wallet, target: target, low: low, high: high, cap: cap)
    }
}
