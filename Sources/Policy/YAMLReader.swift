import Yams

/// Reads Yams nodes into values, recording a located diagnostic for every problem instead of
/// stopping at the first.
struct YAMLReader {
    /// The most problems reported for one file; the rest are counted in a last diagnostic.
    static let maxDiagnostics = 1000
    /// The most items in any one list or mapping of a policy file, unless a lower limit applies.
    static let maxItems = 10_000

    let file: String
    private(set) var diagnostics: [PolicyDiagnostic] = []
    /// Problems found beyond `maxDiagnostics`.
    private(set) var dropped = 0

    init(file: String) { self.file = file }

    mutating func error(_ node: Node?, _ message: String) {
        error(at: node?.mark, message)
    }

    mutating func error(at mark: Mark?, _ message: String) {
        guard diagnostics.count < Self.maxDiagnostics else {
            dropped += 1
            return
        }
        diagnostics.append(
            PolicyDiagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    /// The diagnostics in file order, with a last one saying how many were left out.
    var sortedDiagnostics: [PolicyDiagnostic] {
        var sorted = diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        if dropped > 0 {
            let last = sorted.last
            sorted.append(
                PolicyDiagnostic(
                    file: file, line: last?.line ?? 1, column: last?.column ?? 1,
                    message: "\(dropped) more problem(s) not shown (the limit is \(Self.maxDiagnostics))"))
        }
        return sorted
    }

    /// The fields of a mapping, refusing keys outside `allowed` (with a suggestion) and
    /// reporting missing `required` keys.
    mutating func fields(
        _ node: Node, _ what: String, allowed: [String], required: [String] = []
    ) -> Fields? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping with keys \(allowed.joined(separator: ", "))")
            return nil
        }
        var fields = Fields(node: node)
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error(key, "\(what): keys must be plain strings")
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                error(key, "unknown key '\(name)' in \(what)\(Self.suggestion(for: name, among: allowed))")
                continue
            }
            fields.values[name] = (key, value)
        }
        for name in required where fields.values[name] == nil {
            error(node, "\(what) is missing '\(name)'")
        }
        return fields
    }

    /// The entries of a mapping, in file order, with string keys; at most `limit` of them.
    mutating func entries(
        _ node: Node, _ what: String, limit: Int = maxItems
    ) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping")
            return []
        }
        guard mapping.count <= limit else {
            error(node, "\(what) has \(mapping.count) entries, more than the limit of \(limit)")
            return []
        }
        var out: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error(key, "\(what): keys must be plain strings")
                continue
            }
            out.append((scalar.string, key, value))
        }
        return out
    }

    /// The items of a list; at most `limit` of them.
    mutating func sequence(_ node: Node, _ what: String, limit: Int = maxItems) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error(node, "\(what) must be a list")
            return nil
        }
        guard sequence.count <= limit else {
            error(node, "\(what) has \(sequence.count) items, more than the limit of \(limit)")
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a string")
            return nil
        }
        if scalar.style == .plain && (scalar.string == "" || scalar.string == "~" || scalar.string == "null") {
            error(node, "\(what) must not be empty")
            return nil
        }
        return scalar.string
    }

    /// An address: 1 to 256 printable ASCII characters without spaces.
    mutating func address(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard InputText.isAddress(text) else {
            error(node, "\(what) must be 1 to 256 printable ASCII characters without spaces")
            return nil
        }
        return text
    }

    /// An identifier: letters, digits, `.`, `_`, `-`, `@`, 1 to 128 characters.
    mutating func identifier(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard Self.isIdentifier(text) else {
            error(node, "\(what) '\(text)' must be 1 to 128 letters, digits, '.', '_', '-' or '@'")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128
            && text.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || byte == 46 || byte == 95 || byte == 45 || byte == 64
            }
    }

    /// A list of identifiers; a single string is taken as a list of one.
    mutating func identifiers(_ node: Node, _ what: String) -> [(String, Node)]? {
        if case .scalar = node {
            return identifier(node, what).map { [($0, node)] }
        }
        guard let items = sequence(node, what) else { return nil }
        guard !items.isEmpty else {
            error(node, "\(what) must not be empty; leave the key out to match anything")
            return nil
        }
        var out: [(String, Node)] = []
        for item in items {
            if let id = identifier(item, "an entry of \(what)") { out.append((id, item)) }
        }
        return out
    }

    /// A non-negative whole number; `_` may separate digits (`100_000_000`).
    mutating func amount(_ node: Node, _ what: String) -> Int64? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a whole number")
            return nil
        }
        let text = scalar.string
        if text.hasPrefix("-") {
            error(node, "\(what) must not be negative, got \(text)")
            return nil
        }
        let digits = text.filter { $0 != "_" }
        guard !digits.isEmpty, !text.hasPrefix("_"), digits.utf8.allSatisfy({ (48...57).contains($0) }) else {
            error(node, "\(what) must be a whole number in the asset's smallest unit, got '\(text)'")
            return nil
        }
        guard let value = Int64(digits) else {
            error(node, "\(what) is larger than \(Int64.max)")
            return nil
        }
        return value
    }

    mutating func count(_ node: Node, _ what: String) -> Int? {
        guard let value = amount(node, what) else { return nil }
        guard value <= 1_000_000 else {
            error(node, "\(what) must be at most 1000000")
            return nil
        }
        return Int(value)
    }

    /// A duration such as `48h`, `90m` or `1h30m`.
    mutating func duration(_ node: Node, _ what: String, allowZero: Bool = true) -> Int64? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a duration such as 48h")
            return nil
        }
        switch PolicyDuration.parse(scalar.string) {
        case .success(let seconds):
            if seconds == 0 && !allowZero {
                error(node, "\(what) must be longer than 0")
                return nil
            }
            return seconds
        case .failure(let problem):
            error(node, "\(what): bad duration: \(problem.message)")
            return nil
        }
    }

    mutating func instant(_ node: Node, _ what: String) -> Instant? {
        guard case .scalar(let scalar) = node, let instant = Instant(rfc3339: scalar.string) else {
            error(node, "\(what) must be an RFC 3339 UTC time such as 2025-03-01T09:30:00Z")
            return nil
        }
        return instant
    }

    /// "did you mean" for a likely typo, or the candidates when there are few. Bounded: names
    /// longer than 64 characters or more than 100 candidates get no suggestion.
    static func suggestion(for name: String, among candidates: [String]) -> String {
        guard name.count <= 64, candidates.count <= 100 else { return "" }
        let scored = candidates.filter { $0.count <= 64 }.map { ($0, editDistance($0, name)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else {
            guard candidates.count <= 20 else { return "" }
            return " (expected one of: \(candidates.joined(separator: ", ")))"
        }
        return "; did you mean '\(best.0)'?"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The fields of one mapping, by key.
struct Fields {
    let node: Node
    var values: [String: (key: Node, value: Node)] = [:]

    init(node: Node) { self.node = node }

    subscript(_ key: String) -> Node? { values[key]?.value }
}
