import Custody
import FROST
import FuzzSupport

/// The robust signing requests' encodings (docs/protocol.md § Signing payloads, § Governance
/// payloads): the first byte chooses the payload (its value mod 7), the rest is decoded as a
/// `commitmentRequest`, a `commitments` list, an authorized `shareRequest`, a `freeze` notice,
/// a `freezeRecorded` answer, a `requestShown` request or a `requestSeen` answer.
///
/// Properties: every decoder refuses or accepts without trapping; what it accepts re-encodes to
/// exactly the input bytes (the encodings are canonical) and lies within the documented limits.
@main enum FuzzAuthorizationWire {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let payload = Array(bytes.dropFirst())
    switch selector % 7 {
    case 0:
        guard let decoded = try? CommitmentBatchRequest(decoding: payload) else { return }
        require(decoded.encoded() == payload, "commitment request re-encodes differently")
        require((1...SigningWire.maximumCommitments).contains(decoded.count), "a count beyond the limits decoded")
        require(SigningWire.isWalletName(decoded.wallet), "a wallet name that is none decoded")
    case 1:
        guard let decoded = try? SigningWire.commitments(decoding: payload) else { return }
        require(SigningWire.encoded(commitments: decoded) == payload, "commitments re-encode differently")
        require((1...SigningWire.maximumCommitments).contains(decoded.count), "a commitment count beyond the limits")
        require(Set(decoded.map(\.identifier)).count == 1, "commitments of several signers decoded")
    case 3:
        guard let decoded = try? FreezeNotice(decoding: payload) else { return }
        require((try? decoded.encoded()) == payload, "freeze notice re-encodes differently")
        require(payload.count <= FreezeNotice.maximumSize, "an oversized freeze notice decoded")
    case 4:
        guard let decoded = try? FreezeRecorded(decoding: payload) else { return }
        require(decoded.encoded() == payload, "freeze answer re-encodes differently")
    case 5:
        guard let decoded = try? RequestShown(decoding: payload) else { return }
        require((try? decoded.encoded()) == payload, "shown request re-encodes differently")
        require(payload.count <= RequestShown.maximumSize, "an oversized shown request decoded")
    case 6:
        guard let decoded = try? RequestSeen(decoding: payload) else { return }
        require(decoded.encoded() == payload, "first sight re-encodes differently")
    default:
        guard let decoded = try? AuthorizedShareRequest(decoding: payload) else { return }
        require((try? decoded.encoded()) == payload, "authorized share request re-encodes differently")
        require(payload.count <= AuthorizedShareRequest.maximumSize, "an oversized request decoded")
        require(
            decoded.authorization.messages.count <= AuthorizedShareRequest.maximumMessages
                && decoded.authorization.messages.allSatisfy { $0.count <= SigningWire.maximumMessageSize },
            "messages beyond the limits decoded")
    }
}
