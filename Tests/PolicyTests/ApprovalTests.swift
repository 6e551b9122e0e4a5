import Crypto
import Policy
import Testing

@Suite struct ApprovalTests {
    let policy = Fixtures.exchange
    let request = Scenarios.hot(100_000_000)

    @Test func canonicalBytesHaveTheDocumentedLayout() {
        let statement = ApprovalStatement(
            requestDigest: Array(repeating: 0xAA, count: 32),
            policy: PolicyHash(bytes: Array(repeating: 0xBB, count: 32)),
            verdict: .reject, officer: "bob", at: Instant(seconds: 258))
        let expected =
            Array("custody.approval.v1".utf8) + [0] + Array(repeating: 0xAA, count: 32)
            + Array(repeating: 0xBB, count: 32)
            + [2, 0, 3] + Array("bob".utf8) + [0, 0, 0, 0, 0, 0, 1, 2]
        #expect(statement.canonicalBytes == expected)
    }

    @Test(arguments: ["alice", "carol"])  // Ed25519, P-256
    func validSignaturesVerify(officer: String) throws {
        let signed = Fixtures.approve(officer, request, policy)
        let statement = try ApprovalVerifier.verify(signed, policy: policy, requestDigest: request.digest)
        #expect(statement.officer == officer)
    }

    @Test func p256DERSignaturesVerify() throws {
        let statement = ApprovalStatement(
            requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: "carol", at: Fixtures.monday
        )
        let key = try P256.Signing.PrivateKey(rawRepresentation: TestKeys.seed("carol"))
        let der = try key.signature(for: statement.canonicalBytes).derRepresentation
        let signed = SignedApproval(statement: statement, signature: Array(der))
        #expect(throws: Never.self) {
            try ApprovalVerifier.verify(signed, policy: policy, requestDigest: request.digest)
        }
    }

    func code(_ signed: SignedApproval) -> PolicyError.Code? {
        do {
            _ = try ApprovalVerifier.verify(signed, policy: policy, requestDigest: request.digest)
            return nil
        } catch { return error.code }
    }

    @Test func statementsForAnotherRequestOrPolicyAreRefused() {
        let other = Scenarios.hot(100_000_001)
        #expect(code(Fixtures.approve("alice", other, policy)) == .wrongRequest)
        #expect(code(Fixtures.approve("alice", request, Fixtures.fund)) == .wrongPolicy)
        #expect(code(Fixtures.approve("mallory", request, policy)) == .unknownOfficer)
        var forged = Fixtures.approve("alice", request, policy)
        forged.statement.officer = "bob"
        #expect(code(forged) == .invalidSignature)
        var flipped = Fixtures.approve("dave", request, policy)
        flipped.statement.verdict = .reject
        #expect(code(flipped) == .invalidSignature)
    }

    @Test func badStatementsAreIgnoredAndExplained() {
        let approvals = [
            Fixtures.approve("alice", request, policy, at: request.createdAt.adding(-1)),
            Fixtures.approve("dave", request, policy, at: request.createdAt.adding(7200)),
            Fixtures.approve("bob", Scenarios.hot(1), policy),
        ]
        let decision = Fixtures.evaluate(policy, request, approvals)
        #expect(decision.outcome == .pending)
        #expect(decision.ignoredApprovals.map(\.officer) == ["alice", "bob", "dave"])
        #expect(decision.explanation.contains("approvals and rejections not counted"))
    }

    @Test func requestDigestCoversEveryField() {
        var changed = request
        changed.initiator = "rebalancer"
        #expect(changed.digest != request.digest)
        changed = request
        changed.destination = .init(address: "bc1qother")
        #expect(changed.digest != request.digest)
        changed = request
        changed.createdAt = changed.createdAt.adding(1)
        #expect(changed.digest != request.digest)
        #expect(request.digest.count == 32)
    }
}
