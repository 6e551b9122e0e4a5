/// Checks across rules: rules that match no wallet, rules that an earlier rule hides entirely,
/// and amount ranges that start inside an earlier rule's range for the same requests.
///
/// Near-linear: rules with the same conditions apart from the amount share one group, whose
/// amount ranges sit in a prefix-maximum tree; a rule is compared with the groups that cover
/// its other conditions (found through its wallets), not with every earlier rule.
extension PolicyDecoding {
    /// The most comparisons between distinct rule conditions the analysis makes.
    static let maxShapeComparisons = 1_000_000

    mutating func analyseRules() {
        let shapes = ruleSources.map {
            RuleShape(rule: $0.rule, wallets: PolicyIndex.walletsMatched(by: $0.rule.match, in: wallets))
        }
        var keyIndex: [RuleShape.Key: Int] = [:]
        var keys: [RuleShape.Key] = []
        var keyOfRule: [Int] = []
        for shape in shapes {
            if let index = keyIndex[shape.key] {
                keyOfRule.append(index)
            } else {
                keyIndex[shape.key] = keys.count
                keyOfRule.append(keys.count)
                keys.append(shape.key)
            }
        }
        // The amount minimums each group will hold, for its tree's coordinates.
        var starts = [[Int64]](repeating: [], count: keys.count)
        for (position, source) in ruleSources.enumerated()
        where source.rule.velocity.isEmpty && !shapes[position].key.wallets.isEmpty {
            starts[keyOfRule[position]].append(shapes[position].amount.min)
        }
        starts = starts.map { Array(Set($0)).sorted() }
        var trees = starts.map { PrefixMaximumTree(count: $0.count) }
        var keysByWallet: [String: [Int]] = [:]
        for (index, key) in keys.enumerated() {
            for wallet in key.wallets { keysByWallet[wallet, default: []].append(index) }
        }
        var covering: [Int: [Int]] = [:]
        var comparisons = 0

        for (position, source) in ruleSources.enumerated() {
            let shape = shapes[position]
            let key = keyOfRule[position]
            if shape.key.wallets.isEmpty {
                reader.error(
                    source.node,
                    "rule '\(source.rule.id)' matches no wallet: its wallets, tiers and assets exclude each other")
                continue
            }
            if covering[key] == nil {
                // A covering group holds every wallet of this one, so its rarest wallet too.
                let rarest = shape.key.wallets.min { (keysByWallet[$0]?.count ?? 0) < (keysByWallet[$1]?.count ?? 0) }
                let candidates = rarest.flatMap { keysByWallet[$0] } ?? []
                comparisons += candidates.count
                guard comparisons <= Self.maxShapeComparisons else {
                    reader.error(
                        source.node,
                        "the rules have too many distinct conditions to check them for unreachable rules "
                            + "(more than \(Self.maxShapeComparisons) comparisons); merge rules with the same wallets")
                    return
                }
                covering[key] = candidates.filter { keys[$0].coversExceptAmount(shape.key) }
            }
            var cover: (end: Int64, rule: Int)? = nil
            var overlap: (end: Int64, rule: Int)? = nil
            for group in covering[key] ?? [] {
                let upTo = HistoryIndex.Series.firstIndex(in: starts[group], after: shape.amount.min)
                guard let (end, rule) = trees[group].maximum(firstCount: upTo) else { continue }
                if end >= shape.amount.max {
                    if cover == nil || rule < cover!.rule { cover = (end, rule) }
                } else if end >= shape.amount.min, source.explicitMin {
                    if overlap == nil || rule < overlap!.rule { overlap = (end, rule) }
                }
            }
            if let cover {
                let earlier = ruleSources[cover.rule]
                reader.error(
                    source.node,
                    "rule '\(source.rule.id)' is unreachable: rule '\(earlier.rule.id)' "
                        + "(line \(earlier.line)) matches every request it would")
            } else if let overlap {
                let earlier = ruleSources[overlap.rule]
                reader.error(
                    source.node,
                    "rule '\(source.rule.id)' overlaps rule '\(earlier.rule.id)' "
                        + "(line \(earlier.line)): amounts \(shape.amount.min)...\(overlap.end) "
                        + "are decided by the earlier rule; start this one at \(overlap.end + 1)")
            }
            if source.rule.velocity.isEmpty {
                let slot = HistoryIndex.Series.firstIndex(in: starts[key], after: shape.amount.min) - 1
                trees[key].raise(slot, to: shape.amount.max, rule: position)
            }
        }
    }
}

/// A Fenwick tree of (amount, rule) maxima over slots: raising a slot and the maximum of the
/// first `n` slots both take logarithmic time. Of equal amounts, the earlier rule wins.
struct PrefixMaximumTree {
    private var nodes: [(end: Int64, rule: Int)?]

    init(count: Int) { nodes = Array(repeating: nil, count: count + 1) }

    private static func better(_ a: (end: Int64, rule: Int), than b: (end: Int64, rule: Int)?) -> Bool {
        guard let b else { return true }
        return a.end > b.end || (a.end == b.end && a.rule < b.rule)
    }

    mutating func raise(_ slot: Int, to end: Int64, rule: Int) {
        var index = slot + 1
        while index < nodes.count {
            if Self.better((end, rule), than: nodes[index]) { nodes[index] = (end, rule) }
            index += index & -index
        }
    }

    func maximum(firstCount count: Int) -> (end: Int64, rule: Int)? {
        var best: (end: Int64, rule: Int)? = nil
        var index = count
        while index > 0 {
            if let node = nodes[index], Self.better(node, than: best) { best = node }
            index -= index & -index
        }
        return best
    }
}

/// The set of requests a rule matches, in a form that can be compared.
struct RuleShape {
    /// Destination classes: internal, external addresses on no allowlist, each allowlist.
    enum DestinationClass: Hashable {
        case `internal`, unlisted
        case allowlist(String)
    }

    /// Everything but the amount.
    struct Key: Hashable {
        let wallets: Set<String>
        /// nil: every destination.
        let destinations: Set<DestinationClass>?
        /// Whether `external` is among the destinations, which covers every allowlist too.
        let externalCoversAllowlists: Bool
        let initiators: Set<String>?

        /// Whether every request `other` matches, apart from its amount, this key matches too.
        func coversExceptAmount(_ other: Key) -> Bool {
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

    let key: Key
    let amount: AmountRange

    init(rule: Rule, wallets: [String]) {
        let match = rule.match
        var destinations: Set<DestinationClass>? = nil
        var externalCoversAllowlists = true
        if let list = match.destinations, !list.contains(.any) {
            var classes: Set<DestinationClass> = []
            for destination in list {
                switch destination {
                case .any: break
                case .internal: classes.insert(.internal)
                case .external: classes.insert(.unlisted)
                case .allowlist(let id): classes.insert(.allowlist(id))
                }
            }
            destinations = classes
            externalCoversAllowlists = list.contains(.external)
        }
        key = Key(
            wallets: Set(wallets), destinations: destinations, externalCoversAllowlists: externalCoversAllowlists,
            initiators: match.initiators.map(Set.init))
        amount = match.amount ?? AmountRange(min: 0, max: .max)
    }
}
