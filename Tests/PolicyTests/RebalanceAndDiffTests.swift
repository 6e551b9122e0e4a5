import Policy
import Testing

@Suite struct RebalanceAndDiffTests {
    let policy = Fixtures.exchange

    @Test func sweepsAboveTheHighWatermarkDownToTarget() {
        let proposals = PolicyEngine.rebalance(
            policy: policy, balances: ["btc-hot": 2_500_000_000, "btc-warm": 5_000_000_000], pending: [])
        #expect(
            proposals.map { "\($0.kind) \($0.from)->\($0.to) \($0.amount): \($0.reason)" } == [
                "sweep btc-hot->btc-warm 1500000000: btc-hot at 2500000000 is above its high watermark 2000000000"
            ])
    }

    @Test func refillsBelowTheLowWatermarkFromWarmThenCold() {
        let proposals = PolicyEngine.rebalance(
            policy: policy, balances: ["btc-hot": 100_000_000, "btc-warm": 300_000_000, "btc-cold": 50_000_000_000],
            pending: [])
        #expect(
            proposals.map { "\($0.kind) \($0.from)->\($0.to) \($0.amount)" } == [
                "refill btc-warm->btc-hot 300000000", "refill btc-cold->btc-hot 600000000",
                "refill btc-cold->btc-warm 5000000000",
            ])
    }

    @Test func pendingMovesCountAndNothingIsProposedInBand() {
        #expect(
            PolicyEngine.rebalance(
                policy: policy, balances: ["btc-hot": 1_000_000_000, "btc-warm": 5_000_000_000], pending: []
            ).isEmpty)
        let proposals = PolicyEngine.rebalance(
            policy: policy, balances: ["btc-hot": 100_000_000, "btc-warm": 5_000_000_000],
            pending: [PendingMove(from: "btc-warm", to: "btc-hot", amount: 900_000_000)])
        #expect(proposals.isEmpty)
    }

    @Test func aRefillProposalGoesThroughItsQuorum() {
        let proposal = PolicyEngine.rebalance(
            policy: policy, balances: ["btc-hot": 0, "btc-warm": 9_000_000_000], pending: [])[0]
        let request = proposal.request(id: "ref-1", initiator: "rebalancer", createdAt: Fixtures.monday)
        let decision = Fixtures.evaluate(
            policy, request, [Fixtures.approve("alice", request, policy), Fixtures.approve("bob", request, policy)],
            now: Fixtures.monday.adding(3660))
        #expect(decision.outcome == .allowed)
        #expect(decision.rule == "rebalancing:BTC")
    }

    @Test func diffNamesMembersQuorumsAndLimits() throws {
        let old = Fixtures.text("Policies/examples/exchange.yaml")
        let new = old.replacingOccurrences(
            of: "{role: treasury, min: 1}, {role: risk, min: 1}]\n    time-lock: 30m",
            with: "{role: treasury, min: 2}, {role: risk, min: 1}]\n    time-lock: 30m"
        )
        .replacingOccurrences(of: "max-count: 500", with: "max-count: 100")
        .replacingOccurrences(of: "    - {id: erin,", with: "    - {id: erik,")
        let changes = PolicyDiff.compare(
            try PolicyDecoder.decode(yaml: old, file: "a"), try PolicyDecoder.decode(yaml: new, file: "b")
        ).map(\.description)
        #expect(changes.contains("roles: 'risk': removed member 'erin'"))
        #expect(changes.contains("roles: 'risk': added member 'erik'"))
        #expect(
            changes.contains(
                "rules: 'hot-large': approve by 1 of treasury + 1 of risk -> approve by 2 of treasury + 1 of risk"))
        #expect(changes.contains { $0.hasPrefix("rules: 'hot-small': velocity") })
        #expect(PolicyDiff.compare(policy, policy).isEmpty)
    }
}
