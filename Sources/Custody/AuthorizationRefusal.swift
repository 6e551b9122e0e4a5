/// Why a signer refuses to release a share for a bundle, or refuses to adopt a policy version.
///
/// `code` says which check failed (`docs/signer-authorization.md` lists them in the order they
/// run); `reason` says exactly what was wrong, for a person. Neither ever holds secret
/// material: only ids, hashes, times and the policy's own reasons. A refusal changes nothing in
/// the signer but its first-seen record of an authentic request.
public struct AuthorizationRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The check that failed. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case nothingToSign = "nothing to sign"
            case unknownPolicy = "unknown policy"
            case unknownInitiator = "unknown initiator"
            case invalidInitiatorSignature = "invalid initiator signature"
            case createdInTheFuture = "created in the future"
            case policyNotInForce = "policy not in force"
            case alreadySigned = "already signed"
            case frozen = "frozen"
            case noPayload = "no payload"
            case unreadablePayload = "unreadable payload"
            case messageMismatch = "message mismatch"
            case unknownOfficer = "unknown officer"
            case approvalForAnotherRequest = "approval for another request"
            case approvalUnderAnotherPolicy = "approval under another policy"
            case invalidApprovalSignature = "invalid approval signature"
            case initiatorApproval = "initiator approval"
            case velocityExceeded = "velocity exceeded"
            case notAllowed = "not allowed"
            case timeLocked = "time locked"
            case invalidPolicy = "invalid policy"
            case policyHashMismatch = "policy hash mismatch"
            case notAPolicyChange = "not a policy change"
            case activationTooEarly = "activation too early"
            case activationOutOfOrder = "activation out of order"
            case notAFreeze = "not a freeze"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The request is of a kind that no wallet key signs (only transfers and rebalances are).
        public static let nothingToSign = Code(.nothingToSign)
        /// The bundle, or a policy change, names a policy version this signer never adopted.
        public static let unknownPolicy = Code(.unknownPolicy)
        /// The request's initiator is neither a service nor an officer of the policy.
        public static let unknownInitiator = Code(.unknownInitiator)
        /// The initiator's signature does not verify under the key the policy gives the initiator.
        public static let invalidInitiatorSignature = Code(.invalidInitiatorSignature)
        /// The request's `createdAt` lies more than the policy's clock skew after this signer
        /// first saw it.
        public static let createdInTheFuture = Code(.createdInTheFuture)
        /// The bundle names an adopted policy version that is not the one in force at the
        /// request's time.
        public static let policyNotInForce = Code(.policyNotInForce)
        /// This signer's history holds the request (by id or by digest) as already signed.
        public static let alreadySigned = Code(.alreadySigned)
        /// A freeze is in force in this signer's history.
        public static let frozen = Code(.frozen)
        /// The request binds no payload, so no message can be shown to be approved.
        public static let noPayload = Code(.noPayload)
        /// The payload's document does not hash to the payload, or the driver cannot read it.
        public static let unreadablePayload = Code(.unreadablePayload)
        /// The messages to sign are not exactly those the approved payload binds.
        public static let messageMismatch = Code(.messageMismatch)
        /// An approval names an officer who is no member of any role of the policy.
        public static let unknownOfficer = Code(.unknownOfficer)
        /// An approval binds another request's digest.
        public static let approvalForAnotherRequest = Code(.approvalForAnotherRequest)
        /// An approval binds another policy version's hash.
        public static let approvalUnderAnotherPolicy = Code(.approvalUnderAnotherPolicy)
        /// An approval's signature does not verify under the key of the officer it names.
        public static let invalidApprovalSignature = Code(.invalidApprovalSignature)
        /// The bundle carries an approval by the request's initiator, who never counts.
        public static let initiatorApproval = Code(.initiatorApproval)
        /// The request would exceed a velocity limit, counted in this signer's own history.
        public static let velocityExceeded = Code(.velocityExceeded)
        /// The policy engine, run by this signer, does not allow the request (denied, or pending
        /// for approvals or a time window).
        public static let notAllowed = Code(.notAllowed)
        /// The time lock, run from this signer's own first sight of the request, has not ended.
        public static let timeLocked = Code(.timeLocked)
        /// A proposed policy's bytes are no valid policy.
        public static let invalidPolicy = Code(.invalidPolicy)
        /// A proposed policy does not hash to the hash its change names.
        public static let policyHashMismatch = Code(.policyHashMismatch)
        /// The change request is not a `policy-change` for the proposed policy's hash.
        public static let notAPolicyChange = Code(.notAPolicyChange)
        /// The activation time lies before the governance delay allows.
        public static let activationTooEarly = Code(.activationTooEarly)
        /// The activation time is not later than that of every version already adopted.
        public static let activationOutOfOrder = Code(.activationOutOfOrder)
        /// A bundle given as a freeze or unfreeze that is neither, or that asks to sign messages.
        public static let notAFreeze = Code(.notAFreeze)

        public var description: String { kind.rawValue }
    }

    /// The check that failed.
    public let code: Code
    /// What was wrong.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
