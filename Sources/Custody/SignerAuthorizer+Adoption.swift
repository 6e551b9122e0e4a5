import Encoding
public import Policy

extension SignerAuthorizer {
    /// Adopts the policy version `adoption` proposes, or refuses with the first check that fails
    /// (`docs/signer-authorization.md`, § Adopting a policy version). Every adopted version is
    /// kept; a refusal changes nothing but the first-seen record of an authentic change request.
    public mutating func adopt<Records: FirstSeenRecording>(
        _ adoption: PolicyAdoption, now: Instant, firstSeen: inout Records, history: History
    ) throws(AuthorizationRefusal) -> AdoptedPolicies.Version {
        // 1. The bytes are a policy, and the one the change names.
        let proposed: Policy
        do {
            proposed = try PolicyDecoder.decode(bytes: adoption.policyFile, file: "proposed policy")
        } catch {
            throw AuthorizationRefusal(.invalidPolicy, "the proposed policy does not validate: \(error.reason)")
        }
        guard proposed.hash == adoption.hash else {
            throw AuthorizationRefusal(
                .policyHashMismatch,
                "the proposed policy hashes to \(Self.short(proposed.hash)), not \(Self.short(adoption.hash))")
        }
        let signed = adoption.change
        let request = signed.request
        guard request.kind == .policyChange, request.newPolicy == adoption.hash else {
            throw AuthorizationRefusal(
                .notAPolicyChange, "the change request is not a policy-change for \(Self.short(adoption.hash))")
        }
        // 2. The initiator under the version in force now, then the governing version: the one
        // in force at the change's time (the later of its first sight here and its createdAt).
        let current = policies.inForce(at: now) ?? policies.versions[0]
        try Self.verifyInitiator(signed, policy: current.policy)
        let digest = request.digest
        let seen = firstSeen.firstSeen(requestDigest: digest, now: now)
        let requestTime = try Self.requestTime(request, firstSeen: seen, policy: current.policy)
        guard let governing = policies.inForce(at: requestTime) else {
            throw AuthorizationRefusal(.policyNotInForce, "no adopted policy version is in force at \(requestTime)")
        }
        if governing.policy.hash != current.policy.hash { try Self.verifyInitiator(signed, policy: governing.policy) }
        // 3. The approvals, then the governance decision: a quorum, and the activation delay.
        try Self.verifyApprovals(adoption.approvals, policy: governing.policy, request: request, digest: digest)
        let judged = Self.decide(
            signed, approvals: adoption.approvals, policy: governing.policy, history: HistoryIndex(history),
            requestTime: requestTime, now: now)
        guard judged.decision.outcome != .denied, let quorumMetAt = judged.decision.quorumMetAt else {
            throw AuthorizationRefusal(
                .notAllowed,
                "governance does not allow the change: \(judged.decision.outcome.rawValue): "
                    + judged.decision.reason)
        }
        let earliest = judged.lockEnd ?? max(quorumMetAt, requestTime)
        guard adoption.activatesAt >= earliest else {
            throw AuthorizationRefusal(
                .activationTooEarly,
                "activation at \(adoption.activatesAt) is before the governance delay allows, \(earliest)")
        }
        // 4. After every version adopted so far.
        if let last = policies.versions.last, adoption.activatesAt <= last.activatesAt {
            throw AuthorizationRefusal(
                .activationOutOfOrder,
                "activation at \(adoption.activatesAt) is not after the last adopted version's, \(last.activatesAt)")
        }
        policies.append(proposed, activatesAt: adoption.activatesAt)
        return policies.versions[policies.versions.count - 1]
    }
}
