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
            Self.policies + "/examples/history.json", "--received-at", "2025-03-03T10:00:00Z", "--at",
            "2025-03-03T11:00:00Z",
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
                Self.policies + "/examples/request.json", "--received-at", "2025-03-03T10:00:00Z", "--at",
                "2025-03-03T11:00:00Z",
            ])
        #expect(try JSONDecoder().decode(Decision.self, from: Data(pending.stdout.utf8)).outcome == "pending")
    }

    static func temporary(_ contents: [UInt8], _ suffix: String) throws -> String {
        let path = NSTemporaryDirectory() + "custody-policy-\(UUID().uuidString)\(suffix)"
        try Data(contents).write(to: URL(fileURLWithPath: path))
        return path
    }

    func eval(request: String) throws -> FrostCommandTests.Result {
        try FrostCommandTests.custody([
            "policy", "eval", "--policy", Self.policies + "/examples/exchange.yaml", "--request", request,
            "--received-at", "2025-03-03T10:00:00Z", "--at", "2025-03-03T11:00:00Z",
        ])
    }

    /// A request file ending at JSON nesting depth 513 crashed `policy eval` inside Foundation.
    @Test func aRequestFileNestedFiveHundredThirteenDeepIsAnErrorNotACrash() throws {
        let path = try Self.temporary(Array(String(repeating: "[", count: 513).utf8), ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try eval(request: path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("nesting deeper than the limit of 16"), "\(result.stderr)")
    }

    @Test func anAmountBeyondTwoToTheSixtyThreeNamesTheField() throws {
        var text = try String(contentsOfFile: Self.policies + "/examples/request.json", encoding: .utf8)
        text = text.replacingOccurrences(of: "150000000", with: "9223372036854775808")
        let path = try Self.temporary(Array(text.utf8), ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try eval(request: path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("at request.request.amount"), "\(result.stderr)")
        #expect(result.stderr.contains("out of range"))
    }

    @Test func anOversizedRequestFileIsRefusedByItsSize() throws {
        let path = try Self.temporary([UInt8](repeating: 0x20, count: 64 * 1024 + 1), ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try eval(request: path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("more than the limit of 65536"), "\(result.stderr)")
    }

    @Test func evalNeedsTheReceiptTime() throws {
        let result = try FrostCommandTests.custody([
            "policy", "eval", "--policy", Self.policies + "/examples/exchange.yaml", "--request",
            Self.policies + "/examples/request.json", "--at", "2025-03-03T11:00:00Z",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--received-at"), "\(result.stderr)")
    }

    /// A few hundred bytes of nested aliases used as mapping keys kept `policy check` busy for
    /// minutes, ten times longer per level.
    @Test func aNestedYAMLAliasBombIsRefusedAtOnce() throws {
        var yaml = "a0: &a0 {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}\n"
        for level in 1...12 {
            let keys = (0..<10).map { "? *a\(level - 1)\n  : \($0)" }.joined(separator: "\n")
            yaml +=
                "a\(level): &a\(level)\n" + keys.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        let path = try Self.temporary(Array(yaml.utf8), ".yaml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = Date()
        let result = try Self.custody("policy", "check", path)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 1)
        #expect(result.stderr.contains("anchors and aliases"), "\(result.stderr)")
        #expect(result.stderr.contains(path + ":1:5:"), "\(result.stderr)")
    }

    @Test func diffNamesWhatChanged() throws {
        let result = try Self.custody(
            "policy", "diff", Self.policies + "/examples/exchange.yaml", Self.policies + "/examples/fund.yaml")
        #expect(result.status == 0)
        #expect(result.stdout.contains("added role 'officers'"))
    }
}
