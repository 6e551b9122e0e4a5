import Custody
import FuzzSupport
import Policy

/// Governance's payloads (docs/protocol.md § Governance payloads): the first byte chooses the
/// message (even: `policyChange`, odd: `policyAdopted`), the rest is decoded.
///
/// Properties: every decoder refuses or accepts without trapping; what it accepts re-encodes to
/// exactly the input bytes (the encodings are canonical); a decoded change is within the
/// documented limits, and its change request and approvals are the policy module's canonical
/// JSON; a decoded answer's version number is at least 1.
@main enum FuzzPolicyAdoptionWire {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let payload = Array(bytes.dropFirst())
    if selector % 2 == 0 {
        guard let decoded = try? PolicyAdoption(decoding: payload) else { return }
        require((try? decoded.encoded()) == payload, "policy change re-encodes differently")
        require(
            !decoded.policyFile.isEmpty && decoded.policyFile.count <= PolicyAdoptionWire.maximumPolicyFileSize
                && decoded.approvals.count <= PolicyAdoptionWire.maximumApprovals,
            "a policy change beyond the limits decoded")
        let change = JSONWriter.canonical(PolicyInputEncoder.signedRequest(decoded.change))
        require((try? PolicyInputDecoder.signedRequest(json: change)) == decoded.change, "change request differs")
    } else {
        guard let decoded = try? PolicyAdopted(decoding: payload) else { return }
        require(decoded.encoded() == payload, "policy-adopted answer re-encodes differently")
        require(decoded.version >= 1, "a version number of 0 decoded")
    }
}
