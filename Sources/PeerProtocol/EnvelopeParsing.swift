extension Envelope {
    /// Reads an envelope from untrusted bytes, checking, in this order: the size
    /// (`.oversized` over ``maximumSize``), the prefix (`.malformed`), the version
    /// (`.unknownVersion`), the framing (`.malformed`: a field cut short, an id that is empty, over
    /// 64 bytes or not of the allowed characters, a payload length over 1 MiB or past the end,
    /// bytes after the authenticator), then the message type (`.unknownMessageType`).
    ///
    /// Nothing is authenticated here: ``EnvelopeOpener/open(_:)`` does that.
    public init(parsing bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count <= Self.maximumSize else {
            throw EnvelopeError(
                .oversized, "an envelope is at most \(Self.maximumSize) bytes, got \(bytes.count)")
        }
        var reader = Reader(bytes: bytes)
        guard let prefix = reader.take(Self.prefix.count), prefix.elementsEqual(Self.prefix) else {
            throw EnvelopeError(.malformed, "the bytes do not start with the envelope prefix \"custody-envelope\"")
        }
        guard let version = reader.take(1)?.first else {
            throw EnvelopeError(.malformed, "the envelope ends before its version")
        }
        guard version == Self.version else {
            throw EnvelopeError(
                .unknownVersion, "envelope version \(version); this reader knows version \(Self.version)")
        }
        let sender = try reader.peerID("sender")
        let recipient = try reader.peerID("recipient")
        guard let session = reader.take(SessionID.size) else {
            throw EnvelopeError(.malformed, "the envelope ends inside its session id")
        }
        let sequence = try reader.integer(UInt64.self, "sequence number")
        let expiry = try reader.integer(UInt64.self, "expiry")
        let type = MessageType(rawValue: try reader.integer(UInt16.self, "message type"))
        let payloadSize = try reader.integer(UInt32.self, "payload length")
        guard payloadSize <= Self.maximumPayloadSize else {
            throw EnvelopeError(
                .malformed, "the payload length is \(payloadSize), over the limit of \(Self.maximumPayloadSize) bytes")
        }
        guard let payload = reader.take(Int(payloadSize)) else {
            throw EnvelopeError(
                .malformed, "the payload length is \(payloadSize), but fewer bytes follow the length")
        }
        guard let authenticator = reader.take(Self.authenticatorSize) else {
            throw EnvelopeError(
                .malformed, "the envelope ends inside its \(Self.authenticatorSize)-byte authenticator")
        }
        guard reader.remaining == 0 else {
            throw EnvelopeError(.malformed, "\(reader.remaining) bytes follow the authenticator")
        }
        guard type.isKnown else {
            throw EnvelopeError(
                .unknownMessageType, "message type \(type) is not defined by envelope version \(Self.version)")
        }
        self.sender = sender
        self.recipient = recipient
        self.session = SessionID(unchecked: Array(session))
        self.sequence = sequence
        self.expiry = expiry
        self.type = type
        self.payload = Array(payload)
        self.authenticator = Array(authenticator)
    }
}

/// A cursor over untrusted bytes that never reads past the end.
private struct Reader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, _ what: String) throws(EnvelopeError)
        -> T
    {
        guard let slice = take(MemoryLayout<T>.size) else {
            throw EnvelopeError(.malformed, "the envelope ends inside its \(what)")
        }
        return slice.reduce(T.zero) { ($0 << 8) | T($1) }
    }

    mutating func peerID(_ what: String) throws(EnvelopeError) -> PeerID {
        guard let length = take(1)?.first else {
            throw EnvelopeError(.malformed, "the envelope ends before its \(what) id's length")
        }
        guard let slice = take(Int(length)) else {
            throw EnvelopeError(.malformed, "the envelope ends inside its \(what) id")
        }
        guard let id = PeerID(bytes: slice) else {
            throw EnvelopeError(
                .malformed,
                "the \(what) id is not 1 to \(PeerID.maximumLength) ASCII letters, digits, '.', '-' or '_'")
        }
        return id
    }
}
