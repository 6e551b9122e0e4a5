/// One rule of a policy: what it matches and what it does. Rules are tried in order; the first
/// that matches decides, and a request that no rule matches is denied.
public struct Rule: Hashable, Sendable {
    public let id: String
    public let match: RuleMatch
    public let action: RuleAction
    /// A delay after the quorum is met before the request is allowed, in seconds; 0 for none.
    public let timeLock: Int64
    /// When the request may be released; nil for any time.
    public let window: TimeWindow?
    /// Rolling limits: the rule matches only while the request stays within every one of them.
    public let velocity: [VelocityLimit]
}

/// What a rule matches. A nil field matches anything.
public struct RuleMatch: Hashable, Sendable {
    public let wallets: [String]?
    public let tiers: [Tier]?
    public let assets: [String]?
    public let destinations: [DestinationMatch]?
    public let amount: AmountRange?
    /// Service or officer ids.
    public let initiators: [String]?

    /// A rule with no conditions: matches every request.
    public static let any = RuleMatch(
        wallets: nil, tiers: nil, assets: nil, destinations: nil, amount: nil, initiators: nil)
}

/// The kinds of destination a rule can match.
public enum DestinationMatch: Hashable, Sendable, CustomStringConvertible {
    /// Any destination.
    case any
    /// Another wallet of this policy.
    case `internal`
    /// An address outside the policy's wallets (allowlisted or not).
    case external
    /// An address on this allowlist, past its cooldown.
    case allowlist(String)

    public var description: String {
        switch self {
        case .any: "any"
        case .internal: "internal"
        case .external: "external"
        case .allowlist(let id): "allowlist:\(id)"
        }
    }
}

/// An inclusive range of amounts in the asset's smallest unit.
public struct AmountRange: Hashable, Sendable {
    public let min: Int64
    public let max: Int64

    public func contains(_ amount: Int64) -> Bool { amount >= min && amount <= max }
}

/// What a matching rule does.
public enum RuleAction: Hashable, Sendable {
    /// Allowed without approvals (subject to the time lock and window).
    case allow
    /// Denied, with the reason given in the policy.
    case deny(reason: String)
    /// Allowed once every stage has its approvals.
    case approve([Stage])

    var stages: [Stage] {
        if case .approve(let stages) = self { return stages }
        return []
    }
}

/// A quorum requirement: at least `min` distinct members of `role`.
public struct Stage: Hashable, Sendable, CustomStringConvertible {
    public let role: String
    public let min: Int

    public init(role: String, min: Int) {
        self.role = role
        self.min = min
    }

    public var description: String { "\(min) of \(role)" }
}

/// A rolling limit over the recent history.
public struct VelocityLimit: Hashable, Sendable {
    /// What the limit counts.
    public enum Scope: String, Hashable, Sendable, Encodable {
        /// Every transfer out of the request's wallet.
        case wallet
        /// Every transfer that this rule let through, from any wallet.
        case rule
    }
    public let scope: Scope
    /// The window's length in seconds; the window is `(now - window, now]`.
    public let window: Int64
    /// The most the window may hold, this request included, in the asset's smallest unit.
    public let maxAmount: Int64?
    /// The most transfers the window may hold, this request included.
    public let maxCount: Int?
}
