import Encoding
import Policy

/// A signed request as the officer commands read it: its bytes, its digest, and what the officer
/// is shown before signing.
struct RequestReview {
    let path: String
    let signed: SignedRequest
    let digest: [UInt8]

    /// Reads and decodes the signed request file `path` (the `{"request": …, "signature": …}`
    /// of `custody policy eval`).
    init(path: String) throws {
        self.path = path
        signed = try PolicyFiles.input(
            path, limit: PolicyInputDecoder.maxRequestBytes, PolicyInputDecoder.signedRequest(json:))
        digest = signed.request.digest
    }

    /// Decodes a signed request from `bytes`; `source` names where it came from in messages.
    init(bytes: [UInt8], source: String) throws {
        path = source
        do {
            signed = try PolicyInputDecoder.signedRequest(json: bytes)
        } catch {
            throw CLIError("\(source): \(error.reason)")
        }
        digest = signed.request.digest
    }

    var request: PolicyRequest { signed.request }

    /// Refuses a request whose initiator is not a service or officer of `policy`, or whose
    /// initiation signature does not verify under the key the policy gives it: the policy would
    /// deny it before counting any approval.
    func checkInitiation(_ policy: Policy) throws {
        let initiator = request.initiator
        guard let key = policy.initiatorKey(initiator) else {
            throw OfficerFailure(
                .invalidInitiation, "\(path): the initiator '\(initiator)' is no service or officer of the policy")
        }
        guard ApprovalVerifier.verify(signature: signed.signature, message: signed.signedBytes, key: key) else {
            throw OfficerFailure(
                .invalidInitiation, "\(path): the initiator's signature does not verify under the key of '\(initiator)'"
            )
        }
    }

    /// The lines the officer reads before signing: the statement's binding, then every field of
    /// the request, in the policy's terms.
    func lines(policy: Policy, statement: ApprovalStatement, reason: String?, psbt: PSBTSummary?) -> [String] {
        var lines: [(String, String)] = [
            ("verdict", statement.verdict == .approve ? "APPROVE" : "REJECT"),
            ("officer", statement.officer),
            ("policy", "\(shown(policy.name)) \(policy.hash.hex)"),
            ("request digest", Hex.encode(digest)),
            ("request id", request.id),
            ("kind", request.kind.rawValue),
            ("initiator", "\(request.initiator) (\(policy.service(request.initiator) != nil ? "service" : "officer"))"),
            ("created at", request.createdAt.rfc3339),
        ]
        var asset: String?
        if let id = request.wallet {
            let wallet = policy.wallet(id)
            asset = wallet?.asset
            lines.append(
                ("wallet", id + (wallet.map { " (\($0.asset), \($0.tier.rawValue))" } ?? " (not in this policy)")))
        }
        if let amount = request.amount { lines.append(("amount", Self.amount(amount, asset: asset))) }
        if let address = request.destination?.address { lines.append(("destination", "address \(address)")) }
        if let id = request.destination?.wallet {
            let wallet = policy.wallet(id)
            lines.append(
                (
                    "destination",
                    "wallet \(id)" + (wallet.map { " (\($0.asset), \($0.tier.rawValue))" } ?? " (not in this policy)")
                ))
        }
        if request.kind == .transfer || request.kind == .rebalance {
            if let payload = request.payload {
                lines.append(("payload", "\(payload.kind.rawValue) \(Hex.encode(payload.hash))"))
                if let psbt {
                    lines += psbt.lines(asset: asset)
                } else {
                    lines.append(
                        (
                            "fee",
                            payload.kind == .psbt
                                ? "not in the request: the PSBT whose SHA-256 is the payload fixes it (see --psbt)"
                                : "not in the request: the signed digest fixes it"
                        ))
                }
            } else {
                lines.append(("payload", "none: the request does not bind what will be signed"))
                lines.append(("fee", "not in the request; no payload binds it"))
            }
        }
        if let allowlist = request.allowlist { lines.append(("allowlist", allowlist)) }
        if let address = request.address { lines.append(("address", address)) }
        if let label = request.label { lines.append(("label", shown(label))) }
        if let newPolicy = request.newPolicy { lines.append(("new policy", newPolicy.hex)) }
        lines.append(("statement time", statement.at.rfc3339))
        if let reason { lines.append(("reason", "\(shown(reason)) (not signed)")) }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }
    }

    /// An amount in the asset's smallest unit, and in whole coins for BTC.
    static func amount(_ amount: Int64, asset: String?) -> String {
        guard asset == "BTC", amount >= 0 else { return "\(amount) (smallest unit\(asset.map { " of \($0)" } ?? ""))" }
        let fraction = String(amount % 100_000_000)
        let padded = String(repeating: "0", count: 8 - fraction.count) + fraction
        return "\(amount) sat (\(amount / 100_000_000).\(padded) BTC)"
    }

    /// Text from the request or the policy as the terminal shows it: printable ASCII as is,
    /// every other character as `\u{h…}`, so that no control or bidirectional character can
    /// change what the officer reads.
    func shown(_ text: String) -> String { RequestText.printable(text) }
}
