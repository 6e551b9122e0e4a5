import Crypto

/// The canonical encoding that the policy hash covers, defined byte for byte in
/// `docs/policy.md`: the domain tag `custody.policy.v1` and a newline, then the canonical JSON
/// (see `JSONWriter`) of the parsed policy, every field present (`null` where absent), defaults
/// filled in, durations in seconds, times in RFC 3339 UTC, keys in their compressed form.
/// Comments, key order and YAML style do not change it; every change of meaning does.
public enum PolicyCanonical {
    static let policyTag = Array("custody.policy.v1\n".utf8)

    /// The canonical encoding of a policy (the bytes its hash covers).
    public static func encoding(of policy: Policy) -> [UInt8] {
        encode(
            roles: policy.roles, services: policy.services, wallets: policy.wallets, allowlists: policy.allowlists,
            rules: policy.rules, governance: policy.governance, rebalancing: policy.rebalancing,
            clockSkew: policy.clockSkew, version: policy.version, name: policy.name)
    }

    static func encode(
        roles: [Role], services: [Service], wallets: [Wallet], allowlists: [Allowlist], rules: [Rule],
        governance: Governance, rebalancing: [RebalancingPlan], clockSkew: Int64, version: Int, name: String
    ) -> [UInt8] {
        let body = JSONValue.fields([
            "allowlists": .array(allowlists.map(value)),
            "clockSkew": .integer(clockSkew),
            "governance": value(governance),
            "name": .string(name),
            "rebalancing": .array(rebalancing.map(value)),
            "roles": .array(
                roles.map { role in
                    .fields([
                        "id": .string(role.id),
                        "members": .array(role.members.map { .fields(["id": .string($0.id), "key": value($0.key)]) }),
                    ])
                }),
            "rules": .array(rules.map(value)),
            "services": .array(services.map { .fields(["id": .string($0.id), "key": value($0.key)]) }),
            "version": .integer(Int64(version)),
            "wallets": .array(wallets.map(value)),
        ])
        return policyTag + JSONWriter.canonical(body)
    }

    static func digest(of bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    // MARK: The model as JSON values

    static func value(_ key: OfficerKey) -> JSONValue { .string(key.description) }

    static func value(_ stage: Stage) -> JSONValue {
        .fields(["min": .integer(Int64(stage.min)), "role": .string(stage.role)])
    }

    static func value(_ stages: [Stage]) -> JSONValue { .array(stages.map(value)) }

    static func value(_ wallet: Wallet) -> JSONValue {
        var members = [
            JSONMember(key: "asset", value: .string(wallet.asset)), JSONMember(key: "id", value: .string(wallet.id)),
            JSONMember(key: "key", value: .string(wallet.key)),
        ]
        // Present only when the file fixes it: a policy without it keeps its hash.
        if let signing = wallet.signing {
            members.append(
                JSONMember(
                    key: "signing",
                    value: .fields([
                        "signers": .array(signing.signers.map { .string($0) }), "suite": .string(signing.suite),
                        "threshold": .integer(Int64(signing.threshold)),
                    ])))
        }
        members.append(JSONMember(key: "tier", value: .string(wallet.tier.rawValue)))
        return .object(members)
    }

    static func value(_ allowlist: Allowlist) -> JSONValue {
        .fields([
            "addition": value(allowlist.addition),
            "cooldown": .integer(allowlist.cooldown),
            "entries": .array(
                allowlist.entries.map {
                    .fields([
                        "added": .string($0.added.rfc3339), "address": .string($0.address), "label": .string($0.label),
                    ])
                }),
            "id": .string(allowlist.id),
        ])
    }

    static func value(_ rule: Rule) -> JSONValue {
        let action: String
        var approvals: JSONValue = .null
        var reason: JSONValue = .null
        switch rule.action {
        case .allow: action = "allow"
        case .deny(let text):
            action = "deny"
            reason = .string(text)
        case .approve(let stages):
            action = "approve"
            approvals = value(stages)
        }
        return .fields([
            "action": .string(action),
            "approvals": approvals,
            "id": .string(rule.id),
            "match": value(rule.match),
            "reason": reason,
            "timeLock": .integer(rule.timeLock),
            "velocity": value(rule.velocity),
            "window": .optional(rule.window) { window in
                .fields([
                    "days": .array(window.days.map { .integer(Int64($0)) }), "end": .integer(Int64(window.end)),
                    "start": .integer(Int64(window.start)), "timeZone": .string(window.timeZone),
                ])
            },
        ])
    }

    static func value(_ match: RuleMatch) -> JSONValue {
        .fields([
            "amount": .optional(match.amount) { .fields(["max": .integer($0.max), "min": .integer($0.min)]) },
            "assets": .optional(match.assets, JSONValue.strings),
            "destinations": .optional(match.destinations) { .strings($0.map(\.description)) },
            "initiators": .optional(match.initiators, JSONValue.strings),
            "tiers": .optional(match.tiers) { .strings($0.map(\.rawValue)) },
            "wallets": .optional(match.wallets, JSONValue.strings),
        ])
    }

    static func value(_ limits: [VelocityLimit]) -> JSONValue {
        .array(
            limits.map { limit in
                .fields([
                    "maxAmount": .optional(limit.maxAmount) { .integer($0) },
                    "maxCount": .optional(limit.maxCount) { .integer(Int64($0)) },
                    "scope": .string(limit.scope.rawValue),
                    "window": .integer(limit.window),
                ])
            })
    }

    static func value(_ governance: Governance) -> JSONValue {
        .fields([
            "activationDelay": .integer(governance.activationDelay),
            "change": value(governance.change),
            "freezeRoles": .strings(governance.freezeRoles),
            "unfreeze": value(governance.unfreeze),
            "unfreezeDelay": .integer(governance.unfreezeDelay),
        ])
    }

    static func value(_ plan: RebalancingPlan) -> JSONValue {
        func marks(_ marks: RebalancingPlan.Watermarks) -> JSONValue {
            .fields([
                "cap": .integer(marks.cap), "high": .integer(marks.high), "low": .integer(marks.low),
                "target": .integer(marks.target), "wallet": .string(marks.wallet),
            ])
        }
        return .fields([
            "asset": .string(plan.asset),
            "cold": .string(plan.cold),
            "hot": marks(plan.hot),
            "refill": value(plan.refill),
            "refillTimeLock": .integer(plan.refillTimeLock),
            "warm": .optional(plan.warm, marks),
        ])
    }

    /// The canonical JSON of a model value as text, for `PolicyDiff`.
    static func text(_ value: JSONValue) -> String { String(decoding: JSONWriter.canonical(value), as: UTF8.self) }
}
