/// Where a key-package file's signing share sits in the file's bytes, so that its hex digits go
/// straight between the bytes and wiped memory and never through a Swift `String`.
///
/// The scan follows JSON's strings (escapes included) and nesting, in one pass: it finds every
/// member of the top-level object whose key is `signingShare`, written plainly or with escapes,
/// and what follows the key's colon.
enum SecretMember {
    /// The member's key.
    static let key = Array("signingShare".utf8)

    /// What follows `"signingShare":`.
    enum Value: Equatable {
        /// A string without a backslash: the byte range of its contents, between the quotes.
        case plain(Range<Int>)
        /// Anything else: a string with an escape, a number, an object, the end of the input, or
        /// any value of a key written with escapes.
        case other
    }

    /// Every top-level `signingShare` member of `buffer`, in order.
    static func values(in buffer: UnsafeRawBufferPointer) -> [Value] {
        var values: [Value] = []
        var depth = 0
        var index = 0
        while index < buffer.count {
            switch buffer[index] {
            case UInt8(ascii: "\""):
                let contents = index + 1
                guard let (end, keyEscaped) = stringEnd(in: buffer, from: contents) else { return values }
                index = end + 1
                guard depth == 1, isKey(buffer, contents..<end, escaped: keyEscaped) else { continue }
                var next = skipWhiteSpace(buffer, from: index)
                guard next < buffer.count, buffer[next] == UInt8(ascii: ":") else { continue }
                next = skipWhiteSpace(buffer, from: next + 1)
                guard next < buffer.count, buffer[next] == UInt8(ascii: "\"") else {
                    values.append(.other)
                    index = next
                    continue
                }
                guard let (valueEnd, escaped) = stringEnd(in: buffer, from: next + 1) else {
                    values.append(.other)
                    return values
                }
                values.append(escaped || keyEscaped ? .other : .plain((next + 1)..<valueEnd))
                index = valueEnd + 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
            default:
                index += 1
            }
        }
        return values
    }

    /// The index of the quote that closes the string whose contents start at `start`, and
    /// whether the string holds a backslash; nil when it does not close.
    private static func stringEnd(in buffer: UnsafeRawBufferPointer, from start: Int) -> (Int, Bool)? {
        var index = start
        var escaped = false
        while index < buffer.count {
            switch buffer[index] {
            case UInt8(ascii: "\\"):
                escaped = true
                index += 2
            case UInt8(ascii: "\""):
                return (index, escaped)
            default:
                index += 1
            }
        }
        return nil
    }

    /// True when the string contents `buffer[range]` stand for the key: its bytes, or, when
    /// `escaped`, JSON escapes that decode to them (`\u0053`, `\/` and the like).
    private static func isKey(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, escaped: Bool) -> Bool {
        guard escaped else {
            guard range.count == key.count else { return false }
            for offset in 0..<key.count where buffer[range.lowerBound + offset] != key[offset] { return false }
            return true
        }
        // The key is ASCII: every character must be it plainly, or as `\uXXXX` of it.
        var index = range.lowerBound
        var matched = 0
        while index < range.upperBound {
            guard matched < key.count else { return false }
            var character = buffer[index]
            index += 1
            if character == UInt8(ascii: "\\") {
                guard index + 5 <= range.upperBound, buffer[index] == UInt8(ascii: "u"),
                    let value = hexValue(buffer, (index + 1)..<(index + 5)), value < 0x80
                else { return false }
                character = UInt8(value)
                index += 5
            }
            guard character == key[matched] else { return false }
            matched += 1
        }
        return matched == key.count
    }

    /// The value of four hex digits, either case; nil for anything else.
    private static func hexValue(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let byte = buffer[index]
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// The index of the first byte at or after `start` that is not JSON white space.
    private static func skipWhiteSpace(_ buffer: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return index
            }
        }
        return index
    }
}
