/// Hexadecimal, the one codec every Custody module uses: lowercase on output, either case on
/// input, strict (an odd number of digits or a non-hex character is an error, never an empty or
/// shortened result).
public enum Hex {
    private static let digits: StaticString = "0123456789abcdef"

    /// Encodes bytes as lowercase hexadecimal.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0f))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the lowercase digits of `bytes` into `digits`, which must hold exactly twice as
    /// many bytes; nothing is allocated, so a secret's digits can go straight into a buffer its
    /// owner wipes.
    /// - Throws: ``HexError`` when `digits` is not twice the size of `bytes` (nothing written).
    public static func encode(
        _ bytes: UnsafeRawBufferPointer, into digits: UnsafeMutableRawBufferPointer
    ) throws(HexError) {
        guard digits.count == bytes.count * 2 else {
            throw HexError("\(bytes.count) bytes need \(bytes.count * 2) digits, got room for \(digits.count)")
        }
        for index in 0..<bytes.count {
            digits[2 * index] = digit(bytes[index] >> 4)
            digits[2 * index + 1] = digit(bytes[index] & 0x0f)
        }
    }

    /// Decodes hexadecimal (either case).
    /// - Throws: ``HexError`` for an odd number of digits or a non-hex character.
    public static func decode(_ text: some StringProtocol) throws(HexError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else {
            throw HexError("hex string has an odd number of digits (\(utf8.count))")
        }
        var out = [UInt8](repeating: 0, count: utf8.count / 2)
        let failure: HexError? = utf8.withUnsafeBytes { digits in
            out.withUnsafeMutableBytes { output in
                do throws(HexError) { try decode(digits, into: output) } catch { return error }
                return nil
            }
        }
        if let failure { throw failure }
        return out
    }

    /// Decodes hexadecimal that must encode exactly `count` bytes; `what` names the value in errors.
    /// - Throws: ``HexError`` for an odd number of digits, a non-hex character or another length.
    public static func decode(_ text: some StringProtocol, count: Int, what: String) throws(HexError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try decode(text)
        } catch {
            throw HexError("\(what): \(error.reason)")
        }
        guard bytes.count == count else {
            throw HexError("\(what) must be \(count) bytes, got \(bytes.count)")
        }
        return bytes
    }

    /// Decodes the hex digits in `digits` (either case) into `output`, which must hold exactly
    /// half as many bytes; nothing is allocated, so a secret can be decoded straight into wiped
    /// memory. On an error, `output` may hold part of the value: its owner wipes it.
    /// - Throws: ``HexError`` for a size mismatch or a non-hex character.
    public static func decode(
        _ digits: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(HexError) {
        guard digits.count == output.count * 2 else {
            throw HexError("\(digits.count) hex digits do not make \(output.count) bytes")
        }
        for index in 0..<output.count {
            guard let high = nibble(digits[2 * index]), let low = nibble(digits[2 * index + 1]) else {
                throw HexError("not a hex digit at position \(2 * index)")
            }
            output[index] = high << 4 | low
        }
    }

    private static func digit(_ value: UInt8) -> UInt8 {
        digits.withUTF8Buffer { $0[Int(value)] }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Hexadecimal that could not be decoded; ``reason`` says what was wrong (never the value's digits).
public struct HexError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
