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
    let encoded = JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed))
    guard let again = try? PolicyInputDecoder.signedRequest(json: encoded) else {
        fatalError("property violated: a request that reads does not read again once written")
    }
    require(again == signed, "the request changes through its canonical JSON")
    require(again.request.canonicalBytes == signed.request.canonicalBytes, "the digested bytes change")
    require(
        JSONWriter.canonical(PolicyInputEncoder.signedRequest(again)) == encoded, "the canonical JSON is no fixed point"
    )
    require(PolicyFixture.decide(signed) == PolicyFixture.decide(again), "the same request gets two decisions")
}
