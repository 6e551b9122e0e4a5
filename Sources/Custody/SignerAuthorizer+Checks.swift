import Encoding
import Policy

/// The checks that both a bundle and a policy change pass.
extension SignerAuthorizer {
    /// The initiator is a service or officer of `policy` and signed the request with its key.
    static func verifyInitiator(_ signed: SignedRequest, policy: Policy) throws(AuthorizationRefusal) {
        let initiator = signed.request.initiator
        guard let key = policy.initiatorKey(initiator) else {
            throw AuthorizationRefusal(
                .unknownInitiator,
                "'\(UntrustedText.printable(initiator))' is neither a service nor an officer of policy "
                    + short(policy.hash))
        }
        guard ApprovalVerifier.verify(signature: signed.signature, message: signed.signedBytes, key: key) else {
            throw AuthorizationRefusal(
                .invalidInitiatorSignature,
                "the initiator's signature does not verify under the key of '\(UntrustedText.printable(initiator))'")
        }
    }

    /// The request's time, from which its time lock runs and under whose policy version it is
    /// decided: the later of this signer's first sight and the request's `createdAt`. A
    /// `createdAt` more than the policy's clock skew after the first sight is refused.
    static func requestTime(
        _ request: PolicyRequest, firstSeen: Instant, policy: Policy
    ) throws(AuthorizationRefusal) -> Instant {
        if request.createdAt > firstSeen.adding(policy.clockSkew) {
            throw AuthorizationRefusal(
                .createdInTheFuture,
                "createdAt \(request.createdAt) is more than the allowed clock skew "
                    + "(\(policy.clockSkew)s) after this signer first saw the request, \(firstSeen)")
        }
        return max(firstSeen, request.createdAt)
    }

    /// Every approval names an officer of `policy`, binds `digest` and `policy`'s hash, carries
    /// the officer's valid signature, and is not by the request's initiator (unless
    /// `initiatorMayApprove`: a freeze, which its initiator may approve alone).
    static func verifyApprovals(
        _ approvals: [SignedApproval], policy: Policy, request: PolicyRequest, digest: [UInt8],
        initiatorMayApprove: Bool = false
    ) throws(AuthorizationRefusal) {
        for (position, approval) in approvals.enumerated() {
            let officer = UntrustedText.printable(approval.statement.officer)
            let which = "approval \(position) (officer '\(officer)')"
            do {
                _ = try ApprovalVerifier.verify(approval, policy: policy, requestDigest: digest)
            } catch {
                throw refusal(for: error, which: which, policy: policy)
            }
            if !initiatorMayApprove, approval.statement.officer == request.initiator {
                throw AuthorizationRefusal(
                    .initiatorApproval, "\(which) is by the request's initiator, who never counts as an approver")
            }
        }
    }

    static func refusal(for error: PolicyError, which: String, policy: Policy) -> AuthorizationRefusal {
        switch error.code {
        case .unknownOfficer:
            AuthorizationRefusal(.unknownOfficer, "\(which) names no member of any role of the policy")
        case .wrongRequest:
            AuthorizationRefusal(.approvalForAnotherRequest, "\(which) is for another request")
        case .wrongPolicy:
            AuthorizationRefusal(
                .approvalUnderAnotherPolicy, "\(which) is under another policy version than \(short(policy.hash))")
        default:
            AuthorizationRefusal(
                .invalidApprovalSignature, "\(which): the signature does not verify under the officer's key")
        }
    }

    /// The engine's decision at `now`, with the time lock moved to run from `requestTime`.
    ///
    /// The engine denies a request whose `createdAt` lies more than the clock skew from the
    /// `receivedAt` it is given, which suits the coordinator that received the request, not a
    /// signer that may first see it hours later. So the engine gets the request's time capped at
    /// `createdAt` + skew, and the lock it reports is moved here to run from the request's time.
    static func decide(
        _ signed: SignedRequest, approvals: [SignedApproval], policy: Policy, history: HistoryIndex,
        requestTime: Instant, now: Instant
    ) -> Judgement {
        let receivedAt = min(requestTime, signed.request.createdAt.adding(policy.clockSkew))
        let decision = PolicyEngine.evaluate(
            policy: policy, request: signed, approvals: approvals, history: history, receivedAt: receivedAt, now: now)
        var lockEnd: Instant? = nil
        if let quorumMetAt = decision.quorumMetAt, let engineEnd = decision.timeLockEndsAt {
            let duration = engineEnd.seconds - max(quorumMetAt, receivedAt).seconds
            lockEnd = max(quorumMetAt, requestTime).adding(duration)
        }
        return Judgement(decision: decision, lockEnd: lockEnd)
    }

    /// A decision and the time lock's end on this signer's clock.
    struct Judgement {
        let decision: Decision
        let lockEnd: Instant?

        /// Refuses unless the decision allows the request and the lock has ended at `now`.
        func requireAllowed(now: Instant, requestTime: Instant) throws(AuthorizationRefusal) {
            if decision.outcome != .denied, let lockEnd, now < lockEnd {
                throw AuthorizationRefusal(
                    .timeLocked,
                    "the time lock runs until \(lockEnd), counted from \(requestTime) (the later of this "
                        + "signer's first sight of the request and its createdAt); it is \(now)")
            }
            guard decision.outcome != .allowed else { return }
            let velocity = decision.skipped.filter(\.exceedsVelocity)
            if !velocity.isEmpty {
                throw AuthorizationRefusal(
                    .velocityExceeded,
                    velocity.map { "rule '\($0.rule)': \($0.reason)" }.joined(separator: "; ")
                        + "; then \(decision.outcome.rawValue): \(decision.reason)")
            }
            throw AuthorizationRefusal(.notAllowed, "\(decision.outcome.rawValue): \(decision.reason)")
        }
    }
}

extension AdoptedPolicies {
    /// Refuses unless `hash` is the version in force at `time`.
    func requireInForce(_ hash: PolicyHash, at time: Instant) throws(AuthorizationRefusal) {
        guard let current = inForce(at: time) else {
            throw AuthorizationRefusal(.policyNotInForce, "no adopted policy version is in force at \(time)")
        }
        guard current.policy.hash == hash else {
            throw AuthorizationRefusal(
                .policyNotInForce,
                "decided under policy \(SignerAuthorizer.short(hash)), but \(SignerAuthorizer.short(current.policy.hash)) "
                    + "is in force at the request's time, \(time)")
        }
    }
}
