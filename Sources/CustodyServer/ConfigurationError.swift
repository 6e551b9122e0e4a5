/// A configuration that cannot be used, located: the file (or the environment variable) it came
/// from, the JSON path of the key, and what is wrong. It never quotes a secret: configurations
/// hold none (the PIN is named by a file or a variable, never given), and untrusted text is quoted
/// through `UntrustedText`.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the value came from: a configuration file's path, or `environment variable NAME`.
    public let source: String
    /// The key's JSON path (`listen`, `signers[1].url`); empty for the document as a whole.
    public let path: String
    /// What is wrong, for people.
    public let reason: String

    public init(source: String, path: String, reason: String) {
        self.source = source
        self.path = path
        self.reason = reason
    }

    /// `SOURCE: PATH: REASON`, or `SOURCE: REASON` for the whole document.
    public var description: String {
        path.isEmpty ? "\(source): \(reason)" : "\(source): \(path): \(reason)"
    }
}

/// A problem found while decoding, located by its coding path; ``ConfigurationFile`` adds the
/// file's name.
struct ConfigurationProblem: Error {
    let path: [any CodingKey]
    let reason: String

    init(_ path: [any CodingKey], _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `signers[1].url`: keys joined by dots, array positions in brackets.
    static func text(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }
}
