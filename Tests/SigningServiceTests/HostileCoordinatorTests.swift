import Custody
import FROST
import PKCS11
import PeerProtocol
import Policy
import SignerService
import SignerStore
import Testing

/// A compromised coordinator attacks the signers through the signing messages. Each attack is
/// made on every signer of the session: every signer refuses, says why, and signs nothing.
@Suite struct HostileCoordinatorTests {
    let harness: SigningHarness
    let session = SessionID.random()

    init() async throws { harness = try await SigningHarness(threshold: 2, of: 3) }

    var pair: [PeerID] { Array(harness.peers.prefix(2)) }

    /// A share request for `message` with fresh commitments of the first two signers.
    func request(message: [UInt8] = Officers.message()) async throws -> ShareRequest {
        var commitments: [SigningCommitments] = []
        for peer in pair { commitments.append(try await harness.commitment(from: peer, session: session)) }
        return try SigningHarness.shareRequest(commitments, message: message)
    }

    /// Sends `request` with `bundle` to both signers and expects each to refuse with `code`,
    /// having signed nothing.
    func expectEverySignerRefuses(
        _ request: ShareRequest, _ bundle: AuthorizationBundle, code: String, wallet: String = SigningHarness.wallet,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for peer in pair {
            let refused = await refusal {
                _ = try await harness.share(from: peer, request, bundle: bundle, session: session, wallet: wallet)
            }
            #expect(
                refused?.code == code, "\(peer): \(refused?.description ?? "no refusal")",
                sourceLocation: sourceLocation)
            #expect(refused?.reason.isEmpty == false, sourceLocation: sourceLocation)
            let signed = try await harness.signed(peer)
            #expect(signed.consumed == 0 && signed.audited == 0, sourceLocation: sourceLocation)
        }
    }

    @Test func aCoordinatorThatReplaysAShareRequestGetsTheRecordedShare() async throws {
        let request = try await request()
        let bundle = Officers.bundle(Officers.transfer())
        let peer = pair[0]
        let first = try await harness.share(from: peer, request, bundle: bundle, session: session)
        let again = try await harness.share(from: peer, request, bundle: bundle, session: session)
        #expect(again.share == first.share)
        #expect(first.next != nil && again.next == nil)
        let signed = try await harness.signed(peer)
        // One nonce consumed; both releases audited, the second as a replay.
        #expect(signed.consumed == 1 && signed.audited == 2)
    }

    @Test func aMessageChangedAfterApprovalIsNotSigned() async throws {
        let approved = Officers.transfer()
        // The package carries another message than the approved one.
        let other = try await request(message: Officers.message("another sighash"))
        try await expectEverySignerRefuses(other, Officers.bundle(approved), code: "message_not_approved")
        // The bundle asks for another message than its approved payload binds.
        let request = try await request(message: Officers.message("another sighash"))
        try await expectEverySignerRefuses(
            request, Officers.bundle(approved, messages: [Officers.message("another sighash")]),
            code: "authorization.message_mismatch")
    }

    @Test func aForgedApprovalIsRefused() async throws {
        let transfer = Officers.transfer(amount: 2_000_000)
        var bundle = Officers.bundle(transfer, approvedBy: ["alice"])
        bundle.approvals.append(Officers.approve("bob", transfer, signedBy: "mallory"))
        try await expectEverySignerRefuses(
            try await request(), bundle, code: "authorization.invalid_approval_signature")
    }

    @Test func anApprovalRelabelledFromAnotherRequestIsRefused() async throws {
        let transfer = Officers.transfer(amount: 2_000_000)
        let earlier = Officers.transfer("tx-0", amount: 2_000_000)
        var bundle = Officers.bundle(transfer)
        bundle.approvals = [Officers.approve("alice", earlier), Officers.approve("bob", earlier)]
        try await expectEverySignerRefuses(
            try await request(), bundle, code: "authorization.approval_for_another_request")
    }

    @Test func aFalseInitiatorIsRefused() async throws {
        // The request names the engine as initiator, but alice signed it.
        let bundle = Officers.bundle(Officers.transfer(), signedBy: "alice")
        try await expectEverySignerRefuses(
            try await request(), bundle, code: "authorization.invalid_initiator_signature")
    }

    @Test func aSkippedTimeLockIsRefusedUntilItEndsOnTheSignersClock() async throws {
        let bundle = Officers.bundle(Officers.transfer(amount: 2_000_000), approvedBy: ["alice", "bob"])
        let request = try await request()
        try await expectEverySignerRefuses(request, bundle, code: "authorization.time_locked")
        // An hour after each signer first saw the request, both sign.
        harness.clock.advance(3_601)
        for peer in pair {
            _ = try await harness.share(from: peer, request, bundle: bundle, session: session)
        }
    }

    @Test func aSignerRestartKeepsItsFirstSightSoATimeLockIsNotRestarted() async throws {
        let bundle = Officers.bundle(Officers.transfer(amount: 2_000_000), approvedBy: ["alice", "bob"])
        try await expectEverySignerRefuses(try await request(), bundle, code: "authorization.time_locked")
        // Both signers restart (their memory is gone); an hour after they first saw the
        // request, they sign it: the first sight was recorded in their ledgers.
        harness.clock.advance(3_601)
        for peer in pair { _ = try await harness.start(peer) }
        let fresh = try await request()
        for peer in pair {
            _ = try await harness.share(from: peer, fresh, bundle: bundle, session: session)
            let seen = try await harness.daemon(peer).service.ledger.firstSeen(digest: bundle.request.request.digest)
            #expect(seen == harness.clock.instant().adding(-3_601))
        }
    }

    @Test func aShareForAnotherWalletsKeyIsRefused() async throws {
        // The approved request spends from `cold`, whose key is `k2`, not the share's `k1`.
        let transfer = Officers.transfer(wallet: "cold", amount: 10)
        let bundle = Officers.bundle(transfer, approvedBy: ["dave"])
        try await expectEverySignerRefuses(try await request(), bundle, code: "wrong_wallet")
    }

    @Test func aNonceReusedAcrossSessionsIsRefused() async throws {
        let bundle = Officers.bundle(Officers.transfer())
        let first = try await request()
        let peer = pair[0]
        _ = try await harness.share(from: peer, first, bundle: bundle, session: session)
        // The same commitment of the signer in a new session (with the other's fresh one).
        let other = try await harness.commitment(from: pair[1], session: session)
        let mine = first.package.commitments.first { $0.identifier == harness.walletKey.signers[peer] }!
        let second = try SigningHarness.shareRequest([mine, other], message: Officers.message())
        let refused = await refusal {
            _ = try await harness.share(from: peer, second, bundle: bundle, session: session)
        }
        #expect(refused?.code == "nonce_reused")
        #expect(try await harness.signed(peer).consumed == 1)
    }

    @Test func aShareRequestForABurnedNonceIsRefused() async throws {
        let request = try await request()
        for peer in pair {
            let reply = try await harness.caller.call(
                peer, session: session, type: .sessionAbandoned, payload: try request.encoded())
            #expect(reply.type == .abandonAcknowledged)
        }
        try await expectEverySignerRefuses(request, Officers.bundle(Officers.transfer()), code: "nonce_burned")
        for peer in pair { #expect(try await harness.daemon(peer).service.ledger.count(.burned) == 1) }
    }

    @Test func aCommitmentTheSignerNeverIssuedIsRefused() async throws {
        let request = try await request()
        let forged = try SigningHarness.shareRequest(
            request.package.commitments.map {
                try SigningCommitments(identifier: $0.identifier, hiding: $0.binding, binding: $0.hiding)
            }, message: Officers.message())
        try await expectEverySignerRefuses(forged, Officers.bundle(Officers.transfer()), code: "unknown_nonce")
    }

    @Test func aSignerRestartBurnsTheNoncesItHadIssued() async throws {
        let request = try await request()
        for peer in pair {
            let daemon = try await harness.start(peer)
            #expect(daemon.service.ledger.burnedAtOpen == 1)
        }
        try await expectEverySignerRefuses(request, Officers.bundle(Officers.transfer()), code: "nonce_burned")
    }

    @Test func aCoordinatorHoardingCommitmentsNeverMakesTheSignerHoldMoreThanTheLimit() async throws {
        let peer = pair[0]
        let batch = try CommitmentBatchRequest(wallet: SigningHarness.wallet, count: 16).encoded()
        let reply = try await harness.caller.call(peer, session: session, type: .commitmentRequest, payload: batch)
        let hoarded = try SigningWire.commitments(decoding: reply.payload)
        #expect(hoarded.count == 16)
        // One more: the oldest outstanding commitment is burned to make room, never a 17th held.
        _ = try await harness.commitment(from: peer, session: session)
        let ledger = harness.daemon(peer).service.ledger
        #expect(try await ledger.count(.issued) == 16)
        #expect(try await ledger.count(.burned) == 1)
        #expect(try await ledger.nonce(NonceID(hoarded[0]))?.state == .burned)
    }

    @Test func concurrentCommitmentRequestsCannotPassTheLimitTogether() async throws {
        let peer = pair[0]
        let batch = try CommitmentBatchRequest(wallet: SigningHarness.wallet, count: 5).encoded()
        // Four requests at once, in four sessions (one envelope sequence each): 20 > 16.
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let reply = try? await harness.caller.call(
                        peer, session: .random(), type: .commitmentRequest, payload: batch)
                    return reply.map { (try? SigningWire.commitments(decoding: $0.payload).count) ?? 0 } ?? 0
                }
            }
            return await group.reduce(0, +)
        }
        // Commitments still being issued cannot be burned to make room: a request that finds the
        // limit taken by those is refused; one that finds issued ones burns the oldest.
        #expect(granted == 15 || granted == 20)
        #expect(try await harness.daemon(peer).service.ledger.count(.issued) <= 16)
    }

    @Test func aPeerThatIsNotTheCoordinatorIsRefused() async throws {
        // Signer 2, a pinned peer, asks signer 1 for commitments.
        let impostor = harness.identity(pair[1])
        let caller = PeerCaller(
            sealer: EnvelopeSealer(token: impostor.token, sender: impostor.id),
            opener: EnvelopeOpener(me: impostor.id, peers: harness.pinned, clock: harness.clock.read),
            channel: harness.channel, clock: harness.clock.read,
            sequence: SequenceCounter(microseconds: SigningHarness.microseconds))
        let refused = await refusal {
            _ = try await caller.call(
                pair[0], session: session, type: .commitmentRequest,
                payload: try CommitmentBatchRequest(wallet: SigningHarness.wallet).encoded())
        }
        #expect(refused?.code == "not_coordinator")
        #expect(try await harness.daemon(pair[0]).service.ledger.count(.issued) == 0)
    }

    @Test func aMalformedOrUnknownWalletRequestIsRefused() async throws {
        let refused = await refusal {
            _ = try await harness.caller.call(pair[0], session: session, type: .shareRequest, payload: [1, 2, 3])
        }
        #expect(refused?.code == "malformed")
        let unknown = await refusal {
            _ = try await harness.caller.call(
                pair[0], session: session, type: .commitmentRequest,
                payload: try CommitmentBatchRequest(wallet: "k9").encoded())
        }
        #expect(unknown?.code == "unknown_wallet")
    }
}
