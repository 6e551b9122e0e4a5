import PKCS11
import PeerProtocol
import Testing

/// Answers every message with its own payload reversed, as type `share`.
private struct ReversingHandler: PeerMessageHandler {
    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        PeerReply(type: .share, payload: message.payload.reversed())
    }
}

/// Refuses everything.
private struct RefusingHandler: PeerMessageHandler {
    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        .refusal(try! PeerRefusal(code: "not_authorized", reason: "no approval for this request"))
    }
}

/// A channel that answers every call with a fixed envelope (a relay that substitutes answers).
private struct SubstitutingChannel: PeerChannel {
    let answer: [UInt8]
    func deliver(_ envelope: [UInt8], to peer: PeerID) async throws(PeerCallError) -> [UInt8] { answer }
}

@Suite struct PeerExchangeTests {
    let peers: Peers
    let clock = TestClock()

    init() throws { peers = try Peers.get() }

    private func endpoint(for peer: Peer, handlers: [MessageType: any PeerMessageHandler]) -> PeerEndpoint {
        PeerEndpoint(
            opener: peers.opener(for: peer, clock: clock), sealer: peer.sealer, handlers: handlers,
            clock: clock.read, sequence: SequenceCounter { 1 })
    }

    private func caller(over channel: any PeerChannel) -> PeerCaller {
        PeerCaller(
            sealer: peers.coordinator.sealer, opener: peers.opener(for: peers.coordinator, clock: clock),
            channel: channel, clock: clock.read, sequence: SequenceCounter { 1 })
    }

    @Test func aCallReturnsThePeersAuthenticatedAnswer() async throws {
        let channel = LoopbackPeerChannel(endpoints: [
            peers.signer1.id: endpoint(for: peers.signer1, handlers: [.shareRequest: ReversingHandler()])
        ])
        let session = SessionID.random()
        let caller = caller(over: channel)
        let reply = try await caller.call(
            peers.signer1.id, session: session, type: .shareRequest, payload: [1, 2, 3])
        #expect(reply.sender == peers.signer1.id)
        #expect(reply.session == session)
        #expect(reply.type == .share)
        #expect(reply.payload == [3, 2, 1])
        // Two calls in one session: the sequence counters keep both sides' envelopes fresh.
        let second = try await caller.call(
            peers.signer1.id, session: session, type: .shareRequest, payload: [9])
        #expect(second.payload == [9])
    }

    @Test func aRefusalReachesTheCallerWithItsCode() async throws {
        let channel = LoopbackPeerChannel(endpoints: [
            peers.signer1.id: endpoint(for: peers.signer1, handlers: [.shareRequest: RefusingHandler()])
        ])
        let error = await #expect(throws: PeerCallError.self) {
            try await caller(over: channel).call(
                peers.signer1.id, session: .random(), type: .shareRequest, payload: [])
        }
        #expect(error?.code == .refused)
        #expect(error?.refusal?.code == "not_authorized")
        #expect(error?.refusal?.reason == "no approval for this request")
    }

    @Test func aTypeWithoutHandlerIsRefusedAsUnsupported() async throws {
        let channel = LoopbackPeerChannel(endpoints: [peers.signer1.id: endpoint(for: peers.signer1, handlers: [:])])
        let error = await #expect(throws: PeerCallError.self) {
            try await caller(over: channel).call(
                peers.signer1.id, session: .random(), type: .ceremonyStart, payload: [])
        }
        #expect(error?.refusal?.code == "unsupported_message")
    }

    @Test func strangersEnvelopeIsRejectedWithoutAnyHandlerRunning() async throws {
        let endpoint = endpoint(for: peers.signer1, handlers: [.shareRequest: ReversingHandler()])
        let bytes = try await peers.stranger.sealer.seal(
            to: peers.signer1.id, session: .random(), sequence: 1, expiry: clock.now + 60, type: .shareRequest,
            payload: [1])
        guard case .rejected(let error) = await endpoint.answer(bytes) else {
            Issue.record("a stranger's envelope was answered")
            return
        }
        #expect(error.code == .unknownSender)
    }

    @Test func relaySubstitutingAnotherPeersAnswerIsCaught() async throws {
        // signer-2 answered some other call; a relay hands that answer back for signer-1.
        let session = SessionID.random()
        let foreign = try await peers.signer2.sealer.seal(
            to: peers.coordinator.id, session: session, sequence: 5, expiry: clock.now + 60, type: .share,
            payload: [7])
        let error = await #expect(throws: PeerCallError.self) {
            try await caller(over: SubstitutingChannel(answer: foreign)).call(
                peers.signer1.id, session: session, type: .shareRequest, payload: [])
        }
        #expect(error?.code == .badReply)
        #expect(error?.reason.contains("signer-2") == true)
    }

    @Test func relayReplayingAnAnswerFromAnotherSessionIsCaught() async throws {
        let other = SessionID.random()
        let stale = try await peers.signer1.sealer.seal(
            to: peers.coordinator.id, session: other, sequence: 5, expiry: clock.now + 60, type: .share, payload: [7])
        let error = await #expect(throws: PeerCallError.self) {
            try await caller(over: SubstitutingChannel(answer: stale)).call(
                peers.signer1.id, session: .random(), type: .shareRequest, payload: [])
        }
        #expect(error?.code == .badReply)
    }

    @Test func unreachablePeerIsReportedAsSuch() async throws {
        let error = await #expect(throws: PeerCallError.self) {
            try await caller(over: LoopbackPeerChannel()).call(
                peers.signer1.id, session: .random(), type: .shareRequest, payload: [])
        }
        #expect(error?.code == .unreachable)
    }
}

@Suite struct PeerRefusalFormatTests {
    @Test func encodesAsDocumented() throws {
        let refusal = try PeerRefusal(code: "stale", reason: "é")
        #expect(refusal.encoded == [5] + Array("stale".utf8) + [0, 2, 0xc3, 0xa9])
        #expect(try PeerRefusal(decoding: refusal.encoded) == refusal)
    }

    @Test func badPayloadsAreRefusedNamingTheField() {
        let cases: [([UInt8], String)] = [
            ([], "empty"),
            ([0], "code length is 0"),
            ([2, 0x61], "truncated"),
            ([1, 0x41, 0, 0], "character"),
            ([1, 0x61, 0x10, 0x01], "over 4096"),
            ([1, 0x61, 0, 2, 0x61], "truncated"),
            ([1, 0x61, 0, 0, 0x61], "trailing"),
            ([1, 0x61, 0, 1, 0xff], "UTF-8"),
        ]
        for (payload, expected) in cases {
            #expect {
                try PeerRefusal(decoding: payload)
            } throws: { error in
                (error as? EnvelopeError).map { $0.code == .malformed && $0.reason.contains(expected) } ?? false
            }
        }
    }

    @Test func longReasonsAreCutAtACharacterBoundary() throws {
        let refusal = try PeerRefusal(code: "x", reason: String(repeating: "é", count: 3000))
        #expect(refusal.reason.utf8.count == 4096)
        #expect(try PeerRefusal(decoding: refusal.encoded) == refusal)
    }

    @Test func invalidCodesAreRefused() {
        for code in ["", "Upper", String(repeating: "a", count: 65), "sp ace"] {
            #expect(throws: EnvelopeError.self) { try PeerRefusal(code: code, reason: "") }
        }
    }
}
