import Encoding

/// Why a peer will not do what it was asked: the payload of a `refusal` envelope, and the error
/// ``PeerCaller`` throws when the answer is one.
///
/// Payload format (`docs/protocol.md` § Refusal): code length *C* (1 byte, 1 to 64), the code
/// (*C* bytes of ASCII lowercase letters, digits, `_`, `.` and `-`), reason length *L* (2 bytes,
/// big-endian, 0 to 4,096), the reason (*L* bytes of UTF-8). Nothing follows.
public struct PeerRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The longest code, in bytes.
    public static let maximumCodeLength = 64
    /// The longest reason, in bytes of UTF-8.
    public static let maximumReasonLength = 4096

    /// A stable, machine-readable name of the cause (`unsupported_message`, `not_authorized`, …).
    public let code: String
    /// What was wrong, for people. Never holds a secret.
    public let reason: String

    /// - Throws: `.invalidArgument` for a code that is empty, over 64 bytes or holds another
    ///   character than lowercase letters, digits, `_`, `.` and `-`. A reason over 4,096 bytes
    ///   is cut at a character boundary.
    public init(code: String, reason: String) throws(EnvelopeError) {
        guard Self.isValidCode(Array(code.utf8)) else {
            throw EnvelopeError(
                .invalidArgument,
                "a refusal code is 1 to 64 lowercase letters, digits, '_', '.' or '-'; got \""
                    + UntrustedText.printable(code) + "\"")
        }
        self.code = code
        self.reason = Self.truncated(reason)
    }

    /// The payload's bytes.
    public var encoded: [UInt8] {
        let reasonBytes = Array(reason.utf8)
        return [UInt8(code.utf8.count)] + Array(code.utf8) + [
            UInt8(reasonBytes.count >> 8), UInt8(reasonBytes.count & 0xff),
        ]
            + reasonBytes
    }

    /// Reads a refusal payload.
    /// - Throws: `.malformed`, saying which field is wrong, for anything but exactly one valid
    ///   payload.
    public init(decoding payload: [UInt8]) throws(EnvelopeError) {
        guard let codeLength = payload.first.map(Int.init) else {
            throw EnvelopeError(.malformed, "the refusal is empty")
        }
        guard (1...Self.maximumCodeLength).contains(codeLength) else {
            throw EnvelopeError(.malformed, "the refusal's code length is \(codeLength), not 1 to 64")
        }
        guard payload.count >= 1 + codeLength + 2 else {
            throw EnvelopeError(
                .malformed,
                "the refusal is truncated: its code and reason length need \(codeLength + 3) bytes, it has \(payload.count)"
            )
        }
        let codeBytes = Array(payload[1..<(1 + codeLength)])
        guard Self.isValidCode(codeBytes) else {
            throw EnvelopeError(
                .malformed,
                "the refusal's code holds a character other than lowercase letters, digits, '_', '.' and '-'")
        }
        let reasonLength = Int(payload[1 + codeLength]) << 8 | Int(payload[2 + codeLength])
        guard reasonLength <= Self.maximumReasonLength else {
            throw EnvelopeError(.malformed, "the refusal's reason length is \(reasonLength), over 4096")
        }
        let reasonStart = 3 + codeLength
        guard payload.count == reasonStart + reasonLength else {
            throw EnvelopeError(
                .malformed,
                payload.count < reasonStart + reasonLength
                    ? "the refusal is truncated: its reason needs \(reasonLength) bytes, \(payload.count - reasonStart) left"
                    : "the refusal has \(payload.count - reasonStart - reasonLength) trailing bytes")
        }
        guard let reason = String(validating: payload[reasonStart...], as: UTF8.self) else {
            throw EnvelopeError(.malformed, "the refusal's reason is not UTF-8")
        }
        self.code = String(decoding: codeBytes, as: UTF8.self)
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    private static func isValidCode(_ bytes: [UInt8]) -> Bool {
        (1...maximumCodeLength).contains(bytes.count)
            && bytes.allSatisfy {
                (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f || $0 == 0x2e || $0 == 0x2d
            }
    }

    private static func truncated(_ reason: String) -> String {
        guard reason.utf8.count > maximumReasonLength else { return reason }
        var result = ""
        var size = 0
        for character in reason {
            let length = character.utf8.count
            guard size + length <= maximumReasonLength else { break }
            result.append(character)
            size += length
        }
        return result
    }
}
