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
        let fields = try RequestBody.fields(
            body, known: ["request", "approvals", "policy"], maxBytes: Self.maximumBodySize)
        let (signed, approvals, policy) = try RequestBody.authorization(fields)
        guard signed.request.kind == .freeze || signed.request.kind == .unfreeze else {
            throw SignatureRequestError(
                "request: a freeze or unfreeze request is required, not \(signed.request.kind.rawValue)")
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
