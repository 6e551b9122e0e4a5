import Crypto
import Policy
import Testing

/// Nothing a requester writes decides when or who: each test is an attack that succeeded
/// before the fix that stops it.
@Suite struct EngineAttackTests {
    typealias F = Fixtures
    let exchange = Fixtures.exchange

    static let lockedAllow = Fixtures.decode(rules: "  - {id: later, action: allow, time-lock: 24h}")

    // MARK: Time locks cannot start in the past

    @Test func aCreatedAtDayOldRequestDoesNotSkipATwentyFourHourLock() {
        let now = F.monday
        let request = F.transfer(wallet: "hot", amount: 1, initiator: "engine", at: now.adding(-25 * 3600))
        let decision = F.evaluate(Self.lockedAllow, request, receivedAt: now, now: now)
        #expect(decision.outcome == .denied, "\(decision.explanation)")
        #expect(decision.reason.contains("more than the allowed clock skew (5m)"), "\(decision.reason)")
    }

    @Test func theLockRunsFromReceiptNotFromCreatedAt() {
        let received = F.monday
        // Within the skew: accepted, but the lock still starts at receipt.
        let request = F.transfer(wallet: "hot", amount: 1, initiator: "engine", at: received.adding(-240))
        let early = F.evaluate(Self.lockedAllow, request, receivedAt: received, now: received.adding(86_400 - 1))
        #expect(early.outcome == .pending, "\(early.explanation)")
        #expect(early.timeLockEndsAt == received.adding(86_400))
        #expect(early.receivedAt == received)
        let done = F.evaluate(Self.lockedAllow, request, receivedAt: received, now: received.adding(86_400))
        #expect(done.outcome == .allowed, "\(done.explanation)")
    }

    @Test func approvalsDatedBeforeReceiptDoNotStartTheLockEarly() {
        // hot-large: treasury and risk, then 30 minutes.
        let received = F.monday
        let request = F.transfer(wallet: "btc-hot", amount: 100_000_000, at: received.adding(-299))
        let approvals = ["alice", "dave"].map { F.approve($0, request, exchange, at: request.createdAt) }
        let decision = F.evaluate(
            exchange, request, approvals, receivedAt: received, now: received.adding(30 * 60 - 1))
        #expect(decision.outcome == .pending, "\(decision.explanation)")
        #expect(decision.timeLockEndsAt == received.adding(30 * 60))
    }

    @Test func aCreatedAtFarInTheFutureIsRefused() {
        let request = F.transfer(wallet: "btc-hot", amount: 5_000_000, at: F.monday.adding(3600))
        let decision = F.evaluate(exchange, request, receivedAt: F.monday, now: F.monday.adding(7200))
        #expect(decision.outcome == .denied)
        #expect(decision.reason.contains("clock skew"))
    }

    @Test func aReceiptAfterTheEvaluationTimeIsRefused() {
        let request = F.transfer(wallet: "btc-hot", amount: 5_000_000)
        let decision = F.evaluate(exchange, request, receivedAt: F.monday, now: F.monday.adding(-1))
        #expect(decision.outcome == .denied)
        #expect(decision.reason.contains("after the evaluation time"))
    }

    @Test func theClockSkewIsConfigurable() {
        let policy = F.decode(rules: "  - {id: later, action: allow, time-lock: 24h}", extra: "clock-skew: 2h")
        let request = F.transfer(wallet: "hot", amount: 1, initiator: "engine", at: F.monday.adding(-3600))
        #expect(F.evaluate(policy, request, receivedAt: F.monday, now: F.monday).outcome == .pending)
        #expect(F.evaluate(Self.lockedAllow, request, receivedAt: F.monday, now: F.monday).outcome == .denied)
    }

    // MARK: The initiator is authenticated

    static func sign(_ request: PolicyRequest, as signer: String) -> SignedRequest {
        SignedRequest(
            request: request,
            signature: TestKeys.signature(SignedRequest.signedBytes(digest: request.digest), by: signer))
    }

    @Test func anOfficerNamingAServiceAsInitiatorCannotApproveTheirOwnRequest() {
        // alice writes a request in the withdrawal engine's name, signs it herself and approves it.
        let request = F.transfer(wallet: "btc-hot", amount: 300_000_000, address: Scenarios.partner)
        let decision = PolicyEngine.evaluate(
            policy: exchange, request: Self.sign(request, as: "alice"),
            approvals: [F.approve("alice", request, exchange)], history: History(), receivedAt: request.createdAt,
            now: request.createdAt.adding(3600))
        #expect(decision.outcome == .denied, "\(decision.explanation)")
        #expect(decision.reason.contains("initiator's signature does not verify"))
        // Signed by the service, the same request waits for an approval from someone else.
        let genuine = F.evaluate(exchange, request, [F.approve("alice", request, exchange)])
        #expect(genuine.outcome == .allowed, "\(genuine.explanation)")
    }

    @Test func aRequestClaimingTheWithdrawalEngineWithoutItsKeyDoesNotMatchItsAutomaticRule() {
        let request = F.transfer(wallet: "btc-hot", amount: 5_000_000)
        for forged in [
            SignedRequest(request: request, signature: []),
            SignedRequest(request: request, signature: [UInt8](repeating: 1, count: 64)),
            Self.sign(request, as: "rebalancer"),
        ] {
            let decision = PolicyEngine.evaluate(
                policy: exchange, request: forged, approvals: [], history: History(), receivedAt: request.createdAt,
                now: request.createdAt)
            #expect(decision.outcome == .denied, "\(decision.explanation)")
            #expect(decision.rule == nil)
        }
        #expect(F.evaluate(exchange, request, now: request.createdAt).outcome == .allowed)
    }

    @Test func aSignatureForAnotherRequestDoesNotCarryOver() {
        let request = F.transfer(wallet: "btc-hot", amount: 5_000_000)
        var other = request
        other.amount = 9_000_000
        let replayed = SignedRequest(request: other, signature: TestKeys.sign(request).signature)
        let decision = PolicyEngine.evaluate(
            policy: exchange, request: replayed, approvals: [], history: History(), receivedAt: request.createdAt,
            now: request.createdAt)
        #expect(decision.outcome == .denied)
    }

    @Test func anOfficerInitiatingSignsWithTheirOwnKeyAndStillNeverCounts() {
        let request = F.transfer(wallet: "btc-hot", amount: 100_000_000, initiator: "carol")  // P-256
        let decision = F.evaluate(
            exchange, request, ["carol", "alice", "dave"].map { F.approve($0, request, exchange) })
        #expect(decision.outcome == .allowed, "\(decision.explanation)")
        #expect(decision.ignoredApprovals.contains { $0.officer == "carol" && $0.reason.contains("initiator") })
    }

    @Test(arguments: ["mallory", "Alice", "ALICE", "alice "])
    func anInitiatorThatIsNoServiceNorOfficerIsDenied(initiator: String) {
        // With a case variant of her id, alice once counted as an approver of her own request.
        let request = F.transfer(
            wallet: "btc-hot", amount: 300_000_000, address: Scenarios.partner, initiator: initiator)
        let signed = Self.sign(request, as: "alice")
        let decision = PolicyEngine.evaluate(
            policy: exchange, request: signed, approvals: [F.approve("alice", request, exchange)], history: History(),
            receivedAt: request.createdAt, now: request.createdAt.adding(3600))
        #expect(decision.outcome == .denied, "\(decision.explanation)")
        #expect(decision.reason.contains("unknown initiator"))
    }

    // MARK: A request is executed at most once

    @Test func anExecutedRequestIsDeniedWhateverTheApprovals() {
        let request = F.transfer(wallet: "btc-hot", amount: 100_000_000)
        let approvals = ["alice", "dave"].map { F.approve($0, request, exchange) }
        #expect(F.evaluate(exchange, request, approvals).outcome == .allowed)
        let byID = History(executed: [.init(request: request.id, digest: [UInt8](repeating: 0, count: 32))])
        let byDigest = History(executed: [.init(request: "another-id", digest: request.digest)])
        for history in [byID, byDigest] {
            let decision = F.evaluate(exchange, request, approvals, history: history)
            #expect(decision.outcome == .denied, "\(decision.explanation)")
            #expect(decision.reason.hasPrefix("already executed"))
        }
    }

    /// The velocity window's start was `now - window`, which traps at the earliest instant.
    @Test(arguments: [Int64.min, Int64.max])
    func anEvaluationAtTheEndsOfTimeDoesNotTrap(seconds: Int64) {
        let request = F.transfer(wallet: "btc-hot", amount: 5_000_000, at: Instant(seconds: seconds))
        let decision = F.evaluate(exchange, request, now: Instant(seconds: seconds))
        #expect(decision.outcome == .allowed, "\(decision.reason)")
        #expect(decision.rule == "hot-small")
    }

    // MARK: Every approval or rejection that does not count is listed

    @Test func anApprovalFromOutsideTheStageRolesIsListedNotLost() {
        // hot-large needs treasury and risk; grace is on the board.
        let request = F.transfer(wallet: "btc-hot", amount: 100_000_000)
        let decision = F.evaluate(exchange, request, ["alice", "grace"].map { F.approve($0, request, exchange) })
        #expect(decision.outcome == .pending)
        let grace = decision.ignoredApprovals.first { $0.officer == "grace" }
        #expect(grace?.verdict == .approve)
        #expect(grace?.reason.contains("holds none of the roles this decision needs (risk, treasury)") == true)
        #expect(!decision.ignoredApprovals.contains { $0.officer == "alice" })
        #expect(decision.explanation.contains("  grace (approve): not counted: holds none of the roles"))
    }

    @Test func aRejectionFromOutsideTheStageRolesIsListedNotLost() {
        let request = F.transfer(wallet: "btc-hot", amount: 100_000_000)
        let approvals =
            ["alice", "dave"].map { F.approve($0, request, exchange) }
            + [F.approve("grace", request, exchange, verdict: .reject)]
        let decision = F.evaluate(exchange, request, approvals)
        #expect(decision.outcome == .allowed)
        let grace = decision.ignoredApprovals.first { $0.officer == "grace" }
        #expect(grace?.verdict == .reject)
        #expect(grace?.reason.contains("may not reject") == true)
    }

    @Test func approvalsOfARequestDeniedBeforeAnyQuorumAreListed() {
        let request = F.transfer(wallet: "btc-cold", amount: 1, address: Scenarios.partner)
        let decision = F.evaluate(exchange, request, [F.approve("alice", request, exchange)])
        #expect(decision.outcome == .denied)
        #expect(decision.ignoredApprovals.map(\.officer) == ["alice"])
    }
}
