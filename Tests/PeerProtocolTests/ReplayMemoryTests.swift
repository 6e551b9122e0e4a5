import PeerProtocol
import Testing

/// The opener's bounded replay memory: what it forgets, when, and that forgetting never lets a
/// replay through.
@Suite struct ReplayMemoryTests {
    let peers: Peers
    let clock = TestClock()

    init() throws { peers = try Peers.get() }

    func share(session: SessionID, sequence: UInt64 = 1, lifetime: UInt64 = 60) async throws -> [UInt8] {
        try await peers.signer1.sealer.seal(
            to: peers.coordinator.id, session: session, sequence: sequence, expiry: clock.now + lifetime,
            type: .share, payload: [])
    }

    func expectRefusal(_ code: EnvelopeError.Code, _ bytes: [UInt8], by opener: EnvelopeOpener) {
        #expect {
            _ = try opener.open(bytes)
        } throws: { error in
            (error as? EnvelopeError)?.code == code
        }
    }

    /// The memory forgets a session once all it accepted has expired: a replay then is expired.
    @Test func evictionCannotReopenAReplayWindow() async throws {
        let opener = peers.opener(
            for: peers.coordinator, clock: clock, configuration: .init(clockSkew: 30, replayCapacity: 1))
        let first = SessionID.random()
        let old = try await share(session: first, lifetime: 10)
        let late = try await share(session: first, sequence: 2, lifetime: 60)
        _ = try opener.open(old)
        _ = try opener.open(late)
        // Full: a new session is refused while the first has a live envelope.
        clock.set(clock.now + 60)
        let second = try await share(session: SessionID.random())
        expectRefusal(.replayCapacityExhausted, second, by: opener)
        #expect(opener.rememberedSessions == 1)
        // Once the latest accepted expiry plus skew has passed, the first session is forgotten …
        clock.set(clock.now + 31)
        let third = try await share(session: SessionID.random())
        _ = try opener.open(third)
        #expect(opener.rememberedSessions == 1)
        // … and every envelope it accepted is refused as expired, not accepted again.
        expectRefusal(.expired, old, by: opener)
        expectRefusal(.expired, late, by: opener)
    }

    /// A clock set back after an eviction cannot make an evicted session's envelopes fresh.
    @Test func aClockSetBackCannotReopenAReplayWindow() async throws {
        let opener = peers.opener(
            for: peers.coordinator, clock: clock, configuration: .init(clockSkew: 30, replayCapacity: 1))
        let start = clock.now
        let envelope = try await share(session: SessionID.random(), lifetime: 10)
        _ = try opener.open(envelope)
        clock.set(start + 41)
        _ = try opener.open(try await share(session: SessionID.random(), lifetime: 60))
        clock.set(start)
        expectRefusal(.expired, envelope, by: opener)
    }

    /// A refused envelope is not recorded: the sender's next one still opens.
    @Test func aRefusedEnvelopeRecordsNothing() async throws {
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        let session = SessionID.random()
        var tampered = try await share(session: session, sequence: 9)
        tampered[tampered.count - 1] ^= 1
        #expect(throws: EnvelopeError.self) { _ = try opener.open(tampered) }
        #expect(opener.rememberedSessions == 0)
        _ = try opener.open(try await share(session: session, sequence: 2))
    }
}
