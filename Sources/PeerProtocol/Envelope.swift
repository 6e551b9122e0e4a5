/// An authenticated message between two daemons: who sends it to whom, in which session, its
/// place in the sender's sequence, until when it holds, what it is, its payload, and the
/// sender's signature over all of that (docs/protocol.md, "Envelope", gives every byte).
///
/// A value is only a container: ``EnvelopeOpener`` decides whether one is authentic and fresh,
/// and ``EnvelopeSealer`` makes signed ones.
public struct Envelope: Hashable, Sendable {
    /// The domain-separation prefix every envelope starts with: the 16 ASCII bytes
    /// `custody-envelope`. The signature covers it, so that no other statement the identity key
    /// signs can be taken for an envelope.
    public static let prefix: [UInt8] = Array("custody-envelope".utf8)
    /// The one version this library reads and writes.
    public static let version: UInt8 = 1
    /// The authenticator's length: an ECDSA signature, r ‖ s, 32 bytes each, low s.
    public static let authenticatorSize = 64
    /// The largest payload: 1 MiB.
    public static let maximumPayloadSize = 1 << 20
    /// The smallest envelope: one-byte ids and an empty payload, 123 bytes.
    public static let minimumSize = fixedSize + 2
    /// The largest envelope: 64-byte ids and a 1 MiB payload, 1,048,825 bytes.
    public static let maximumSize = fixedSize + 2 * PeerID.maximumLength + maximumPayloadSize

    /// Every field but the ids and the payload: prefix 16, version 1, two id lengths 2, session
    /// 16, sequence 8, expiry 8, type 2, payload length 4, authenticator 64.
    static let fixedSize = 16 + 1 + 2 + SessionID.size + 8 + 8 + 2 + 4 + authenticatorSize

    /// Who made and signed the envelope.
    public let sender: PeerID
    /// Who it is for.
    public let recipient: PeerID
    /// The session it belongs to.
    public let session: SessionID
    /// The sender's sequence number in this session; each one the sender sends is greater than
    /// the last.
    public let sequence: UInt64
    /// The last second (since 1970-01-01T00:00:00Z, UTC, leap seconds ignored) at which the
    /// envelope may be accepted, before the receiver's clock-skew allowance.
    public let expiry: UInt64
    /// What the payload is.
    public let type: MessageType
    /// The message itself; its format is the type's.
    public let payload: [UInt8]
    /// The sender's signature over ``signedBytes``.
    public let authenticator: [UInt8]

    /// An envelope from its fields.
    /// - Throws: `.oversized` for a payload over 1 MiB; `.invalidArgument` for an unknown type
    ///   or an authenticator that is not 64 bytes.
    public init(
        sender: PeerID, recipient: PeerID, session: SessionID, sequence: UInt64, expiry: UInt64, type: MessageType,
        payload: [UInt8], authenticator: [UInt8]
    ) throws(EnvelopeError) {
        try Self.checkContent(type: type, payloadSize: payload.count)
        guard authenticator.count == Self.authenticatorSize else {
            throw EnvelopeError(
                .invalidArgument, "an authenticator is \(Self.authenticatorSize) bytes, got \(authenticator.count)")
        }
        self.sender = sender
        self.recipient = recipient
        self.session = session
        self.sequence = sequence
        self.expiry = expiry
        self.type = type
        self.payload = payload
        self.authenticator = authenticator
    }

    static func checkContent(type: MessageType, payloadSize: Int) throws(EnvelopeError) {
        guard payloadSize <= maximumPayloadSize else {
            throw EnvelopeError(
                .oversized, "a payload is at most \(maximumPayloadSize) bytes, got \(payloadSize)")
        }
        guard type.isKnown else {
            throw EnvelopeError(.invalidArgument, "message type \(type) is not defined by version \(version)")
        }
    }

    /// What the authenticator signs (as SHA-256 of these bytes): every byte of the envelope
    /// before the authenticator, prefix and version included.
    public var signedBytes: [UInt8] {
        Self.signedBytes(
            sender: sender, recipient: recipient, session: session, sequence: sequence, expiry: expiry, type: type,
            payload: payload)
    }

    /// The envelope's bytes: ``signedBytes`` followed by the authenticator.
    public var serialized: [UInt8] { signedBytes + authenticator }

    static func signedBytes(
        sender: PeerID, recipient: PeerID, session: SessionID, sequence: UInt64, expiry: UInt64, type: MessageType,
        payload: [UInt8]
    ) -> [UInt8] {
        let senderBytes = sender.bytes
        let recipientBytes = recipient.bytes
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fixedSize + senderBytes.count + recipientBytes.count + payload.count)
        bytes += prefix
        bytes.append(version)
        bytes.append(UInt8(senderBytes.count))
        bytes += senderBytes
        bytes.append(UInt8(recipientBytes.count))
        bytes += recipientBytes
        bytes += session.bytes
        bytes += bigEndian(sequence)
        bytes += bigEndian(expiry)
        bytes += bigEndian(type.rawValue)
        bytes += bigEndian(UInt32(payload.count))
        bytes += payload
        return bytes
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
