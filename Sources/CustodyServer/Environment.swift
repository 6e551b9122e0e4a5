/// The environment a daemon reads its overrides from: the process's own, or a given one (tests).
public struct DaemonEnvironment: Sendable {
    let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The variable's value; an empty value counts as unset.
    subscript(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// `parse(value)` for a set variable, located at the variable on failure.
    func parsed<Value>(_ name: String, _ parse: (String) throws(ValueError) -> Value) throws(ConfigurationError)
        -> Value?
    {
        guard let text = self[name] else { return nil }
        do {
            return try parse(text)
        } catch {
            throw ConfigurationError(source: "environment variable \(name)", path: "", reason: error.reason)
        }
    }
}
