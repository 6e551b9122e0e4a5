import Custody
import FROST
import PeerProtocol
import Policy
import SignerService
import SignerStore
import Testing

/// Officers freeze and unfreeze the signers through the coordinator (`freeze`, 0x0303): each
/// signer verifies the statement against its own policy, records it durably, and from then on
/// signs nothing but a sweep to a colder tier until a governed unfreeze has passed its delay.
@Suite struct FreezeTests {
    let harness: SigningHarness
    let session = SessionID.random()

    init() async throws { harness = try await SigningHarness(threshold: 2, of: 3) }

    var pair: [PeerID] { Array(harness.peers.prefix(2)) }

    func request() async throws -> ShareRequest {
        var commitments: [SigningCommitments] = []
        for peer in pair { commitments.append(try await harness.commitment(from: peer, session: session)) }
        return try SigningHarness.shareRequest(commitments, message: Officers.message())
    }

    /// A freeze or unfreeze by `initiator`, approved by `officers`.
    static func notice(
        _ kind: PolicyRequest.Kind, _ id: String, by initiator: String, approvedBy officers: [String] = []
    ) -> FreezeNotice {
        let request = PolicyRequest(id: id, kind: kind, initiator: initiator, createdAt: Officers.start)
        return FreezeNotice(
            request: Officers.sign(request), approvals: officers.map { Officers.approve($0, request) },
            policy: Officers.policy.hash)
    }

    func send(_ notice: FreezeNotice, to peer: PeerID) async throws -> FreezeRecorded {
        let reply = try await harness.caller.call(peer, session: session, type: .freeze, payload: try notice.encoded())
        #expect(reply.type == .freezeRecorded)
        return try FreezeRecorded(decoding: reply.payload)
    }

    @Test func aFreezeByOneRiskOfficerStopsEverySignerAcrossARestartUntilAGovernedUnfreeze() async throws {
        let freeze = Self.notice(.freeze, "freeze-1", by: "dave", approvedBy: ["dave"])
        for peer in pair {
            let recorded = try await send(freeze, to: peer)
            #expect(recorded.event.kind == .freeze && !recorded.wasRecordedBefore)
            // The same freeze again changes nothing.
            #expect(try await send(freeze, to: peer).wasRecordedBefore)
        }
        let bundle = Officers.bundle(Officers.transfer())
        for peer in pair {
            let refused = await refusal {
                _ = try await harness.share(from: peer, try await request(), bundle: bundle, session: session)
            }
            #expect(refused?.code == "authorization.frozen", "\(refused?.description ?? "signed")")
        }
        // Restarted, the signers are still frozen: the freeze is in their ledgers.
        for peer in pair { _ = try await harness.start(peer) }
        let afterRestart = try await request()
        for peer in pair {
            let refused = await refusal {
                _ = try await harness.share(from: peer, afterRestart, bundle: bundle, session: session)
            }
            #expect(refused?.code == "authorization.frozen", "\(refused?.description ?? "signed")")
        }
        // An unfreeze needs two of treasury and twelve hours from each signer's first sight.
        let unfreeze = Self.notice(.unfreeze, "unfreeze-1", by: "alice", approvedBy: ["bob", "carol"])
        for peer in pair {
            let early = await refusal { _ = try await send(unfreeze, to: peer) }
            #expect(early?.code == "authorization.time_locked", "\(early?.description ?? "lifted")")
        }
        harness.clock.advance(12 * 3_600 + 1)
        for peer in pair { #expect(try await send(unfreeze, to: peer).event.kind == .unfreeze) }
        let lifted = try await request()
        let later = Officers.bundle(Officers.transfer("tx-2"))
        for peer in pair { _ = try await harness.share(from: peer, lifted, bundle: later, session: session) }
    }

    @Test func aFreezeOrUnfreezeWithoutItsOfficersIsRefusedAndRecordsNothing() async throws {
        let peer = pair[0]
        // A treasury officer is not in the freeze roles.
        let outsider = await refusal {
            _ = try await send(Self.notice(.freeze, "freeze-x", by: "alice", approvedBy: ["alice"]), to: peer)
        }
        #expect(outsider?.code.hasPrefix("authorization.") == true, "\(outsider?.description ?? "recorded")")
        // An unfreeze with one approval short, long after.
        _ = try await send(Self.notice(.freeze, "freeze-1", by: "dave", approvedBy: ["dave"]), to: peer)
        harness.clock.advance(86_400)
        let short = await refusal {
            _ = try await send(Self.notice(.unfreeze, "unfreeze-1", by: "alice", approvedBy: ["bob"]), to: peer)
        }
        #expect(short?.code == "authorization.not_allowed", "\(short?.description ?? "lifted")")
        // A transfer given as a freeze.
        let transfer = FreezeNotice(
            request: Officers.sign(Officers.transfer()), approvals: [], policy: Officers.policy.hash)
        let notAFreeze = await refusal { _ = try await send(transfer, to: peer) }
        #expect(notAFreeze?.code == "authorization.not_a_freeze", "\(notAFreeze?.description ?? "recorded")")
        let recorded = try await harness.daemon(peer).service.ledger.freezes()
        #expect(recorded.map(\.kind) == [.freeze])
    }

    @Test func aFreezeNoticeRoundTripsAndATruncatedOneIsRefused() throws {
        let notice = Self.notice(.unfreeze, "unfreeze-1", by: "alice", approvedBy: ["bob", "carol"])
        let bytes = try notice.encoded()
        #expect(try FreezeNotice(decoding: bytes) == notice)
        #expect(throws: SigningSessionError.self) { _ = try FreezeNotice(decoding: Array(bytes.dropLast())) }
        #expect(throws: SigningSessionError.self) { _ = try FreezeNotice(decoding: bytes + [0]) }
        let answer = FreezeRecorded(event: .init(kind: .unfreeze, at: Officers.start), wasRecordedBefore: true)
        #expect(try FreezeRecorded(decoding: answer.encoded()) == answer)
        #expect(throws: SigningSessionError.self) {
            _ = try FreezeRecorded(decoding: [2] + Array(repeating: 0, count: 9))
        }
    }
}
