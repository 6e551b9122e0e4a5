/// Carries sealed envelopes between daemons: one envelope to a peer, the peer's sealed answer
/// back. HTTP between the daemons (`CustodyServer`); ``LoopbackPeerChannel`` in one process.
/// A channel authenticates nothing: the envelopes do.
public protocol PeerChannel: Sendable {
    /// Delivers `envelope` (a sealed envelope's bytes) to `peer` and returns the bytes it
    /// answered with.
    /// - Throws: ``PeerCallError`` with code `.unreachable` when the peer could not be reached
    ///   or gave no envelope back, or `.rejected` when it refused the envelope itself (the
    ///   reason is the peer's).
    func deliver(_ envelope: [UInt8], to peer: PeerID) async throws(PeerCallError) -> [UInt8]
}

/// Answers the authenticated messages of one or more types, on the receiving daemon's
/// ``PeerEndpoint``.
public protocol PeerMessageHandler: Sendable {
    /// The reply to `message`, which passed every check of ``EnvelopeOpener``: a message of the
    /// reply type, or ``PeerReply/refusal(_:)``.
    func answer(_ message: OpenedEnvelope) async -> PeerReply
}

/// What a handler answers: the reply envelope's type and payload.
public struct PeerReply: Hashable, Sendable {
    public let type: MessageType
    public let payload: [UInt8]

    public init(type: MessageType, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }

    /// A `refusal` reply.
    public static func refusal(_ refusal: PeerRefusal) -> PeerReply {
        PeerReply(type: .refusal, payload: refusal.encoded)
    }
}

/// Why ``PeerCaller/call(_:session:type:payload:)`` or a ``PeerChannel`` failed. Never holds a
/// payload byte or key material.
public struct PeerCallError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unreachable = "unreachable"
            case rejected = "rejected"
            case refused = "refused"
            case badReply = "bad reply"
            case sealingFailed = "sealing failed"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The peer could not be reached, or did not answer with an envelope in time.
        public static let unreachable = Code(.unreachable)
        /// The peer could not open the envelope (its reason says which check failed).
        public static let rejected = Code(.rejected)
        /// The peer opened the envelope and answered with a `refusal` (``PeerCallError/refusal``).
        public static let refused = Code(.refused)
        /// The answer failed the caller's envelope checks, or came from another peer or session.
        public static let badReply = Code(.badReply)
        /// This daemon's identity key could not sign the envelope.
        public static let sealingFailed = Code(.sealingFailed)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    /// The peer the call was for.
    public let peer: PeerID
    public let reason: String
    /// The peer's refusal, when `code` is `.refused`.
    public let refusal: PeerRefusal?

    public init(_ code: Code, peer: PeerID, _ reason: String, refusal: PeerRefusal? = nil) {
        self.code = code
        self.peer = peer
        self.reason = reason
        self.refusal = refusal
    }

    public var description: String { "\(peer): \(code): \(reason)" }
}
