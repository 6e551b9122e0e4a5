public import FROST

/// An event that a signing session refuses, or the reason a session failed.
///
/// `code` says what kind of problem it was; `reason` says exactly what was wrong, for a person;
/// `culprits` names the signers at fault, where that is known. No field ever holds secret
/// material. A refused event changes nothing in the machine that refused it.
public struct SigningSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidParameters = "invalid parameters"
            case notStarted = "not started"
            case alreadyStarted = "already started"
            case sessionFinished = "session finished"
            case unknownSigner = "unknown signer"
            case misattributed = "misattributed"
            case duplicateCommitment = "duplicate commitment"
            case duplicateShare = "duplicate share"
            case unexpectedShare = "unexpected share"
            case invalidShares = "invalid shares"
            case aggregationFailed = "aggregation failed"
            case wrongSuite = "wrong suite"
            case duplicateSession = "duplicate session"
            case unknownSession = "unknown session"
            case nonceAlreadyUsed = "nonce already used"
            case commitmentMismatch = "commitment mismatch"
            case signersMismatch = "signers mismatch"
            case messageMismatch = "message mismatch"
            case spendMismatch = "spend mismatch"
            case noncesExhausted = "nonces exhausted"
            case invalidNonces = "invalid nonces"
            case nonceUnavailable = "nonce unavailable"
            case signingFailed = "signing failed"
            case signerFlagged = "signer flagged"
            case signerBusy = "signer busy"
            case tooManyOutstanding = "too many outstanding"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A session id, signer list, Taproot spend or threshold that cannot make a session.
        public static let invalidParameters = Code(.invalidParameters)
        /// An event for a coordinator session that has not been started.
        public static let notStarted = Code(.notStarted)
        /// A second start of a coordinator session.
        public static let alreadyStarted = Code(.alreadyStarted)
        /// An event after the session completed, failed or was aborted.
        public static let sessionFinished = Code(.sessionFinished)
        /// A message from, or a request naming, a signer that is not part of the session.
        public static let unknownSigner = Code(.unknownSigner)
        /// Commitments or a share whose identifier is not the signer who sent them.
        public static let misattributed = Code(.misattributed)
        /// A second commitment from the same signer.
        public static let duplicateCommitment = Code(.duplicateCommitment)
        /// A second share from the same signer.
        public static let duplicateShare = Code(.duplicateShare)
        /// A share before the signing package was sent.
        public static let unexpectedShare = Code(.unexpectedShare)
        /// The session failed: the shares of `culprits` do not verify.
        public static let invalidShares = Code(.invalidShares)
        /// The session failed in aggregation for another reason than a bad share.
        public static let aggregationFailed = Code(.aggregationFailed)
        /// A commitment request for another ciphersuite than the signer's key.
        public static let wrongSuite = Code(.wrongSuite)
        /// A second commitment request for a session the signer already committed to.
        public static let duplicateSession = Code(.duplicateSession)
        /// A signing package for a session the signer issued no commitment for.
        public static let unknownSession = Code(.unknownSession)
        /// A second signing package for a session whose nonce is spent.
        public static let nonceAlreadyUsed = Code(.nonceAlreadyUsed)
        /// A signing package without the signer's commitment exactly as it issued it.
        public static let commitmentMismatch = Code(.commitmentMismatch)
        /// A signing package whose signers are not the ones the signer committed with.
        public static let signersMismatch = Code(.signersMismatch)
        /// A signing package whose message is not the one the signer committed to.
        public static let messageMismatch = Code(.messageMismatch)
        /// A signing package whose Taproot spend is not the one the signer committed to.
        public static let spendMismatch = Code(.spendMismatch)
        /// A commitment request when the signer has no unissued nonce left.
        public static let noncesExhausted = Code(.noncesExhausted)
        /// A nonce pool that is not this signer's, was added before or was already drawn from.
        public static let invalidNonces = Code(.invalidNonces)
        /// The nonce behind an issued commitment is no longer in its pool.
        public static let nonceUnavailable = Code(.nonceUnavailable)
        /// Round two refused the package after the nonce was consumed; the nonce is burned.
        public static let signingFailed = Code(.signingFailed)
        /// A message from a signer that a robust signing request flagged and excluded.
        public static let signerFlagged = Code(.signerFlagged)
        /// A fresh commitment from a signer that still owes a share in an open session.
        public static let signerBusy = Code(.signerBusy)
        /// A commitment request when the signer already has its limit of commitments outstanding.
        public static let tooManyOutstanding = Code(.tooManyOutstanding)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong.
    public let reason: String
    /// The signers at fault, in ascending order, when known.
    public let culprits: [Identifier]

    public init(_ code: Code, _ reason: String, culprits: [Identifier] = []) {
        self.code = code
        self.reason = reason
        self.culprits = culprits
    }

    public var description: String { "\(code): \(reason)" }
}
