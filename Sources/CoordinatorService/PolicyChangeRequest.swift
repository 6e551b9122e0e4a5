public import Custody
import Policy

/// The body of `POST /v1/policies` (docs/daemons.md § `POST /v1/policies`): a governed policy
/// change for every signer to verify and adopt, read strictly (Policy's `StrictJSON`).
public struct PolicyChangeRequest: Sendable {
    /// The largest body read: 2 MiB (a policy file of at most 512 KiB, in a JSON string).
    public static let maximumBodySize = 2 * 1024 * 1024

    /// What the coordinator sends every signer.
    public let adoption: PolicyAdoption

    /// Reads `body`: `request` (the signed `policy-change` request), `approvals` (the officers'
    /// statements), `policyFile` (the proposed policy file's text) and `activatesAt` (RFC 3339).
    /// - Throws: ``SignatureRequestError`` naming the key and what is wrong.
    public init(json body: [UInt8]) throws(SignatureRequestError) {
        let fields = try RequestBody.fields(
            body, known: ["request", "approvals", "policyFile", "activatesAt"], maxBytes: Self.maximumBodySize)
        guard let requestValue = fields["request"] else { throw SignatureRequestError("request: required") }
        let signed: SignedRequest
        let approvals: [SignedApproval]
        do {
            signed = try PolicyInputDecoder.signedRequest(json: JSONWriter.canonical(requestValue))
            approvals = try PolicyInputDecoder.approvals(json: JSONWriter.canonical(fields["approvals"] ?? .array([])))
        } catch {
            throw SignatureRequestError(error.reason)
        }
        guard signed.request.kind == .policyChange, let named = signed.request.newPolicy else {
            throw SignatureRequestError(
                "request: a policy-change request is required, not \(signed.request.kind.rawValue)")
        }
        guard case .string(let text)? = fields["policyFile"], !text.isEmpty else {
            throw SignatureRequestError("policyFile: the proposed policy file's text is required")
        }
        let policy: Policy
        do {
            policy = try PolicyDecoder.decode(bytes: Array(text.utf8), file: "policyFile")
        } catch {
            throw SignatureRequestError("policyFile: \(error.reason)")
        }
        guard policy.hash == named else {
            throw SignatureRequestError(
                "policyFile: it hashes to \(policy.hash.hex), not the change's newPolicy \(named.hex)")
        }
        guard case .string(let time)? = fields["activatesAt"], let activatesAt = Instant(rfc3339: time) else {
            throw SignatureRequestError("activatesAt: an RFC 3339 time is required")
        }
        let adoption = PolicyAdoption(
            policyFile: Array(text.utf8), hash: policy.hash, change: signed, approvals: approvals,
            activatesAt: activatesAt)
        do {
            _ = try adoption.encoded()
        } catch {
            throw SignatureRequestError("request: \(error.reason)")
        }
        self.adoption = adoption
    }
}
