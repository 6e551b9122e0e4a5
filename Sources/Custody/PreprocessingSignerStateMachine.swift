public import FROST

/// One signer's side of robust signing (ROAST) with preprocessed commitments, as a pure state
/// machine: the signer hands out fresh commitments ahead of any session, and a session is then
/// one round trip: a share request names the session and carries the signing package, which
/// holds one of the signer's outstanding commitments; the signer binds that commitment to the
/// session and the package, signs once, and answers with its share and a fresh commitment.
///
/// The signer does not trust the coordinator. It signs only with a commitment it issued and
/// has not used, at most once per commitment and once per session id; the nonce is taken out
/// of its pool before the share is computed, so no path signs with it twice. At most
/// ``outstandingLimit`` commitments are outstanding (issued, not yet used or burned) at once.
/// Every refused event leaves the machine unchanged and signs nothing.
///
/// Each accepted event returns the ``NonceRecord``s it made, in order: the driver writes them
/// durably before it releases the reply (a commitment as issued before the commitment leaves,
/// a nonce as consumed, with its share, before the share leaves). Nonces come in from outside
/// (``addNonces(_:)``): no randomness, no clock, no I/O. Details: docs/signing-session.md
/// § Robust signing.
public struct PreprocessingSignerStateMachine: Sendable {
    /// The default number of commitments a signer lets be outstanding at once.
    public static let defaultOutstandingLimit = 16

    /// A change to the signer's nonce ledger, for the driver to make durable before the reply
    /// that follows it is released.
    public enum NonceRecord: Sendable, Equatable {
        /// The commitment was issued: outstanding until used or burned.
        case issued(SigningCommitments)
        /// The nonce was consumed for this request (session id and package), giving this share.
        case consumed(SigningCommitments, ShareRequest, SignatureShare)
        /// The nonce was dropped unused: it can never sign.
        case burned(SigningCommitments)
    }

    /// Where one issued commitment is.
    public enum CommitmentState: Sendable, Equatable {
        /// Issued and not yet used: the nonce waits in its pool.
        case outstanding
        /// Used: the nonce was consumed in the session, giving the share.
        case signed(SigningSessionID, SignatureShare)
        /// Dropped unused (``burnOutstanding()``), or round two refused the package after the
        /// nonce was taken: it can never sign.
        case burned
    }

    /// What an accepted event yields: the ledger records to make durable, then the reply.
    public struct Step<Reply: Sendable & Equatable>: Sendable, Equatable {
        /// The records, in the order they happened.
        public let records: [NonceRecord]
        /// What to send to the coordinator once the records are durable.
        public let reply: Reply
    }

    private struct Entry: Sendable {
        let nonce: NonceSupply.Nonce
        var state: CommitmentState
    }

    /// The signer's ciphersuite.
    public let suite: SigningSuite
    /// How many commitments may be outstanding at once.
    public let outstandingLimit: Int
    private let keyPackage: KeyPackage
    private var supply: NonceSupply
    /// Every commitment ever issued, by its encoding; never forgotten.
    private var ledger: [[UInt8]: Entry] = [:]
    /// Outstanding commitments, oldest first.
    private var outstandingKeys: [[UInt8]] = []
    /// Every session id the signer signed in, with the commitment it used.
    private var sessions: [SigningSessionID: SigningCommitments] = [:]

    /// A signer holding `keyPackage` for `suite`, with no nonces yet, letting at most
    /// `outstandingLimit` commitments (at least 1) be outstanding.
    public init(suite: SigningSuite, keyPackage: KeyPackage, outstandingLimit: Int = defaultOutstandingLimit) {
        self.suite = suite
        self.keyPackage = keyPackage
        self.outstandingLimit = max(1, outstandingLimit)
        self.supply = NonceSupply(identifier: keyPackage.identifier)
    }

    /// The signer.
    public var identifier: Identifier { keyPackage.identifier }

    /// How many nonces can still be issued.
    public var noncesAvailable: Int { supply.available }

    /// The commitments issued and not yet used or burned, oldest first.
    public var outstanding: [SigningCommitments] { outstandingKeys.compactMap { ledger[$0]?.nonce.commitments } }

    /// Where `commitments` is, or nil when this signer never issued it.
    public func state(of commitments: SigningCommitments) -> CommitmentState? {
        Self.key(commitments).flatMap { ledger[$0]?.state }
    }

    /// The commitment this signer used in `sessionID`, or nil when it signed nothing there.
    public func commitmentUsed(in sessionID: SigningSessionID) -> SigningCommitments? { sessions[sessionID] }

    /// Event: nonces made by FROST's round one for this signer (`Suite.preprocess`).
    ///
    /// - Throws: `invalidNonces` for an empty pool, a pool added before, one whose commitments
    ///   name another signer, or one already drawn from.
    public mutating func addNonces(_ pool: NoncePool) throws(SigningSessionError) {
        try supply.add(pool)
    }

    /// Event: the coordinator asks for a fresh commitment. Issues the oldest unissued nonce.
    ///
    /// - Throws: `tooManyOutstanding` when ``outstandingLimit`` commitments are outstanding;
    ///   `noncesExhausted` when no nonce is left to issue.
    public mutating func commitmentRequested() throws(SigningSessionError) -> Step<SigningCommitments> {
        guard outstandingKeys.count < outstandingLimit else {
            throw SigningSessionError(
                .tooManyOutstanding,
                "signer \(identifier) already has \(outstandingKeys.count) commitments outstanding, its limit")
        }
        guard let commitments = issueNext() else {
            throw SigningSessionError(.noncesExhausted, "signer \(identifier) has no unissued nonce left")
        }
        return Step(records: [.issued(commitments)], reply: commitments)
    }

    /// Event: the coordinator asks for a share in session `request.sessionID` for
    /// `request.package`. Binds the signer's commitment in the package to them, takes its nonce
    /// out of its pool, signs, and issues a fresh commitment (none when no nonce is left).
    ///
    /// - Throws, signing nothing and changing nothing: `nonceAlreadyUsed` when the signer
    ///   already signed in this session, or already used the package's commitment;
    ///   `commitmentMismatch` when the package carries no commitment of this signer, or one it
    ///   never issued; `nonceUnavailable` when that commitment was burned, or its nonce is no
    ///   longer in its pool; `invalidParameters` for a package with fewer signers than the
    ///   key's threshold, or a Taproot spend the suite cannot sign for.
    ///   `signingFailed` when round two refuses the package after the nonce was taken: the
    ///   commitment is then burned.
    public mutating func shareRequested(_ request: ShareRequest) throws(SigningSessionError) -> Step<ShareResponse> {
        let id = request.sessionID
        let package = request.package
        if sessions[id] != nil {
            throw SigningSessionError(
                .nonceAlreadyUsed, "signer \(identifier) already signed in session \(id); one share per session")
        }
        guard let offered = package.commitments.first(where: { $0.identifier == identifier }) else {
            throw SigningSessionError(
                .commitmentMismatch, "the package for session \(id) carries no commitment of signer \(identifier)")
        }
        guard let key = Self.key(offered), let entry = ledger[key], entry.nonce.commitments == offered else {
            throw SigningSessionError(
                .commitmentMismatch,
                "the package for session \(id) carries a commitment signer \(identifier) never issued")
        }
        switch entry.state {
        case .outstanding: break
        case .signed(let used, _):
            throw SigningSessionError(
                .nonceAlreadyUsed,
                "signer \(identifier) already used this commitment in session \(used); its nonce is spent")
        case .burned:
            throw SigningSessionError(
                .nonceUnavailable, "the commitment of signer \(identifier) in session \(id) was burned")
        }
        guard package.signers.count >= keyPackage.minSigners else {
            throw SigningSessionError(
                .invalidParameters,
                "the package for session \(id) has \(package.signers.count) signers, this key needs \(keyPackage.minSigners)"
            )
        }
        try suite.checkSpend(package.taprootSpend)
        guard let nonces = supply.take(entry.nonce) else {
            throw SigningSessionError(
                .nonceUnavailable, "the nonce of signer \(identifier)'s commitment is no longer in its pool")
        }
        outstandingKeys.removeAll { $0 == key }
        let share: SignatureShare
        do {
            share = try suite.sign(package, nonces: nonces, keyPackage: keyPackage)
        } catch {
            ledger[key]?.state = .burned
            throw SigningSessionError(
                .signingFailed, "round two refused the package for session \(id): \(error.reason); the nonce is burned")
        }
        ledger[key]?.state = .signed(id, share)
        sessions[id] = offered
        var records: [NonceRecord] = [.consumed(offered, request, share)]
        let next = issueNext()
        if let next { records.append(.issued(next)) }
        return Step(records: records, reply: ShareResponse(sessionID: id, share: share, next: next))
    }

    /// Event: the coordinator lost its commitments (it restarted), or the operator retires
    /// them: every outstanding commitment is burned, its nonce taken out of its pool and
    /// dropped. Returns the records, oldest first.
    public mutating func burnOutstanding() -> [NonceRecord] {
        let burned = outstandingKeys.compactMap { key -> SigningCommitments? in
            guard let entry = ledger[key] else { return nil }
            _ = supply.take(entry.nonce)
            ledger[key]?.state = .burned
            return entry.nonce.commitments
        }
        outstandingKeys = []
        return burned.map { .burned($0) }
    }

    /// Event: the coordinator's request ended and `request`'s session will never finish. When
    /// the package holds an outstanding commitment of this signer, it is burned (its nonce
    /// taken out of its pool and dropped) and its record returned; otherwise nothing changes.
    public mutating func sessionAbandoned(_ request: ShareRequest) -> [NonceRecord] {
        guard let offered = request.package.commitments.first(where: { $0.identifier == identifier }),
            let key = Self.key(offered), let entry = ledger[key], entry.nonce.commitments == offered,
            entry.state == .outstanding
        else { return [] }
        _ = supply.take(entry.nonce)
        ledger[key]?.state = .burned
        outstandingKeys.removeAll { $0 == key }
        return [.burned(offered)]
    }

    private mutating func issueNext() -> SigningCommitments? {
        guard let nonce = supply.issue(), let key = Self.key(nonce.commitments) else { return nil }
        ledger[key] = Entry(nonce: nonce, state: .outstanding)
        outstandingKeys.append(key)
        return nonce.commitments
    }

    /// The ledger's key for a commitment: both points, compressed. Commitments are never the
    /// identity (`SigningCommitments` refuses it), so this is never nil.
    private static func key(_ commitments: SigningCommitments) -> [UInt8]? {
        guard let hiding = try? commitments.hiding.compressed(), let binding = try? commitments.binding.compressed()
        else { return nil }
        return hiding + binding
    }
}
