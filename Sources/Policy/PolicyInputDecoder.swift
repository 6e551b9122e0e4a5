import Encoding

/// Reads the JSON inputs of an evaluation: signed requests, approvals and histories, strictly
/// (see `StrictJSON`) and against their documented fields (see `docs/policy.md`). Every
/// function takes the raw bytes and returns the value or throws a `PolicyError` whose reason
/// names the field and the cause; nothing is read leniently.
public enum PolicyInputDecoder {
    /// The largest signed-request file: 64 KiB.
    public static let maxRequestBytes = 64 * 1024
    /// The largest approvals file: 1 MiB.
    public static let maxApprovalsBytes = 1024 * 1024
    /// The most statements in one approvals file.
    public static let maxApprovals = 1000
    /// The largest history file: 64 MiB.
    public static let maxHistoryBytes = 64 * 1024 * 1024
    /// The most entries in each list of a history.
    public static let maxHistoryEntries = 1_000_000

    /// A signed request: `{"request": {…}, "signature": "<hex>"}`.
    public static func signedRequest(json bytes: [UInt8]) throws(PolicyError) -> SignedRequest {
        let value = try StrictJSON.parse(bytes, what: "request", code: .invalidRequest, maxBytes: maxRequestBytes)
        let fields = try JSONFields(
            value, "request file", code: .invalidRequest, allowed: ["request", "signature"],
            required: ["request", "signature"])
        let request = try Self.request(fields.value("request")!, path: "request")
        let signature = try fields.requiredHex("signature", maxCount: 128)
        return SignedRequest(request: request, signature: signature)
    }

    /// A request body alone (what the digest covers), as inside a signed request.
    public static func request(json bytes: [UInt8]) throws(PolicyError) -> PolicyRequest {
        let value = try StrictJSON.parse(bytes, what: "request", code: .invalidRequest, maxBytes: maxRequestBytes)
        return try request(value, path: "request")
    }

    /// The optional fields each kind of request takes.
    static func optionalKindFields(_ kind: PolicyRequest.Kind) -> [String] {
        switch kind {
        case .transfer, .rebalance: ["payload"]
        case .allowlistAddition, .policyChange, .freeze, .unfreeze: []
        }
    }

    /// The fields each kind of request takes besides `id`, `kind`, `initiator` and `createdAt`;
    /// all of them are required.
    static func kindFields(_ kind: PolicyRequest.Kind) -> [String] {
        switch kind {
        case .transfer, .rebalance: ["wallet", "amount", "destination"]
        case .allowlistAddition: ["allowlist", "address", "label"]
        case .policyChange: ["newPolicy"]
        case .freeze, .unfreeze: []
        }
    }

    static func request(_ value: JSONValue, path: String) throws(PolicyError) -> PolicyRequest {
        let code = PolicyError.Code.invalidRequest
        let common = ["id", "kind", "initiator", "createdAt"]
        let kindText = try JSONFields(
            value, path, code: code,
            allowed: common + [
                "wallet", "amount", "destination", "allowlist", "address", "label", "newPolicy", "payload",
            ],
            required: common
        ).requiredString("kind")
        guard let kind = PolicyRequest.Kind(rawValue: kindText) else {
            throw PolicyError(
                code,
                "\(path).kind: '\(UntrustedText.printable(kindText))' is not one of "
                    + PolicyRequest.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let extra = kindFields(kind)
        let fields = try JSONFields(
            value, path, code: code, allowed: common + extra + optionalKindFields(kind), required: common + extra)
        var destination: PolicyRequest.Destination? = nil
        if let node = fields.value("destination") {
            let inner = try JSONFields(node, fields.field("destination"), code: code, allowed: ["address", "wallet"])
            destination = .init(address: try inner.address("address"), wallet: try inner.identifier("wallet"))
            guard (destination?.address == nil) != (destination?.wallet == nil) else {
                throw PolicyError(code, "\(path).destination: needs exactly one of 'address' and 'wallet'")
            }
            if kind == .rebalance, destination?.wallet == nil {
                throw PolicyError(code, "\(path).destination: a rebalance goes to a wallet of the policy")
            }
        }
        var newPolicy: PolicyHash? = nil
        if let bytes = try fields.hex("newPolicy", count: 32) { newPolicy = PolicyHash(bytes: bytes) }
        var payload: PolicyRequest.Payload? = nil
        if let node = fields.value("payload") {
            let inner = try JSONFields(
                node, fields.field("payload"), code: code, allowed: ["kind", "hash"], required: ["kind", "hash"])
            let kindText = try inner.requiredString("kind")
            guard let payloadKind = PolicyRequest.Payload.Kind(rawValue: kindText) else {
                throw PolicyError(
                    code,
                    "\(path).payload.kind: '\(UntrustedText.printable(kindText))' is not one of "
                        + PolicyRequest.Payload.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            // `hex(_:count:)` returns nil only for an absent field, and `hash` is required.
            payload = .init(kind: payloadKind, hash: try inner.hex("hash", count: 32) ?? [])
        }
        return PolicyRequest(
            id: try fields.requiredIdentifier("id"), kind: kind, wallet: try fields.identifier("wallet"),
            amount: try fields.amount("amount"), destination: destination,
            initiator: try fields.requiredIdentifier("initiator"), createdAt: try fields.requiredInstant("createdAt"),
            allowlist: try fields.identifier("allowlist"), address: try fields.address("address"),
            label: try fields.label("label"), newPolicy: newPolicy, payload: payload)
    }

    /// An array of signed approval statements.
    public static func approvals(json bytes: [UInt8]) throws(PolicyError) -> [SignedApproval] {
        let code = PolicyError.Code.invalidApproval
        let value = try StrictJSON.parse(bytes, what: "approvals", code: code, maxBytes: maxApprovalsBytes)
        guard case .array(let items) = value else {
            throw PolicyError(code, "approvals: must be an array of signed statements, not \(value.kind)")
        }
        guard items.count <= maxApprovals else {
            throw PolicyError(code, "approvals: \(items.count) statements, more than the limit of \(maxApprovals)")
        }
        var out: [SignedApproval] = []
        for (index, item) in items.enumerated() {
            let path = "approvals[\(index)]"
            let fields = try JSONFields(
                item, path, code: code, allowed: ["statement", "signature"], required: ["statement", "signature"])
            let statement = try JSONFields(
                fields.value("statement")!, "\(path).statement", code: code,
                allowed: ["request", "policy", "verdict", "officer", "at"],
                required: ["request", "policy", "verdict", "officer", "at"])
            let verdictText = try statement.requiredString("verdict")
            guard let verdict = ApprovalStatement.Verdict(rawValue: verdictText) else {
                throw PolicyError(
                    code,
                    "\(path).statement.verdict: '\(UntrustedText.printable(verdictText))' is not approve or reject"
                )
            }
            out.append(
                SignedApproval(
                    statement: ApprovalStatement(
                        requestDigest: try statement.requiredHex("request", count: 32),
                        policy: PolicyHash(bytes: try statement.requiredHex("policy", count: 32)), verdict: verdict,
                        officer: try statement.requiredIdentifier("officer"), at: try statement.requiredInstant("at")),
                    signature: try fields.requiredHex("signature", maxCount: 128)))
        }
        return out
    }

    /// A history: `transfers`, `freezes`, `allowlistAdditions` and `executed`, each optional.
    public static func history(json bytes: [UInt8]) throws(PolicyError) -> History {
        let code = PolicyError.Code.invalidHistory
        let value = try StrictJSON.parse(bytes, what: "history", code: code, maxBytes: maxHistoryBytes)
        let top = try JSONFields(
            value, "history", code: code, allowed: ["transfers", "freezes", "allowlistAdditions", "executed"])
        var history = History()
        for (index, item) in (try top.array("transfers", maxCount: maxHistoryEntries) ?? []).enumerated() {
            let keys = ["request", "wallet", "amount", "at", "rule"]
            let fields = try JSONFields(item, "history.transfers[\(index)]", code: code, allowed: keys, required: keys)
            history.transfers.append(
                .init(
                    request: try fields.requiredIdentifier("request"), wallet: try fields.requiredIdentifier("wallet"),
                    amount: try fields.requiredAmount("amount"), at: try fields.requiredInstant("at"),
                    rule: try fields.requiredIdentifier("rule")))
        }
        for (index, item) in (try top.array("freezes", maxCount: maxHistoryEntries) ?? []).enumerated() {
            let path = "history.freezes[\(index)]"
            let fields = try JSONFields(item, path, code: code, allowed: ["kind", "at"], required: ["kind", "at"])
            let kindText = try fields.requiredString("kind")
            guard let kind = History.FreezeEvent.Kind(rawValue: kindText) else {
                throw PolicyError(
                    code, "\(path).kind: '\(UntrustedText.printable(kindText))' is not freeze or unfreeze")
            }
            history.freezes.append(.init(kind: kind, at: try fields.requiredInstant("at")))
        }
        for (index, item) in (try top.array("allowlistAdditions", maxCount: maxHistoryEntries) ?? []).enumerated() {
            let path = "history.allowlistAdditions[\(index)]"
            let fields = try JSONFields(
                item, path, code: code, allowed: ["allowlist", "entry"], required: ["allowlist", "entry"])
            let keys = ["address", "label", "added"]
            let entry = try JSONFields(
                fields.value("entry")!, "\(path).entry", code: code, allowed: keys, required: keys)
            history.allowlistAdditions.append(
                .init(
                    allowlist: try fields.requiredIdentifier("allowlist"),
                    entry: AllowlistEntry(
                        address: try entry.address("address")!, label: try entry.label("label")!,
                        added: try entry.requiredInstant("added"))))
        }
        for (index, item) in (try top.array("executed", maxCount: maxHistoryEntries) ?? []).enumerated() {
            let keys = ["request", "digest"]
            let fields = try JSONFields(item, "history.executed[\(index)]", code: code, allowed: keys, required: keys)
            history.executed.append(
                .init(
                    request: try fields.requiredIdentifier("request"),
                    digest: try fields.requiredHex("digest", count: 32)))
        }
        return history
    }
}
