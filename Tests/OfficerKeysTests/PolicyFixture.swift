import Foundation
import Policy

/// The example exchange policy (`Policies/examples/exchange.yaml`), with alice's key replaced.
enum PolicyFixture {
    static let examples: String = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Policies").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("Policies/examples").path
    }()

    static let aliceExampleKey = "ed25519:a0f63fcb831b21d32c0597604be3f8b88bd902f507c510d4ef097ba127b865c9"

    static func policy(alice key: OfficerKey) throws -> Policy {
        let text = try String(contentsOfFile: examples + "/exchange.yaml", encoding: .utf8)
            .replacingOccurrences(of: aliceExampleKey, with: key.description)
        return try PolicyDecoder.decode(yaml: text, file: "exchange.yaml")
    }
}
