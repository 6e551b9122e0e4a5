import Encoding
public import Policy

/// One signer's own decision to release a share: given an `AuthorizationBundle` from the
/// coordinator, it checks everything against the signer's own state — the policy versions it
/// adopted, its clock, its record of when it first saw each request, and its history of what it
/// signed — so that a compromised coordinator cannot obtain a signature that the policy and a
/// quorum of officers did not allow.
///
/// Pure: no I/O, no clock reading. The driver passes the signer's clock reading as `now`, its
/// first-seen records and its history; it persists what changed (first-seen records, adopted
/// versions, the release) before acting on the result. The checks and their order are in
/// `docs/signer-authorization.md`.
public struct SignerAuthorizer: Sendable {
    /// The policy versions this signer adopted.
    public internal(set) var policies: AdoptedPolicies

    public init(policies: AdoptedPolicies) { self.policies = policies }

    /// Releases `bundle.messages` for signing, or refuses with the first check that fails.
    ///
    /// `firstSeen` records the request's digest at `now` on first sight of an authentic request
    /// (one whose initiator's signature verifies), even when the bundle is then refused, so that
    /// a time lock runs from the first time this signer saw it.
    public func authorize<Records: FirstSeenRecording>(
        _ bundle: AuthorizationBundle, now: Instant, firstSeen: inout Records, history: History,
        reader: some PayloadMessageReader
    ) throws(AuthorizationRefusal) -> SigningRelease {
        let signed = bundle.request
        let request = signed.request
        // 1. Only transfers and rebalances move funds with a wallet key.
        guard request.kind == .transfer || request.kind == .rebalance else {
            throw AuthorizationRefusal(
                .nothingToSign, "a \(request.kind.rawValue) request is not signed with a wallet key")
        }
        // 2. A policy version this signer adopted.
        guard let version = policies.version(bundle.policy) else {
            throw AuthorizationRefusal(
                .unknownPolicy, "policy \(Self.short(bundle.policy)) is no version this signer adopted")
        }
        let policy = version.policy
        // 3. The initiator is who the request claims: its signature under that id's key.
        try Self.verifyInitiator(signed, policy: policy)
        // 4. This signer's own first sight, and the request's time.
        let digest = request.digest
        let seen = firstSeen.firstSeen(requestDigest: digest, now: now)
        let requestTime = try Self.requestTime(request, firstSeen: seen, policy: policy)
        // 5. The version in force at the request's time, not an older or a later one.
        try policies.requireInForce(bundle.policy, at: requestTime)
        // 6. Not signed before.
        if history.executed.contains(where: { $0.request == request.id || $0.digest == digest }) {
            throw AuthorizationRefusal(
                .alreadySigned, "request '\(UntrustedText.printable(request.id))' was already signed by this signer")
        }
        // 7. No freeze in force, except for a sweep toward a colder tier.
        let index = HistoryIndex(history)
        if index.isFrozen(at: now), !Self.isSweep(request, policy: policy) {
            throw AuthorizationRefusal(
                .frozen, "the policy is frozen: nothing but a sweep to a colder tier is signed until an unfreeze")
        }
        // 8. The messages are exactly what the approved payload binds.
        let messages = try Self.boundMessages(request, document: bundle.document, reader: reader)
        guard bundle.messages == messages else {
            throw AuthorizationRefusal(
                .messageMismatch,
                "the \(bundle.messages.count) message(s) to sign are not the \(messages.count) the approved "
                    + "payload binds")
        }
        // 9. Every approval is an officer's valid statement on this request under this version.
        try Self.verifyApprovals(bundle.approvals, policy: policy, request: request, digest: digest)
        // 10. The decision, recomputed here, with this signer's history, clock and time lock.
        let judged = Self.decide(
            signed, approvals: bundle.approvals, policy: policy, history: index, requestTime: requestTime, now: now)
        try judged.requireAllowed(now: now, requestTime: requestTime)
        let transfer: History.Transfer?
        if request.kind == .transfer, let wallet = request.wallet, let amount = request.amount {
            transfer = .init(
                request: request.id, wallet: wallet, amount: amount, at: now, rule: judged.decision.rule ?? "")
        } else {
            transfer = nil
        }
        return SigningRelease(
            requestID: request.id, requestDigest: digest, policy: bundle.policy, messages: messages,
            decision: judged.decision, firstSeen: seen, timeLockEndsAt: judged.lockEnd,
            executed: .init(request: request.id, digest: digest), transfer: transfer)
    }

    /// The first 16 hex digits of a policy hash, for reasons.
    static func short(_ hash: PolicyHash) -> String { "\(hash.hex.prefix(16))…" }

    /// Whether `request` is a rebalance from a hotter to a colder tier (a sweep), which the
    /// policy lets through even while frozen.
    static func isSweep(_ request: PolicyRequest, policy: Policy) -> Bool {
        guard request.kind == .rebalance, let source = request.wallet.flatMap(policy.wallet),
            let target = request.destination?.wallet.flatMap(policy.wallet)
        else { return false }
        return source.tier < target.tier
    }

    /// The messages `request`'s payload binds: the payload itself for a `digest` payload; for a
    /// `psbt` payload, what `reader` reads from `document`, once `document` hashes to it.
    static func boundMessages(
        _ request: PolicyRequest, document: [UInt8], reader: some PayloadMessageReader
    ) throws(AuthorizationRefusal) -> [[UInt8]] {
        guard let payload = request.payload else {
            throw AuthorizationRefusal(
                .noPayload,
                "request '\(UntrustedText.printable(request.id))' binds no payload, so no message is approved")
        }
        switch payload.kind {
        case .digest:
            guard document.isEmpty else {
                throw AuthorizationRefusal(.unreadablePayload, "a digest payload takes no document")
            }
            return [payload.hash]
        case .psbt:
            guard PolicyRequest.Payload.psbt(document: document).hash == payload.hash else {
                throw AuthorizationRefusal(.unreadablePayload, "the document's SHA-256 is not the payload's hash")
            }
            guard let messages = reader.messages(of: document, kind: .psbt), !messages.isEmpty else {
                throw AuthorizationRefusal(.unreadablePayload, "the psbt document yields no message to sign")
            }
            return messages
        }
    }
}
