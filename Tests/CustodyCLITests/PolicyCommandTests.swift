import Foundation
import Testing

/// `custody policy`, run as a real process on the shipped policies.
@Suite struct PolicyCommandTests {
    /// The repository's Policies folder, found from this file's path.
    static let policies: String = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Policies").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("Policies").path
    }()

    static func custody(_ arguments: String...) throws -> FrostCommandTests.Result {
        try FrostCommandTests.custody(arguments)
    }

    @Test func shippedPoliciesAreValid() throws {
        let result = try Self.custody(
            "policy", "check", Self.policies + "/default.yaml", Self.policies + "/examples/exchange.yaml",
            Self.policies + "/examples/fund.yaml")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.components(separatedBy: ": valid").count == 4)
    }

    @Test func malformedPolicyGivesLocatedErrors() throws {
        var text = try String(contentsOfFile: Self.policies + "/examples/fund.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "time-lock: 48h", with: "time-lok: 48h")
        text = text.replacingOccurrences(
            of: "approvals: [{role: officers, min: 3}]", with: "approvals: [{role: officers, min: 9}]")
        let path = NSTemporaryDirectory() + "custody-bad-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.custody("policy", "check", path)
        #expect(result.status != 0)
        let output = result.stdout + result.stderr
        #expect(output.contains(path + ":"))
        #expect(output.contains("unknown key 'time-lok'"))
        #expect(output.contains("did you mean 'time-lock'"))
        #expect(output.contains("quorum 9 is larger than role 'officers'"))
        // Every problem line is file:line:column: message.
        for line in output.split(separator: "\n") where line.hasPrefix(path) {
            let fields = line.dropFirst(path.count + 1).split(separator: ":", maxSplits: 2)
            #expect(fields.count == 3 && Int(fields[0]) != nil && Int(fields[1]) != nil, "\(line)")
        }
    }

    @Test func evalAndExplainAgree() throws {
        let arguments = [
            "--policy", Self.policies + "/examples/exchange.yaml", "--request",
            Self.policies + "/examples/request.json",
            "--approvals", Self.policies + "/examples/approvals.json", "--history",
            Self.policies + "/examples/history.json", "--at", "2025-03-03T11:00:00Z",
        ]
        let eval = try FrostCommandTests.custody(["policy", "eval"] + arguments)
        #expect(eval.status == 0, "\(eval.stderr)")
        struct Decision: Decodable {
            let outcome: String
            let rule: String?
            let policyHash: String
        }
        let decision = try JSONDecoder().decode(Decision.self, from: Data(eval.stdout.utf8))
        #expect(decision.outcome == "allowed")
        #expect(decision.rule == "hot-large")
        let explain = try FrostCommandTests.custody(["policy", "explain"] + arguments)
        #expect(explain.stdout.hasPrefix("ALLOWED"))
        #expect(explain.stdout.contains("rule: hot-large"))
        let hash = try Self.custody("policy", "hash", Self.policies + "/examples/exchange.yaml")
        #expect(hash.stdout.contains(decision.policyHash))

        // Without the approvals, the same request waits for its quorum.
        let pending = try FrostCommandTests.custody(
            [
                "policy", "eval", "--policy", Self.policies + "/examples/exchange.yaml", "--request",
                Self.policies + "/examples/request.json", "--at", "2025-03-03T11:00:00Z",
            ])
        #expect(try JSONDecoder().decode(Decision.self, from: Data(pending.stdout.utf8)).outcome == "pending")
    }

    @Test func diffNamesWhatChanged() throws {
        let result = try Self.custody(
            "policy", "diff", Self.policies + "/examples/exchange.yaml", Self.policies + "/examples/fund.yaml")
        #expect(result.status == 0)
        #expect(result.stdout.contains("added role 'officers'"))
    }
}
