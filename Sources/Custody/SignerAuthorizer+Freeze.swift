import Encoding
public import Policy

extension SignerAuthorizer {
    /// Verifies a `freeze` or `unfreeze` bundle (no messages, no document) and returns the event
    /// the signer adds to its own history, dated `now`; or refuses with the first check that
    /// fails (`docs/signer-authorization.md`, § Freezes). The checks are those of `authorize`
    /// that apply: the adopted version in force, the initiator, first sight, the approvals (a
    /// freeze's initiator may approve it alone), and the decision with this signer's time lock.
    public func verifyFreeze<Records: FirstSeenRecording>(
        _ bundle: AuthorizationBundle, now: Instant, firstSeen: inout Records, history: History
    ) throws(AuthorizationRefusal) -> History.FreezeEvent {
        let signed = bundle.request
        let request = signed.request
        let kind: History.FreezeEvent.Kind
        switch request.kind {
        case .freeze: kind = .freeze
        case .unfreeze: kind = .unfreeze
        default:
            throw AuthorizationRefusal(.notAFreeze, "a \(request.kind.rawValue) request is no freeze or unfreeze")
        }
        guard bundle.messages.isEmpty, bundle.document.isEmpty else {
            throw AuthorizationRefusal(.notAFreeze, "a \(request.kind.rawValue) signs no message and takes no document")
        }
        guard let version = policies.version(bundle.policy) else {
            throw AuthorizationRefusal(
                .unknownPolicy, "policy \(Self.short(bundle.policy)) is no version this signer adopted")
        }
        try Self.verifyInitiator(signed, policy: version.policy)
        let digest = request.digest
        let seen = firstSeen.firstSeen(requestDigest: digest, now: now)
        let requestTime = try Self.requestTime(request, firstSeen: seen, policy: version.policy)
        try policies.requireInForce(bundle.policy, at: requestTime)
        try Self.verifyApprovals(
            bundle.approvals, policy: version.policy, request: request, digest: digest,
            initiatorMayApprove: kind == .freeze)
        let judged = Self.decide(
            signed, approvals: bundle.approvals, policy: version.policy, history: HistoryIndex(history),
            requestTime: requestTime, now: now)
        try judged.requireAllowed(now: now, requestTime: requestTime)
        return History.FreezeEvent(kind: kind, at: now)
    }
}
