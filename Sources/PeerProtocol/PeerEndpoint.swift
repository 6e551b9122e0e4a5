/// The receiving side of the peer protocol in one daemon: opens each envelope that arrives
/// (``EnvelopeOpener``'s checks), hands it to the handler registered for its type, and seals
/// the handler's reply to the sender, in the same session. The transport carries bytes in and
/// out and maps ``Answer`` to its own statuses.
public final class PeerEndpoint: Sendable {
    /// What became of one envelope.
    public enum Answer: Sendable, Equatable {
        /// The sealed reply, for the sender (a reply of the handler's type, or a `refusal`).
        case reply([UInt8])
        /// The envelope failed a check of ``EnvelopeOpener/open(_:)`` and was not looked at
        /// further; no reply can be addressed to an unauthenticated sender.
        case rejected(EnvelopeError)
        /// A handler answered but the reply could not be sealed (the identity key could not sign).
        case unsealed(EnvelopeError)
    }

    /// The default lifetime of a reply, in seconds.
    public static let defaultReplyLifetime: UInt64 = 60

    public let opener: EnvelopeOpener
    public let sealer: EnvelopeSealer
    private let handlers: [MessageType: any PeerMessageHandler]
    private let replyLifetime: UInt64
    private let clock: @Sendable () -> UInt64
    private let sequence: SequenceCounter

    /// - Parameters:
    ///   - handlers: the handler of each message type this daemon answers; an authenticated
    ///     envelope of any other type is answered with the refusal `unsupported_message`.
    ///   - clock: seconds since 1970, for replies' expiry.
    ///   - sequence: this daemon's sequence numbers (one counter for all it sends).
    public init(
        opener: EnvelopeOpener, sealer: EnvelopeSealer, handlers: [MessageType: any PeerMessageHandler],
        replyLifetime: UInt64 = defaultReplyLifetime, clock: @escaping @Sendable () -> UInt64, sequence: SequenceCounter
    ) {
        self.opener = opener
        self.sealer = sealer
        self.handlers = handlers
        self.replyLifetime = replyLifetime
        self.clock = clock
        self.sequence = sequence
    }

    /// Opens `bytes`, lets the handler of its type answer, and seals the answer.
    public func answer(_ bytes: [UInt8]) async -> Answer {
        let message: OpenedEnvelope
        do {
            message = try opener.open(bytes)
        } catch {
            return .rejected(error)
        }
        let reply: PeerReply
        if let handler = handlers[message.type] {
            reply = await handler.answer(message)
        } else {
            // The code and reason are fixed text and a known type's name: always valid.
            reply = .refusal(
                try! PeerRefusal(
                    code: "unsupported_message", reason: "this daemon does not answer \(message.type) messages"))
        }
        do {
            let sealed = try await sealer.seal(
                to: message.sender, session: message.session, sequence: sequence.next(),
                expiry: clock().addingSaturating(replyLifetime), type: reply.type, payload: reply.payload)
            return .reply(sealed)
        } catch {
            return .unsealed(error)
        }
    }
}
