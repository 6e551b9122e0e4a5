/// A sweep or refill the rebalancer proposes; a refill then goes through `evaluate` as a
/// `rebalance` request, with the plan's quorum and time lock.
public struct RebalanceProposal: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Toward a colder tier, above a high watermark or cap.
        case sweep
        /// Toward a hotter tier, below a low watermark.
        case refill
    }
    public let kind: Kind
    public let asset: String
    public let from: String
    public let to: String
    /// In the asset's smallest unit.
    public let amount: Int64
    public let reason: String

    /// The request that carries this proposal through the policy.
    public func request(id: String, initiator: String, createdAt: Instant) -> PolicyRequest {
        PolicyRequest(
            id: id, kind: .rebalance, wallet: from, amount: amount, destination: .init(wallet: to),
            initiator: initiator, createdAt: createdAt)
    }
}

/// A transfer between wallets already under way, counted in the projected balances.
public struct PendingMove: Hashable, Sendable, Codable {
    public let from: String
    public let to: String?
    public let amount: Int64

    public init(from: String, to: String?, amount: Int64) {
        self.from = from
        self.to = to
        self.amount = amount
    }
}

extension PolicyEngine {
    /// Sweeps and refills that bring each hot (and warm) wallet back to its target.
    ///
    /// Balances are projected: a wallet's balance, less what pending moves take out, plus what
    /// they bring in. Above `high` (or `cap`) a tier sweeps down to `target`, into the next
    /// colder tier (warm up to its cap, the rest to cold); below `low` it refills up to `target`
    /// from the next colder tier that has funds, never above `cap`. A wallet missing from
    /// `balances` holds 0. Proposals come in policy order, hot tier first.
    public static func rebalance(
        policy: Policy, balances: [String: Int64], pending: [PendingMove]
    ) -> [RebalanceProposal] {
        var projected: [String: Int128] = [:]
        for (wallet, balance) in balances { projected[wallet] = Int128(balance) }
        for move in pending {
            projected[move.from, default: 0] -= Int128(move.amount)
            if let to = move.to { projected[to, default: 0] += Int128(move.amount) }
        }
        var proposals: [RebalanceProposal] = []
        func move(
            _ kind: RebalanceProposal.Kind, _ asset: String, _ from: String, _ to: String, _ amount: Int128,
            _ reason: String
        ) {
            guard amount > 0 else { return }
            let clamped = Int64(clamping: amount)
            projected[from, default: 0] -= Int128(clamped)
            projected[to, default: 0] += Int128(clamped)
            proposals.append(.init(kind: kind, asset: asset, from: from, to: to, amount: clamped, reason: reason))
        }
        for plan in policy.rebalancing {
            var tiers = [plan.hot]
            if let warm = plan.warm { tiers.append(warm) }
            for (position, marks) in tiers.enumerated() {
                let balance = projected[marks.wallet, default: 0]
                let colder = position + 1 < tiers.count ? tiers[position + 1].wallet : plan.cold
                let colderMarks = position + 1 < tiers.count ? tiers[position + 1] : nil
                if balance > Int128(marks.high) || balance > Int128(marks.cap) {
                    var excess = balance - Int128(marks.target)
                    let why = "\(marks.wallet) at \(balance) is above its high watermark \(marks.high)"
                    if let colderMarks {
                        let room = max(0, Int128(colderMarks.cap) - projected[colder, default: 0])
                        let intoColder = min(excess, room)
                        move(.sweep, plan.asset, marks.wallet, colder, intoColder, why)
                        excess -= intoColder
                        move(.sweep, plan.asset, marks.wallet, plan.cold, excess, why + "; \(colder) is at its cap")
                    } else {
                        move(.sweep, plan.asset, marks.wallet, colder, excess, why)
                    }
                } else if balance < Int128(marks.low) {
                    var need = min(Int128(marks.target), Int128(marks.cap)) - balance
                    let why = "\(marks.wallet) at \(balance) is below its low watermark \(marks.low)"
                    for source in ([colderMarks?.wallet, plan.cold].compactMap { $0 }) where need > 0 {
                        let available = max(0, projected[source, default: 0])
                        let amount = min(need, available)
                        move(.refill, plan.asset, source, marks.wallet, amount, why)
                        need -= amount
                    }
                }
            }
        }
        return proposals
    }
}
