import Encoding

/// The session an envelope belongs to (a signing session or a key ceremony): 16 bytes, chosen at
/// random by whoever opens the session.
public struct SessionID: Hashable, Sendable, CustomStringConvertible {
    /// The id's length in bytes.
    public static let size = 16

    /// The 16 bytes.
    public let bytes: [UInt8]

    /// - Throws: `.invalidArgument` unless `bytes` holds exactly 16 bytes.
    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == Self.size else {
            throw EnvelopeError(.invalidArgument, "a session id is \(Self.size) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh random session id (the system's generator).
    public static func random() -> SessionID {
        var generator = SystemRandomNumberGenerator()
        // Sixteen bytes: never anything but a valid id.
        return SessionID(unchecked: (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Lowercase hex.
    public var description: String { Hex.encode(bytes) }
}
