import Custody
import FROST
import FuzzSupport

/// The robust signing messages' encodings (docs/protocol.md § Signing payloads): the first byte
/// chooses the message, the rest is decoded.
///
/// Properties: every decoder refuses or accepts without trapping; what it accepts re-encodes to
/// exactly the input bytes (the encodings are canonical); a decoded share request lists its
/// signers strictly ascending, within the documented limits.
@main enum FuzzSigningWire {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let payload = Array(bytes.dropFirst())
    switch selector % 3 {
    case 0:
        guard let decoded = try? SigningCommitments(decoding: payload) else { return }
        require(decoded.encoded() == payload, "commitments re-encode differently")
    case 1:
        guard let decoded = try? ShareRequest(decoding: payload) else { return }
        require((try? decoded.encoded()) == payload, "share request re-encodes differently")
        let signers = decoded.package.signers
        require(zip(signers, signers.dropFirst()).allSatisfy { $0 < $1 }, "signers not strictly ascending")
        require(
            signers.count <= SigningWire.maximumSigners
                && decoded.package.message.count <= SigningWire.maximumMessageSize,
            "a share request beyond the limits decoded")
    default:
        guard let decoded = try? ShareResponse(decoding: payload) else { return }
        require(decoded.encoded() == payload, "share response re-encodes differently")
    }
}
