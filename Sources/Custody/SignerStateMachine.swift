public import FROST

/// One signer's side of its FROST signing sessions, as a pure state machine: it holds the
/// signer's nonce pools and a ledger of every session it committed to, binds each commitment
/// to what the coordinator asked it to sign, and signs at most once per commitment.
///
/// The signer does not trust the coordinator. When it commits for a session it binds the
/// session id, the suite, the signer list, the message and the Taproot spend of the
/// ``CommitmentRequest`` to the commitment it issues; later it signs only a package for that
/// session that carries its commitment exactly as issued, the same signers, message and spend,
/// and only once: the nonce is taken out of its pool before the share is computed, so no path
/// signs with it twice. Every refused event leaves the machine unchanged and signs nothing.
///
/// Nonces come in from outside (``addNonces(_:)``, pools made by FROST's round one,
/// `Suite.preprocess(count:keyPackage:)`): the machine draws no randomness, reads no clock and
/// does no I/O. A pool is shared by every copy of the machine, so a nonce taken by one copy is
/// gone for all of them: a copy kept from before a signature cannot sign again. Details:
/// docs/signing-session.md.
public struct SignerStateMachine: Sendable {
    /// What the signer's ledger records for one session.
    public enum SessionState: Sendable, Equatable {
        /// Committed: the request is bound to the commitments issued; the nonce waits in its pool.
        case committed(CommitmentRequest, SigningCommitments)
        /// Signed: the nonce is consumed and the share was returned.
        case signed(CommitmentRequest, SigningCommitments, SignatureShare)
        /// Aborted before signing: the nonce is burned.
        case aborted(CommitmentRequest, SigningCommitments)
        /// Round two refused the package after the nonce was taken: the nonce is burned.
        case failed(CommitmentRequest, SigningCommitments, SigningSessionError)
    }

    /// The signer's ciphersuite.
    public let suite: SigningSuite
    private let keyPackage: KeyPackage
    /// Every session the signer committed to, by id. Entries are never removed: a finished
    /// session still refuses every later package.
    public private(set) var sessions: [SigningSessionID: SessionState] = [:]
    private var supply: NonceSupply
    /// The nonce each session was issued.
    private var issued: [SigningSessionID: NonceSupply.Nonce] = [:]

    /// A signer holding `keyPackage` for `suite`, with no nonces yet.
    public init(suite: SigningSuite, keyPackage: KeyPackage) {
        self.suite = suite
        self.keyPackage = keyPackage
        self.supply = NonceSupply(identifier: keyPackage.identifier)
    }

    /// The signer.
    public var identifier: Identifier { keyPackage.identifier }

    /// How many nonces can still be issued.
    public var noncesAvailable: Int { supply.available }

    /// Event: nonces made by FROST's round one for this signer. Each can be issued once, in the
    /// pool's order, after those added before.
    ///
    /// - Throws: `invalidNonces` for an empty pool, a pool added before, one whose commitments
    ///   name another signer, or one already drawn from.
    public mutating func addNonces(_ pool: NoncePool) throws(SigningSessionError) {
        try supply.add(pool)
    }

    /// Event: the coordinator asks for a commitment for a session. Binds the request to the
    /// oldest unissued nonce and returns its commitments, to send back to the coordinator.
    ///
    /// - Throws: `duplicateSession` when the signer already committed for this session id;
    ///   `wrongSuite`; `unknownSigner` when this signer is not among the request's signers;
    ///   `invalidParameters` for fewer signers than the key's threshold; `noncesExhausted`.
    public mutating func commitmentRequested(_ request: CommitmentRequest) throws(SigningSessionError)
        -> SigningCommitments
    {
        guard sessions[request.sessionID] == nil else {
            throw SigningSessionError(
                .duplicateSession,
                "signer \(identifier) already committed for session \(request.sessionID); one nonce per session")
        }
        guard request.suite == suite else {
            throw SigningSessionError(
                .wrongSuite, "the request is for suite \(request.suite.rawValue), this key is \(suite.rawValue)")
        }
        guard request.signers.contains(identifier) else {
            throw SigningSessionError(
                .unknownSigner, "signer \(identifier) is not among the session's signers \(request.signers)")
        }
        guard request.signers.count >= keyPackage.minSigners else {
            throw SigningSessionError(
                .invalidParameters,
                "the session has \(request.signers.count) signers, this key needs \(keyPackage.minSigners)")
        }
        guard let nonce = supply.issue() else {
            throw SigningSessionError(.noncesExhausted, "signer \(identifier) has no unissued nonce left")
        }
        issued[request.sessionID] = nonce
        sessions[request.sessionID] = .committed(request, nonce.commitments)
        return nonce.commitments
    }

    /// Event: the coordinator asks for a share. Checks the package against what the session
    /// bound, takes the nonce out of its pool, and returns the share, to send back.
    ///
    /// - Throws, signing nothing and changing nothing: `unknownSession` when the signer never
    ///   committed for `request.sessionID`; `nonceAlreadyUsed` when it already signed for it;
    ///   `sessionFinished` when the session was aborted or failed; `commitmentMismatch` when the
    ///   package lacks this signer's commitments exactly as issued for the session;
    ///   `signersMismatch`, `messageMismatch`, `spendMismatch` when the package's signers,
    ///   message or Taproot spend are not the ones committed to; `nonceUnavailable` when the
    ///   nonce is no longer in its pool.
    ///   `signingFailed` when round two refuses the package after the nonce was taken: the
    ///   session is then recorded as failed, its nonce burned.
    public mutating func shareRequested(_ request: ShareRequest) throws(SigningSessionError) -> SignatureShare {
        let id = request.sessionID
        guard let session = sessions[id] else {
            throw SigningSessionError(.unknownSession, "signer \(identifier) issued no commitment for session \(id)")
        }
        let bound: CommitmentRequest
        let mine: SigningCommitments
        switch session {
        case .committed(let request, let commitments):
            (bound, mine) = (request, commitments)
        case .signed:
            throw SigningSessionError(
                .nonceAlreadyUsed,
                "signer \(identifier) already signed in session \(id); its nonce is spent and is never used again")
        case .aborted:
            throw SigningSessionError(
                .sessionFinished, "session \(id) was aborted; signer \(identifier) burned its nonce")
        case .failed(_, _, let failure):
            throw SigningSessionError(
                .sessionFinished, "session \(id) failed (\(failure)); signer \(identifier) burned its nonce")
        }
        let package = request.package
        guard let offered = package.commitments.first(where: { $0.identifier == identifier }) else {
            throw SigningSessionError(
                .commitmentMismatch, "the package for session \(id) carries no commitment of signer \(identifier)")
        }
        guard offered == mine else {
            throw SigningSessionError(
                .commitmentMismatch,
                "the package for session \(id) carries commitments for signer \(identifier) other than those it issued"
            )
        }
        guard package.signers == bound.signers else {
            throw SigningSessionError(
                .signersMismatch,
                "the package for session \(id) is for signers \(package.signers), the session's are \(bound.signers)")
        }
        guard package.message == bound.message else {
            throw SigningSessionError(
                .messageMismatch, "the package for session \(id) signs another message than the one committed to")
        }
        guard package.taprootSpend == bound.taprootSpend else {
            throw SigningSessionError(
                .spendMismatch,
                "the package for session \(id) signs for another Taproot spend than the one committed to")
        }
        guard let nonce = issued[id], let nonces = supply.take(nonce) else {
            throw SigningSessionError(
                .nonceUnavailable, "the nonce of signer \(identifier) for session \(id) is no longer in its pool")
        }
        do {
            let share = try suite.sign(package, nonces: nonces, keyPackage: keyPackage)
            sessions[id] = .signed(bound, mine, share)
            return share
        } catch {
            let failure = SigningSessionError(
                .signingFailed, "round two refused the package for session \(id): \(error.reason); the nonce is burned")
            sessions[id] = .failed(bound, mine, failure)
            throw failure
        }
    }

    /// Event: the coordinator aborted the session. A nonce committed and not yet used is taken
    /// out of its pool and dropped (burned); a session already signed, aborted or failed stays
    /// as it is.
    ///
    /// - Throws: `unknownSession` when the signer never committed for `sessionID`.
    public mutating func sessionAborted(_ sessionID: SigningSessionID) throws(SigningSessionError) {
        guard let session = sessions[sessionID] else {
            throw SigningSessionError(
                .unknownSession, "signer \(identifier) issued no commitment for session \(sessionID)")
        }
        guard case .committed(let request, let commitments) = session else { return }
        if let nonce = issued[sessionID] { _ = supply.take(nonce) }
        sessions[sessionID] = .aborted(request, commitments)
    }
}
