public import FROST

/// One FROST signing session at the coordinator, as a pure state machine: events in (a start,
/// commitments and shares received, a signer's failure, an abort, the clock's reading),
/// actions out (ask these signers for commitments, send them this signing package, the
/// signature, the failure, the abort). It does no I/O, reads no clock and draws no randomness
/// of its own; a driver (the coordinator daemon over the network, `custody frost sign` in one
/// process) carries the messages.
///
/// Every event the session cannot take is refused with a ``SigningSessionError`` naming what
/// was wrong, and leaves the machine unchanged. States, events, actions and errors:
/// docs/signing-session.md.
public struct SigningSessionStateMachine: Sendable, Equatable {
    /// What a session is started with.
    public struct Parameters: Sendable, Equatable {
        /// The session id, the suite, the signers, the message and the Taproot spend, exactly as
        /// every signer is asked to commit to them.
        public let request: CommitmentRequest
        /// The key: the group key, every verifying share, the threshold.
        public let publicKeyPackage: PublicKeyPackage
        /// When the session gives up, in microseconds since 1970 (UTC); nil for never.
        public let deadline: Int64?

        /// - Throws: what ``CommitmentRequest/init(sessionID:suite:signers:message:taprootSpend:)``
        ///   throws; `unknownSigner` naming every signer that holds no share of the key;
        ///   `invalidParameters` for fewer signers than the key's threshold.
        public init(
            sessionID: SigningSessionID, suite: SigningSuite, signers: [Identifier], message: [UInt8],
            taprootSpend: TaprootSpend?, publicKeyPackage: PublicKeyPackage, deadline: Int64?
        ) throws(SigningSessionError) {
            let request = try CommitmentRequest(
                sessionID: sessionID, suite: suite, signers: signers, message: message, taprootSpend: taprootSpend)
            let strangers = request.signers.filter { publicKeyPackage.verifyingShares[$0] == nil }
            guard strangers.isEmpty else {
                throw SigningSessionError(
                    .unknownSigner, "signers \(strangers) hold no share of this key", culprits: strangers)
            }
            guard request.signers.count >= publicKeyPackage.minSigners else {
                throw SigningSessionError(
                    .invalidParameters,
                    "this key needs \(publicKeyPackage.minSigners) signers, the session has \(request.signers.count)")
            }
            self.request = request
            self.publicKeyPackage = publicKeyPackage
            self.deadline = deadline
        }

        /// The session's id.
        public var sessionID: SigningSessionID { request.sessionID }
        /// The session's signers, in ascending order.
        public var signers: [Identifier] { request.signers }
    }

    /// What the driver is to do after an event.
    public enum Action: Sendable, Equatable {
        /// Send the request to every signer it names (`request.signers`).
        case requestCommitments(CommitmentRequest)
        /// Nothing yet: wait for more events.
        case wait
        /// Send the request to every signer of its package (`request.package.signers`).
        case requestShares(ShareRequest)
        /// The session is complete: the signature, verified under `signature.publicKey`.
        case completed(Signature)
        /// The session failed in aggregation: `invalidShares` naming every signer whose share
        /// does not verify, or `aggregationFailed`. No signature.
        case failed(SigningSessionError)
        /// The session is aborted: tell `notify` (every signer of the session), so that those
        /// that have not signed burn the nonce they committed. No signature.
        case aborted(AbortReason, notify: [Identifier])
    }

    /// Why a session was aborted.
    public enum AbortReason: Sendable, Equatable, CustomStringConvertible {
        /// A signer reported that it will not take part (its reason, as it gave it).
        case signerFailed(Identifier, reason: String)
        /// The coordinator's operator or its own logic gave up (the reason given).
        case requested(String)
        /// The clock read `now`, at or past the session's deadline.
        case deadlinePassed(deadline: Int64, now: Int64)

        public var description: String {
            switch self {
            case .signerFailed(let signer, let reason): "signer \(signer) failed: \(reason)"
            case .requested(let reason): "aborted: \(reason)"
            case .deadlinePassed(let deadline, let now): "the deadline \(deadline) passed (clock read \(now))"
            }
        }
    }

    /// Where a session is, for drivers and tests.
    public enum Phase: Sendable, Equatable {
        /// Not started.
        case idle
        /// Waiting for every signer's commitments.
        case collectingCommitments
        /// The signing package was sent; waiting for every share.
        case collectingShares
        /// Finished with a signature.
        case completed
        /// Finished without a signature: aggregation failed.
        case failed
        /// Finished without a signature: aborted.
        case aborted
    }

    private enum State: Sendable, Equatable {
        case idle
        case collectingCommitments(Parameters, received: [Identifier: SigningCommitments])
        case collectingShares(Parameters, ShareRequest, received: [Identifier: SignatureShare])
        case completed(Signature)
        case failed(SigningSessionError)
        case aborted(AbortReason)
    }

    private var state: State = .idle

    /// A session not yet started.
    public init() {}

    /// Where the session is.
    public var phase: Phase {
        switch state {
        case .idle: .idle
        case .collectingCommitments: .collectingCommitments
        case .collectingShares: .collectingShares
        case .completed: .completed
        case .failed: .failed
        case .aborted: .aborted
        }
    }

    /// Event: start the session. Returns `requestCommitments` for every signer.
    ///
    /// - Throws: `alreadyStarted` unless the session is idle.
    public mutating func start(_ parameters: Parameters) throws(SigningSessionError) -> Action {
        guard case .idle = state else {
            throw SigningSessionError(.alreadyStarted, "the session was already started")
        }
        state = .collectingCommitments(parameters, received: [:])
        return .requestCommitments(parameters.request)
    }

    /// Event: `commitments` arrived from `sender` (the authenticated sender of the message).
    /// Returns `wait`, or `requestShares` with the signing package once every signer's
    /// commitments are in.
    ///
    /// - Throws: `notStarted`; `sessionFinished`; `unknownSigner` when `sender` is not a signer
    ///   of the session; `misattributed` when the commitments name another signer than
    ///   `sender`; `duplicateCommitment` when `sender` already committed (the first stands).
    public mutating func commitmentReceived(_ commitments: SigningCommitments, from sender: Identifier)
        throws(SigningSessionError) -> Action
    {
        try checkActive()
        guard let parameters = parameters, parameters.signers.contains(sender) else {
            throw SigningSessionError(
                .unknownSigner, "commitments from \(sender), who is not a signer of this session", culprits: [sender])
        }
        guard commitments.identifier == sender else {
            throw SigningSessionError(
                .misattributed, "signer \(sender) sent commitments naming signer \(commitments.identifier)",
                culprits: [sender])
        }
        guard case .collectingCommitments(_, var received) = state, received[sender] == nil else {
            throw SigningSessionError(
                .duplicateCommitment, "signer \(sender) already sent its commitments; the first ones stand",
                culprits: [sender])
        }
        received[sender] = commitments
        guard received.count == parameters.signers.count else {
            state = .collectingCommitments(parameters, received: received)
            return .wait
        }
        let package: SigningPackage
        do {
            package = try SigningPackage(
                commitments: parameters.signers.map { received[$0]! }, message: parameters.request.message,
                taprootSpend: parameters.request.taprootSpend)
        } catch {
            // Unreachable: the parameters were checked when the session was made.
            let failure = SigningSessionError(.aggregationFailed, "no signing package: \(error.reason)")
            state = .failed(failure)
            return .failed(failure)
        }
        let request = ShareRequest(sessionID: parameters.sessionID, package: package)
        state = .collectingShares(parameters, request, received: [:])
        return .requestShares(request)
    }

    /// Event: `share` arrived from `sender`. Returns `wait`, or once every share is in, the
    /// outcome of aggregation with every share verified: `completed` or `failed`.
    ///
    /// - Throws: `notStarted`; `sessionFinished`; `unexpectedShare` before the signing package
    ///   was sent; `unknownSigner` when `sender` is not a signer of the package; `misattributed`
    ///   when the share names another signer than `sender`; `duplicateShare` when `sender`
    ///   already sent a share (the first stands).
    public mutating func shareReceived(_ share: SignatureShare, from sender: Identifier) throws(SigningSessionError)
        -> Action
    {
        try checkActive()
        guard case .collectingShares(let parameters, let request, var received) = state else {
            throw SigningSessionError(
                .unexpectedShare, "a share from \(sender) before the signing package was sent", culprits: [sender])
        }
        guard request.package.signers.contains(sender) else {
            throw SigningSessionError(
                .unknownSigner, "a share from \(sender), who is not a signer of the package", culprits: [sender])
        }
        guard share.identifier == sender else {
            throw SigningSessionError(
                .misattributed, "signer \(sender) sent a share naming signer \(share.identifier)", culprits: [sender])
        }
        guard received[sender] == nil else {
            throw SigningSessionError(
                .duplicateShare, "signer \(sender) already sent its share; the first stands", culprits: [sender])
        }
        received[sender] = share
        guard received.count == request.package.signers.count else {
            state = .collectingShares(parameters, request, received: received)
            return .wait
        }
        do {
            let signature = try parameters.request.suite.aggregate(
                request.package, shares: request.package.signers.map { received[$0]! },
                publicKeyPackage: parameters.publicKeyPackage)
            state = .completed(signature)
            return .completed(signature)
        } catch {
            let failure =
                error.code == .invalidSignatureShare
                ? SigningSessionError(.invalidShares, error.reason, culprits: error.culprits)
                : SigningSessionError(.aggregationFailed, error.reason, culprits: error.culprits)
            state = .failed(failure)
            return .failed(failure)
        }
    }

    /// Event: `signer` reported that it will not take part. Aborts the session.
    ///
    /// - Throws: `notStarted`; `sessionFinished`; `unknownSigner` when `signer` is not a
    ///   signer of the session.
    public mutating func signerFailed(_ signer: Identifier, reason: String) throws(SigningSessionError) -> Action {
        try checkActive()
        guard let parameters, parameters.signers.contains(signer) else {
            throw SigningSessionError(
                .unknownSigner, "a failure reported by \(signer), who is not a signer of this session",
                culprits: [signer])
        }
        return abort(.signerFailed(signer, reason: reason), parameters)
    }

    /// Event: give up on the session. Aborts it.
    ///
    /// - Throws: `notStarted`; `sessionFinished`.
    public mutating func abort(reason: String) throws(SigningSessionError) -> Action {
        try checkActive()
        return abort(.requested(reason), parameters!)
    }

    /// Event: the clock reads `now` (microseconds since 1970, UTC). At or past the deadline the
    /// session is aborted; before it, or without a deadline, the answer is `wait`.
    ///
    /// - Throws: `notStarted`; `sessionFinished`.
    public mutating func clockRead(now: Int64) throws(SigningSessionError) -> Action {
        try checkActive()
        let parameters = parameters!
        guard let deadline = parameters.deadline, now >= deadline else { return .wait }
        return abort(.deadlinePassed(deadline: deadline, now: now), parameters)
    }

    private var parameters: Parameters? {
        switch state {
        case .collectingCommitments(let parameters, _), .collectingShares(let parameters, _, _): parameters
        case .idle, .completed, .failed, .aborted: nil
        }
    }

    private func checkActive() throws(SigningSessionError) {
        switch state {
        case .idle: throw SigningSessionError(.notStarted, "the session has not been started")
        case .collectingCommitments, .collectingShares: return
        case .completed: throw SigningSessionError(.sessionFinished, "the session is complete")
        case .failed(let failure): throw SigningSessionError(.sessionFinished, "the session failed (\(failure))")
        case .aborted(let reason): throw SigningSessionError(.sessionFinished, "the session was aborted (\(reason))")
        }
    }

    private mutating func abort(_ reason: AbortReason, _ parameters: Parameters) -> Action {
        state = .aborted(reason)
        return .aborted(reason, notify: parameters.signers)
    }
}
