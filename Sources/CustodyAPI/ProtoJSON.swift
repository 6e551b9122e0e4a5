import Encoding
import Foundation

/// A message of the Custody API: read and written in protobuf's canonical JSON form
/// (`docs/api.md`, "JSON").
public protocol APIMessage: Codable, Sendable, Equatable {
    /// The message's full protobuf name, such as `custody.v1.GetWalletRequest`.
    static var protoName: String { get }
}

/// What a reader does with a member no field of the message is named after.
public enum UnknownFields: Sendable {
    /// Refuse the body (`invalid_argument` naming the member): how the server reads requests.
    case refuse
    /// Skip the member: how a client reads responses from a newer server.
    case ignore
}

/// A protobuf enum in JSON: its value's name (`REQUEST_STATE_SIGNED`); readers also accept the
/// value's number. Cases are declared in the order of their numbers, from 0.
public protocol ProtoEnum: CaseIterable, Codable, Hashable, Sendable where AllCases == [Self] {
    /// The value's name in the `.proto` file.
    var name: String { get }
}

extension ProtoEnum {
    /// The value's number in the `.proto` file.
    public var number: Int32 { Int32(Self.allCases.firstIndex(of: self) ?? 0) }

    /// The value numbered 0, `…_UNSPECIFIED`: the field's default.
    static var zero: Self { allCases[0] }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            if let value = Self.allCases.first(where: { $0.name == text }) {
                self = value
                return
            }
            if decoder.unknownFields == .ignore {
                self = Self.zero
                return
            }
            throw FieldError(decoder.codingPath, "'\(UntrustedText.printable(text))' is not one of \(Self.namesList)")
        }
        if let number = try? container.decode(Int32.self) {
            if number >= 0, number < Self.allCases.count {
                self = Self.allCases[Int(number)]
                return
            }
            if decoder.unknownFields == .ignore {
                self = Self.zero
                return
            }
            throw FieldError(decoder.codingPath, "\(number) is not a value of \(Self.namesList)")
        }
        throw FieldError(decoder.codingPath, "must be one of \(Self.namesList)")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    private static var namesList: String { allCases.map(\.name).joined(separator: ", ") }
}

/// A point in time, as `google.protobuf.Timestamp`: seconds since 1970-01-01T00:00:00Z and
/// nanoseconds, from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. In JSON an RFC 3339
/// string: written in UTC with `Z` and 0, 3, 6 or 9 fraction digits; read with any offset and 0 to
/// 9 fraction digits.
public struct Timestamp: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let seconds: Int64
    /// 0 ... 999,999,999.
    public let nanos: Int32

    /// The earliest and latest seconds a timestamp may hold.
    public static let minSeconds: Int64 = -62_135_596_800
    public static let maxSeconds: Int64 = 253_402_300_799

    /// Nil when out of range.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        guard seconds >= Self.minSeconds, seconds <= Self.maxSeconds, nanos >= 0, nanos <= 999_999_999 else {
            return nil
        }
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `T` and `Z` in either case. Nil when
    /// the text is not that or the time is out of range.
    public init?(rfc3339 text: String) {
        guard let parsed = RFC3339.parse(text, allowingFraction: true) else { return nil }
        self.init(seconds: parsed.seconds, nanos: parsed.nanos)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z`.
    public var rfc3339: String { RFC3339.format(seconds: seconds, nanos: nanos) }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    public init(from decoder: any Decoder) throws {
        let text = try? decoder.singleValueContainer().decode(String.self)
        guard let text, let value = Timestamp(rfc3339: text) else {
            throw FieldError(
                decoder.codingPath,
                "must be an RFC 3339 time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, "
                    + "such as 2026-03-01T09:30:00Z")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

/// A value that could not be read; the decoder turns it into `invalid_argument` naming the field.
struct FieldError: Error {
    let path: String
    let reason: String

    init(_ codingPath: [any CodingKey], _ reason: String) {
        self.path = FieldPath.text(codingPath)
        self.reason = reason
    }

    var message: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

/// Field paths as messages print them: `digestWithdrawal.amount`, `states[2]`.
enum FieldPath {
    static func text(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out +=
                    out.isEmpty
                    ? UntrustedText.printable(key.stringValue) : "." + UntrustedText.printable(key.stringValue)
            }
        }
        return out
    }
}

extension CodingUserInfoKey {
    static let unknownFields = CodingUserInfoKey(rawValue: "custody.api.unknownFields")!
}

extension Decoder {
    /// `.refuse` unless the reader asked to ignore unknown members.
    var unknownFields: UnknownFields { (userInfo[.unknownFields] as? UnknownFields) ?? .refuse }
}

/// A JSON member name.
struct ProtoKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A field of a message: its JSON name (lowerCamelCase) and its name in the `.proto` file;
/// readers accept either, as protobuf's JSON parsers do, but not both at once.
struct ProtoField: Sendable {
    let json: String
    let proto: String

    init(_ json: String, _ proto: String? = nil) {
        self.json = json
        self.proto = proto ?? json
    }
}

/// Reads one JSON object as a message: every member must name a field (unless unknown members are
/// ignored), no field may be given twice under its two names, `null` means the field's default.
struct MessageReader {
    private let container: KeyedDecodingContainer<ProtoKey>
    private let present: [String: ProtoKey]
    private let path: [any CodingKey]

    init(_ decoder: any Decoder, _ message: String, _ fields: [ProtoField]) throws {
        path = decoder.codingPath
        do {
            container = try decoder.container(keyedBy: ProtoKey.self)
        } catch {
            throw FieldError(decoder.codingPath, "must be a JSON object (\(message))")
        }
        var present: [String: ProtoKey] = [:]
        for key in container.allKeys {
            guard let field = fields.first(where: { $0.json == key.stringValue || $0.proto == key.stringValue }) else {
                if decoder.unknownFields == .refuse {
                    throw FieldError(path + [key], "unknown field of \(message)")
                }
                continue
            }
            if present[field.json] != nil {
                throw FieldError(
                    path + [ProtoKey(field.json)], "given twice, as '\(field.json)' and as '\(field.proto)'")
            }
            present[field.json] = key
        }
        self.present = present
    }

    /// The member for `field` when present and not `null`.
    private func key(_ field: String) throws -> ProtoKey? {
        guard let key = present[field] else { return nil }
        return try container.decodeNil(forKey: key) ? nil : key
    }

    /// Whether `field` is present and not `null`.
    func has(_ field: String) throws -> Bool { try key(field) != nil }

    func string(_ field: String) throws -> String {
        guard let key = try key(field) else { return "" }
        guard let text = try? container.decode(String.self, forKey: key) else {
            throw FieldError(path + [key], "must be a string")
        }
        return text
    }

    func bool(_ field: String) throws -> Bool {
        guard let key = try key(field) else { return false }
        guard let value = try? container.decode(Bool.self, forKey: key) else {
            throw FieldError(path + [key], "must be true or false")
        }
        return value
    }

    func int64(_ field: String) throws -> Int64 {
        guard let key = try key(field) else { return 0 }
        return try container.decode(ProtoInteger<Int64>.self, forKey: key).value
    }

    func int32(_ field: String) throws -> Int32 {
        guard let key = try key(field) else { return 0 }
        return try container.decode(ProtoInteger<Int32>.self, forKey: key).value
    }

    func uint32(_ field: String) throws -> UInt32 {
        guard let key = try key(field) else { return 0 }
        return try container.decode(ProtoInteger<UInt32>.self, forKey: key).value
    }

    func bytes(_ field: String) throws -> [UInt8] {
        guard let key = try key(field) else { return [] }
        return try container.decode(ProtoBytes.self, forKey: key).bytes
    }

    func value<Value: Decodable>(_ field: String, default fallback: Value) throws -> Value {
        guard let key = try key(field) else { return fallback }
        return try container.decode(Value.self, forKey: key)
    }

    func message<Value: Decodable>(_ field: String) throws -> Value? {
        guard let key = try key(field) else { return nil }
        return try container.decode(Value.self, forKey: key)
    }

    func repeated<Element: Decodable>(_ field: String) throws -> [Element] {
        guard let key = try key(field) else { return [] }
        guard var items = try? container.nestedUnkeyedContainer(forKey: key) else {
            throw FieldError(path + [key], "must be a JSON array")
        }
        var out: [Element] = []
        while !items.isAtEnd {
            if try items.decodeNil() {
                throw FieldError(path + [key, IndexKey(out.count)], "null is not allowed in a list")
            }
            out.append(try items.decode(Element.self))
        }
        return out
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// An integer field: a JSON number (whole, in range) or a decimal string, as protobuf's JSON
/// parsers accept; 64-bit values are written as strings, 32-bit ones as numbers.
struct ProtoInteger<Value: FixedWidthInteger & Codable & Sendable>: Codable {
    let value: Value

    init(_ value: Value) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let range = "\(Value.min) to \(Value.max)"
        if let text = try? container.decode(String.self) {
            guard let value = Self.parseDecimal(text) else {
                throw FieldError(
                    decoder.codingPath, "'\(UntrustedText.printable(text))' is not a whole number from \(range)")
            }
            self.value = value
        } else if let value = try? container.decode(Value.self) {
            self.value = value
        } else {
            throw FieldError(decoder.codingPath, "must be a whole number from \(range), as a number or a string")
        }
    }

    /// `-?(0|[1-9][0-9]*)` within range.
    static func parseDecimal(_ text: String) -> Value? {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard digits.count == 1 || digits.first != 0x30 else { return nil }
        guard text != "-0" else { return nil }
        return Value(text, radix: 10)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if Value.bitWidth > 32 {
            try container.encode(String(value))
        } else {
            try container.encode(value)
        }
    }
}

/// A bytes field: standard base64 with padding on output; standard or URL-safe base64, with or
/// without padding, on input (not both alphabets in one value).
struct ProtoBytes: Codable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    init(from decoder: any Decoder) throws {
        guard let text = try? decoder.singleValueContainer().decode(String.self) else {
            throw FieldError(decoder.codingPath, "must be a base64 string")
        }
        guard let bytes = Base64.decode(text) else {
            throw FieldError(decoder.codingPath, "not base64 (standard or URL-safe alphabet, padding optional)")
        }
        self.bytes = bytes
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes).base64EncodedString())
    }
}

enum Base64 {
    /// Standard or URL-safe alphabet, padding optional; nil for anything else.
    static func decode(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        let standard = utf8.contains(UInt8(ascii: "+")) || utf8.contains(UInt8(ascii: "/"))
        let urlSafe = utf8.contains(UInt8(ascii: "-")) || utf8.contains(UInt8(ascii: "_"))
        if standard && urlSafe { return nil }
        if urlSafe {
            for index in utf8.indices {
                if utf8[index] == UInt8(ascii: "-") { utf8[index] = UInt8(ascii: "+") }
                if utf8[index] == UInt8(ascii: "_") { utf8[index] = UInt8(ascii: "/") }
            }
        }
        // Padding: none, or what makes the length a multiple of 4 (at most two `=`, at the end).
        let padding = utf8.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2, !utf8.dropLast(padding).contains(UInt8(ascii: "=")) else { return nil }
        if padding > 0 {
            guard utf8.count % 4 == 0 else { return nil }
        } else {
            switch utf8.count % 4 {
            case 2: utf8 += [UInt8(ascii: "="), UInt8(ascii: "=")]
            case 3: utf8 += [UInt8(ascii: "=")]
            case 1: return nil
            default: break
            }
        }
        guard let data = Data(base64Encoded: Data(utf8)) else { return nil }
        return [UInt8](data)
    }
}

/// Writes a message's fields, leaving out each field that holds its default, as protobuf's
/// canonical JSON does.
struct MessageWriter {
    private var container: KeyedEncodingContainer<ProtoKey>

    init(_ encoder: any Encoder) { container = encoder.container(keyedBy: ProtoKey.self) }

    mutating func string(_ field: String, _ value: String) throws {
        if !value.isEmpty { try container.encode(value, forKey: ProtoKey(field)) }
    }

    mutating func bool(_ field: String, _ value: Bool) throws {
        if value { try container.encode(true, forKey: ProtoKey(field)) }
    }

    mutating func integer<Value: FixedWidthInteger & Codable & Sendable>(_ field: String, _ value: Value) throws {
        if value != 0 { try container.encode(ProtoInteger(value), forKey: ProtoKey(field)) }
    }

    mutating func bytes(_ field: String, _ value: [UInt8]) throws {
        if !value.isEmpty { try container.encode(ProtoBytes(value), forKey: ProtoKey(field)) }
    }

    mutating func enumeration<Value: ProtoEnum>(_ field: String, _ value: Value) throws {
        if value != Value.zero { try container.encode(value, forKey: ProtoKey(field)) }
    }

    mutating func message<Value: Encodable>(_ field: String, _ value: Value?) throws {
        if let value { try container.encode(value, forKey: ProtoKey(field)) }
    }

    mutating func repeated<Element: Encodable>(_ field: String, _ value: [Element]) throws {
        if !value.isEmpty { try container.encode(value, forKey: ProtoKey(field)) }
    }
}
