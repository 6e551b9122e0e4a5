import Custody
import FROST
import Secp256k1
import Testing

/// The signer's machine against a coordinator that does not play by the rules: every package
/// that strays from what the signer committed to is refused, nothing is signed and nothing
/// changes, and no path signs twice with one nonce.
@Suite struct SignerSessionTests {
    static let id = SigningHarness.id
    static let sessionA = SigningHarness.sessionID(0xa)
    static let sessionB = SigningHarness.sessionID(0xb)

    /// A signer's ledger and nonce count, to show that a refusal changed nothing.
    struct Snapshot: Equatable {
        let sessions: [SigningSessionID: SignerStateMachine.SessionState]
        let noncesAvailable: Int
        init(_ signer: SignerStateMachine) {
            sessions = signer.sessions
            noncesAvailable = signer.noncesAvailable
        }
    }

    /// Signers 1 and 2 commit for `session`; returns the request and the honest package.
    static func committed(
        _ harness: inout SigningHarness, _ session: SigningSessionID, spend: TaprootSpend? = nil
    ) throws -> (CommitmentRequest, ShareRequest) {
        let request = try harness.parameters(session, signers: [1, 2], spend: spend).request
        let commitments = try [1, 2].map { try harness.signers[id($0)]!.commitmentRequested(request) }
        let package = try SigningPackage(
            commitments: commitments, message: request.message, taprootSpend: request.taprootSpend)
        return (request, ShareRequest(sessionID: session, package: package))
    }

    @Test(arguments: SigningSuite.allCases)
    func coordinatorReplaysSigningPackageToReuseNonceIsRefused(suite: SigningSuite) throws {
        var harness = try SigningHarness(suite)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        let share = try harness.signers[Self.id(1)]!.shareRequested(honest)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        // The same package again, and one with the other signer's commitments changed (which
        // would give a second equation in the same nonce and reveal the share).
        let other = try SigningHarness.commitments(of: harness, 2)
        let varied = ShareRequest(
            sessionID: Self.sessionA,
            package: try SigningPackage(
                commitments: [honest.package.commitments[0], other], message: honest.package.message))
        for replay in [honest, varied] {
            expectRefusal(.nonceAlreadyUsed) { () throws(SigningSessionError) in
                try harness.signers[Self.id(1)]!.shareRequested(replay)
            }
            #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
        }
        guard case .signed(_, _, let recorded) = harness.signers[Self.id(1)]!.sessions[Self.sessionA] else {
            Issue.record("the ledger does not record the share")
            return
        }
        #expect(recorded == share)
    }

    @Test func coordinatorSubstitutesSignerCommitmentIsRefused() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        // Commitments of signer 1 it never issued for this session (made outside any session).
        let substitute = try SigningHarness.commitments(of: harness, 1)
        let forged = ShareRequest(
            sessionID: Self.sessionA,
            package: try SigningPackage(
                commitments: [substitute, honest.package.commitments[1]], message: honest.package.message))
        expectRefusal(.commitmentMismatch) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.shareRequested(forged)
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
        // The honest package still signs: the refusal did not spend the nonce.
        _ = try harness.signers[Self.id(1)]!.shareRequested(honest)
    }

    @Test func coordinatorOmitsSignerCommitmentIsRefused() throws {
        var harness = try SigningHarness(.secp256k1, threshold: 2, of: 3)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        let without = ShareRequest(
            sessionID: Self.sessionA,
            package: try SigningPackage(
                commitments: [honest.package.commitments[1], SigningHarness.commitments(of: harness, 3)],
                message: honest.package.message))
        expectRefusal(.commitmentMismatch) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.shareRequested(without)
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
    }

    @Test func coordinatorSendsPackageForAnotherSessionIsRefused() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        let (_, packageA) = try Self.committed(&harness, Self.sessionA)
        let (_, packageB) = try Self.committed(&harness, Self.sessionB)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        // A session the signer never committed for.
        let unknown = ShareRequest(sessionID: SigningHarness.sessionID(0xc), package: packageA.package)
        expectRefusal(.unknownSession) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.shareRequested(unknown)
        }
        // Session A's package labelled as session B: its commitments are not B's.
        let relabelled = ShareRequest(sessionID: Self.sessionB, package: packageA.package)
        expectRefusal(.commitmentMismatch) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.shareRequested(relabelled)
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
        // Each session signs its own package once.
        _ = try harness.signers[Self.id(1)]!.shareRequested(packageA)
        _ = try harness.signers[Self.id(1)]!.shareRequested(packageB)
    }

    @Test func coordinatorChangesTheMessageAfterCommitmentIsRefused() throws {
        var harness = try SigningHarness(.secp256k1)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        let swapped = ShareRequest(
            sessionID: Self.sessionA,
            package: try SigningPackage(
                commitments: honest.package.commitments, message: Array("pay 100 BTC to the attacker".utf8)))
        expectRefusal(.messageMismatch) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.shareRequested(swapped)
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
    }

    @Test func coordinatorChangesTheTaprootSpendAfterCommitmentIsRefused() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        let (_, honest) = try Self.committed(&harness, Self.sessionA, spend: .keyPathOnly)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        for spend in [nil, TaprootSpend.scriptTree(merkleRoot: Array(repeating: 0xee, count: 32))] {
            let swapped = ShareRequest(
                sessionID: Self.sessionA,
                package: try SigningPackage(
                    commitments: honest.package.commitments, message: honest.package.message, taprootSpend: spend))
            expectRefusal(.spendMismatch) { () throws(SigningSessionError) in
                try harness.signers[Self.id(1)]!.shareRequested(swapped)
            }
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
        _ = try harness.signers[Self.id(1)]!.shareRequested(honest)
    }

    @Test func coordinatorChangesTheCoSignersAfterCommitmentIsRefused() throws {
        var harness = try SigningHarness(.secp256k1, threshold: 2, of: 3)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        let third = try SigningHarness.commitments(of: harness, 3)
        for commitments in [
            [honest.package.commitments[0], third], honest.package.commitments + [third],
        ] {
            let swapped = ShareRequest(
                sessionID: Self.sessionA,
                package: try SigningPackage(commitments: commitments, message: honest.package.message))
            expectRefusal(.signersMismatch) { () throws(SigningSessionError) in
                try harness.signers[Self.id(1)]!.shareRequested(swapped)
            }
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
    }

    @Test func coordinatorAsksTwiceForACommitmentInOneSessionIsRefused() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        let (request, _) = try Self.committed(&harness, Self.sessionA)
        let before = Snapshot(harness.signers[Self.id(1)]!)
        expectRefusal(.duplicateSession) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.commitmentRequested(request)
        }
        // Not even with another message under the same session id.
        let other = try CommitmentRequest(
            sessionID: Self.sessionA, suite: .secp256k1Taproot, signers: request.signers, message: [1],
            taprootSpend: nil)
        expectRefusal(.duplicateSession) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.commitmentRequested(other)
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
    }

    @Test func everySessionGetsAFreshNonceUntilThePoolRunsOut() throws {
        var harness = try SigningHarness(.secp256k1, noncesEach: 2)
        var signer = harness.signers[Self.id(1)]!
        #expect(signer.noncesAvailable == 2)
        let a = try signer.commitmentRequested(harness.parameters(Self.sessionA).request)
        let b = try signer.commitmentRequested(harness.parameters(Self.sessionB).request)
        #expect(a != b)
        #expect(signer.noncesAvailable == 0)
        let before = Snapshot(signer)
        expectRefusal(.noncesExhausted) { () throws(SigningSessionError) in
            try signer.commitmentRequested(harness.parameters(SigningHarness.sessionID(0xc)).request)
        }
        #expect(Snapshot(signer) == before)
        try signer.addNonces(Secp256k1SHA256.preprocess(count: 1, keyPackage: harness.keyPackages[0]))
        #expect(signer.noncesAvailable == 1)
        _ = try signer.commitmentRequested(harness.parameters(SigningHarness.sessionID(0xc)).request)
        harness.signers[Self.id(1)] = signer
    }

    @Test func abortedSessionBurnsTheNonce() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        let (request, honest) = try Self.committed(&harness, Self.sessionA)
        try harness.signers[Self.id(1)]!.sessionAborted(Self.sessionA)
        #expect(
            harness.signers[Self.id(1)]!.sessions[Self.sessionA] == .aborted(request, honest.package.commitments[0]))
        let before = Snapshot(harness.signers[Self.id(1)]!)
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.shareRequested(honest)
        }
        // Aborting again changes nothing; an unknown session is refused.
        try harness.signers[Self.id(1)]!.sessionAborted(Self.sessionA)
        expectRefusal(.unknownSession) { () throws(SigningSessionError) in
            try harness.signers[Self.id(1)]!.sessionAborted(Self.sessionB)
        }
        #expect(Snapshot(harness.signers[Self.id(1)]!) == before)
    }

    @Test func aCopyOfTheSignerTakenBeforeSigningCannotSignAgain() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        var copy = harness.signers[Self.id(1)]!
        _ = try harness.signers[Self.id(1)]!.shareRequested(honest)
        let before = Snapshot(copy)
        expectRefusal(.nonceUnavailable) { () throws(SigningSessionError) in try copy.shareRequested(honest) }
        #expect(Snapshot(copy) == before)
    }

    @Test func copyTakenBeforeAnAbortCannotSignEither() throws {
        var harness = try SigningHarness(.secp256k1)
        let (_, honest) = try Self.committed(&harness, Self.sessionA)
        var copy = harness.signers[Self.id(1)]!
        try harness.signers[Self.id(1)]!.sessionAborted(Self.sessionA)
        expectRefusal(.nonceUnavailable) { () throws(SigningSessionError) in try copy.shareRequested(honest) }
    }

    @Test func requestsThisSignerCannotServeAreRefused() throws {
        var harness = try SigningHarness(.secp256k1Taproot, threshold: 3, of: 4)
        var signer = harness.signers[Self.id(1)]!
        let before = Snapshot(signer)
        let wrongSuite = try CommitmentRequest(
            sessionID: Self.sessionA, suite: .secp256k1, signers: [1, 2, 3].map(Self.id), message: [1],
            taprootSpend: nil)
        expectRefusal(.wrongSuite) { () throws(SigningSessionError) in try signer.commitmentRequested(wrongSuite) }
        let notMine = try CommitmentRequest(
            sessionID: Self.sessionA, suite: .secp256k1Taproot, signers: [2, 3, 4].map(Self.id), message: [1],
            taprootSpend: nil)
        expectRefusal(.unknownSigner) { () throws(SigningSessionError) in try signer.commitmentRequested(notMine) }
        let belowThreshold = try CommitmentRequest(
            sessionID: Self.sessionA, suite: .secp256k1Taproot, signers: [1, 2].map(Self.id), message: [1],
            taprootSpend: nil)
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try signer.commitmentRequested(belowThreshold)
        }
        #expect(Snapshot(signer) == before)
        harness.signers[Self.id(1)] = signer
    }

    @Test func foreignReusedOrDrawnNoncePoolsAreRefused() throws {
        let harness = try SigningHarness(.secp256k1)
        var signer = SignerStateMachine(suite: .secp256k1, keyPackage: harness.keyPackages[0])
        let foreign = Secp256k1SHA256.preprocess(count: 2, keyPackage: harness.keyPackages[1])
        expectRefusal(.invalidNonces) { () throws(SigningSessionError) in try signer.addNonces(foreign) }
        let empty = Secp256k1SHA256.preprocess(count: 0, keyPackage: harness.keyPackages[0])
        expectRefusal(.invalidNonces) { () throws(SigningSessionError) in try signer.addNonces(empty) }
        let drawn = Secp256k1SHA256.preprocess(count: 2, keyPackage: harness.keyPackages[0])
        _ = drawn.take(for: drawn.commitments[1])
        expectRefusal(.invalidNonces) { () throws(SigningSessionError) in try signer.addNonces(drawn) }
        #expect(signer.noncesAvailable == 0)
        let pool = Secp256k1SHA256.preprocess(count: 2, keyPackage: harness.keyPackages[0])
        try signer.addNonces(pool)
        expectRefusal(.invalidNonces) { () throws(SigningSessionError) in try signer.addNonces(pool) }
        #expect(signer.noncesAvailable == 2)
    }
}
