import Custody
import Policy
import Testing

/// Policy versions reach a signer only as governed changes; it keeps every version and decides
/// each request under the version in force at the request's time.
@Suite struct PolicyAdoptionTests {
    typealias A = Authorization
    static let v2YAML = A.policyYAML(name: "version 2")
    static let v2 = A.policy(v2YAML)
    /// Seen at `start` + 120 s: the 48-hour activation delay ends 48 hours later.
    static let seen = A.start.adding(120)
    static let earliest = seen.adding(48 * 3600)

    static func change(
        _ proposed: Policy = v2, id: String = "change-1", approvedBy officers: [String] = ["bob", "carol"],
        under governing: Policy = A.genesis, activatesAt: Instant = earliest, file: String = v2YAML
    ) -> PolicyAdoption {
        let request = PolicyRequest(
            id: id, kind: .policyChange, initiator: "alice", createdAt: A.start, newPolicy: proposed.hash)
        return PolicyAdoption(
            policyFile: Array(file.utf8), hash: proposed.hash, change: A.sign(request),
            approvals: officers.map { A.approve($0, request, policy: governing) }, activatesAt: activatesAt)
    }

    @Test func aGovernedChangeIsAdoptedAndEveryVersionKept() throws {
        var signer = SignerState()
        let version = try signer.adopt(Self.change(), at: Self.seen)
        #expect(version.policy.hash == Self.v2.hash)
        #expect(version.activatesAt == Self.earliest)
        #expect(signer.authorizer.policies.versions.map(\.policy.hash) == [A.genesis.hash, Self.v2.hash])
        #expect(signer.authorizer.policies.inForce(at: Self.earliest.adding(-1))?.policy.hash == A.genesis.hash)
        #expect(signer.authorizer.policies.inForce(at: Self.earliest)?.policy.hash == Self.v2.hash)
    }

    @Test func anUngovernedPolicyIsRefused() {
        var signer = SignerState()
        func refusal(_ adoption: PolicyAdoption) -> AuthorizationRefusal? {
            signer.adoptionRefusal(adoption, at: Self.seen)
        }
        let alone = refusal(Self.change(approvedBy: []))
        #expect(alone?.code == .notAllowed)
        #expect(alone?.reason == "governance does not allow the change: pending: needs 2 more of treasury")
        #expect(refusal(Self.change(approvedBy: ["bob"]))?.code == .notAllowed)
        // The initiator's own approval never makes the second of two.
        #expect(refusal(Self.change(approvedBy: ["alice", "bob"]))?.code == .initiatorApproval)
        // Approvals of the proposed version itself, not of the one that governs.
        #expect(refusal(Self.change(under: Self.v2))?.code == .approvalUnderAnotherPolicy)
        #expect(signer.authorizer.policies.versions.count == 1)
    }

    @Test func anActivationBeforeTheGovernanceDelayIsRefused() {
        var signer = SignerState()
        #expect(throws: AuthorizationRefusal.self) {
            _ = try signer.adopt(Self.change(activatesAt: Self.earliest.adding(-1)), at: Self.seen)
        }
        do {
            _ = try signer.adopt(Self.change(activatesAt: A.start.adding(3600)), at: Self.seen)
            Issue.record("adopted")
        } catch {
            #expect(error.code == .activationTooEarly)
            #expect(
                error.reason
                    == "activation at 2026-03-02T11:00:00Z is before the governance delay allows, 2026-03-04T10:02:00Z")
        }
        #expect(signer.authorizer.policies.versions.count == 1)
    }

    @Test func aPolicyWhoseBytesAreNotTheNamedHashIsRefused() {
        var signer = SignerState()
        let other = A.policyYAML(name: "not the approved one")
        do {
            _ = try signer.adopt(Self.change(file: other), at: Self.seen)
            Issue.record("adopted")
        } catch {
            #expect(error.code == .policyHashMismatch)
        }
        do {
            _ = try signer.adopt(Self.change(file: "version: 2"), at: Self.seen)
            Issue.record("adopted")
        } catch {
            #expect(error.code == .invalidPolicy)
        }
    }

    @Test func aPolicyRollbackIsRefused() throws {
        var signer = SignerState()
        _ = try signer.adopt(Self.change(), at: Self.seen)
        // A request created and first seen after v2 took effect, decided under genesis.
        let after = Self.earliest.adding(600)
        let request = A.transfer("after-v2", amount: 500_000, createdAt: after)
        let rolledBack = A.bundle(request, approvedBy: [])
        let refusal = signer.refusal(rolledBack, at: after)
        #expect(refusal?.code == .policyNotInForce)
        #expect(refusal?.reason.hasPrefix("decided under policy \(A.genesis.hash.hex.prefix(16))…, but") == true)
        // Under a version it never adopted.
        let unknown = A.policy(A.policyYAML(name: "never adopted"))
        #expect(signer.refusal(A.bundle(request, approvedBy: [], policy: unknown), at: after)?.code == .unknownPolicy)
        // Under the version in force it is released.
        let release = try signer.authorize(A.bundle(request, approvedBy: [], policy: Self.v2), at: after)
        #expect(release.policy == Self.v2.hash)
    }

    @Test func aRequestIsDecidedUnderTheVersionInForceAtItsTime() throws {
        var signer = SignerState()
        // Seen before v2 takes effect (its approvals, dated a minute on, do not count yet),
        // signed after: decided under genesis.
        let request = A.transfer("before-v2", createdAt: Self.seen)
        #expect(signer.refusal(A.bundle(request), at: Self.seen)?.code == .notAllowed)
        _ = try signer.adopt(Self.change(), at: Self.seen)
        let later = Self.earliest.adding(600)
        #expect(signer.refusal(A.bundle(request, policy: Self.v2), at: later)?.code == .policyNotInForce)
        let release = try signer.authorize(A.bundle(request), at: later)
        #expect(release.policy == A.genesis.hash)
    }

    @Test func anActivationBeforeAnAdoptedVersionsIsRefused() throws {
        var signer = SignerState()
        let tenDays = A.start.adding(10 * 86_400)
        _ = try signer.adopt(Self.change(activatesAt: tenDays), at: Self.seen)
        let v3YAML = A.policyYAML(name: "version 3")
        let v3 = A.policy(v3YAML)
        do {
            _ = try signer.adopt(
                Self.change(v3, id: "change-2", activatesAt: A.start.adding(3 * 86_400), file: v3YAML), at: Self.seen)
            Issue.record("adopted")
        } catch {
            #expect(error.code == .activationOutOfOrder)
        }
    }
}
