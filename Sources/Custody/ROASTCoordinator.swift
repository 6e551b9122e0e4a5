public import FROST

/// One robust signing request at the coordinator, run as ROAST does (Ruffing, Ronge, Jin,
/// Schneider-Bensch, Schröder, CCS 2022), as a pure state machine: events in (a signer's fresh
/// commitment, a share with the signer's next commitment, the clock's reading), actions out
/// (open a session, flag a signer, the signature, the failure). No I/O, no clock reading, no
/// randomness of its own: session ids are the request id (chosen at random by the driver)
/// followed by the session's number.
///
/// Rules: the coordinator keeps each signer's latest fresh commitment; whenever `threshold`
/// signers are ready (not flagged, not owing a share), it opens a session with the first
/// `threshold` of them in the order they became ready; each share is verified on arrival: an
/// invalid one flags its signer, excluded for the rest of the request, a valid one makes its
/// signer ready again with its next commitment; the first session with every share valid is
/// aggregated. The request fails when fewer than `threshold` signers are left unflagged, or at
/// the deadline. With at least `threshold` honest signers responding, a signature comes out
/// after at most n − threshold + 1 sessions. Every refused event changes nothing. Details:
/// docs/signing-session.md § Robust signing.
public struct ROASTCoordinator: Sendable, Equatable {
    /// What a request is made with.
    public struct Parameters: Sendable, Equatable {
        /// 16 to 60 random bytes, never reused: the prefix of every session id of the request.
        public let requestID: [UInt8]
        /// The ciphersuite.
        public let suite: SigningSuite
        /// The message to sign.
        public let message: [UInt8]
        /// For the Taproot suite, the key signed for: nil for the group key, else the BIP-341
        /// output key.
        public let taprootSpend: TaprootSpend?
        /// The wallet's key: group key, every signer's verifying share, the key's threshold.
        public let publicKeyPackage: PublicKeyPackage
        /// How many signers each session has.
        public let threshold: Int
        /// When the request fails, in microseconds since 1970 (UTC).
        public let deadline: Int64

        /// - Throws: `invalidParameters` for a request id outside 16 to 60 bytes, a threshold
        ///   below the key's or above its number of signers, a Taproot spend with the
        ///   `secp256k1` suite, or a merkle root that is not 32 bytes.
        public init(
            requestID: [UInt8], suite: SigningSuite, message: [UInt8], taprootSpend: TaprootSpend?,
            publicKeyPackage: PublicKeyPackage, threshold: Int, deadline: Int64
        ) throws(SigningSessionError) {
            guard SigningSessionID.requestIDSizes.contains(requestID.count) else {
                throw SigningSessionError(
                    .invalidParameters,
                    "a request id is \(SigningSessionID.requestIDSizes.lowerBound) to \(SigningSessionID.requestIDSizes.upperBound) bytes, got \(requestID.count)"
                )
            }
            let signers = publicKeyPackage.verifyingShares.count
            guard threshold >= publicKeyPackage.minSigners, threshold <= signers else {
                throw SigningSessionError(
                    .invalidParameters,
                    "the threshold is \(threshold); this key needs \(publicKeyPackage.minSigners) and has \(signers) signers"
                )
            }
            try suite.checkSpend(taprootSpend)
            self.requestID = requestID
            self.suite = suite
            self.message = message
            self.taprootSpend = taprootSpend
            self.publicKeyPackage = publicKeyPackage
            self.threshold = threshold
            self.deadline = deadline
        }

        /// Every signer of the key, in ascending order.
        public var signers: [Identifier] { publicKeyPackage.verifyingShares.keys.sorted() }
    }

    /// What the driver is to do after an event, in the order given.
    public enum Action: Sendable, Equatable {
        /// Send the request to every signer of its package (`request.package.signers`).
        case openSession(ShareRequest)
        /// `signer` sent an invalid share: record it (`signer.flagged` in the audit log) with
        /// the reason. The signer is excluded for the rest of the request.
        case flag(Identifier, reason: SigningSessionError)
        /// The request is done: the signature of session `sessionID`, verified under
        /// `signature.publicKey`.
        case finished(Signature, sessionID: SigningSessionID)
        /// The request failed: no signature.
        case failed(ROASTFailure)
    }

    /// Where the request is.
    public enum Phase: Sendable, Equatable {
        /// Collecting commitments and shares.
        case running
        /// Finished with a signature.
        case finished
        /// Failed without a signature.
        case failed
    }

    private struct Session: Sendable, Equatable {
        let request: ShareRequest
        var shares: [Identifier: SignatureShare] = [:]
    }

    private enum Outcome: Sendable, Equatable {
        case finished(Signature, SigningSessionID)
        case failed(ROASTFailure)
    }

    /// The request's parameters.
    public let parameters: Parameters
    /// The signers flagged, with the reason each was flagged.
    public private(set) var flagged: [Identifier: SigningSessionError] = [:]
    /// How many sessions were opened.
    public private(set) var sessionsOpened = 0
    /// Ready signers, in the order they became ready, and their latest fresh commitments.
    private var ready: [Identifier] = []
    private var latest: [Identifier: SigningCommitments] = [:]
    /// The session each signer owes a share in.
    private var owing: [Identifier: SigningSessionID] = [:]
    private var sessions: [SigningSessionID: Session] = [:]
    /// Every commitment received from each signer, so that none is accepted twice.
    private var seen: [Identifier: [SigningCommitments]] = [:]
    private var outcome: Outcome?

    /// A request with no commitment yet.
    public init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// Where the request is.
    public var phase: Phase {
        switch outcome {
        case nil: .running
        case .finished: .finished
        case .failed: .failed
        }
    }

    /// The ready signers' fresh commitments, in the order the signers became ready: after the
    /// request ends, a driver may carry them into its next request with the same signers.
    public var readyCommitments: [SigningCommitments] { ready.compactMap { latest[$0] } }

    /// The signers neither flagged nor ready (owing a share, or never heard from), ascending.
    public var unresponsive: [Identifier] {
        parameters.signers.filter { flagged[$0] == nil && !ready.contains($0) }
    }

    /// Once the request ended, every session opened that did not give the signature, in the
    /// order opened (empty while the request runs): the driver sends each member that has not
    /// answered it `sessionAbandoned`, so that the commitment it holds there is burned rather
    /// than left outstanding.
    public var abandonedSessions: [ShareRequest] {
        guard let outcome else { return [] }
        let finished: SigningSessionID? = if case .finished(_, let id) = outcome { id } else { nil }
        return (0..<sessionsOpened).compactMap { number in
            let id = SigningSessionID(requestID: parameters.requestID, number: UInt32(number))
            return id == finished ? nil : sessions[id]?.request
        }
    }

    /// Every session opened, by id: its share request.
    public var openedSessions: [SigningSessionID: ShareRequest] { sessions.mapValues(\.request) }

    /// Event: `commitments`, a fresh commitment, arrived from `sender` (the authenticated
    /// sender). The latest one of a signer replaces the one before. Returns `openSession` when
    /// `threshold` signers are now ready.
    ///
    /// - Throws: `sessionFinished` after the request ended; `unknownSigner` when `sender`
    ///   holds no share of the key; `signerFlagged` when `sender` was flagged; `misattributed`
    ///   when the commitment names another signer; `signerBusy` when `sender` owes a share (its
    ///   next commitment comes with it); `duplicateCommitment` for a commitment `sender` sent
    ///   before. Each names `sender` as the culprit.
    public mutating func commitmentReceived(_ commitments: SigningCommitments, from sender: Identifier)
        throws(SigningSessionError) -> [Action]
    {
        try checkSender(sender)
        guard commitments.identifier == sender else {
            throw SigningSessionError(
                .misattributed, "signer \(sender) sent a commitment naming signer \(commitments.identifier)",
                culprits: [sender])
        }
        if let session = owing[sender] {
            throw SigningSessionError(
                .signerBusy, "signer \(sender) owes a share in session \(session); its next commitment comes with it",
                culprits: [sender])
        }
        try checkFresh(commitments, from: sender)
        accept(commitments, from: sender)
        return openSessionIfReady()
    }

    /// Event: `response`, a share and the signer's next commitment, arrived from `sender`. The
    /// share is verified now: an invalid one flags `sender` (and fails the request when fewer
    /// than `threshold` unflagged signers are left); a valid one completes its session when it
    /// is the last share missing, else makes `sender` ready again with its next commitment.
    ///
    /// - Throws: `sessionFinished`; `unknownSigner`; `signerFlagged`; `misattributed` when the
    ///   share or the next commitment names another signer; `unexpectedShare` when `sender`
    ///   owes no share; `unknownSession` when the share is for another session than the one
    ///   `sender` owes it in; `duplicateCommitment` when the next commitment was sent before.
    ///   Each names `sender` as the culprit.
    public mutating func shareReceived(_ response: ShareResponse, from sender: Identifier)
        throws(SigningSessionError) -> [Action]
    {
        try checkSender(sender)
        let named = [response.share.identifier] + (response.next.map { [$0.identifier] } ?? [])
        if let other = named.first(where: { $0 != sender }) {
            throw SigningSessionError(
                .misattributed, "signer \(sender) sent a share or commitment naming signer \(other)", culprits: [sender]
            )
        }
        guard let id = owing[sender], var session = sessions[id] else {
            throw SigningSessionError(.unexpectedShare, "signer \(sender) owes no share", culprits: [sender])
        }
        guard response.sessionID == id else {
            throw SigningSessionError(
                .unknownSession,
                "signer \(sender) sent a share for session \(response.sessionID); it owes one in \(id)",
                culprits: [sender])
        }
        if let next = response.next { try checkFresh(next, from: sender) }

        owing[sender] = nil
        let package = session.request.package
        let valid =
            (try? parameters.suite.verifyShare(
                response.share, package: package, publicKeyPackage: parameters.publicKeyPackage)) ?? false
        guard valid else {
            let reason = SigningSessionError(
                .invalidShares, "the share of signer \(sender) in session \(id) does not verify", culprits: [sender])
            flagged[sender] = reason
            latest[sender] = nil
            var actions: [Action] = [.flag(sender, reason: reason)]
            let left = parameters.signers.count - flagged.count
            if left < parameters.threshold {
                actions.append(fail(.tooFewSigners(left: left, threshold: parameters.threshold)))
            }
            return actions
        }
        session.shares[sender] = response.share
        sessions[id] = session
        if let next = response.next { accept(next, from: sender) }
        if session.shares.count == package.signers.count {
            return [finish(session)]
        }
        return openSessionIfReady()
    }

    /// Event: the clock reads `now` (microseconds since 1970, UTC). At or past the deadline the
    /// request fails; before it, nothing happens. A message handled before the clock is reported
    /// is handled as on time.
    ///
    /// - Throws: `sessionFinished` after the request ended.
    public mutating func clockRead(now: Int64) throws(SigningSessionError) -> [Action] {
        try checkRunning()
        guard now >= parameters.deadline else { return [] }
        return [fail(.deadlinePassed(deadline: parameters.deadline, now: now))]
    }

    private func checkRunning() throws(SigningSessionError) {
        switch outcome {
        case nil: return
        case .finished(_, let id):
            throw SigningSessionError(.sessionFinished, "the request finished with the signature of session \(id)")
        case .failed(let failure): throw SigningSessionError(.sessionFinished, "the request failed (\(failure))")
        }
    }

    private func checkSender(_ sender: Identifier) throws(SigningSessionError) {
        try checkRunning()
        guard parameters.publicKeyPackage.verifyingShares[sender] != nil else {
            throw SigningSessionError(
                .unknownSigner, "a message from \(sender), who holds no share of this key", culprits: [sender])
        }
        if let reason = flagged[sender] {
            throw SigningSessionError(
                .signerFlagged, "signer \(sender) is excluded from this request (\(reason))", culprits: [sender])
        }
    }

    private func checkFresh(_ commitments: SigningCommitments, from sender: Identifier) throws(SigningSessionError) {
        guard seen[sender, default: []].contains(commitments) else { return }
        throw SigningSessionError(
            .duplicateCommitment, "signer \(sender) sent this commitment before; a commitment is used at most once",
            culprits: [sender])
    }

    private mutating func accept(_ commitments: SigningCommitments, from sender: Identifier) {
        seen[sender, default: []].append(commitments)
        latest[sender] = commitments
        if !ready.contains(sender) { ready.append(sender) }
    }

    private mutating func openSessionIfReady() -> [Action] {
        guard ready.count >= parameters.threshold else { return [] }
        let members = Array(ready.prefix(parameters.threshold))
        let package: SigningPackage
        do {
            package = try SigningPackage(
                commitments: members.compactMap { latest[$0] }, message: parameters.message,
                taprootSpend: parameters.taprootSpend)
        } catch {
            // Unreachable: distinct signers, a checked spend, at least the key's threshold.
            return [fail(.noSession(error.reason))]
        }
        let id = SigningSessionID(requestID: parameters.requestID, number: UInt32(sessionsOpened))
        sessionsOpened += 1
        ready.removeFirst(members.count)
        for member in members {
            latest[member] = nil
            owing[member] = id
        }
        let request = ShareRequest(sessionID: id, package: package)
        sessions[id] = Session(request: request)
        return [.openSession(request)]
    }

    private mutating func finish(_ session: Session) -> Action {
        let package = session.request.package
        do {
            let signature = try parameters.suite.aggregate(
                package, shares: package.signers.compactMap { session.shares[$0] },
                publicKeyPackage: parameters.publicKeyPackage)
            outcome = .finished(signature, session.request.sessionID)
            return .finished(signature, sessionID: session.request.sessionID)
        } catch {
            // Unreachable: every share was verified on arrival.
            return fail(.noSession(error.reason))
        }
    }

    private mutating func fail(_ cause: ROASTFailure.Cause) -> Action {
        let failure = ROASTFailure(
            cause: cause, flagged: flagged.keys.sorted(), unresponsive: unresponsive, sessionsOpened: sessionsOpened)
        outcome = .failed(failure)
        return .failed(failure)
    }
}

/// Why a robust signing request ended without a signature, and who is to blame.
public struct ROASTFailure: Sendable, Equatable, CustomStringConvertible {
    /// What ended the request.
    public enum Cause: Sendable, Equatable, CustomStringConvertible {
        /// The clock read `now`, at or past the request's deadline.
        case deadlinePassed(deadline: Int64, now: Int64)
        /// Only `left` signers are unflagged; a session needs `threshold`.
        case tooFewSigners(left: Int, threshold: Int)
        /// Not expected: a session's package could not be made, or its verified shares did not
        /// aggregate (the reason given).
        case noSession(String)

        public var description: String {
            switch self {
            case .deadlinePassed(let deadline, let now): "the deadline \(deadline) passed (clock read \(now))"
            case .tooFewSigners(let left, let threshold):
                "\(left) signers are left unflagged, a session needs \(threshold)"
            case .noSession(let reason): "no session could complete: \(reason)"
            }
        }
    }

    /// What ended the request.
    public let cause: Cause
    /// The signers flagged for an invalid share, ascending.
    public let flagged: [Identifier]
    /// The signers neither flagged nor ready when the request failed (owing a share, or never
    /// heard from), ascending.
    public let unresponsive: [Identifier]
    /// How many sessions were opened.
    public let sessionsOpened: Int

    public var description: String {
        "\(cause); flagged: \(flagged); unresponsive: \(unresponsive); \(sessionsOpened) sessions opened"
    }
}
