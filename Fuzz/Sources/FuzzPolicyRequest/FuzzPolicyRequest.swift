import FuzzSupport
import Policy
import PolicyFixture

/// A signed request file (`{"request": {…}, "signature": "<hex>"}`), read as `custody policy
/// eval` reads it (`PolicyInputDecoder.signedRequest(json:)`).
///
/// Properties: reading never traps; a request that reads is written by `PolicyInputEncoder` to
/// canonical JSON that reads back to the same request with the same digest, and whose canonical
/// form is a fixed point; deciding it under the example policy never traps and gives the same
/// decision twice.
@main enum FuzzPolicyRequest {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let signed = try? PolicyInputDecoder.signedRequest(json: bytes) else { return }
    let again = PolicyFixture.requireRoundTrip(
        signed, PolicyInputEncoder.signedRequest, PolicyInputDecoder.signedRequest(json:), "a request")
    require(again.request.canonicalBytes == signed.request.canonicalBytes, "the digested bytes change")
    require(PolicyFixture.decide(signed) == PolicyFixture.decide(again), "the same request gets two decisions")
}
