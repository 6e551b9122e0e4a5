import Crypto
import Encoding
public import PKCS11
import Synchronization

/// Opens envelopes sent to this daemon: checks them, in the order docs/protocol.md gives, and
/// returns what an authenticated, fresh, first-seen envelope holds.
///
/// Safe to share between tasks: the signature is checked outside the lock, the replay check
/// and its record are one step under it. Everything runs on the caller's thread (no HSM).
public final class EnvelopeOpener: Sendable {
    /// Limits of the freshness and replay checks.
    public struct Configuration: Sendable, Hashable {
        /// Seconds by which the sender's clock may be behind or ahead of this one: an envelope
        /// is accepted until `expiry + clockSkew` inclusive. Default 30.
        public var clockSkew: UInt64
        /// The furthest ahead an expiry may be: at most `now + maximumLifetime + clockSkew`.
        /// It bounds how long a session stays in the replay memory. Default 300.
        public var maximumLifetime: UInt64
        /// How many (sender, session) pairs the replay memory holds at most. Default 65,536.
        public var replayCapacity: Int

        public init(clockSkew: UInt64 = 30, maximumLifetime: UInt64 = 300, replayCapacity: Int = 65_536) {
            self.clockSkew = clockSkew
            self.maximumLifetime = maximumLifetime
            self.replayCapacity = max(1, replayCapacity)
        }
    }

    /// This daemon's id: the recipient every envelope must name.
    public let me: PeerID
    /// The pinned peers: each id with its identity public key.
    public let peers: [PeerID: IdentityPublicKey]
    /// The limits.
    public let configuration: Configuration
    private let clock: @Sendable () -> UInt64
    private let replay: Mutex<ReplayMemory>

    /// - Parameters:
    ///   - me: this daemon's id.
    ///   - peers: the pinned identity public keys, by id (from configuration; the only senders
    ///     accepted).
    ///   - clock: the current time, in seconds since 1970-01-01T00:00:00Z.
    public init(
        me: PeerID, peers: [PeerID: IdentityPublicKey], configuration: Configuration = Configuration(),
        clock: @escaping @Sendable () -> UInt64
    ) {
        self.me = me
        self.peers = peers
        self.configuration = configuration
        self.clock = clock
        self.replay = Mutex(ReplayMemory(capacity: configuration.replayCapacity, clockSkew: configuration.clockSkew))
    }

    /// Checks `bytes` and returns the envelope they hold. The checks, in order: size, prefix,
    /// version, framing, message type (all in ``Envelope/init(parsing:)``), known sender,
    /// recipient, signature, expiry, expiry horizon, replay. The first that fails throws, and
    /// nothing is recorded; only an envelope that passes them all advances the sender's
    /// sequence number for its session.
    public func open(_ bytes: [UInt8]) throws(EnvelopeError) -> OpenedEnvelope {
        let envelope = try Envelope(parsing: bytes)
        guard let key = peers[envelope.sender] else {
            throw EnvelopeError(
                .unknownSender, "sender \"\(UntrustedText.printable(envelope.sender.value))\" is not a pinned peer")
        }
        guard envelope.recipient == me else {
            throw EnvelopeError(
                .wrongRecipient,
                "the envelope is for \"\(UntrustedText.printable(envelope.recipient.value))\", not for \"\(me)\"")
        }
        guard key.isValidSignature(envelope.authenticator, digest: Array(SHA256.hash(data: envelope.signedBytes)))
        else {
            throw EnvelopeError(
                .badAuthenticator,
                "the signature is not \"\(envelope.sender)\"'s pinned \(key.curve.rawValue) identity key's "
                    + "over this envelope (altered in transit, or signed by another key)")
        }
        try replay.withLock { (memory) throws(EnvelopeError) in
            let now = memory.advance(to: clock())
            let (latest, overflow) = envelope.expiry.addingReportingOverflow(configuration.clockSkew)
            guard overflow || now <= latest else {
                throw EnvelopeError(
                    .expired,
                    "the envelope expired at \(envelope.expiry) (seconds since 1970); "
                        + "it is now \(now), past the \(configuration.clockSkew) s skew allowance")
            }
            let horizon = now.addingSaturating(configuration.maximumLifetime).addingSaturating(configuration.clockSkew)
            guard envelope.expiry <= horizon else {
                throw EnvelopeError(
                    .expiryTooFar,
                    "the envelope's expiry \(envelope.expiry) is more than \(configuration.maximumLifetime) s "
                        + "(+ \(configuration.clockSkew) s skew) after now, \(now)")
            }
            try memory.accept(envelope, now: now)
        }
        return OpenedEnvelope(envelope: envelope)
    }
}

extension UInt64 {
    func addingSaturating(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

extension EnvelopeOpener {
    /// How many (sender, session) pairs the replay memory holds now (for metrics).
    public var rememberedSessions: Int { replay.withLock { $0.entries.count } }
}
