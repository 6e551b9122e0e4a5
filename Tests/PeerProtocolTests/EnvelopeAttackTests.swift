import Crypto
import PKCS11
import PeerProtocol
import Testing

/// The attacks on the envelope between daemons, each with real SoftHSM2 identity keys: what a
/// relaying coordinator, a network attacker or a stranger can try, and the error each gets.
@Suite struct EnvelopeAttackTests {
    let peers: Peers
    let clock = TestClock()
    let session = SessionID.random()

    init() throws { peers = try Peers.get() }

    /// A share from signer-1 to the coordinator, valid for 60 s from now.
    func share(sequence: UInt64 = 1, payload: [UInt8] = Array("share".utf8), from sender: Peer? = nil)
        async throws -> [UInt8]
    {
        try await (sender ?? peers.signer1).sealer.seal(
            to: peers.coordinator.id, session: session, sequence: sequence, expiry: clock.now + 60, type: .share,
            payload: payload)
    }

    /// Signs edited signed bytes with `peer`'s token, as a sender that chose those bytes would.
    func resigned(_ signedBytes: [UInt8], by peer: Peer) async throws -> [UInt8] {
        signedBytes + (try await peer.token.signWithIdentity(digest: Array(SHA256.hash(data: signedBytes))))
    }

    func expectRefusal(_ code: EnvelopeError.Code, _ bytes: [UInt8], by opener: EnvelopeOpener) {
        #expect {
            _ = try opener.open(bytes)
        } throws: { error in
            (error as? EnvelopeError)?.code == code
        }
    }

    @Test func anAuthenticEnvelopeOpens() async throws {
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        let opened = try opener.open(try await share(payload: [1, 2, 3]))
        #expect(opened.sender == peers.signer1.id)
        #expect(opened.session == session)
        #expect(opened.sequence == 1)
        #expect(opened.type == .share)
        #expect(opened.payload == [1, 2, 3])
    }

    @Test func aSecp256k1IdentityKeySealsEnvelopesToo() async throws {
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        let opened = try opener.open(try await share(from: peers.signer2))
        #expect(opened.sender == peers.signer2.id)
    }

    @Test func aForgedSignatureIsRefused() async throws {
        var bytes = try await share()
        bytes[bytes.count - 1] ^= 0x01
        expectRefusal(.badAuthenticator, bytes, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    /// ECDSA's (r, n − s) twin of a valid signature: valid for the plain equation, refused here.
    @Test func aSignatureMalleatedToHighSIsRefused() async throws {
        let envelope = try Envelope(parsing: try await share())
        let order: [UInt8] = [
            0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
        ]  // the order of P-256
        var s = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var difference = Int(order[index]) - Int(envelope.authenticator[32 + index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            s[index] = UInt8(difference)
        }
        let twin = Array(envelope.authenticator[..<32]) + s
        let publicKey = try P256.Signing.PublicKey(x963Representation: peers.signer1.publicKey.uncompressed)
        #expect(
            publicKey.isValidSignature(
                try P256.Signing.ECDSASignature(rawRepresentation: twin), for: SHA256.hash(data: envelope.signedBytes)))
        expectRefusal(
            .badAuthenticator, envelope.signedBytes + twin, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    @Test func aMessageFromAnUnpinnedSenderIsRefused() async throws {
        let bytes = try await share(from: peers.stranger)
        expectRefusal(.unknownSender, bytes, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    /// A signer (or the stranger) writes another pinned peer's id as the sender.
    @Test func aSenderImpersonatingAnotherPinnedPeerIsRefused() async throws {
        let genuine = try Envelope(parsing: try await share(from: peers.signer2))
        let forged = try Envelope(
            sender: peers.signer1.id, recipient: genuine.recipient, session: genuine.session,
            sequence: genuine.sequence, expiry: genuine.expiry, type: genuine.type, payload: genuine.payload,
            authenticator: genuine.authenticator)
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        expectRefusal(.badAuthenticator, forged.serialized, by: opener)
        // Re-signed by its real author under the other's name: still not the named sender's key.
        expectRefusal(.badAuthenticator, try await resigned(forged.signedBytes, by: peers.signer2), by: opener)
    }

    @Test func aMessageForAnotherRecipientIsRefused() async throws {
        let forSigner2 = try await peers.signer1.sealer.seal(
            to: peers.signer2.id, session: session, sequence: 1, expiry: clock.now + 60, type: .ceremonyRound2,
            payload: [9])
        expectRefusal(.wrongRecipient, forSigner2, by: peers.opener(for: peers.coordinator, clock: clock))
        // Relabelled for the coordinator by whoever relays it: the signature no longer holds.
        let envelope = try Envelope(parsing: forSigner2)
        let relabelled = try Envelope(
            sender: envelope.sender, recipient: peers.coordinator.id, session: envelope.session,
            sequence: envelope.sequence, expiry: envelope.expiry, type: envelope.type, payload: envelope.payload,
            authenticator: envelope.authenticator)
        expectRefusal(
            .badAuthenticator, relabelled.serialized, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    @Test func anExpiredMessageIsRefused() async throws {
        let bytes = try await share()
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        // Accepted up to expiry + skew (60 + 30 s) inclusive, refused one second later.
        clock.set(clock.now + 91)
        expectRefusal(.expired, bytes, by: opener)
    }

    @Test func aMessageWithinTheSkewAllowanceIsAccepted() async throws {
        let bytes = try await share()
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        clock.set(clock.now + 90)
        _ = try opener.open(bytes)
    }

    @Test func aMessageExpiringTooFarAheadIsRefused() async throws {
        let bytes = try await peers.signer1.sealer.seal(
            to: peers.coordinator.id, session: session, sequence: 1, expiry: clock.now + 331, type: .share,
            payload: [])
        expectRefusal(.expiryTooFar, bytes, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    @Test func aReplayedMessageIsRefused() async throws {
        let bytes = try await share()
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        _ = try opener.open(bytes)
        expectRefusal(.replayed, bytes, by: opener)
    }

    @Test func anOlderSequenceNumberAfterANewerOneIsRefused() async throws {
        let older = try await share(sequence: 4)
        let newer = try await share(sequence: 5)
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        _ = try opener.open(newer)
        expectRefusal(.replayed, older, by: opener)
    }

    /// Sequence numbers are per sender and session: the same number in another session, or from
    /// another sender, is not a replay.
    @Test func sequenceNumbersAreCountedPerSenderAndSession() async throws {
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        _ = try opener.open(try await share(sequence: 7))
        _ = try opener.open(try await share(sequence: 7, from: peers.signer2))
        let otherSession = try await peers.signer1.sealer.seal(
            to: peers.coordinator.id, session: SessionID.random(), sequence: 7, expiry: clock.now + 60, type: .share,
            payload: [])
        _ = try opener.open(otherSession)
        #expect(opener.rememberedSessions == 3)
    }

    /// A coordinator moves a signer's message from one session into another.
    @Test func aSessionIdRelabelledIsRefused() async throws {
        let envelope = try Envelope(parsing: try await share())
        let relabelled = try Envelope(
            sender: envelope.sender, recipient: envelope.recipient, session: SessionID.random(),
            sequence: envelope.sequence, expiry: envelope.expiry, type: envelope.type, payload: envelope.payload,
            authenticator: envelope.authenticator)
        expectRefusal(
            .badAuthenticator, relabelled.serialized, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    /// A coordinator relaying a signer's message to another signer changes one payload byte,
    /// or the message type, sequence number or expiry.
    @Test func aPayloadAlteredByARelayingCoordinatorIsRefused() async throws {
        let sealed = try await peers.signer1.sealer.envelope(
            to: peers.signer2.id, session: session, sequence: 3, expiry: clock.now + 60, type: .ceremonyRound1,
            payload: Array("round-1 package".utf8))
        let opener = peers.opener(for: peers.signer2, clock: clock)
        var payload = sealed.payload
        payload[0] ^= 0x20
        let edits = [
            try Envelope(
                sender: sealed.sender, recipient: sealed.recipient, session: sealed.session, sequence: 3,
                expiry: sealed.expiry, type: sealed.type, payload: payload, authenticator: sealed.authenticator),
            try Envelope(
                sender: sealed.sender, recipient: sealed.recipient, session: sealed.session, sequence: 3,
                expiry: sealed.expiry, type: .ceremonyRound1Echo, payload: sealed.payload,
                authenticator: sealed.authenticator),
            try Envelope(
                sender: sealed.sender, recipient: sealed.recipient, session: sealed.session, sequence: 4,
                expiry: sealed.expiry, type: sealed.type, payload: sealed.payload, authenticator: sealed.authenticator),
            try Envelope(
                sender: sealed.sender, recipient: sealed.recipient, session: sealed.session, sequence: 3,
                expiry: sealed.expiry + 100, type: sealed.type, payload: sealed.payload,
                authenticator: sealed.authenticator),
        ]
        for edit in edits { expectRefusal(.badAuthenticator, edit.serialized, by: opener) }
        #expect(try opener.open(sealed.serialized).payload == sealed.payload)
    }

    @Test func aTruncatedEnvelopeIsRefused() async throws {
        let bytes = try await share()
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        for length in 0..<bytes.count {
            expectRefusal(.malformed, Array(bytes[..<length]), by: opener)
        }
    }

    @Test func anOversizedEnvelopeIsRefused() async throws {
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        let largest = try await share(payload: [UInt8](repeating: 0x42, count: Envelope.maximumPayloadSize))
        expectRefusal(
            .oversized, largest + [UInt8](repeating: 0, count: Envelope.maximumSize + 1 - largest.count), by: opener)
        // The largest payload, with these shorter ids, is under the limit and opens.
        #expect(try opener.open(largest).payload.count == Envelope.maximumPayloadSize)
        // A payload length over 1 MiB inside an envelope under the size limit is malformed.
        var lying = try await share(payload: [])
        let lengthOffset = lying.count - Envelope.authenticatorSize - 4
        lying.replaceSubrange(lengthOffset..<lengthOffset + 4, with: [0x00, 0x10, 0x00, 0x01])
        expectRefusal(.malformed, lying, by: opener)
        await #expect(throws: EnvelopeError.self) {
            _ = try await share(payload: [UInt8](repeating: 0, count: Envelope.maximumPayloadSize + 1))
        }
    }

    @Test func trailingBytesAreRefused() async throws {
        let bytes = try await share()
        let opener = peers.opener(for: peers.coordinator, clock: clock)
        expectRefusal(.malformed, bytes + [0], by: opener)
        expectRefusal(.malformed, bytes + bytes, by: opener)
        _ = try opener.open(bytes)
    }

    /// Validly signed by a pinned peer, but of a version this reader does not know.
    @Test func anUnknownVersionIsRefused() async throws {
        var signed = try Envelope(parsing: try await share()).signedBytes
        signed[Envelope.prefix.count] = 2
        let bytes = try await resigned(signed, by: peers.signer1)
        expectRefusal(.unknownVersion, bytes, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    /// Validly signed by a pinned peer, but of a type version 1 does not define.
    @Test func anUnknownMessageTypeIsRefused() async throws {
        var signed = try Envelope(parsing: try await share(payload: [])).signedBytes
        let typeOffset = signed.count - 4 - 2
        signed.replaceSubrange(typeOffset..<typeOffset + 2, with: [0x7F, 0xFF])
        let bytes = try await resigned(signed, by: peers.signer1)
        expectRefusal(.unknownMessageType, bytes, by: peers.opener(for: peers.coordinator, clock: clock))
        await #expect(throws: EnvelopeError.self) {
            _ = try await peers.signer1.sealer.seal(
                to: peers.coordinator.id, session: session, sequence: 1, expiry: clock.now + 60,
                type: MessageType(rawValue: 0x7FFF), payload: [])
        }
    }

    /// Another use of the identity key signs SHA-256 of other bytes: an envelope's bytes
    /// without the prefix are not an envelope.
    @Test func bytesWithoutTheEnvelopePrefixAreRefused() async throws {
        var signed = try Envelope(parsing: try await share()).signedBytes
        signed[0] ^= 0x01
        let bytes = try await resigned(signed, by: peers.signer1)
        expectRefusal(.malformed, bytes, by: peers.opener(for: peers.coordinator, clock: clock))
    }

    /// A refusal's reason names what was wrong, never the payload or key material.
    @Test func anErrorNeverQuotesThePayload() async throws {
        let secret = Array("SECRET-SHARE-BYTES".utf8)
        var bytes = try await share(payload: secret)
        bytes[bytes.count - 1] ^= 0x01
        do {
            _ = try peers.opener(for: peers.coordinator, clock: clock).open(bytes)
            Issue.record("a bad signature opened")
        } catch {
            #expect(!error.description.contains("SECRET"))
            #expect(!error.description.lowercased().contains("5345435245"))
            #expect(error.reason.contains("signer-1"))
        }
    }
}
