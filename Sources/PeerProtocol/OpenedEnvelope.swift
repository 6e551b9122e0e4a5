/// An envelope that passed every check of ``EnvelopeOpener/open(_:)``: authentic, for this
/// daemon, fresh, and not seen before.
public struct OpenedEnvelope: Hashable, Sendable {
    /// The whole envelope, signature included: the sender's attributable statement, to keep
    /// as evidence of what it sent.
    public let envelope: Envelope

    /// The authenticated sender.
    public var sender: PeerID { envelope.sender }
    /// The session.
    public var session: SessionID { envelope.session }
    /// The sender's sequence number.
    public var sequence: UInt64 { envelope.sequence }
    /// What the payload is.
    public var type: MessageType { envelope.type }
    /// The message.
    public var payload: [UInt8] { envelope.payload }
}
