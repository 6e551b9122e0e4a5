/// Why an envelope was refused, or could not be made.
///
/// `code` says which check failed (docs/protocol.md lists the checks in order and the code each
/// yields); `reason` says what was wrong in words. Neither ever holds key material or any byte
/// of the payload; peer ids quoted from untrusted bytes go through `UntrustedText`.
public struct EnvelopeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The check that failed. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case oversized, malformed
            case unknownVersion = "unknown version"
            case unknownMessageType = "unknown message type"
            case unknownSender = "unknown sender"
            case wrongRecipient = "wrong recipient"
            case badAuthenticator = "bad authenticator"
            case expired
            case expiryTooFar = "expiry too far"
            case replayed
            case replayCapacityExhausted = "replay capacity exhausted"
            case invalidArgument = "invalid argument"
            case sealingFailed = "sealing failed"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// More bytes than ``Envelope/maximumSize``, or a payload over ``Envelope/maximumPayloadSize``.
        public static let oversized = Code(.oversized)
        /// Not the envelope's framing: no prefix, truncated, a bad length or id, trailing bytes.
        public static let malformed = Code(.malformed)
        /// A version other than ``Envelope/version``.
        public static let unknownVersion = Code(.unknownVersion)
        /// A message type this version does not define.
        public static let unknownMessageType = Code(.unknownMessageType)
        /// The sender is not one of the opener's pinned peers.
        public static let unknownSender = Code(.unknownSender)
        /// The recipient is not the opener's own id.
        public static let wrongRecipient = Code(.wrongRecipient)
        /// The signature is not the sender's pinned key's over the envelope's signed bytes.
        public static let badAuthenticator = Code(.badAuthenticator)
        /// The expiry, plus the allowed clock skew, has passed.
        public static let expired = Code(.expired)
        /// The expiry is further ahead than the allowed lifetime plus the clock skew.
        public static let expiryTooFar = Code(.expiryTooFar)
        /// The sequence number is not greater than the last one accepted from that sender in
        /// that session.
        public static let replayed = Code(.replayed)
        /// The replay memory is full of sessions that have not expired; nothing is evicted early.
        public static let replayCapacityExhausted = Code(.replayCapacityExhausted)
        /// The sealer was asked to make an envelope this version cannot carry.
        public static let invalidArgument = Code(.invalidArgument)
        /// The HSM could not sign.
        public static let sealingFailed = Code(.sealingFailed)

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
