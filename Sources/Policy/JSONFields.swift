import Encoding

/// The members of one JSON object, checked against the fields a format allows: an unknown
/// field, a missing required one or a value of the wrong type is an error naming the field.
struct JSONFields {
    let path: String
    let code: PolicyError.Code
    private let members: [String: JSONValue]

    init(
        _ value: JSONValue, _ path: String, code: PolicyError.Code, allowed: [String], required: [String] = []
    ) throws(PolicyError) {
        self.path = path
        self.code = code
        guard case .object(let list) = value else {
            throw PolicyError(code, "\(path): must be an object, not \(value.kind)")
        }
        var members: [String: JSONValue] = [:]
        for member in list {
            // Compared byte for byte: a key that is only canonically equivalent is unknown.
            guard allowed.contains(where: { $0.utf8.elementsEqual(member.key.utf8) }) else {
                throw PolicyError(
                    code,
                    "\(path): unknown field '\(UntrustedText.printable(member.key))' "
                        + "(allowed: \(allowed.joined(separator: ", ")))")
            }
            members[member.key] = member.value
        }
        for name in required where members[name] == nil {
            throw PolicyError(code, "\(path): missing field '\(name)'")
        }
        self.members = members
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    func value(_ key: String) -> JSONValue? { members[key] }

    func field(_ key: String) -> String { "\(path).\(key)" }

    func string(_ key: String) throws(PolicyError) -> String? {
        guard let value = members[key] else { return nil }
        guard case .string(let text) = value else {
            throw PolicyError(code, "\(field(key)): must be a string, not \(value.kind)")
        }
        return text
    }

    func requiredString(_ key: String) throws(PolicyError) -> String {
        guard let text = try string(key) else { throw PolicyError(code, "\(path): missing field '\(key)'") }
        return text
    }

    /// An identifier: 1 to 128 ASCII letters, digits, `.`, `_`, `-`, `@`.
    func identifier(_ key: String) throws(PolicyError) -> String? {
        guard let text = try string(key) else { return nil }
        guard YAMLReader.isIdentifier(text) else {
            throw PolicyError(
                code,
                "\(field(key)): '\(UntrustedText.printable(text))' is not an id: 1 to 128 ASCII letters, "
                    + "digits, '.', '_', '-' or '@'")
        }
        return text
    }

    func requiredIdentifier(_ key: String) throws(PolicyError) -> String {
        guard let text = try identifier(key) else { throw PolicyError(code, "\(path): missing field '\(key)'") }
        return text
    }

    /// An address: 1 to 256 printable ASCII characters, no space.
    func address(_ key: String) throws(PolicyError) -> String? {
        guard let text = try string(key) else { return nil }
        guard InputText.isAddress(text) else {
            throw PolicyError(
                code,
                "\(field(key)): '\(UntrustedText.printable(text))' is not an address: 1 to 256 printable "
                    + "ASCII characters without spaces")
        }
        return text
    }

    /// A label: 1 to 256 bytes of UTF-8 without control characters.
    func label(_ key: String) throws(PolicyError) -> String? {
        guard let text = try string(key) else { return nil }
        guard InputText.isLabel(text) else {
            throw PolicyError(
                code, "\(field(key)): a label is 1 to 256 bytes of UTF-8 without control characters")
        }
        return text
    }

    /// A positive amount, `1 ... 2^63-1`.
    func amount(_ key: String) throws(PolicyError) -> Int64? {
        guard let value = members[key] else { return nil }
        guard case .integer(let amount) = value else {
            throw PolicyError(code, "\(field(key)): must be a whole number, not \(value.kind)")
        }
        guard amount >= 1 else {
            throw PolicyError(code, "\(field(key)): must be at least 1 (the asset's smallest unit), got \(amount)")
        }
        return amount
    }

    func requiredAmount(_ key: String) throws(PolicyError) -> Int64 {
        guard let amount = try amount(key) else { throw PolicyError(code, "\(path): missing field '\(key)'") }
        return amount
    }

    func instant(_ key: String) throws(PolicyError) -> Instant? {
        guard let text = try string(key) else { return nil }
        guard let instant = Instant(rfc3339: text) else {
            throw PolicyError(
                code,
                "\(field(key)): '\(UntrustedText.printable(text))' is not an RFC 3339 time such as "
                    + "2025-03-01T09:30:00Z")
        }
        return instant
    }

    func requiredInstant(_ key: String) throws(PolicyError) -> Instant {
        guard let instant = try instant(key) else { throw PolicyError(code, "\(path): missing field '\(key)'") }
        return instant
    }

    /// Hexadecimal bytes, `count` of them when given, else 1 to `maxCount`.
    func hex(_ key: String, count: Int? = nil, maxCount: Int = 256) throws(PolicyError) -> [UInt8]? {
        guard let text = try string(key) else { return nil }
        guard let bytes = try? Hex.decode(text) else {
            throw PolicyError(code, "\(field(key)): not hexadecimal (an even number of digits 0-9, a-f)")
        }
        if let count, bytes.count != count {
            throw PolicyError(
                code, "\(field(key)): must be \(count) bytes (\(count * 2) hex digits), got \(bytes.count)")
        }
        guard !bytes.isEmpty, bytes.count <= maxCount else {
            throw PolicyError(code, "\(field(key)): must be 1 to \(maxCount) bytes, got \(bytes.count)")
        }
        return bytes
    }

    func requiredHex(_ key: String, count: Int? = nil, maxCount: Int = 256) throws(PolicyError) -> [UInt8] {
        guard let bytes = try hex(key, count: count, maxCount: maxCount) else {
            throw PolicyError(code, "\(path): missing field '\(key)'")
        }
        return bytes
    }

    func array(_ key: String, maxCount: Int) throws(PolicyError) -> [JSONValue]? {
        guard let value = members[key] else { return nil }
        guard case .array(let items) = value else {
            throw PolicyError(code, "\(field(key)): must be an array, not \(value.kind)")
        }
        guard items.count <= maxCount else {
            throw PolicyError(code, "\(field(key)): \(items.count) entries, more than the limit of \(maxCount)")
        }
        return items
    }
}

/// The text rules shared by policy files and JSON inputs.
enum InputText {
    /// 1 to 256 bytes, each printable ASCII other than space (0x21 to 0x7E).
    static func isAddress(_ text: String) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= 256 && utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// 1 to 256 bytes of UTF-8, no control characters (U+0000 to U+001F, U+007F to U+009F).
    static func isLabel(_ text: String) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= 256
            && text.unicodeScalars.allSatisfy { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
    }
}
