import Encoding
import Foundation

/// Reads a daemon's JSON configuration strictly: at most ``maxBytes``, nesting checked by
/// `JSONNesting` before Foundation's decoder runs, no key given twice in one object, every
/// object's keys known (an unknown key is an error, not ignored), every value of its type; any
/// problem is a ``ConfigurationError``
/// naming the file and the key's JSON path.
enum ConfigurationFile {
    /// The largest configuration file read.
    static let maxBytes = 256 * 1024

    static func decode<Document: Decodable>(_ type: Document.Type, path: String) throws(ConfigurationError) -> Document
    {
        let data: Data
        do {
            data = try readFile(path)
        } catch {
            throw ConfigurationError(source: path, path: "", reason: error.reason)
        }
        do {
            try JSONNesting.check(data)
        } catch {
            throw ConfigurationError(source: path, path: "", reason: "not a configuration: \(error)")
        }
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            throw ConfigurationError(source: path, path: "", reason: "not JSON (RFC 8259, UTF-8)")
        }
        if let duplicate = DuplicateKeys.first(in: Array(data)) {
            throw ConfigurationError(
                source: path, path: UntrustedText.printable(duplicate), reason: "a key given twice in one object")
        }
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch let problem as ConfigurationProblem {
            throw ConfigurationError(
                source: path, path: ConfigurationProblem.text(problem.path), reason: problem.reason)
        } catch let error as DecodingError {
            throw located(error, source: path)
        } catch {
            throw ConfigurationError(source: path, path: "", reason: "not JSON")
        }
    }

    private struct ReadFailure: Error { let reason: String }

    private static func readFile(_ path: String) throws(ReadFailure) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ReadFailure(reason: "cannot read the configuration file: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ReadFailure(reason: "the configuration is not a regular file")
        }
        guard Int(status.st_size) <= maxBytes else {
            throw ReadFailure(reason: "the configuration file is larger than \(maxBytes) bytes")
        }
        guard let handle = FileHandle(forReadingAtPath: path),
            let data = try? handle.read(upToCount: maxBytes + 1)
        else {
            throw ReadFailure(reason: "cannot read the configuration file")
        }
        try? handle.close()
        guard data.count <= maxBytes else {
            throw ReadFailure(reason: "the configuration file is larger than \(maxBytes) bytes")
        }
        return data
    }

    private static func located(_ error: DecodingError, source: String) -> ConfigurationError {
        switch error {
        case .typeMismatch(let type, let context):
            return ConfigurationError(
                source: source, path: ConfigurationProblem.text(context.codingPath),
                reason: "wrong type: expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return ConfigurationError(
                source: source, path: ConfigurationProblem.text(context.codingPath),
                reason: "wrong type: expected \(typeName(type)), found null")
        case .keyNotFound(let key, let context):
            return ConfigurationError(
                source: source, path: ConfigurationProblem.text(context.codingPath + [key]),
                reason: "missing required key")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return ConfigurationError(source: source, path: "", reason: "not JSON (RFC 8259, UTF-8)")
            }
            return ConfigurationError(
                source: source, path: ConfigurationProblem.text(context.codingPath), reason: "invalid value")
        @unknown default:
            return ConfigurationError(source: source, path: "", reason: "cannot be read")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is UInt16.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

/// A coding key for any member name: how a configuration object lists the keys it was given.
struct AnyConfigurationKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }
    init?(intValue: Int) { self.init(index: intValue) }
    /// An array position.
    init(index: Int) {
        self.stringValue = String(index)
        self.intValue = index
    }
}

extension Decoder {
    /// Throws a located "unknown key" for the first member that `Keys` does not name (in the
    /// document's order is not kept by Foundation; the alphabetically first is named).
    func refuseUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let container = try container(keyedBy: AnyConfigurationKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw ConfigurationProblem(
                codingPath + [AnyConfigurationKey(stringValue: UntrustedText.printable(first))],
                "unknown key (known keys: \(Keys.allCases.map(\.stringValue).sorted().joined(separator: ", ")))")
        }
    }
}
