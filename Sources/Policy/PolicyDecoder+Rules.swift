import Foundation
import Yams

/// A decoded rule with what validation needs to know of its source.
struct RuleSource {
    let rule: Rule
    let node: Node
    let line: Int
    /// Whether the file gave `amount.min` explicitly.
    let explicitMin: Bool
}

extension PolicyDecoding {
    static let ruleKeys = ["id", "match", "action", "reason", "approvals", "time-lock", "window", "velocity"]
    static let matchKeys = ["wallets", "tiers", "assets", "destinations", "amount", "initiators"]

    mutating func decodeRules(_ node: Node) {
        guard let items = reader.sequence(node, "rules") else { return }
        if items.isEmpty { reader.error(node, "rules must hold at least one rule") }
        if items.count > PolicyDecoder.maxRules {
            reader.error(node, "\(items.count) rules, more than the limit of \(PolicyDecoder.maxRules)")
            return
        }
        var ids: Set<String> = []
        for item in items {
            guard let fields = reader.fields(item, "a rule", allowed: Self.ruleKeys, required: ["id", "action"])
            else { continue }
            var ok = true
            let id = fields["id"].flatMap { reader.identifier($0, "rule id") }
            if let id, !ids.insert(id).inserted {
                reader.error(fields["id"], "rule id '\(id)' is used twice")
                ok = false
            }
            let what = "rule '\(id ?? "?")'"
            var match = RuleMatch.any
            var explicitMin = false
            if let matchNode = fields["match"] {
                if let decoded = decodeMatch(matchNode, what) {
                    match = decoded.0
                    explicitMin = decoded.1
                } else {
                    ok = false
                }
            }
            let action = fields["action"].flatMap { decodeAction($0, fields, what) }
            var timeLock: Int64 = 0
            if let node = fields["time-lock"] {
                if let value = reader.duration(node, "time-lock") { timeLock = value } else { ok = false }
            }
            var window: TimeWindow? = nil
            if let node = fields["window"] {
                window = decodeWindow(node)
                if window == nil { ok = false }
            }
            var velocity: [VelocityLimit] = []
            if let node = fields["velocity"] {
                if let limits = decodeVelocity(node) { velocity = limits } else { ok = false }
            }
            if case .deny = action {
                for key in ["time-lock", "window", "velocity"] where fields.values[key] != nil {
                    reader.error(fields.values[key]?.key, "\(key) has no effect on a deny rule")
                    ok = false
                }
            }
            guard ok, let id, let action else { continue }
            let rule = Rule(
                id: id, match: match, action: action, timeLock: timeLock, window: window, velocity: velocity)
            ruleSources.append(RuleSource(rule: rule, node: item, line: item.mark?.line ?? 0, explicitMin: explicitMin))
        }
    }

    mutating func decodeAction(_ node: Node, _ fields: Fields, _ what: String) -> RuleAction? {
        guard let text = reader.string(node, "action") else { return nil }
        switch text {
        case "allow", "deny":
            if let approvals = fields.values["approvals"] {
                reader.error(approvals.key, "approvals only go with action: approve")
                return nil
            }
            if text == "allow" {
                if let reason = fields.values["reason"] {
                    reader.error(reason.key, "reason only goes with action: deny")
                    return nil
                }
                return .allow
            }
            let reason = fields["reason"].flatMap { reader.string($0, "reason") } ?? "denied by \(what)"
            return .deny(reason: reason)
        case "approve":
            if let reason = fields.values["reason"] {
                reader.error(reason.key, "reason only goes with action: deny")
                return nil
            }
            guard let approvals = fields["approvals"] else {
                reader.error(node, "action: approve needs approvals, a list of {role, min}")
                return nil
            }
            return decodeStages(approvals, "the approvals of \(what)").map { .approve($0) }
        default:
            reader.error(node, "action must be allow, deny or approve, got '\(text)'")
            return nil
        }
    }

    mutating func decodeMatch(_ node: Node, _ what: String) -> (RuleMatch, Bool)? {
        guard let fields = reader.fields(node, "the match of \(what)", allowed: Self.matchKeys) else { return nil }
        var ok = true
        var wallets: [String]? = nil
        if let node = fields["wallets"], let items = reader.identifiers(node, "wallets") {
            for (id, item) in items where walletsByID[id] == nil {
                reader.error(
                    item, "unknown wallet '\(id)'\(YAMLReader.suggestion(for: id, among: self.wallets.map(\.id)))")
                ok = false
            }
            wallets = items.map(\.0)
        } else if fields["wallets"] != nil {
            ok = false
        }
        var tiers: [Tier]? = nil
        if let node = fields["tiers"], let items = reader.identifiers(node, "tiers") {
            tiers = []
            for (text, item) in items {
                if let tier = Tier(rawValue: text) {
                    tiers?.append(tier)
                } else {
                    reader.error(item, "tier must be hot, warm or cold, got '\(text)'")
                    ok = false
                }
            }
        } else if fields["tiers"] != nil {
            ok = false
        }
        var assets: [String]? = nil
        if let node = fields["assets"], let items = reader.identifiers(node, "assets") {
            let known = Set(self.wallets.map(\.asset))
            for (asset, item) in items where !known.contains(asset) {
                reader.error(item, "no wallet holds asset '\(asset)'")
                ok = false
            }
            assets = items.map(\.0)
        } else if fields["assets"] != nil {
            ok = false
        }
        var destinations: [DestinationMatch]? = nil
        if let node = fields["destinations"], let items = reader.identifiersOrTagged(node, "destinations") {
            destinations = []
            for (text, item) in items {
                if let destination = decodeDestination(text, item) {
                    destinations?.append(destination)
                } else {
                    ok = false
                }
            }
        } else if fields["destinations"] != nil {
            ok = false
        }
        var amount: AmountRange? = nil
        var explicitMin = false
        if let node = fields["amount"] {
            if let range = decodeAmount(node) {
                amount = range.0
                explicitMin = range.1
            } else {
                ok = false
            }
        }
        var initiators: [String]? = nil
        if let node = fields["initiators"], let items = reader.identifiers(node, "initiators") {
            for (id, item) in items where officerKeys[id] == nil && !serviceIDs.contains(id) {
                reader.error(item, "unknown initiator '\(id)': not a service nor an officer of this policy")
                ok = false
            }
            initiators = items.map(\.0)
        } else if fields["initiators"] != nil {
            ok = false
        }
        guard ok else { return nil }
        return (
            RuleMatch(
                wallets: wallets, tiers: tiers, assets: assets, destinations: destinations, amount: amount,
                initiators: initiators), explicitMin
        )
    }

    mutating func decodeDestination(_ text: String, _ node: Node) -> DestinationMatch? {
        switch text {
        case "any": return .any
        case "internal": return .internal
        case "external": return .external
        default:
            if text.hasPrefix("allowlist:") {
                let id = String(text.dropFirst("allowlist:".count))
                guard allowlistIDs.contains(id) else {
                    reader.error(node, "unknown allowlist '\(id)'")
                    return nil
                }
                return .allowlist(id)
            }
            reader.error(node, "destination must be any, internal, external or allowlist:<id>, got '\(text)'")
            return nil
        }
    }

    mutating func decodeAmount(_ node: Node) -> (AmountRange, Bool)? {
        guard let fields = reader.fields(node, "amount", allowed: ["min", "max"]) else { return nil }
        guard fields["min"] != nil || fields["max"] != nil else {
            reader.error(node, "amount needs min, max or both")
            return nil
        }
        var ok = true
        var min: Int64 = 0
        var max: Int64 = .max
        if let node = fields["min"] {
            if let value = reader.amount(node, "amount.min") { min = value } else { ok = false }
        }
        if let node = fields["max"] {
            if let value = reader.amount(node, "amount.max") { max = value } else { ok = false }
        }
        guard ok else { return nil }
        guard min <= max else {
            reader.error(node, "amount.min (\(min)) is larger than amount.max (\(max)): the rule can never match")
            return nil
        }
        return (AmountRange(min: min, max: max), fields["min"] != nil)
    }

    mutating func decodeWindow(_ node: Node) -> TimeWindow? {
        guard
            let fields = reader.fields(
                node, "window", allowed: ["days", "hours", "time-zone"], required: ["days", "hours", "time-zone"]),
            let daysNode = fields["days"], let hoursNode = fields["hours"], let zoneNode = fields["time-zone"]
        else { return nil }
        var days: Set<Int> = []
        var ok = true
        for (text, item) in reader.identifiers(daysNode, "days") ?? [] {
            let bounds = text.split(separator: "-").map { TimeWindow.dayNames.firstIndex(of: String($0)) }
            if bounds.count == 1, let day = bounds[0] {
                days.insert(day + 1)
            } else if bounds.count == 2, let first = bounds[0], let last = bounds[1], first <= last {
                days.formUnion((first + 1)...(last + 1))
            } else {
                reader.error(
                    item, "days are mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri, got '\(text)'")
                ok = false
            }
        }
        var start = 0
        var end = 0
        if let text = reader.string(hoursNode, "hours"), let span = Self.hours(text) {
            (start, end) = span
        } else {
            reader.error(
                hoursNode,
                "hours must be HH:MM-HH:MM with the start before the end, such as 09:00-17:00 (split a window across midnight into two rules)"
            )
            ok = false
        }
        let zone = reader.string(zoneNode, "time-zone")
        if let zone, TimeZone(identifier: zone) == nil {
            reader.error(zoneNode, "unknown time zone '\(zone)'; use an IANA name such as Europe/Zurich or UTC")
            ok = false
        }
        guard ok, let zone, !days.isEmpty else { return nil }
        return TimeWindow(days: days.sorted(), start: start, end: end, timeZone: zone)
    }

    static func hours(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2 else { return nil }
        func minutes(_ part: Substring) -> Int? {
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, pieces[0].count == 2, pieces[1].count == 2, let hour = Int(pieces[0]),
                let minute = Int(pieces[1]), hour >= 0, minute >= 0, minute < 60, hour * 60 + minute <= 1440
            else { return nil }
            return hour * 60 + minute
        }
        guard let start = minutes(parts[0]), let end = minutes(parts[1]), start < end else { return nil }
        return (start, end)
    }

    mutating func decodeVelocity(_ node: Node) -> [VelocityLimit]? {
        guard let items = reader.sequence(node, "velocity", limit: Self.maxVelocityLimits) else { return nil }
        var limits: [VelocityLimit] = []
        var ok = true
        for item in items {
            guard
                let fields = reader.fields(
                    item, "a velocity limit", allowed: ["scope", "window", "max-amount", "max-count"],
                    required: ["scope", "window"]),
                let scopeNode = fields["scope"], let scopeText = reader.string(scopeNode, "scope"),
                let window = fields["window"].flatMap({ reader.duration($0, "velocity window", allowZero: false) })
            else {
                ok = false
                continue
            }
            guard let scope = VelocityLimit.Scope(rawValue: scopeText) else {
                reader.error(scopeNode, "scope must be wallet or rule, got '\(scopeText)'")
                ok = false
                continue
            }
            let maxAmount = fields["max-amount"].flatMap { reader.amount($0, "max-amount") }
            let maxCount = fields["max-count"].flatMap { reader.count($0, "max-count") }
            if fields["max-amount"] != nil && maxAmount == nil || fields["max-count"] != nil && maxCount == nil {
                ok = false
                continue
            }
            guard maxAmount != nil || maxCount != nil else {
                reader.error(item, "a velocity limit needs max-amount, max-count or both")
                ok = false
                continue
            }
            limits.append(VelocityLimit(scope: scope, window: window, maxAmount: maxAmount, maxCount: maxCount))
        }
        return ok ? limits : nil
    }
}

extension YAMLReader {
    /// Like `identifiers`, but allows the `allowlist:<id>` form.
    mutating func identifiersOrTagged(_ node: Node, _ what: String) -> [(String, Node)]? {
        let items: [Node]
        if case .scalar = node {
            items = [node]
        } else if let sequence = sequence(node, what) {
            items = sequence
        } else {
            return nil
        }
        guard !items.isEmpty else {
            error(node, "\(what) must not be empty; leave the key out to match anything")
            return nil
        }
        var out: [(String, Node)] = []
        for item in items {
            if let text = string(item, "an entry of \(what)") { out.append((text, item)) }
        }
        return out
    }
}
