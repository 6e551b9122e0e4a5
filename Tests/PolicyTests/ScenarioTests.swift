import Policy
import Testing

/// A request, its approvals and history, and the decision the policy must reach.
struct Scenario: Sendable, CustomTestStringConvertible {
    let name: String
    let policy: Policy
    let request: PolicyRequest
    let approvals: [SignedApproval]
    let history: History
    let now: Instant
    let outcome: Decision.Outcome
    let rule: String?
    let reason: String

    var testDescription: String { name }

    init(
        _ name: String, _ policy: Policy, _ request: PolicyRequest, approvers: [String] = [],
        extra: [SignedApproval] = [], history: History = History(), after seconds: Int64 = 3600,
        _ outcome: Decision.Outcome, rule: String?, reason: String = ""
    ) {
        self.name = name
        self.policy = policy
        self.request = request
        self.approvals = approvers.map { Fixtures.approve($0, request, policy) } + extra
        self.history = history
        self.now = request.createdAt.adding(seconds)
        self.outcome = outcome
        self.rule = rule
        self.reason = reason
    }
}

enum Scenarios {
    typealias F = Fixtures
    static let exchange = F.exchange
    static let fund = F.fund
    static let monday = F.monday

    static func hot(_ amount: Int64, address: String = "bc1qcustomer", initiator: String = "withdrawal-engine")
        -> PolicyRequest
    {
        F.transfer(wallet: "btc-hot", amount: amount, address: address, initiator: initiator)
    }

    static func recent(_ wallet: String, _ amount: Int64, rule: String, count: Int = 1) -> History {
        History(
            transfers: (0..<count).map {
                .init(request: "old-\($0)", wallet: wallet, amount: amount, at: monday.adding(-600), rule: rule)
            })
    }

    static let partner = "bc1qpartner0000000000000000000000000000"
    static let frozen = History(freezes: [.init(kind: .freeze, at: F.at("2025-03-01T00:00:00Z"))])
    static let newPolicy = PolicyHash(bytes: Array(repeating: 7, count: 32))

    static let exchangeScenarios: [Scenario] = [
        Scenario("small hot withdrawal is allowed at once", exchange, hot(5_000_000), .allowed, rule: "hot-small"),
        Scenario(
            "small hot withdrawal past the hourly velocity falls through to approvals", exchange, hot(5_000_000),
            history: recent("btc-hot", 199_000_000, rule: "hot-small"), after: 0, .pending, rule: "hot-large",
            reason: "needs 1 more of treasury, 1 more of risk"),
        Scenario(
            "velocity by count", exchange, hot(1000), history: recent("btc-hot", 1, rule: "hot-small", count: 500),
            after: 0, .pending, rule: "hot-large"),
        Scenario(
            "velocity history older than the window does not count", exchange, hot(5_000_000),
            history: recent("btc-hot", 199_000_000, rule: "hot-small"), after: 3600, .allowed, rule: "hot-small"),
        Scenario(
            "a service outside the rule's initiators needs approvals", exchange,
            hot(5_000_000, initiator: "rebalancer"), .pending, rule: "hot-large"),
        Scenario(
            "treasury then risk, after the time lock", exchange, hot(100_000_000), approvers: ["alice", "dave"],
            .allowed, rule: "hot-large"),
        Scenario(
            "time lock not over", exchange, hot(100_000_000), approvers: ["alice", "dave"], after: 1200, .pending,
            rule: "hot-large", reason: "time lock until 2025-03-03T10:31:00Z"),
        Scenario(
            "one person counts once across stages", exchange, hot(100_000_000), approvers: ["carol"], .pending,
            rule: "hot-large", reason: "needs 1 more of"),
        Scenario(
            "a person in two roles fills the stage only they can", exchange, hot(100_000_000),
            approvers: ["carol", "alice"], .allowed, rule: "hot-large"),
        Scenario(
            "the initiator never counts", exchange, hot(100_000_000, initiator: "alice"),
            approvers: ["alice", "dave"], .pending, rule: "hot-large", reason: "needs 1 more of treasury"),
        Scenario(
            "a rejection by an approver denies, even during the time lock", exchange, hot(100_000_000),
            approvers: ["alice"], extra: [F.approve("dave", hot(100_000_000), exchange, verdict: .reject)],
            .denied, rule: "hot-large", reason: "rejected by dave"),
        Scenario(
            "allowlisted partner, one treasury officer", exchange, hot(300_000_000, address: partner),
            approvers: ["bob"], .allowed, rule: "hot-partner"),
        Scenario(
            "an allowlist entry still cooling down does not match", exchange, hot(300_000_000, address: "bc1qfresh"),
            history: History(allowlistAdditions: [
                .init(
                    allowlist: "partner-exchanges",
                    entry: .init(address: "bc1qfresh", label: "fresh", added: F.at("2025-03-02T12:00:00Z")))
            ]), .pending, rule: "hot-large"),
        Scenario(
            "an allowlist entry past its cooldown matches", exchange, hot(300_000_000, address: "bc1qfresh"),
            history: History(allowlistAdditions: [
                .init(
                    allowlist: "partner-exchanges",
                    entry: .init(address: "bc1qfresh", label: "fresh", added: F.at("2025-03-01T09:00:00Z")))
            ]), .pending, rule: "hot-partner"),
        Scenario(
            "above every hot limit: denied by default", exchange, hot(600_000_000), .denied, rule: nil,
            reason: "no rule matches: denied by default"),
        Scenario(
            "warm to a partner inside business hours", exchange,
            F.transfer(wallet: "btc-warm", amount: 2_000_000_000, address: partner),
            approvers: ["alice", "bob", "dave"], after: 3 * 3600, .allowed, rule: "warm-partner"),
        Scenario(
            "warm to a partner on a Saturday waits for Monday 09:00 London", exchange,
            F.transfer(
                wallet: "btc-warm", amount: 2_000_000_000, address: partner, at: F.at("2025-03-08T10:00:00Z")),
            approvers: ["alice", "bob", "dave"], after: 3 * 3600, .pending, rule: "warm-partner",
            reason: "opens 2025-03-10T09:00:00Z"),
        Scenario(
            "cold straight outside is denied", exchange, F.transfer(wallet: "btc-cold", amount: 1, address: partner),
            .denied, rule: "cold-external", reason: "cold funds leave only through the warm wallet"),
        Scenario(
            "internal move", exchange, F.transfer(wallet: "btc-hot", amount: 1_000_000_000, to: "btc-cold"),
            approvers: ["alice", "bob"], after: 3700, .allowed, rule: "internal"),
        Scenario(
            "frozen: every transfer is denied", exchange, hot(1000), history: frozen, .denied, rule: nil,
            reason: "frozen"),
        Scenario(
            "unknown wallet is denied", exchange, F.transfer(wallet: "btc-nowhere", amount: 1), .denied, rule: nil),
        Scenario(
            "policy change: board and security, then 72 hours", exchange,
            PolicyRequest(id: "chg", kind: .policyChange, initiator: "grace", createdAt: monday, newPolicy: newPolicy),
            approvers: ["heidi", "ivan", "frank"], after: 72 * 3600 + 60, .allowed, rule: "governance.change"),
        Scenario(
            "policy change before its activation delay", exchange,
            PolicyRequest(id: "chg", kind: .policyChange, initiator: "grace", createdAt: monday, newPolicy: newPolicy),
            approvers: ["heidi", "ivan", "frank"], after: 72 * 3600, .pending, rule: "governance.change"),
        Scenario(
            "freeze by one security officer, who initiated it", exchange,
            PolicyRequest(id: "frz", kind: .freeze, initiator: "frank", createdAt: monday), approvers: ["frank"],
            .allowed, rule: "governance.freeze"),
        Scenario(
            "freeze by someone outside the freeze roles", exchange,
            PolicyRequest(id: "frz", kind: .freeze, initiator: "alice", createdAt: monday), approvers: ["bob"],
            .pending, rule: "governance.freeze"),
        Scenario(
            "unfreeze: two board members and a day", exchange,
            PolicyRequest(id: "unf", kind: .unfreeze, initiator: "frank", createdAt: monday),
            approvers: ["grace", "heidi"], history: frozen, after: 24 * 3600 + 60, .allowed,
            rule: "governance.unfreeze"),
        Scenario(
            "allowlist addition: treasury and risk", exchange,
            PolicyRequest(
                id: "add", kind: .allowlistAddition, initiator: "withdrawal-engine", createdAt: monday,
                allowlist: "partner-exchanges", address: "bc1qnewpartner", label: "Partner B"),
            approvers: ["alice", "dave"], .allowed, rule: "allowlist:partner-exchanges"),
        Scenario(
            "sweep toward cold needs nobody", exchange,
            PolicyRequest(
                id: "swp", kind: .rebalance, wallet: "btc-hot", amount: 100, destination: .init(wallet: "btc-warm"),
                initiator: "rebalancer", createdAt: monday), .allowed, rule: "rebalancing:BTC"),
        Scenario(
            "refill toward hot needs its quorum", exchange,
            PolicyRequest(
                id: "ref", kind: .rebalance, wallet: "btc-warm", amount: 100, destination: .init(wallet: "btc-hot"),
                initiator: "rebalancer", createdAt: monday), approvers: ["alice"], .pending, rule: "rebalancing:BTC"),
    ]

    static func cold(_ created: Instant = monday) -> PolicyRequest {
        F.transfer(
            wallet: "btc-cold", amount: 1_000_000_000, address: "bc1qprimebroker00000000000000000000000000",
            initiator: "fund-admin", at: created)
    }

    static let fundScenarios: [Scenario] = [
        Scenario(
            "cold: 3 of 5 and compliance, 48 hours after the quorum", fund, cold(),
            approvers: ["officer-1", "officer-2", "officer-4", "zoe"], after: 48 * 3600 + 60, .allowed,
            rule: "cold-withdrawal"),
        Scenario(
            "cold: never a second early", fund, cold(), approvers: ["officer-1", "officer-2", "officer-4", "zoe"],
            after: 48 * 3600 + 59, .pending, rule: "cold-withdrawal"),
        Scenario(
            "cold: two officers are not enough", fund, cold(), approvers: ["officer-1", "officer-2", "zoe"],
            after: 72 * 3600, .pending, rule: "cold-withdrawal", reason: "needs 1 more of officers"),
        Scenario(
            "ops payment within the daily limit", fund,
            F.transfer(
                wallet: "btc-ops", amount: 50_000_000, address: "bc1qprimebroker00000000000000000000000000",
                initiator: "fund-admin"), approvers: ["officer-3", "officer-5"], .allowed, rule: "ops-counterparty"),
        Scenario(
            "ops payment over the daily limit needs three", fund,
            F.transfer(
                wallet: "btc-ops", amount: 50_000_000, address: "bc1qprimebroker00000000000000000000000000",
                initiator: "fund-admin"), approvers: ["officer-3", "officer-5"],
            history: recent("btc-ops", 60_000_000, rule: "ops-counterparty"), .pending, rule: "ops-large"),
        Scenario(
            "ops to an unlisted address: default deny", fund,
            F.transfer(wallet: "btc-ops", amount: 1, address: "bc1qstranger", initiator: "fund-admin"), .denied,
            rule: nil),
        Scenario(
            "ops to cold is allowed", fund,
            F.transfer(wallet: "btc-ops", amount: 1, to: "btc-cold", initiator: "fund-admin"), .allowed,
            rule: "ops-to-cold"),
    ]

    static let defaultScenarios: [Scenario] = [
        Scenario(
            "default: main wallet in hours", F.standard,
            F.transfer(wallet: "btc-main", amount: 1, initiator: "back-office"), approvers: ["alice", "carol"],
            .allowed, rule: "main-out"),
        Scenario(
            "default: vault needs three and a day", F.standard,
            F.transfer(wallet: "btc-vault", amount: 1, initiator: "back-office"), approvers: ["alice", "bob", "carol"],
            .pending, rule: "vault-out", reason: "time lock"),
    ]
}

@Suite struct ScenarioTests {
    @Test(arguments: Scenarios.exchangeScenarios + Scenarios.fundScenarios + Scenarios.defaultScenarios)
    func scenario(_ scenario: Scenario) {
        let decision = Fixtures.evaluate(
            scenario.policy, scenario.request, scenario.approvals, history: scenario.history, now: scenario.now)
        #expect(decision.outcome == scenario.outcome, "\(decision.explanation)")
        #expect(decision.rule == scenario.rule, "\(decision.explanation)")
        #expect(scenario.reason.isEmpty || decision.reason.contains(scenario.reason), "\(decision.explanation)")
    }
}
