import FuzzSupport
import Policy
import PolicyFixture

/// An approvals file (a JSON array of signed statements), read as `custody policy eval` reads
/// it (`PolicyInputDecoder.approvals(json:)`).
///
/// Properties: reading never traps; approvals that read are written by `PolicyInputEncoder` to
/// canonical JSON that reads back unchanged, with the same signed bytes; verifying each against
/// the example policy and request, and deciding the example request with them, never traps; the
/// decision does not depend on their order.
@main enum FuzzApproval {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let approvals = try? PolicyInputDecoder.approvals(json: bytes) else { return }
    let again = PolicyFixture.requireRoundTrip(
        approvals, PolicyInputEncoder.approvals, PolicyInputDecoder.approvals(json:), "approvals")
    require(
        again.map(\.statement.canonicalBytes) == approvals.map(\.statement.canonicalBytes),
        "the signed bytes change through JSON")
    for approval in approvals {
        _ = try? ApprovalVerifier.verify(
            approval, policy: PolicyFixture.policy, requestDigest: PolicyFixture.request.request.digest)
    }
    let decision = PolicyFixture.decide(approvals: approvals)
    require(decision == PolicyFixture.decide(approvals: approvals.reversed()), "the order of approvals matters")
}
