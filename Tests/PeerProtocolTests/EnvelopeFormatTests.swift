import Encoding
import PeerProtocol
import Testing

/// The envelope's bytes, exactly as docs/protocol.md lays them out.
@Suite struct EnvelopeFormatTests {
    func example(payload: [UInt8] = Array("abc".utf8)) throws -> Envelope {
        try Envelope(
            sender: try PeerID("signer-1"), recipient: try PeerID("coordinator"),
            session: try SessionID(bytes: Array(0..<16)), sequence: 1, expiry: 1_800_000_000, type: .share,
            payload: payload, authenticator: [UInt8](repeating: 0xAA, count: 64))
    }

    @Test func theLayoutIsByteForByteTheDocumentedOne() throws {
        let expected =
            "637573746f64792d656e76656c6f7065"  // "custody-envelope"
            + "01"  // version
            + "08" + "7369676e65722d31"  // sender "signer-1"
            + "0b" + "636f6f7264696e61746f72"  // recipient "coordinator"
            + "000102030405060708090a0b0c0d0e0f"  // session id
            + "0000000000000001"  // sequence number
            + "000000006b49d200"  // expiry 1,800,000,000
            + "0104"  // message type: share
            + "00000003" + "616263"  // payload "abc"
            + String(repeating: "aa", count: 64)  // authenticator
        let envelope = try example()
        #expect(Hex.encode(envelope.serialized) == expected)
        #expect(envelope.signedBytes == Array(envelope.serialized.dropLast(64)))
        #expect(try Envelope(parsing: envelope.serialized) == envelope)
    }

    @Test func sizesAndLimits() throws {
        #expect(Envelope.minimumSize == 123)
        #expect(Envelope.maximumSize == 1_048_825)
        let smallest = try Envelope(
            sender: try PeerID("a"), recipient: try PeerID("b"), session: .random(), sequence: 0, expiry: 0,
            type: .refusal, payload: [], authenticator: [UInt8](repeating: 0, count: 64))
        #expect(smallest.serialized.count == Envelope.minimumSize)
        let longID = try PeerID(String(repeating: "x", count: 64))
        let largest = try Envelope(
            sender: longID, recipient: longID, session: .random(), sequence: .max, expiry: .max, type: .share,
            payload: [UInt8](repeating: 1, count: Envelope.maximumPayloadSize),
            authenticator: [UInt8](repeating: 0, count: 64))
        #expect(largest.serialized.count == Envelope.maximumSize)
        #expect(try Envelope(parsing: largest.serialized) == largest)
    }

    @Test func peerIDsAreOneToSixtyFourAllowedCharacters() {
        for valid in ["a", "signer-1", "Signer_2.eu", String(repeating: "z", count: 64)] {
            #expect((try? PeerID(valid)) != nil, "\(valid)")
        }
        for invalid in ["", String(repeating: "z", count: 65), "signer 1", "signé", "a/b", "a\u{0}"] {
            #expect(throws: EnvelopeError.self) { try PeerID(invalid) }
        }
    }

    @Test func anInvalidIdOnTheWireIsMalformed() throws {
        var bytes = try example().serialized
        bytes[18] = UInt8(ascii: " ")  // the sender's first character
        #expect {
            _ = try Envelope(parsing: bytes)
        } throws: { ($0 as? EnvelopeError)?.code == .malformed }
        bytes[17] = 0  // an empty sender id
        #expect {
            _ = try Envelope(parsing: bytes)
        } throws: { ($0 as? EnvelopeError)?.code == .malformed }
    }

    @Test func theMessageTypesOfVersionOne() {
        #expect(MessageType.known.count == 31)
        #expect(MessageType.ceremonyRefreshStart.rawValue == 0x0209 && MessageType.repairShare.rawValue == 0x020D)
        #expect(MessageType.requestShown.rawValue == 0x0305 && MessageType.requestSeen.rawValue == 0x0306)
        #expect(MessageType.freeze.rawValue == 0x0303 && MessageType.freezeRecorded.rawValue == 0x0304)
        #expect(MessageType.share.description == "0x0104")
        #expect(!MessageType(rawValue: 0).isKnown)
    }
}
