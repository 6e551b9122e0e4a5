import Custody
import Encoding
import Policy
import Testing

/// The attacks of a compromised coordinator on a signer's authorization, each refused by the
/// signer from its own state, with a reason that says why.
@Suite struct AuthorizationAttackTests {
    typealias A = Authorization
    /// Two hours after the request: past the `large` rule's one-hour lock.
    static let later = A.start.adding(7200)

    /// The honest path the attacks start from: seen at creation, released after the lock.
    @Test func anApprovedBundleIsReleasedAfterTheTimeLock() throws {
        var signer = SignerState()
        let bundle = A.bundle(A.transfer())
        // Seen at creation: the approvals, dated a minute later, do not count yet.
        #expect(signer.refusal(bundle)?.code == .notAllowed)
        #expect(signer.refusal(bundle, at: A.start.adding(120))?.code == .timeLocked)
        let release = try signer.authorize(bundle, at: Self.later)
        #expect(release.messages == [A.message])
        #expect(release.decision.rule == "large")
        #expect(release.firstSeen == A.start)
        #expect(signer.history.executed == [.init(request: "tx-1", digest: bundle.request.request.digest)])
        #expect(signer.history.transfers.map(\.amount) == [2_000_000])
    }

    @Test func aForgedApprovalIsRefused() {
        var signer = SignerState()
        let request = A.transfer()
        var bundle = A.bundle(request, approvedBy: ["alice"])
        bundle.approvals.append(A.approve("bob", request, signedBy: "mallory"))
        let refusal = signer.refusal(bundle, at: Self.later)
        #expect(refusal?.code == .invalidApprovalSignature)
        #expect(refusal?.reason == "approval 1 (officer 'bob'): the signature does not verify under the officer's key")
    }

    @Test func anApprovalReplayedFromAnotherRequestIsRefused() {
        var signer = SignerState()
        let approved = A.transfer("tx-approved", amount: 2_000_000)
        let target = A.transfer("tx-target", amount: 9_000_000)
        var bundle = A.bundle(target, approvedBy: [])
        bundle.approvals = [A.approve("alice", approved), A.approve("bob", approved)]
        let refusal = signer.refusal(bundle, at: Self.later)
        #expect(refusal?.code == .approvalForAnotherRequest)
        #expect(refusal?.reason == "approval 0 (officer 'alice') is for another request")
    }

    @Test func anApprovalReplayedUnderAnotherPolicyVersionIsRefused() {
        var signer = SignerState()
        let request = A.transfer()
        let other = A.policy(A.policyYAML(name: "another version"))
        var bundle = A.bundle(request)
        bundle.approvals[1] = A.approve("bob", request, policy: other)
        #expect(signer.refusal(bundle, at: Self.later)?.code == .approvalUnderAnotherPolicy)
    }

    @Test func anApprovalRelabelledToAnotherOfficerIsRefused() {
        var signer = SignerState()
        let request = A.transfer()
        var bundle = A.bundle(request, approvedBy: ["alice", "alice"])
        // The statement of alice, relabelled as carol's, keeps alice's signature.
        bundle.approvals[1].statement.officer = "carol"
        let refusal = signer.refusal(bundle, at: Self.later)
        #expect(refusal?.code == .invalidApprovalSignature)
        #expect(refusal?.reason.contains("officer 'carol'") == true)
    }

    @Test func anApprovalRelabelledToAnotherRoleIsRefused() {
        // `cold-out` needs one of risk; alice is treasury. The signer reads roles from its own
        // copy of the policy, so her approval does not fill the risk stage.
        var signer = SignerState()
        let request = A.transfer(wallet: "cold")
        let refusal = signer.refusal(A.bundle(request, approvedBy: ["alice"]), at: Self.later)
        #expect(refusal?.code == .notAllowed)
        #expect(refusal?.reason == "pending: needs 1 more of risk")
        // A policy copy that makes alice a member of risk is no version this signer adopted.
        let relabelled = A.policy(A.policyYAML(risk: ["dave", "alice"]))
        let forged = A.bundle(request, approvedBy: ["alice"], policy: relabelled)
        #expect(signer.refusal(forged, at: Self.later)?.code == .unknownPolicy)
    }

    @Test func aMessageChangedAfterApprovalIsRefused() {
        var signer = SignerState()
        let bundle = A.bundle(A.transfer(), messages: [Array(repeating: 0x42, count: 32)])
        let refusal = signer.refusal(bundle, at: Self.later)
        #expect(refusal?.code == .messageMismatch)
        #expect(refusal?.reason == "the 1 message(s) to sign are not the 1 the approved payload binds")
        // An extra message beside the approved one is refused too.
        let extra = A.bundle(A.transfer(), messages: [A.message, A.message])
        #expect(signer.refusal(extra, at: Self.later)?.code == .messageMismatch)
    }

    @Test func aPSBTChangedAfterApprovalIsRefused() throws {
        let approvedInputs: [[UInt8]] = [A.message, Array(repeating: 7, count: 32)]
        let approved = ConcatenatedSighashes.document(approvedInputs)
        let request = A.transfer(payload: .psbt(document: approved))
        var signer = SignerState()
        _ = signer.refusal(A.bundle(request, messages: approvedInputs, document: approved))
        // Another transaction, with its own sighashes: its document does not hash to the payload.
        let swappedInputs: [[UInt8]] = [Array(repeating: 9, count: 32)]
        let swapped = A.bundle(
            request, messages: swappedInputs, document: ConcatenatedSighashes.document(swappedInputs))
        let refusal = signer.refusal(swapped, at: Self.later, reader: ConcatenatedSighashes())
        #expect(refusal?.code == .unreadablePayload)
        #expect(refusal?.reason == "the document's SHA-256 is not the payload's hash")
        // The approved transaction, but other messages than its sighashes.
        let wrong = A.bundle(request, messages: swappedInputs, document: approved)
        #expect(signer.refusal(wrong, at: Self.later, reader: ConcatenatedSighashes())?.code == .messageMismatch)
        let release = try signer.authorize(
            A.bundle(request, messages: approvedInputs, document: approved), at: Self.later,
            reader: ConcatenatedSighashes())
        #expect(release.messages == approvedInputs)
    }

    @Test func aRequestWithoutAPayloadIsRefused() {
        var signer = SignerState()
        let bundle = A.bundle(A.transfer(payload: nil), messages: [A.message])
        #expect(signer.refusal(bundle, at: Self.later)?.code == .noPayload)
    }

    @Test func aFalseInitiatorIsRefused() {
        var signer = SignerState()
        // The request claims the engine, which may send small amounts alone, but alice signed it.
        let request = A.transfer(amount: 500_000)
        var bundle = A.bundle(request, approvedBy: [])
        bundle.request = A.sign(request, by: "alice")
        let refusal = signer.refusal(bundle)
        #expect(refusal?.code == .invalidInitiatorSignature)
        #expect(refusal?.reason == "the initiator's signature does not verify under the key of 'engine'")
        let stranger = A.bundle(A.transfer(initiator: "mallory"))
        #expect(signer.refusal(stranger)?.code == .unknownInitiator)
        // A refused bundle leaves no first-seen record: only authentic requests are recorded.
        #expect(signer.firstSeen.records.isEmpty)
    }

    @Test func aSkippedTimeLockIsRefused() throws {
        // The coordinator shows the signer the request for the first time two hours after its
        // createdAt, with approvals dated then: the lock runs from this signer's first sight.
        var signer = SignerState()
        let created = A.start.adding(-7200)
        let request = A.transfer(createdAt: created)
        let bundle = A.bundle(request)
        let refusal = signer.refusal(bundle)
        #expect(refusal?.code == .timeLocked)
        #expect(
            refusal?.reason
                == "the time lock runs until 2026-03-02T11:00:00Z, counted from 2026-03-02T10:00:00Z (the later "
                + "of this signer's first sight of the request and its createdAt); it is 2026-03-02T10:00:00Z")
        #expect(signer.refusal(bundle, at: A.start.adding(3599))?.code == .timeLocked)
        _ = try signer.authorize(bundle, at: A.start.adding(3600))
    }

    @Test func velocityIsCountedAcrossCoordinatorsInTheSignersOwnHistory() throws {
        var signer = SignerState()
        // Coordinator 1 has 800,000 signed under `small`.
        let first = A.transfer("via-coordinator-1", amount: 800_000)
        _ = try signer.authorize(A.bundle(first, approvedBy: []))
        // Coordinator 2, whose own history is empty, asks for another 800,000 the same day.
        let second = A.transfer("via-coordinator-2", amount: 800_000)
        let refusal = signer.refusal(A.bundle(second, approvedBy: []), at: A.start.adding(600))
        #expect(refusal?.code == .velocityExceeded)
        #expect(
            refusal?.reason
                == "rule 'small': velocity per wallet over 1d would reach amount 1600000 (max 1500000), count 2; "
                + "then pending: needs 2 more of treasury")
        // Without the first transfer in its history, the signer would have let it through.
        var forgetful = SignerState()
        _ = try forgetful.authorize(A.bundle(second, approvedBy: []), at: A.start.adding(600))
    }

    @Test func aResubmittedSignedRequestIsRefused() throws {
        var signer = SignerState()
        let request = A.transfer(amount: 500_000)
        _ = try signer.authorize(A.bundle(request, approvedBy: []))
        let again = signer.refusal(A.bundle(request, approvedBy: []), at: A.start.adding(60))
        #expect(again?.code == .alreadySigned)
        #expect(again?.reason == "request 'tx-1' was already signed by this signer")
        // The same id with other content is refused too.
        let sameID = A.transfer(amount: 400_000)
        #expect(signer.refusal(A.bundle(sameID, approvedBy: []), at: A.start.adding(60))?.code == .alreadySigned)
    }

    @Test func theInitiatorsOwnApprovalNeverCounts() {
        var signer = SignerState()
        let request = A.transfer(initiator: "alice")
        let refusal = signer.refusal(A.bundle(request, approvedBy: ["alice", "bob"]), at: Self.later)
        #expect(refusal?.code == .initiatorApproval)
        #expect(
            refusal?.reason
                == "approval 0 (officer 'alice') is by the request's initiator, who never counts as an approver")
    }

    @Test func aFrozenPolicyRefuses() {
        var signer = SignerState()
        signer.history.freezes = [.init(kind: .freeze, at: A.start.adding(-60))]
        let refusal = signer.refusal(A.bundle(A.transfer(amount: 500_000), approvedBy: []))
        #expect(refusal?.code == .frozen)
    }

    @Test func aRequestOfAKindNoWalletKeySignsIsRefused() {
        var signer = SignerState()
        let freeze = PolicyRequest(id: "f-1", kind: .freeze, initiator: "dave", createdAt: A.start)
        let bundle = AuthorizationBundle(
            request: A.sign(freeze), approvals: [], policy: A.genesis.hash, messages: [A.message])
        #expect(signer.refusal(bundle)?.code == .nothingToSign)
    }

    @Test func aRefusalHoldsNoSignatureNoMessageAndNoDocument() {
        var signer = SignerState()
        let request = A.transfer()
        var bundle = A.bundle(request, approvedBy: ["alice"])
        bundle.approvals.append(A.approve("bob", request, signedBy: "mallory"))
        let secretish =
            bundle.approvals.map { Hex.encode($0.signature) } + [Hex.encode(A.message)]
            + [Hex.encode(bundle.request.signature)]
        let text = signer.refusal(bundle, at: Self.later)?.description ?? ""
        #expect(!text.isEmpty)
        for value in secretish { #expect(!text.contains(value)) }
    }
}
