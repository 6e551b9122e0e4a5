import Encoding

/// A JSON value as `StrictJSON` reads it: integers only, every object's keys distinct.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A whole number in the range of `Int64`, read exactly from its digits.
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    /// The members in input order; no two keys are equal byte for byte.
    case object([JSONMember])

    /// What kind of value this is, for error messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Hashable, Sendable {
    public let key: String
    public let value: JSONValue
}

/// A strict JSON (RFC 8259) reader for requests, approvals and histories, so that signers
/// written in other languages reach the same decision from the same bytes.
///
/// It refuses what other readers disagree on: numbers with a fraction or an exponent (there
/// is no floating-point path), integers outside `Int64`, `-0`, a key given twice in one object
/// (compared after unescaping, byte for byte), strings that are not UTF-8 or that hold a lone
/// surrogate escape, raw control characters, a byte order mark, and anything after the value.
/// Input larger than `maxBytes` is refused before any parsing, and nesting deeper than
/// `maxDepth` arrays and objects is refused as it is reached. Errors name the byte offset.
public enum StrictJSON {
    /// The nesting depth limit: arrays and objects inside one another.
    public static let maxDepth = 16

    /// The value in `bytes`, or an error (code `code`) whose reason starts with `what`.
    public static func parse(
        _ bytes: [UInt8], what: String, code: PolicyError.Code, maxBytes: Int
    ) throws(PolicyError) -> JSONValue {
        guard bytes.count <= maxBytes else {
            throw PolicyError(code, "\(what): \(bytes.count) bytes, more than the limit of \(maxBytes)")
        }
        var reader = Reader(bytes: bytes)
        do throws(Failure) {
            reader.skipWhitespace()
            let value = try reader.value(depth: 0)
            reader.skipWhitespace()
            guard reader.position == bytes.count else { throw reader.failure("unexpected data after the JSON value") }
            return value
        } catch {
            let place = error.path.isEmpty ? "" : "at \(what)\(error.path), "
            throw PolicyError(code, "\(what): \(place)byte \(error.offset): \(error.message)")
        }
    }

    struct Failure: Error {
        let offset: Int
        let message: String
        /// Where in the document, such as `.destination.address` or `[3].statement`.
        var path = ""
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0
        /// The keys and indexes leading to the value being read, for error messages.
        var path: [String] = []

        func failure(_ message: String) -> Failure { failure(message, at: position) }

        func failure(at offset: Int, _ message: String) -> Failure { failure(message, at: offset) }

        func failure(_ message: String, at offset: Int) -> Failure {
            Failure(offset: offset, message: message, path: path.joined())
        }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ literal: String, _ value: JSONValue) throws(Failure) -> JSONValue {
            for byte in literal.utf8 {
                guard current == byte else { throw failure("not JSON: expected '\(literal)'") }
                position += 1
            }
            return value
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard let byte = current else { throw failure("unexpected end of input") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try integer())
            case 0xEF: throw failure("a byte order mark is not allowed")
            default: throw failure("not JSON: unexpected character")
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= StrictJSON.maxDepth else {
                throw failure("nesting deeper than the limit of \(StrictJSON.maxDepth)")
            }
            position += 1
            var members: [JSONMember] = []
            var keys: Set<[UInt8]> = []
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("not JSON: expected a key in quotes") }
                let keyStart = position
                let key = try string()
                guard keys.insert(Array(key.utf8)).inserted else {
                    throw failure(at: keyStart, "key '\(UntrustedText.printable(key))' appears twice in one object")
                }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw failure("not JSON: expected ':'") }
                position += 1
                skipWhitespace()
                path.append(".\(UntrustedText.printable(key))")
                members.append(JSONMember(key: key, value: try value(depth: depth)))
                path.removeLast()
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                default: throw failure("not JSON: expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= StrictJSON.maxDepth else {
                throw failure("nesting deeper than the limit of \(StrictJSON.maxDepth)")
            }
            position += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                path.append("[\(items.count)]")
                items.append(try value(depth: depth))
                path.removeLast()
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(items)
                default: throw failure("not JSON: expected ',' or ']'")
                }
            }
        }

        /// `-?(0|[1-9][0-9]*)`, exactly, within `Int64`.
        mutating func integer() throws(Failure) -> Int64 {
            let start = position
            let negative = current == UInt8(ascii: "-")
            if negative { position += 1 }
            guard let first = current, (48...57).contains(first) else {
                throw failure("not JSON: a digit must follow '-'")
            }
            var magnitude: UInt64 = 0
            var digits = 0
            while let byte = current, (48...57).contains(byte) {
                if digits == 1 && magnitude == 0 {
                    throw failure(at: start, "a number must not start with 0")
                }
                let (product, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(UInt64(byte - 48))
                guard !overflow1, !overflow2 else {
                    throw failure(at: start, "integer out of range -2^63 ... 2^63-1")
                }
                magnitude = sum
                digits += 1
                position += 1
            }
            if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                throw failure(at: start, "only whole numbers are allowed: no fraction, no exponent")
            }
            if negative {
                guard magnitude != 0 else { throw failure(at: start, "-0 is not allowed") }
                guard magnitude <= UInt64(Int64.max) + 1 else {
                    throw failure(at: start, "integer out of range -2^63 ... 2^63-1")
                }
                return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
            }
            guard magnitude <= UInt64(Int64.max) else {
                throw failure(at: start, "integer out of range -2^63 ... 2^63-1")
            }
            return Int64(magnitude)
        }

        mutating func hexQuad() throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current else { throw failure("unexpected end of input in a \\u escape") }
                let digit: UInt32
                switch byte {
                case 48...57: digit = UInt32(byte - 48)
                case 97...102: digit = UInt32(byte - 87)
                case 65...70: digit = UInt32(byte - 55)
                default: throw failure("a \\u escape needs four hexadecimal digits")
                }
                value = value << 4 | digit
                position += 1
            }
            return value
        }

        mutating func string() throws(Failure) -> String {
            let start = position
            position += 1
            var out: [UInt8] = []
            while true {
                guard let byte = current else { throw failure(at: start, "unterminated string") }
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    break
                }
                if byte < 0x20 { throw failure("a control character must be escaped in a string") }
                if byte != UInt8(ascii: "\\") {
                    out.append(byte)
                    position += 1
                    continue
                }
                position += 1
                guard let escape = current else { throw failure("unexpected end of input after '\\'") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hexQuad()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard current == UInt8(ascii: "\\"), position + 1 < bytes.count,
                            bytes[position + 1] == UInt8(ascii: "u")
                        else { throw failure("a lone surrogate escape is not a character") }
                        position += 2
                        let low = try hexQuad()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw failure("a lone surrogate escape is not a character")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw failure("a lone surrogate escape is not a character")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw failure("not a Unicode scalar") }
                    out += Array(String(Character(unicode)).utf8)
                default:
                    throw failure(
                        "unknown escape '\\\(UntrustedText.printable(String(decoding: [escape], as: UTF8.self)))'")
                }
            }
            guard let text = String(validating: out, as: UTF8.self) else {
                throw failure(at: start, "a string that is not valid UTF-8")
            }
            return text
        }
    }
}
