public import Custody
import Policy

/// The body of `POST /v1/freezes` (docs/daemons.md § `POST /v1/freezes`): an officers' signed
/// `freeze` or `unfreeze` request, its approvals and the policy version's hash, read strictly
/// (Policy's `StrictJSON`).
public struct FreezeRequest: Sendable {
    /// The largest body read: 512 KiB.
    public static let maximumBodySize = 512 * 1024

    /// What the coordinator sends every signer.
    public let notice: FreezeNotice

    /// Reads `body`.
    /// - Throws: ``SignatureRequestError`` naming the key and what is wrong.
    public init(json body: [UInt8]) throws(SignatureRequestError) {
        let value: JSONValue
        do {
            value = try StrictJSON.parse(body, what: "body", code: .invalidRequest, maxBytes: Self.maximumBodySize)
        } catch {
            throw SignatureRequestError(error.reason)
        }
        guard case .object(let members) = value else { throw SignatureRequestError("body: not a JSON object") }
        let known = ["request", "approvals", "policy"]
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard known.contains(member.key) else {
                throw SignatureRequestError(
                    "\(WalletCreationRequest.quoted(member.key)): unknown key (known keys: "
                        + "\(known.sorted().joined(separator: ", ")))")
            }
            fields[member.key] = member.value
        }
        guard let requestValue = fields["request"] else { throw SignatureRequestError("request: required") }
        let signed: SignedRequest
        let approvals: [SignedApproval]
        do {
            signed = try PolicyInputDecoder.signedRequest(json: JSONWriter.canonical(requestValue))
            approvals = try PolicyInputDecoder.approvals(json: JSONWriter.canonical(fields["approvals"] ?? .array([])))
        } catch {
            throw SignatureRequestError(error.reason)
        }
        guard signed.request.kind == .freeze || signed.request.kind == .unfreeze else {
            throw SignatureRequestError(
                "request: a freeze or unfreeze request is required, not \(signed.request.kind.rawValue)")
        }
        guard case .string(let policyText)? = fields["policy"], let policy = PolicyHash(hex: policyText) else {
            throw SignatureRequestError("policy: the policy version's hash is required (64 hex digits)")
        }
        let notice = FreezeNotice(request: signed, approvals: approvals, policy: policy)
        do {
            _ = try notice.encoded()
        } catch {
            throw SignatureRequestError("request: \(error.reason)")
        }
        self.notice = notice
    }
}
