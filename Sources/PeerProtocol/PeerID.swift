import Encoding

/// The id of a daemon (a signer or the coordinator) on the peer protocol: 1 to 64 bytes of
/// ASCII letters, digits, `.`, `-` and `_`, compared byte for byte (case-sensitive).
public struct PeerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The longest id, in bytes.
    public static let maximumLength = 64

    /// The id's characters.
    public let value: String

    /// - Throws: `.invalidArgument` when `value` is empty, longer than 64 bytes, or holds a
    ///   character other than ASCII letters, digits, `.`, `-` and `_`.
    public init(_ value: String) throws(EnvelopeError) {
        guard let id = Self(bytes: Array(value.utf8)) else {
            throw EnvelopeError(
                .invalidArgument,
                "a peer id is 1 to 64 ASCII letters, digits, '.', '-' or '_'; got \""
                    + UntrustedText.printable(value) + "\"")
        }
        self = id
    }

    /// The id in `bytes`, or nil when they are not a valid id.
    init?(bytes: ArraySlice<UInt8>) {
        guard (1...Self.maximumLength).contains(bytes.count), bytes.allSatisfy(Self.isAllowed) else { return nil }
        value = String(decoding: bytes, as: UTF8.self)
    }

    init?(bytes: [UInt8]) { self.init(bytes: bytes[...]) }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// The id's bytes (ASCII).
    public var bytes: [UInt8] { Array(value.utf8) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public var description: String { value }
}
