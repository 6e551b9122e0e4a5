import Encoding

/// The JSON forms of the evaluation inputs, exactly the fields `PolicyInputDecoder` reads: a
/// value written here and read back is the same value, and `JSONWriter.canonical` of it is one
/// fixed byte string per value.
public enum PolicyInputEncoder {
    /// `{"request": {…}, "signature": "<hex>"}`.
    public static func signedRequest(_ signed: SignedRequest) -> JSONValue {
        .fields(["request": request(signed.request), "signature": .string(Hex.encode(signed.signature))])
    }

    /// The request body: the fields its kind takes, absent ones left out.
    public static func request(_ request: PolicyRequest) -> JSONValue {
        var members: [JSONMember] = [
            .init(key: "id", value: .string(request.id)), .init(key: "kind", value: .string(request.kind.rawValue)),
            .init(key: "initiator", value: .string(request.initiator)),
            .init(key: "createdAt", value: .string(request.createdAt.rfc3339)),
        ]
        func add(_ key: String, _ value: JSONValue?) {
            if let value { members.append(.init(key: key, value: value)) }
        }
        add("wallet", request.wallet.map { .string($0) })
        add("amount", request.amount.map { .integer($0) })
        if let destination = request.destination {
            var inner: [JSONMember] = []
            if let address = destination.address { inner.append(.init(key: "address", value: .string(address))) }
            if let wallet = destination.wallet { inner.append(.init(key: "wallet", value: .string(wallet))) }
            add("destination", .object(inner))
        }
        add("allowlist", request.allowlist.map { .string($0) })
        add("address", request.address.map { .string($0) })
        add("label", request.label.map { .string($0) })
        add("newPolicy", request.newPolicy.map { .string($0.hex) })
        add(
            "payload",
            request.payload.map {
                .object([
                    .init(key: "kind", value: .string($0.kind.rawValue)),
                    .init(key: "hash", value: .string(Hex.encode($0.hash))),
                ])
            })
        return .object(members)
    }

    /// An array of `{"statement": {…}, "signature": "<hex>"}`.
    public static func approvals(_ approvals: [SignedApproval]) -> JSONValue {
        .array(
            approvals.map { approval in
                let statement = approval.statement
                return .fields([
                    "statement": .fields([
                        "request": .string(Hex.encode(statement.requestDigest)),
                        "policy": .string(statement.policy.hex), "verdict": .string(statement.verdict.rawValue),
                        "officer": .string(statement.officer), "at": .string(statement.at.rfc3339),
                    ]),
                    "signature": .string(Hex.encode(approval.signature)),
                ])
            })
    }

    /// `{"transfers": […], "freezes": […], "allowlistAdditions": […], "executed": […]}`.
    public static func history(_ history: History) -> JSONValue {
        .fields([
            "transfers": .array(
                history.transfers.map {
                    .fields([
                        "request": .string($0.request), "wallet": .string($0.wallet), "amount": .integer($0.amount),
                        "at": .string($0.at.rfc3339), "rule": .string($0.rule),
                    ])
                }),
            "freezes": .array(
                history.freezes.map { .fields(["kind": .string($0.kind.rawValue), "at": .string($0.at.rfc3339)]) }),
            "allowlistAdditions": .array(
                history.allowlistAdditions.map {
                    .fields([
                        "allowlist": .string($0.allowlist),
                        "entry": .fields([
                            "address": .string($0.entry.address), "label": .string($0.entry.label),
                            "added": .string($0.entry.added.rfc3339),
                        ]),
                    ])
                }),
            "executed": .array(
                history.executed.map {
                    .fields(["request": .string($0.request), "digest": .string(Hex.encode($0.digest))])
                }),
        ])
    }
}
