public import Policy

/// What the coordinator brings a signer to have a request signed: everything the signer needs
/// to decide for itself, and nothing it has to believe.
///
/// The signer trusts none of it: it checks the initiator's and the officers' signatures against
/// its own copy of the policy, recomputes the decision, and signs only `messages`, and only when
/// they are exactly what the approved request's payload binds.
public struct AuthorizationBundle: Hashable, Sendable {
    /// The request with its initiator's signature.
    public var request: SignedRequest
    /// The officers' signed statements on the request.
    public var approvals: [SignedApproval]
    /// The hash of the policy version the request was decided under.
    public var policy: PolicyHash
    /// The document the request's payload hashes, for a `psbt` payload: the unsigned PSBT. Empty
    /// for a `digest` payload, whose message is the payload itself.
    public var document: [UInt8]
    /// The messages the signer is asked to sign, in order (for a PSBT, one sighash per input in
    /// input order).
    public var messages: [[UInt8]]

    public init(
        request: SignedRequest, approvals: [SignedApproval], policy: PolicyHash, document: [UInt8] = [],
        messages: [[UInt8]]
    ) {
        self.request = request
        self.approvals = approvals
        self.policy = policy
        self.document = document
        self.messages = messages
    }
}
