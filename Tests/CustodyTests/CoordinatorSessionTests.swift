import Custody
import FROST
import Secp256k1
import Testing

/// The coordinator's signing-session machine: complete sessions for both suites, checked by
/// verifying the signature, and every event it must refuse without changing.
@Suite struct CoordinatorSessionTests {
    typealias Machine = SigningSessionStateMachine
    static let id = SigningHarness.id

    static let spends: [TaprootSpend?] = [
        nil, .keyPathOnly, .scriptTree(merkleRoot: Array(repeating: 0xab, count: 32)),
    ]

    @Test(arguments: SigningSuite.allCases)
    func aSessionSignsAndTheSignatureVerifies(suite: SigningSuite) throws {
        for spend in suite == .secp256k1Taproot ? Self.spends : [nil] {
            var harness = try SigningHarness(suite, threshold: 3, of: 5)
            let parameters = try harness.parameters(signers: [5, 1, 3], spend: spend)
            guard case .completed(let signature) = try harness.run(parameters) else {
                Issue.record("the session did not complete")
                continue
            }
            let key = try suite.ciphersuite.verifyingKey(
                groupPublicKey: harness.publicKeyPackage.groupPublicKey, spend: spend)
            let ciphersuite = suite.ciphersuite
            let valid = ciphersuite.verify(signature: signature.bytes, message: SigningHarness.message, publicKey: key)
            let forged = ciphersuite.verify(
                signature: signature.bytes, message: SigningHarness.message + [0], publicKey: key)
            #expect(signature.publicKey == key)
            #expect(valid)
            #expect(!forged)
            if suite == .secp256k1Taproot {
                // libsecp256k1's BIP-340 verification, independent of the FROST code.
                #expect(
                    Schnorr.verify(
                        signature: signature.bytes, message: SigningHarness.message, publicKey: try key.xOnly()))
            }
        }
    }

    @Test func phasesFollowTheSession() throws {
        var harness = try SigningHarness(.secp256k1Taproot, threshold: 2, of: 3)
        var coordinator = Machine()
        #expect(coordinator.phase == .idle)
        let parameters = try harness.parameters(signers: [3, 1])
        #expect(parameters.signers == [Self.id(1), Self.id(3)])
        #expect(try coordinator.start(parameters) == .requestCommitments(parameters.request))
        #expect(coordinator.phase == .collectingCommitments)
        // Commitments in any order: the package sorts them.
        let late = try harness.signers[Self.id(3)]!.commitmentRequested(parameters.request)
        let early = try harness.signers[Self.id(1)]!.commitmentRequested(parameters.request)
        #expect(try coordinator.commitmentReceived(late, from: Self.id(3)) == .wait)
        guard case .requestShares(let request) = try coordinator.commitmentReceived(early, from: Self.id(1)) else {
            Issue.record("no signing package after every commitment")
            return
        }
        #expect(request.sessionID == parameters.sessionID)
        #expect(request.package.commitments == [early, late])
        #expect(request.package.message == SigningHarness.message)
        #expect(coordinator.phase == .collectingShares)
        #expect(
            try coordinator.shareReceived(harness.signers[Self.id(1)]!.shareRequested(request), from: Self.id(1))
                == .wait)
        let last = try coordinator.shareReceived(
            harness.signers[Self.id(3)]!.shareRequested(request), from: Self.id(3))
        guard case .completed = last else {
            Issue.record("not completed: \(last)")
            return
        }
        #expect(coordinator.phase == .completed)
    }

    @Test func startRefusesWhatCannotMakeASession() throws {
        let harness = try SigningHarness(.secp256k1, threshold: 3, of: 4)
        let culprit = expectRefusal(.unknownSigner) { () throws(SigningSessionError) in
            try harness.parameters(signers: [1, 2, 9])
        }
        #expect(culprit?.culprits == [Self.id(9)])
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in try harness.parameters(signers: [1, 2]) }
        let twice = expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try harness.parameters(signers: [1, 2, 2, 3])
        }
        #expect(twice?.culprits == [Self.id(2)])
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try harness.parameters(signers: [1, 2, 3], spend: .keyPathOnly)
        }
        let taproot = try SigningHarness(.secp256k1Taproot, threshold: 2, of: 3)
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try taproot.parameters(spend: .scriptTree(merkleRoot: [1, 2, 3]))
        }
        for size in [0, 15, 65] {
            expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
                try SigningSessionID(bytes: Array(repeating: 7, count: size))
            }
        }
    }

    @Test func eventsBeforeStartAndASecondStartAreRefused() throws {
        var harness = try SigningHarness(.secp256k1)
        var coordinator = Machine()
        let commitments = try harness.signers[Self.id(1)]!.commitmentRequested(harness.parameters().request)
        expectRefusal(.notStarted) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(commitments, from: Self.id(1))
        }
        expectRefusal(.notStarted) { () throws(SigningSessionError) in
            try coordinator.shareReceived(SignatureShare(identifier: Self.id(1), response: .one), from: Self.id(1))
        }
        expectRefusal(.notStarted) { () throws(SigningSessionError) in try coordinator.abort(reason: "no") }
        expectRefusal(.notStarted) { () throws(SigningSessionError) in try coordinator.clockRead(now: 0) }
        expectRefusal(.notStarted) { () throws(SigningSessionError) in
            try coordinator.signerFailed(Self.id(1), reason: "no")
        }
        #expect(coordinator == Machine())
        _ = try coordinator.start(harness.parameters())
        let started = coordinator
        expectRefusal(.alreadyStarted) { () throws(SigningSessionError) in
            try coordinator.start(harness.parameters(Self.sessionIDTwo))
        }
        #expect(coordinator == started)
    }

    static let sessionIDTwo = SigningHarness.sessionID(2)

    @Test func commitmentFromUnknownSignerIsRejectedAndStateUnchanged() throws {
        var harness = try SigningHarness(.secp256k1Taproot)
        var coordinator = Machine()
        let parameters = try harness.parameters(signers: [1, 2])
        _ = try coordinator.start(parameters)
        let before = coordinator
        // Signer 3 holds a share of the key but is not in this session.
        let outsider = try SigningHarness.commitments(of: harness, 3)
        let error = expectRefusal(.unknownSigner) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(outsider, from: Self.id(3))
        }
        #expect(error?.culprits == [Self.id(3)])
        #expect(coordinator == before)
        // The session goes on as if nothing had happened.
        let first = try harness.signers[Self.id(1)]!.commitmentRequested(parameters.request)
        #expect(try coordinator.commitmentReceived(first, from: Self.id(1)) == .wait)
    }

    @Test func commitmentNamingAnotherSignerIsRejected() throws {
        var harness = try SigningHarness(.secp256k1)
        var coordinator = Machine()
        let parameters = try harness.parameters(signers: [1, 2])
        _ = try coordinator.start(parameters)
        let before = coordinator
        let signerTwos = try harness.signers[Self.id(2)]!.commitmentRequested(parameters.request)
        // Signer 1 relays signer 2's commitments as its own.
        let error = expectRefusal(.misattributed) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(signerTwos, from: Self.id(1))
        }
        #expect(error?.culprits == [Self.id(1)])
        #expect(coordinator == before)
    }

    @Test func secondCommitmentCannotDisplaceTheFirst() throws {
        var harness = try SigningHarness(.secp256k1Taproot, threshold: 2, of: 3)
        var coordinator = Machine()
        let parameters = try harness.parameters(signers: [1, 2, 3])
        _ = try coordinator.start(parameters)
        let first = try harness.signers[Self.id(1)]!.commitmentRequested(parameters.request)
        _ = try coordinator.commitmentReceived(first, from: Self.id(1))
        let before = coordinator
        let other = try SigningHarness.commitments(of: harness, 1)
        let error = expectRefusal(.duplicateCommitment) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(other, from: Self.id(1))
        }
        #expect(error?.culprits == [Self.id(1)])
        #expect(coordinator == before)
        for number in [2, 3] {
            _ = try coordinator.commitmentReceived(
                harness.signers[Self.id(number)]!.commitmentRequested(parameters.request), from: Self.id(number))
        }
        // Once the package is out, a further commitment is a duplicate too.
        let sent = coordinator
        expectRefusal(.duplicateCommitment) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(other, from: Self.id(1))
        }
        #expect(coordinator == sent)
        #expect(coordinator.phase == .collectingShares)
    }

    @Test func shareBeforeThePackageWasSentIsRejected() throws {
        var harness = try SigningHarness(.secp256k1)
        var coordinator = Machine()
        let parameters = try harness.parameters()
        _ = try coordinator.start(parameters)
        _ = try coordinator.commitmentReceived(
            harness.signers[Self.id(1)]!.commitmentRequested(parameters.request), from: Self.id(1))
        let before = coordinator
        expectRefusal(.unexpectedShare) { () throws(SigningSessionError) in
            try coordinator.shareReceived(SignatureShare(identifier: Self.id(1), response: .one), from: Self.id(1))
        }
        #expect(coordinator == before)
    }

    @Test func forgedShareFromUnknownSignerIsRejectedAndStateUnchanged() throws {
        var harness = try SigningHarness(.secp256k1Taproot, threshold: 2, of: 3)
        var (coordinator, request) = try harness.throughCommitments(harness.parameters(signers: [1, 2]))
        let before = coordinator
        // Signer 3 holds a share of the key, but is not a signer of this package.
        let forged = SignatureShare(identifier: Self.id(3), response: .random())
        let error = expectRefusal(.unknownSigner) { () throws(SigningSessionError) in
            try coordinator.shareReceived(forged, from: Self.id(3))
        }
        #expect(error?.culprits == [Self.id(3)])
        #expect(coordinator == before)
        // A share naming a signer of the package, sent by someone else, is refused too.
        let relayed = try harness.signers[Self.id(1)]!.shareRequested(request)
        expectRefusal(.misattributed) { () throws(SigningSessionError) in
            try coordinator.shareReceived(relayed, from: Self.id(2))
        }
        #expect(coordinator == before)
        // The real shares still complete the session.
        _ = try coordinator.shareReceived(relayed, from: Self.id(1))
        let last = try coordinator.shareReceived(
            harness.signers[Self.id(2)]!.shareRequested(request), from: Self.id(2))
        guard case .completed = last else {
            Issue.record("not completed: \(last)")
            return
        }
    }

    @Test func duplicateShareCannotDisplaceTheFirst() throws {
        var harness = try SigningHarness(.secp256k1, threshold: 2, of: 3)
        let parameters = try harness.parameters(signers: [1, 2])
        var (coordinator, request) = try harness.throughCommitments(parameters)
        let genuine = try harness.signers[Self.id(1)]!.shareRequested(request)
        _ = try coordinator.shareReceived(genuine, from: Self.id(1))
        let before = coordinator
        let bad = SignatureShare(identifier: Self.id(1), response: genuine.response + .one)
        let error = expectRefusal(.duplicateShare) { () throws(SigningSessionError) in
            try coordinator.shareReceived(bad, from: Self.id(1))
        }
        #expect(error?.culprits == [Self.id(1)])
        #expect(coordinator == before)
        let last = try coordinator.shareReceived(
            harness.signers[Self.id(2)]!.shareRequested(request), from: Self.id(2))
        guard case .completed(let signature) = last else {
            Issue.record("the first share did not stand: \(last)")
            return
        }
        #expect(
            Secp256k1SHA256.verify(
                signature: signature.bytes, message: SigningHarness.message,
                publicKey: harness.publicKeyPackage.groupPublicKey))
    }

    @Test(arguments: SigningSuite.allCases)
    func badShareNamesTheCulprit(suite: SigningSuite) throws {
        var harness = try SigningHarness(suite, threshold: 3, of: 4)
        var (coordinator, request) = try harness.throughCommitments(harness.parameters(signers: [1, 2, 4]))
        var action = Machine.Action.wait
        for number in [1, 2, 4] {
            var share = try harness.signers[Self.id(number)]!.shareRequested(request)
            if number == 2 { share = SignatureShare(identifier: share.identifier, response: share.response + .one) }
            action = try coordinator.shareReceived(share, from: Self.id(number))
        }
        guard case .failed(let failure) = action else {
            Issue.record("a bad share did not fail the session: \(action)")
            return
        }
        #expect(failure.code == .invalidShares)
        #expect(failure.culprits == [Self.id(2)])
        #expect(coordinator.phase == .failed)
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in try coordinator.abort(reason: "late") }
    }

    @Test func eventsAfterAbortAreRefused() throws {
        var harness = try SigningHarness(.secp256k1Taproot, threshold: 2, of: 3)
        var (coordinator, request) = try harness.throughCommitments(harness.parameters(signers: [1, 2]))
        let share = try harness.signers[Self.id(1)]!.shareRequested(request)
        #expect(
            try coordinator.abort(reason: "operator stop")
                == .aborted(.requested("operator stop"), notify: [Self.id(1), Self.id(2)]))
        #expect(coordinator.phase == .aborted)
        try Self.expectEveryEventRefused(&coordinator, share: share, harness: &harness)
    }

    @Test func eventsAfterCompletionAreRefused() throws {
        var harness = try SigningHarness(.secp256k1)
        var (coordinator, request) = try harness.throughCommitments(harness.parameters(signers: [1, 2]))
        let share = try harness.signers[Self.id(1)]!.shareRequested(request)
        _ = try coordinator.shareReceived(share, from: Self.id(1))
        _ = try coordinator.shareReceived(harness.signers[Self.id(2)]!.shareRequested(request), from: Self.id(2))
        #expect(coordinator.phase == .completed)
        try Self.expectEveryEventRefused(&coordinator, share: share, harness: &harness)
    }

    /// Every kind of event is refused as `sessionFinished` and changes nothing.
    static func expectEveryEventRefused(
        _ coordinator: inout Machine, share: SignatureShare, harness: inout SigningHarness
    ) throws {
        let before = coordinator
        let commitments = try SigningHarness.commitments(of: harness, 1)
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(commitments, from: Self.id(1))
        }
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try coordinator.shareReceived(share, from: Self.id(1))
        }
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try coordinator.signerFailed(Self.id(2), reason: "gone")
        }
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in try coordinator.abort(reason: "again") }
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in try coordinator.clockRead(now: .max) }
        expectRefusal(.alreadyStarted) { () throws(SigningSessionError) in
            try coordinator.start(harness.parameters(Self.sessionIDTwo))
        }
        #expect(coordinator == before)
    }

    @Test func deadlinePassedAbortsWithoutSignature() throws {
        var harness = try SigningHarness(.secp256k1Taproot, threshold: 2, of: 3)
        let deadline: Int64 = 1_800_000_000_000_000
        var (coordinator, request) = try harness.throughCommitments(
            harness.parameters(signers: [1, 3], deadline: deadline))
        _ = try coordinator.shareReceived(harness.signers[Self.id(1)]!.shareRequested(request), from: Self.id(1))
        let before = coordinator
        #expect(try coordinator.clockRead(now: deadline - 1) == .wait)
        #expect(coordinator == before)
        #expect(
            try coordinator.clockRead(now: deadline)
                == .aborted(.deadlinePassed(deadline: deadline, now: deadline), notify: [Self.id(1), Self.id(3)]))
        // The last share arrives too late: no signature.
        let late = try harness.signers[Self.id(3)]!.shareRequested(request)
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try coordinator.shareReceived(late, from: Self.id(3))
        }
        #expect(coordinator.phase == .aborted)
    }

    @Test func aSessionWithoutDeadlineWaitsWhateverTheClock() throws {
        let harness = try SigningHarness(.secp256k1)
        var coordinator = Machine()
        _ = try coordinator.start(harness.parameters())
        #expect(try coordinator.clockRead(now: .max) == .wait)
        #expect(coordinator.phase == .collectingCommitments)
    }

    @Test func signerFailureAbortsTheSession() throws {
        let harness = try SigningHarness(.secp256k1, threshold: 2, of: 3)
        var coordinator = Machine()
        _ = try coordinator.start(harness.parameters(signers: [1, 2]))
        let before = coordinator
        expectRefusal(.unknownSigner) { () throws(SigningSessionError) in
            try coordinator.signerFailed(Self.id(3), reason: "not mine")
        }
        #expect(coordinator == before)
        #expect(
            try coordinator.signerFailed(Self.id(2), reason: "policy refused")
                == .aborted(.signerFailed(Self.id(2), reason: "policy refused"), notify: [Self.id(1), Self.id(2)]))
        #expect(coordinator.phase == .aborted)
    }
}

extension SigningHarness {
    /// Fresh commitments of signer `number`, made outside any session (as an attacker would
    /// hold them).
    static func commitments(of harness: SigningHarness, _ number: Int) throws -> SigningCommitments {
        let keyPackage = harness.keyPackages.first { $0.identifier == id(number) }!
        return harness.suite.ciphersuite.preprocess(count: 1, keyPackage: keyPackage).commitments[0]
    }
}
