/// An error of the signer's store: a refused transition, a conflicting signing record, or input
/// out of its documented range. A refused call has changed nothing.
///
/// Reasons name ids, digests and states (all public), never a share that was not already
/// released, and never a secret.
public struct SignerStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unknownNonce = "unknown nonce"
            case nonceAlreadyIssued = "nonce already issued"
            case nonceConsumed = "nonce consumed"
            case nonceBurned = "nonce burned"
            case conflictingSigning = "conflicting signing record"
            case alreadySigned = "already signed"
            case invalidInput = "invalid input"
            case corrupt = "corrupt store"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// No nonce with this id was ever issued.
        public static let unknownNonce = Code(.unknownNonce)
        /// A nonce with these commitments was issued before: a nonce is issued once.
        public static let nonceAlreadyIssued = Code(.nonceAlreadyIssued)
        /// The nonce was consumed for another session or signing package; it never signs again.
        public static let nonceConsumed = Code(.nonceConsumed)
        /// The nonce was burned; it never signs.
        public static let nonceBurned = Code(.nonceBurned)
        /// A signing record disagrees with one already recorded for the same request id or digest.
        public static let conflictingSigning = Code(.conflictingSigning)
        /// The request id or digest was signed before (``SignerLedger/refuseIfSigned(request:digest:)``).
        public static let alreadySigned = Code(.alreadySigned)
        /// An argument is out of its documented range (a size, a negative amount).
        public static let invalidInput = Code(.invalidInput)
        /// A stored row does not decode: the database was changed by someone else.
        public static let corrupt = Code(.corrupt)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
