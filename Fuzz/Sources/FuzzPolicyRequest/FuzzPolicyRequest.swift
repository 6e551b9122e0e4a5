import Foundation
import FuzzSupport
import Policy
import PolicyFixture

/// A request file, decoded as `custody policy eval` decodes it (Foundation's JSONDecoder).
///
/// Properties: decoding never traps; a request that decodes encodes to JSON that decodes to the
/// same request with the same canonical bytes; deciding it under the example policy never traps
/// and gives the same decision twice.
@main enum FuzzPolicyRequest {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let request = try? JSONDecoder().decode(PolicyRequest.self, from: Data(bytes)) else {
        return
    }
    guard let encoded = try? JSONEncoder().encode(request),
        let again = try? JSONDecoder().decode(PolicyRequest.self, from: encoded)
    else { fatalError("property violated: a decoded request does not encode and decode again") }
    require(again == request, "the request changes through JSON")
    require(again.canonicalBytes == request.canonicalBytes, "the canonical bytes change through JSON")
    require(PolicyFixture.decide(request) == PolicyFixture.decide(again), "the same request gets two decisions")
}
