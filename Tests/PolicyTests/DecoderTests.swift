import Crypto
import Foundation
import Policy
import Testing

@Suite struct DecoderTests {
    @Test(arguments: ["Policies/default.yaml", "Policies/examples/exchange.yaml", "Policies/examples/fund.yaml"])
    func shippedPoliciesValidate(path: String) {
        let (policy, diagnostics) = PolicyDecoder.diagnose(yaml: Fixtures.text(path), file: path)
        #expect(diagnostics == [])
        #expect(policy != nil)
    }

    @Test func hashIgnoresCommentsAndFormatting() throws {
        let original = Fixtures.text("Policies/examples/exchange.yaml")
        let reformatted =
            original.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .map { $0.replacingOccurrences(of: "10_000_000", with: "10000000") }.joined(separator: "\n")
            + "\n# trailing comment\n"
        let a = try PolicyDecoder.decode(yaml: original, file: "a")
        let b = try PolicyDecoder.decode(yaml: reformatted, file: "b")
        #expect(a.hash == b.hash)
        #expect(a.hash.bytes == Array(SHA256Digest.of(PolicyCanonical.encoding(of: a))))
    }

    @Test func hashChangesWithMeaning() throws {
        let original = Fixtures.text("Policies/examples/exchange.yaml")
        let changed = original.replacingOccurrences(of: "time-lock: 30m", with: "time-lock: 31m")
        #expect(changed != original)
        let a = try PolicyDecoder.decode(yaml: original, file: "a")
        let b = try PolicyDecoder.decode(yaml: changed, file: "b")
        #expect(a.hash != b.hash)
        #expect(PolicyDiff.compare(a, b).map(\.description) == ["rules: 'hot-large': time lock 30m -> 31m"])
    }

    /// One malformed policy per kind of problem: the line and column of the problem, and a
    /// phrase of the message. Line numbers count from the start of the rules block, which
    /// starts on line 24 of `Fixtures.yaml`.
    static let malformed: [(rules: String, line: Int, column: Int, message: String)] = [
        (
            "  - {id: r, action: allow, match: {walets: hot}}", 24, 36,
            "unknown key 'walets' in the match of rule 'r'; did you mean 'wallets'?"
        ),
        ("  - {id: r, action: allow, match: {wallets: lukewarm}}", 24, 45, "unknown wallet 'lukewarm'"),
        ("  - {id: r, action: approve, approvals: [{role: auditors, min: 1}]}", 24, 49, "unknown role 'auditors'"),
        (
            "  - {id: r, action: approve, approvals: [{role: risk, min: 3}]}", 24, 60,
            "quorum 3 is larger than role 'risk', which has 2 member(s)"
        ),
        ("  - {id: r, action: allow, match: {amount: {max: -5}}}", 24, 50, "amount.max must not be negative"),
        ("  - {id: r, action: allow, time-lock: 3 days}", 24, 39, "time-lock: bad duration"),
        ("  - {id: r, action: allow, time-lock: -1h}", 24, 39, "is negative"),
        (
            "  - {id: r, action: allow}\n  - {id: s, action: deny, match: {wallets: hot}}", 25, 5,
            "rule 's' is unreachable: rule 'r' (line 24)"
        ),
        (
            "  - {id: r, action: allow, match: {amount: {max: 100}}}\n  - {id: s, action: deny, match: {amount: {min: 50, max: 500}}}",
            25, 5, "rule 's' overlaps rule 'r' (line 24)"
        ),
        ("  - {id: r, action: allow, match: {wallets: hot, tiers: cold}}", 24, 5, "matches no wallet"),
        (
            "  - {id: r, action: approve, approvals: [{role: risk, min: 2}, {role: treasury, min: 3}]}", 24, 41,
            "needs 5 distinct people"
        ),
        ("  - {id: r, action: allow, match: {destinations: \"allowlist:nope\"}}", 24, 50, "unknown allowlist 'nope'"),
        ("  - {id: r, action: allow, match: {initiators: [mallory]}}", 24, 49, "unknown initiator 'mallory'"),
        (
            "  - {id: r, action: allow, window: {days: mon-fri, hours: \"17:00-09:00\", time-zone: UTC}}", 24, 59,
            "hours must be HH:MM-HH:MM"
        ),
        (
            "  - {id: r, action: allow, window: {days: mon-fri, hours: \"09:00-17:00\", time-zone: Mars/Olympus}}", 24,
            85, "unknown time zone 'Mars/Olympus'"
        ),
        (
            "  - {id: r, action: allow, velocity: [{scope: wallet, window: 0}]}", 24, 63,
            "velocity window must be longer than 0"
        ),
        ("  - {id: r, action: deny, time-lock: 1h}", 24, 27, "time-lock has no effect on a deny rule"),
        ("  - {id: r, action: maybe}", 24, 21, "action must be allow, deny or approve"),
        (
            "  - {id: r, action: allow}\n  - {id: r, action: deny, match: {wallets: hot}}", 25, 10,
            "rule id 'r' is used twice"
        ),
        (
            "  - {id: r, action: allow, match: {amount: {min: 10, max: 5}}}", 24, 44,
            "amount.min (10) is larger than amount.max (5)"
        ),
    ]

    @Test(arguments: malformed.indices)
    func malformedPolicyIsLocated(index: Int) {
        let (rules, line, column, message) = Self.malformed[index]
        let (policy, diagnostics) = PolicyDecoder.diagnose(yaml: Fixtures.yaml(rules: rules), file: "test.yaml")
        #expect(policy == nil)
        let match = diagnostics.first { $0.message.contains(message) }
        #expect(match != nil, "expected '\(message)' among \(diagnostics.map(\.description))")
        #expect(match.map { "\($0.file):\($0.line):\($0.column)" } == "test.yaml:\(line):\(column)", "\(diagnostics)")
    }

    @Test func reportsEveryProblemAtOnce() {
        let yaml = """
            version: 2
            name: broken
            rolez: {}
            roles:
              treasury:
                - {id: alice, key: "ed25519:00"}
            wallets:
              hot: {asset: BTC, tier: lukewarm, key: k}
            rules:
              - {id: r, action: approve, approvals: [{role: treasury, min: 0}]}
            governance:
              change: {approvals: [{role: board, min: 1}], activation-delay: soon}
              freeze: {roles: [treasury]}
              unfreeze: {approvals: [{role: treasury, min: 1}], delay: 1h}
            """
        let (_, diagnostics) = PolicyDecoder.diagnose(yaml: yaml, file: "p.yaml")
        let rendered = diagnostics.map(\.description)
        #expect(rendered.contains("p.yaml:1:10: version must be 1, the only policy format version"))
        #expect(rendered.contains { $0.hasPrefix("p.yaml:3:1: unknown key 'rolez'") })
        #expect(rendered.contains("p.yaml:6:24: an Ed25519 key is 32 bytes (64 hex digits)"))
        #expect(rendered.contains("p.yaml:8:27: tier must be hot, warm or cold, got 'lukewarm'"))
        #expect(rendered.contains { $0.hasPrefix("p.yaml:10:") && $0.contains("min must be at least 1") })
        #expect(rendered.contains { $0.hasPrefix("p.yaml:12:") && $0.contains("unknown role 'board'") })
        #expect(rendered.contains { $0.hasPrefix("p.yaml:12:") && $0.contains("bad duration") })
        #expect(diagnostics.count >= 7)
        #expect(diagnostics == diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }

    @Test func syntaxErrorsAndDuplicateKeysAreLocated() {
        let (_, syntax) = PolicyDecoder.diagnose(yaml: "version: 1\nroles: [a\n", file: "s.yaml")
        #expect(syntax.count == 1 && syntax[0].message.hasPrefix("YAML syntax"))
        let (_, duplicate) = PolicyDecoder.diagnose(yaml: "version: 1\nversion: 1\n", file: "d.yaml")
        #expect(duplicate.first?.message.contains("duplicate key") == true)
        let (_, empty) = PolicyDecoder.diagnose(yaml: "", file: "e.yaml")
        #expect(empty.first?.description.hasPrefix("e.yaml:1:1:") == true)
    }

    @Test func decodeThrowsWithEveryDiagnostic() {
        #expect {
            try PolicyDecoder.decode(yaml: Fixtures.yaml(rules: "  - {id: r, action: nope}"), file: "t")
        } throws: { error in
            guard let error = error as? PolicyError else { return false }
            return error.code == .invalidPolicy && error.diagnostics.count == 1
                && error.description.hasPrefix("t:24:")
        }
    }

    @Test func officerKeysMustAgreeAcrossRoles() {
        let yaml = Fixtures.yaml(rules: "  - {id: r, action: allow}").replacingOccurrences(
            of: "    - {id: carol, key: \"\(TestKeys.publicKey("carol"))\"}\nservices",
            with: "    - {id: carol, key: \"\(TestKeys.publicKey("bob"))\"}\nservices")
        let (_, diagnostics) = PolicyDecoder.diagnose(yaml: yaml, file: "k")
        #expect(diagnostics.contains { $0.message.contains("one officer, one key") })
    }
}

/// SHA-256 for comparing hashes in tests.
enum SHA256Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: bytes))
    }
}
