import Crypto
import FuzzSupport
import PKCS11
import PeerProtocol

/// The peer message envelope (docs/protocol.md). The first byte chooses what the rest is:
/// `0x00`: an envelope, as received; any other: the signed bytes of one, which the target signs
/// with the fixed sender key, so that the checks behind the signature (recipient, expiry,
/// replay) are reached too.
///
/// Properties: every refusal is an `EnvelopeError`; an envelope that parses re-serialises to
/// the input (one encoding per envelope) with a 64-byte authenticator and fields within their
/// limits; an envelope that opens parses to the same fields, and opening it a second time is
/// refused as a replay; nothing the opener refuses is remembered.
@main enum FuzzEnvelope {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let mode = bytes.first else { return }
    var input = Array(bytes.dropFirst())
    if mode != 0 {
        guard let signature = try? senderKey.signature(for: SHA256.hash(data: input)) else { return }
        input += lowS(Array(signature.rawRepresentation))
    }
    let parsed: Envelope
    do {
        parsed = try Envelope(parsing: input)
    } catch {
        require(input.count > Envelope.maximumSize || error.code != .oversized, "oversized under the limit")
        require(openRefusal(input) == error.code, "the opener and the parser refuse with different codes")
        return
    }
    require(parsed.serialized == input, "an envelope parses but re-serialises differently")
    require(parsed.authenticator.count == Envelope.authenticatorSize, "authenticator not 64 bytes")
    require(parsed.payload.count <= Envelope.maximumPayloadSize, "payload over the limit")
    require(parsed.type.isKnown, "an unknown message type parsed")
    let opener = EnvelopeOpener(me: recipient, peers: pinned, clock: { now })
    do {
        let opened = try opener.open(input)
        require(opened.envelope == parsed, "the opened envelope differs from the parsed one")
        require(opened.sender == sender && opened.payload == parsed.payload, "opened fields differ")
        require(opener.rememberedSessions == 1, "an opened envelope is not remembered")
        require(openRefusal(input, opener: opener) == .replayed, "an envelope opened twice")
    } catch {
        require(opener.rememberedSessions == 0, "a refused envelope was remembered")
    }
}

/// The code `opener` (a fresh one by default) refuses `input` with, or nil when it opens it.
func openRefusal(_ input: [UInt8], opener: EnvelopeOpener? = nil) -> EnvelopeError.Code? {
    do {
        _ = try (opener ?? EnvelopeOpener(me: recipient, peers: pinned, clock: { now })).open(input)
        return nil
    } catch {
        return error.code
    }
}

/// s replaced by n − s when it is in the upper half, as the HSM path does.
func lowS(_ signature: [UInt8]) -> [UInt8] {
    let half: [UInt8] = [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ]
    let s = Array(signature[32...])
    guard half.lexicographicallyPrecedes(s) else { return signature }
    let order: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ]
    var result = [UInt8](repeating: 0, count: 32)
    var borrow = 0
    for index in (0..<32).reversed() {
        var difference = Int(order[index]) - Int(s[index]) - borrow
        borrow = difference < 0 ? 1 : 0
        if difference < 0 { difference += 256 }
        result[index] = UInt8(difference)
    }
    return Array(signature[..<32]) + result
}

/// The fixed sender ("signer-1", a P-256 key of seed bytes 01…01) and recipient ("coordinator");
/// the clock reads 1,800,000,000.
let senderSeed = [UInt8](repeating: 1, count: 32)
var senderKey: P256.Signing.PrivateKey { try! P256.Signing.PrivateKey(rawRepresentation: senderSeed) }
let sender = try! PeerID("signer-1")
let recipient = try! PeerID("coordinator")
let pinned = [sender: try! IdentityPublicKey(curve: .p256, sec1: Array(senderKey.publicKey.x963Representation))]
let now: UInt64 = 1_800_000_000
