import PKCS11

/// Where a daemon's token PIN is: `{"file": PATH}` or `{"environment": NAME}`, exactly one.
/// The PIN itself is never in a configuration.
struct PINConfiguration: Decodable {
    let source: PINSource

    enum CodingKeys: String, CodingKey, CaseIterable {
        case file, environment
    }

    init(source: PINSource) { self.source = source }

    init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let file = try container.parsed(.file, ConfigurationValues.path)
        let environment = try container.parsed(.environment, ConfigurationValues.environmentName)
        switch (file, environment) {
        case (let file?, nil): source = .file(file)
        case (nil, let name?): source = .environment(name)
        case (nil, nil): throw ConfigurationProblem(decoder.codingPath, "give file or environment")
        case (.some, .some): throw ConfigurationProblem(decoder.codingPath, "give file or environment, not both")
        }
    }

    /// The override of `fileVariable` or `environmentVariable` (both set is an error).
    static func override(
        _ environment: DaemonEnvironment, fileVariable: String, environmentVariable: String
    ) throws(ConfigurationError) -> PINSource? {
        let file = try environment.parsed(fileVariable, ConfigurationValues.path)
        let name = try environment.parsed(environmentVariable, ConfigurationValues.environmentName)
        switch (file, name) {
        case (let file?, nil): return .file(file)
        case (nil, let name?): return .environment(name)
        case (nil, nil): return nil
        case (.some, .some):
            throw ConfigurationError(
                source: "environment variables \(fileVariable) and \(environmentVariable)", path: "",
                reason: "give one, not both")
        }
    }
}
