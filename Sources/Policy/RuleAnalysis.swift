import Yams

/// Checks across rules: rules that match no wallet, rules that an earlier rule hides entirely,
/// and amount ranges that start inside an earlier rule's range for the same requests.
extension PolicyDecoding {
    mutating func analyseRules() {
        let shapes = ruleSources.map { RuleShape(rule: $0.rule, wallets: wallets) }
        for (position, source) in ruleSources.enumerated() {
            let shape = shapes[position]
            if shape.wallets.isEmpty {
                reader.error(
                    source.node,
                    "rule '\(source.rule.id)' matches no wallet: its wallets, tiers and assets exclude each other")
                continue
            }
            for earlier in 0..<position where ruleSources[earlier].rule.velocity.isEmpty {
                let other = shapes[earlier]
                guard !other.wallets.isEmpty else { continue }
                if other.covers(shape) {
                    reader.error(
                        source.node,
                        "rule '\(source.rule.id)' is unreachable: rule '\(ruleSources[earlier].rule.id)' "
                            + "(line \(ruleSources[earlier].line)) matches every request it would")
                    break
                }
                if source.explicitMin, other.coversExceptAmount(shape), other.amount.contains(shape.amount.min),
                    shape.amount.max > other.amount.max
                {
                    reader.error(
                        source.node,
                        "rule '\(source.rule.id)' overlaps rule '\(ruleSources[earlier].rule.id)' "
                            + "(line \(ruleSources[earlier].line)): amounts \(shape.amount.min)...\(other.amount.max) "
                            + "are decided by the earlier rule; start this one at \(other.amount.max + 1)")
                    break
                }
            }
        }
    }
}

/// The set of requests a rule matches, in a form that can be compared.
struct RuleShape {
    /// Destination classes: internal, external addresses on no allowlist, each allowlist.
    enum DestinationClass: Hashable {
        case `internal`, unlisted
        case allowlist(String)
    }

    let wallets: Set<String>
    /// nil: every destination.
    let destinations: Set<DestinationClass>?
    let amount: AmountRange
    let initiators: Set<String>?

    init(rule: Rule, wallets: [Wallet]) {
        let match = rule.match
        self.wallets = Set(
            wallets.filter { wallet in
                (match.wallets?.contains(wallet.id) ?? true) && (match.tiers?.contains(wallet.tier) ?? true)
                    && (match.assets?.contains(wallet.asset) ?? true)
            }.map(\.id))
        if let destinations = match.destinations, !destinations.contains(.any) {
            var classes: Set<DestinationClass> = []
            for destination in destinations {
                switch destination {
                case .any: break
                case .internal: classes.insert(.internal)
                case .external: classes.insert(.unlisted)
                case .allowlist(let id): classes.insert(.allowlist(id))
                }
            }
            self.destinations = classes
            // `external` also covers every allowlist.
            self.externalCoversAllowlists = destinations.contains(.external)
        } else {
            self.destinations = nil
            self.externalCoversAllowlists = true
        }
        amount = match.amount ?? AmountRange(min: 0, max: .max)
        initiators = match.initiators.map(Set.init)
    }

    private let externalCoversAllowlists: Bool

    /// Whether every request `other` matches, this shape matches too.
    func covers(_ other: RuleShape) -> Bool {
        coversExceptAmount(other) && amount.min <= other.amount.min && amount.max >= other.amount.max
    }

    func coversExceptAmount(_ other: RuleShape) -> Bool {
        guard other.wallets.isSubset(of: wallets) else { return false }
        if let initiators {
            guard let others = other.initiators, others.isSubset(of: initiators) else { return false }
        }
        guard let destinations else { return true }
        guard let others = other.destinations else { return false }
        for destination in others where !destinations.contains(destination) {
            if case .allowlist = destination, externalCoversAllowlists { continue }
            return false
        }
        return true
    }
}
