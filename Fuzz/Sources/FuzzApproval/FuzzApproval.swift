import Foundation
import FuzzSupport
import Policy
import PolicyFixture

/// An approvals file (a JSON array of signed statements), decoded as `custody policy eval`
/// decodes it.
///
/// Properties: decoding never traps; approvals that decode survive JSON unchanged, with the
/// same signed bytes; verifying each against the example policy and request, and deciding the
/// example request with them, never traps; the decision does not depend on their order.
@main enum FuzzApproval {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let approvals = try? JSONDecoder().decode([SignedApproval].self, from: Data(bytes))
    else { return }
    guard let encoded = try? JSONEncoder().encode(approvals),
        let again = try? JSONDecoder().decode([SignedApproval].self, from: encoded)
    else { fatalError("property violated: decoded approvals do not encode and decode again") }
    require(again == approvals, "the approvals change through JSON")
    require(
        again.map(\.statement.canonicalBytes) == approvals.map(\.statement.canonicalBytes),
        "the signed bytes change through JSON")
    for approval in approvals {
        _ = try? ApprovalVerifier.verify(
            approval, policy: PolicyFixture.policy, requestDigest: PolicyFixture.request.digest)
    }
    let decision = PolicyFixture.decide(approvals: approvals)
    require(decision == PolicyFixture.decide(approvals: approvals.reversed()), "the order of approvals matters")
}
