import Custody
import Policy
import Testing

/// Freezes and unfreezes reach a signer's history only once it verified them itself.
@Suite struct FreezeVerificationTests {
    typealias A = Authorization

    static func bundle(_ kind: PolicyRequest.Kind, _ id: String, by initiator: String, approvedBy officers: [String])
        -> AuthorizationBundle
    {
        let request = PolicyRequest(id: id, kind: kind, initiator: initiator, createdAt: A.start)
        return AuthorizationBundle(
            request: A.sign(request), approvals: officers.map { A.approve($0, request) }, policy: A.genesis.hash,
            messages: [])
    }

    static func verify(_ bundle: AuthorizationBundle, _ signer: inout SignerState, at now: Instant)
        throws(AuthorizationRefusal) -> History.FreezeEvent
    {
        var records = signer.firstSeen
        defer { signer.firstSeen = records }
        return try signer.authorizer.verifyFreeze(bundle, now: now, firstSeen: &records, history: signer.history)
    }

    @Test func aFreezeByOneRiskOfficerStopsTransfersUntilAGovernedUnfreeze() throws {
        var signer = SignerState()
        let minute = A.start.adding(60)
        let freeze = try Self.verify(
            Self.bundle(.freeze, "freeze-1", by: "dave", approvedBy: ["dave"]), &signer, at: minute)
        #expect(freeze == .init(kind: .freeze, at: minute))
        signer.history.freezes.append(freeze)
        let transfer = A.bundle(A.transfer(amount: 500_000, createdAt: minute), approvedBy: [])
        #expect(signer.refusal(transfer, at: minute)?.code == .frozen)
        // An unfreeze takes two of treasury and a 12-hour delay from this signer's first sight.
        let unfreeze = Self.bundle(.unfreeze, "unfreeze-1", by: "alice", approvedBy: ["bob", "carol"])
        #expect(throws: AuthorizationRefusal.self) { _ = try Self.verify(unfreeze, &signer, at: minute) }
        let lifted = try Self.verify(unfreeze, &signer, at: minute.adding(12 * 3600))
        signer.history.freezes.append(lifted)
        _ = try signer.authorize(transfer, at: minute.adding(12 * 3600))
    }

    @Test func anUnfreezeWithoutItsQuorumIsRefused() {
        var signer = SignerState()
        signer.history.freezes = [.init(kind: .freeze, at: A.start)]
        let unfreeze = Self.bundle(.unfreeze, "unfreeze-1", by: "alice", approvedBy: ["bob"])
        do {
            _ = try Self.verify(unfreeze, &signer, at: A.start.adding(86_400))
            Issue.record("lifted")
        } catch {
            #expect(error.code == .notAllowed)
            #expect(error.reason == "pending: needs 1 more of treasury")
        }
    }

    @Test func aFreezeBySomeoneOutsideTheFreezeRolesIsRefused() {
        var signer = SignerState()
        let freeze = Self.bundle(.freeze, "freeze-1", by: "alice", approvedBy: ["alice"])
        #expect(throws: AuthorizationRefusal.self) { _ = try Self.verify(freeze, &signer, at: A.start.adding(60)) }
    }

    @Test func aTransferGivenAsAFreezeIsRefused() {
        var signer = SignerState()
        #expect(throws: AuthorizationRefusal.self) {
            _ = try Self.verify(A.bundle(A.transfer()), &signer, at: A.start)
        }
    }
}
