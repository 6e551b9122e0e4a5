import Foundation
import Policy
import Testing

/// Limits on policy files, enforced before the work they bound: each input here once took
/// minutes, grew without bound, or crashed.
@Suite struct LimitsTests {
    /// A valid policy of `count` rules on one wallet, each for its own band of amounts.
    static func manyRules(_ count: Int) -> String {
        var rules = ""
        for index in 0..<count {
            rules +=
                "  - {id: r\(index), match: {wallets: hot, amount: {min: \(index * 10), max: \(index * 10 + 9)}}, "
                + "action: approve, approvals: [{role: treasury, min: 1}]}\n"
        }
        return Fixtures.yaml(rules: String(rules.dropLast()))
    }

    static func messages(_ yaml: String) -> [String] {
        PolicyDecoder.diagnose(yaml: yaml, file: "p.yaml").1.map(\.description)
    }

    /// The rule analysis compared every rule with every earlier one: 10,000 rules took minutes
    /// in a debug build. Growth is judged by the ratio of the thread's CPU time for 8,000 rules
    /// to that for 1,000 in the same process (8 for linear work, about 10 with a logarithm, 64
    /// for quadratic), not by a wall-clock bound that a loaded machine would break.
    @Test func tenThousandRulesAreCheckedInNearLinearTime() {
        let (policy, diagnostics) = PolicyDecoder.diagnose(yaml: Self.manyRules(10_000), file: "many.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(3))")
        #expect(policy?.rules.count == 10_000)

        func cpuSeconds(rules count: Int) -> Double {
            let yaml = Self.manyRules(count)
            // The fastest of three runs: the least disturbed by the rest of the machine.
            return (0..<3).map { _ in
                let start = Self.threadCPUSeconds()
                _ = PolicyDecoder.diagnose(yaml: yaml, file: "many.yaml")
                return Self.threadCPUSeconds() - start
            }.min()!
        }
        let small = cpuSeconds(rules: 1000)
        let large = cpuSeconds(rules: 8000)
        #expect(large / small < 24, "1,000 rules: \(small) s, 8,000 rules: \(large) s of CPU")
    }

    /// The CPU time this thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    @Test func theAnalysisStillFindsUnreachableAndOverlappingRulesAmongMany() {
        var rules = Self.manyRules(2000).components(separatedBy: "rules:\n")[1].components(
            separatedBy: "\ngovernance:")[0]
        rules += "\n  - {id: hidden, match: {wallets: hot, amount: {min: 100, max: 105}}, action: deny}"
        rules += "\n  - {id: straddle, match: {wallets: hot, amount: {min: 25, max: 1000000}}, action: deny}"
        let messages = Self.messages(Fixtures.yaml(rules: rules))
        #expect(messages.contains { $0.contains("rule 'hidden' is unreachable: rule 'r10'") }, "\(messages)")
        #expect(messages.contains { $0.contains("rule 'straddle' overlaps rule 'r2'") }, "\(messages)")
    }

    /// A few hundred bytes of nested aliases used as mapping keys kept the decoder busy for
    /// minutes: Yams hashed each key with every alias expanded, ten times more per level.
    @Test func aNestedAliasBombIsRefusedBeforeYamsExpandsIt() {
        var yaml = "a0: &a0 {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}\n"
        for level in 1...12 {
            yaml += "a\(level): &a\(level)\n"
            for key in 0..<10 { yaml += "  ? *a\(level - 1)\n  : \(key)\n" }
        }
        let start = Date()
        let messages = Self.messages(yaml)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(
            messages == [
                "p.yaml:1:5: YAML anchors and aliases (& and *) are not allowed in a policy; write the value out"
            ])
    }

    @Test(arguments: [
        ("name: &n test", "anchors and aliases"), ("name: !!str test", "tags (!) are not allowed"),
        ("%TAG ! tag:example.com,2000:\n---\nname: test", "tags (!) are not allowed"),
    ])
    func anchorsAliasesAndTagsAreRefused(yaml: String, phrase: String) {
        let messages = Self.messages(yaml)
        #expect(messages.count == 1 && messages[0].contains(phrase), "\(messages)")
    }

    /// Deep flow nesting recursed in the composer without a bound.
    @Test func nestingDeeperThanTheLimitIsRefusedWithoutRecursion() {
        let messages = Self.messages("rules: " + String(repeating: "[", count: 100_000))
        #expect(messages.count == 1 && messages[0].contains("nesting deeper than the limit of 32"), "\(messages)")
    }

    @Test func aPolicyFileOverFourMebibytesIsRefusedBeforeParsing() {
        let bytes = Array("# ".utf8) + [UInt8](repeating: 0x61, count: PolicyDecoder.maxPolicyBytes)
        #expect {
            try PolicyDecoder.decode(bytes: bytes, file: "big.yaml")
        } throws: { error in
            (error as? PolicyError)?.diagnostics.first?.message.contains("more than the limit of 4194304") == true
        }
        #expect(throws: PolicyError.self) { try PolicyDecoder.decode(bytes: [0xFF, 0xFE], file: "bad.yaml") }
    }

    @Test func moreRulesThanTheLimitAreRefusedNamingIt() {
        let yaml = Fixtures.yaml(rules: "  [" + Array(repeating: "1", count: 10_001).joined(separator: ",") + "]")
            .replacingOccurrences(of: "rules:\n  [", with: "rules: [")
        #expect(Self.messages(yaml).contains { $0.contains("rules has 10001 items, more than the limit of 10000") })
    }

    @Test func moreWalletsThanTheLimitAreRefusedNamingIt() {
        let wallets = (0...998).map { "  w\($0): {asset: BTC, tier: hot, key: k\($0)}" }.joined(separator: "\n")
        let yaml = Fixtures.yaml(rules: "  - {id: r, action: allow}").replacingOccurrences(
            of: "  hot: {asset: BTC, tier: hot, key: k1}", with: wallets)
        let messages = Self.messages(yaml)
        #expect(
            messages.contains { $0.contains("wallets has 1001 entries, more than the limit of 1000") },
            "\(messages.prefix(3))")
    }

    @Test func thousandsOfProblemsAreReportedUpToTheLimit() {
        let rules = (0..<3000).map { "  - {id: r\($0), action: allow, match: {wallets: nowhere\($0)}}" }
        let messages = Self.messages(Fixtures.yaml(rules: rules.joined(separator: "\n")))
        #expect(messages.count == 1001)
        #expect(messages.last?.contains("2000 more problem(s) not shown (the limit is 1000)") == true)
    }
}
