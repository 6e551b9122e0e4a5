import Custody
import FROST
import PeerProtocol
import Policy
import SignerService
import Testing

/// A request shown to the signers when the coordinator receives it (`requestShown`, 0x0305):
/// each signer's time lock runs from that first sight, and a request that is not authentic is
/// refused and leaves no record.
@Suite struct RequestSightingTests {
    let harness: SigningHarness
    let session = SessionID.random()

    init() async throws { harness = try await SigningHarness(threshold: 2, of: 3) }

    var pair: [PeerID] { Array(harness.peers.prefix(2)) }

    func show(_ request: SignedRequest, to peer: PeerID) async throws -> Instant {
        let payload = try RequestShown(request: request, policy: Officers.policy.hash).encoded()
        let reply = try await harness.caller.call(peer, session: session, type: .requestShown, payload: payload)
        #expect(reply.type == .requestSeen)
        return try RequestSeen(decoding: reply.payload).firstSeen
    }

    func share(_ bundle: AuthorizationBundle, message: [UInt8]) async throws {
        var commitments: [SigningCommitments] = []
        for peer in pair { commitments.append(try await harness.commitment(from: peer, session: session)) }
        let request = try SigningHarness.shareRequest(commitments, message: message)
        for peer in pair { _ = try await harness.share(from: peer, request, bundle: bundle, session: session) }
    }

    @Test func aRequestShownAtCreationRunsEachSignersTimeLockFromThenAndASecondShowingKeepsTheFirstSight()
        async throws
    {
        let request = Officers.transfer("tx-shown", amount: 2_000_000)
        let signed = Officers.sign(request)
        let shownAt = harness.clock.instant()
        for peer in pair { #expect(try await show(signed, to: peer) == shownAt) }
        // Half an hour later, shown again: the first sight is kept.
        harness.clock.advance(1_800)
        for peer in pair { #expect(try await show(signed, to: peer) == shownAt) }
        // An hour after the first showing the one-hour lock has ended on every signer.
        harness.clock.advance(1_801)
        try await share(
            Officers.bundle(request, approvedBy: ["alice", "bob"]), message: request.payload!.hash)
    }

    @Test func aShownRequestWithAForgedInitiatorSignatureIsRefusedAndLeavesNoFirstSight() async throws {
        let request = Officers.transfer("tx-forged", amount: 2_000_000)
        let forged = Officers.sign(request, by: "alice")
        for peer in pair {
            let refused = await refusal { _ = try await show(forged, to: peer) }
            #expect(refused?.code == "authorization.invalid_initiator_signature", "\(refused?.description ?? "seen")")
        }
        // The authentic request, shown later, starts its lock then, not at the forged showing.
        harness.clock.advance(1_800)
        let later = harness.clock.instant()
        for peer in pair { #expect(try await show(Officers.sign(request), to: peer) == later) }
    }

    @Test func aPolicyChangeOrARequestFromTheFutureIsNotShown() async throws {
        let change = PolicyRequest(
            id: "change-1", kind: .policyChange, initiator: "alice", createdAt: Officers.start,
            newPolicy: Officers.policy.hash)
        let future = Officers.transfer("tx-future")
        var ahead = future
        ahead.createdAt = harness.clock.instant().adding(3_600)
        for (request, code) in [
            (Officers.sign(change), "authorization.nothing_to_sign"),
            (Officers.sign(ahead), "authorization.created_in_the_future"),
        ] {
            let refused = await refusal { _ = try await show(request, to: pair[0]) }
            #expect(refused?.code == code, "\(refused?.description ?? "seen")")
        }
    }
}
