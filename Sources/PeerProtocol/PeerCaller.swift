/// The sending side of the peer protocol: seals a request to one peer, delivers it over a
/// ``PeerChannel``, and opens the answer with this daemon's ``EnvelopeOpener``, so that what
/// comes back is the named peer's authenticated statement in the same session.
public final class PeerCaller: Sendable {
    /// The default lifetime of a request, in seconds.
    public static let defaultLifetime: UInt64 = 60

    public let sealer: EnvelopeSealer
    public let opener: EnvelopeOpener
    public let channel: any PeerChannel
    private let lifetime: UInt64
    private let clock: @Sendable () -> UInt64
    private let sequence: SequenceCounter

    /// - Parameters:
    ///   - opener: opens the answers; its `me` must be the sealer's sender.
    ///   - clock: seconds since 1970, for requests' expiry.
    ///   - sequence: this daemon's sequence numbers (one counter for all it sends).
    public init(
        sealer: EnvelopeSealer, opener: EnvelopeOpener, channel: any PeerChannel, lifetime: UInt64 = defaultLifetime,
        clock: @escaping @Sendable () -> UInt64, sequence: SequenceCounter
    ) {
        precondition(opener.me == sealer.sender, "the opener must open envelopes for the sealer's sender")
        self.sealer = sealer
        self.opener = opener
        self.channel = channel
        self.lifetime = lifetime
        self.clock = clock
        self.sequence = sequence
    }

    /// This daemon's id.
    public var me: PeerID { sealer.sender }

    /// Sends a message of `type` to `peer` in `session` and returns its authenticated answer.
    /// - Throws: `.sealingFailed`; the channel's `.unreachable` or `.rejected`; `.badReply` when
    ///   the answer fails the envelope checks, or is from another peer or session, or is a
    ///   refusal that cannot be read; `.refused`, with the peer's ``PeerRefusal``, when the
    ///   peer refused.
    public func call(_ peer: PeerID, session: SessionID, type: MessageType, payload: [UInt8])
        async throws(PeerCallError) -> OpenedEnvelope
    {
        let request: [UInt8]
        do {
            request = try await sealer.seal(
                to: peer, session: session, sequence: sequence.next(), expiry: clock().addingSaturating(lifetime),
                type: type, payload: payload)
        } catch {
            throw PeerCallError(.sealingFailed, peer: peer, error.description)
        }
        let answer = try await channel.deliver(request, to: peer)
        let reply: OpenedEnvelope
        do {
            reply = try opener.open(answer)
        } catch {
            throw PeerCallError(.badReply, peer: peer, "the answer is not an acceptable envelope: \(error)")
        }
        guard reply.sender == peer else {
            throw PeerCallError(
                .badReply, peer: peer, "the answer is signed by \"\(reply.sender)\", not by the peer called")
        }
        guard reply.session == session else {
            throw PeerCallError(.badReply, peer: peer, "the answer belongs to session \(reply.session), not \(session)")
        }
        guard reply.type == .refusal else { return reply }
        let refusal: PeerRefusal
        do {
            refusal = try PeerRefusal(decoding: reply.payload)
        } catch {
            throw PeerCallError(.badReply, peer: peer, "the peer's refusal cannot be read: \(error.reason)")
        }
        throw PeerCallError(.refused, peer: peer, refusal.description, refusal: refusal)
    }
}
