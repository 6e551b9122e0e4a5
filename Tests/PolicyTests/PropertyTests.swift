import CustodyTestSupport
import Policy
import Testing

@Suite struct PropertyTests {
    static let officers = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"]
    static let amounts: [Int64] = [1, 5_000_000, 10_000_000, 10_000_001, 100_000_000, 500_000_000, 600_000_000]
    static let initiators = ["withdrawal-engine", "rebalancer", "alice", "carol", "dave"]

    /// A random request of the exchange policy, random approvals by random officers at random
    /// times, and a random evaluation time.
    static func randomCase(_ rng: inout SeededGenerator) -> (PolicyRequest, [SignedApproval], History, Instant) {
        let wallet = ["btc-hot", "btc-warm", "btc-cold"].randomElement(using: &rng)!
        let address = ["bc1qcustomer", Scenarios.partner].randomElement(using: &rng)!
        let request = Fixtures.transfer(
            wallet: wallet, amount: amounts.randomElement(using: &rng)!, address: address,
            initiator: initiators.randomElement(using: &rng)!,
            at: Fixtures.monday.adding(Int64.random(in: 0...(7 * 86_400), using: &rng)))
        let approvals = officers.shuffled(using: &rng).prefix(Int.random(in: 0...5, using: &rng)).map {
            Fixtures.approve(
                $0, request, Fixtures.exchange, at: request.createdAt.adding(Int64.random(in: 0...7200, using: &rng)))
        }
        let history = Scenarios.recent("btc-hot", Int64.random(in: 0...200_000_000, using: &rng), rule: "hot-small")
        return (request, approvals, history, request.createdAt.adding(Int64.random(in: 0...(3 * 86_400), using: &rng)))
    }

    static func evaluate(_ request: PolicyRequest, _ approvals: [SignedApproval], _ history: History, _ now: Instant)
        -> Decision
    {
        Fixtures.evaluate(Fixtures.exchange, request, approvals, history: history, now: now)
    }

    @Test func anExtraValidApprovalNeverTurnsAllowedIntoDenied() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<150 {
            let (request, approvals, history, now) = Self.randomCase(&rng)
            let before = Self.evaluate(request, approvals, history, now)
            let officer = Self.officers.randomElement(using: &rng)!
            let extra = Fixtures.approve(officer, request, Fixtures.exchange, at: request.createdAt.adding(30))
            let after = Self.evaluate(request, approvals + [extra], history, now)
            if before.outcome == .allowed { #expect(after.outcome == .allowed, "\(after.explanation)") }
            if before.outcome == .pending { #expect(after.outcome != .denied, "\(after.explanation)") }
        }
    }

    @Test func theOrderOfApprovalsNeverMatters() {
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<150 {
            let (request, approvals, history, now) = Self.randomCase(&rng)
            let a = Self.evaluate(request, approvals, history, now)
            let b = Self.evaluate(request, approvals.shuffled(using: &rng), history, now)
            let c = Self.evaluate(request, approvals.reversed() + approvals, history, now)
            #expect(a == b)
            #expect(a == c)
        }
    }

    @Test func theInitiatorNeverCounts() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<150 {
            var (request, approvals, history, now) = Self.randomCase(&rng)
            let initiator = ["alice", "carol", "dave", "bob"].randomElement(using: &rng)!
            request.initiator = initiator
            approvals = approvals.map {
                Fixtures.approve($0.statement.officer, request, Fixtures.exchange, at: $0.statement.at)
            }
            let with = Self.evaluate(
                request, approvals + [Fixtures.approve(initiator, request, Fixtures.exchange)], history, now)
            let without = Self.evaluate(
                request, approvals.filter { $0.statement.officer != initiator }, history, now)
            #expect(with.outcome == without.outcome)
            #expect(with.stages == without.stages)
            #expect(with.stages.allSatisfy { !$0.approvers.contains(initiator) })
        }
    }

    @Test func aTimeLockNeverReleasesEarly() {
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<150 {
            let (request, approvals, history, now) = Self.randomCase(&rng)
            let decision = Self.evaluate(request, approvals, history, now)
            if decision.outcome == .allowed, let end = decision.timeLockEndsAt { #expect(end <= now) }
            if let end = decision.timeLockEndsAt, decision.outcome != .denied {
                let early = Self.evaluate(request, approvals, history, end.adding(-1))
                #expect(early.outcome != .allowed || early.rule != decision.rule, "\(early.explanation)")
            }
        }
    }

    /// Replays random small withdrawals through `hot-small`, recording each allowed one, and
    /// checks every rolling window of the rule's limits.
    @Test func aVelocityWindowNeverLetsThroughMoreThanItsLimit() {
        var rng = SeededGenerator(seed: 5)
        var history = History()
        var clock = Fixtures.monday
        for index in 0..<400 {
            clock = clock.adding(Int64.random(in: 1...60, using: &rng))
            let request = Fixtures.transfer(
                "r\(index)", wallet: "btc-hot", amount: Int64.random(in: 1...10_000_000, using: &rng), at: clock)
            let decision = Fixtures.evaluate(Fixtures.exchange, request, history: history, now: clock)
            if decision.outcome == .allowed {
                history.transfers.append(
                    .init(
                        request: request.id, wallet: "btc-hot", amount: request.amount!, at: clock, rule: decision.rule!
                    ))
            }
        }
        let allowed = history.transfers
        #expect(allowed.count > 10)
        for transfer in allowed {
            let window = allowed.filter { $0.at > transfer.at.adding(-3600) && $0.at <= transfer.at }
            #expect(window.reduce(0) { $0 + $1.amount } <= 200_000_000)
            #expect(window.count <= 500)
        }
    }

    /// The history is indexed whatever its order: shuffled transfers, freezes and additions,
    /// and the same history read back from its JSON, give the same decision.
    @Test func theOrderOfTheHistoryNeverMatters() throws {
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<50 {
            let (request, approvals, _, now) = Self.randomCase(&rng)
            var history = History()
            for index in 0..<40 {
                history.transfers.append(
                    .init(
                        request: "h\(index)", wallet: ["btc-hot", "btc-warm"].randomElement(using: &rng)!,
                        amount: Int64.random(in: 1...20_000_000, using: &rng),
                        at: request.createdAt.adding(-Int64.random(in: 0...7200, using: &rng)),
                        rule: ["hot-small", "hot-large"].randomElement(using: &rng)!))
            }
            for index in 0..<4 {
                history.freezes.append(
                    .init(
                        kind: index % 2 == 0 ? .freeze : .unfreeze,
                        at: request.createdAt.adding(Int64.random(in: -86_400...86_400, using: &rng))))
            }
            var shuffled = history
            shuffled.transfers.shuffle(using: &rng)
            shuffled.freezes.shuffle(using: &rng)
            let reread = try PolicyInputDecoder.history(
                json: JSONWriter.canonical(PolicyInputEncoder.history(shuffled)))
            let a = Self.evaluate(request, approvals, history, now)
            #expect(a == Self.evaluate(request, approvals, shuffled, now))
            #expect(a == Self.evaluate(request, approvals, reread, now))
        }
    }
}
