import Custody
import CustodyTestSupport
import FROST
import Secp256k1
import Testing

/// Robust signing end to end: a `ROASTCoordinator` and real preprocessing signers, honest and
/// faulty, their messages delivered in a seeded order. With `maxDelay: 1` every message takes
/// the same time, so the first sessions hold the lowest identifiers.
@Suite struct ROASTCoordinatorTests {
    @Test(arguments: [
        (SigningSuite.secp256k1, nil), (.secp256k1Taproot, nil), (.secp256k1Taproot, TaprootSpend.keyPathOnly),
        (.secp256k1Taproot, .scriptTree(merkleRoot: Array(repeating: 5, count: 32))),
    ])
    func honestSignersSignInOneSession(suite: SigningSuite, spend: TaprootSpend?) throws {
        var simulation = try ROASTSimulation(
            seed: 1, behaviours: [.honest, .honest, .honest], threshold: 2, suite: suite, spend: spend)
        let signature = try expectFinished(simulation.run(), simulation)
        #expect(signature != nil)
        // The third signer and the first to answer may open a second session: ROAST's bound.
        #expect(simulation.sessions.count <= 3 - 2 + 1)
        #expect(simulation.flags.isEmpty)
        #expect(simulation.refusals.isEmpty)
    }

    @Test func aStallingSignerDoesNotBlockTheSignature() throws {
        var simulation = try ROASTSimulation(
            seed: 2, behaviours: [.stalls, .honest, .honest], threshold: 2, maxDelay: 1)
        try expectFinished(simulation.run(), simulation)
        // The first session held the staller; the second one signed without it.
        #expect(simulation.sessions.map(\.package.signers) == [[id(1), id(2)], [id(2), id(3)]])
        #expect(simulation.flags.isEmpty)
        #expect(simulation.coordinator.flagged.isEmpty)
    }

    @Test func aSilentSignerDoesNotBlockTheSignature() throws {
        var simulation = try ROASTSimulation(
            seed: 3, behaviours: [.silent, .honest, .honest, .silent], threshold: 2)
        try expectFinished(simulation.run(), simulation)
        #expect(simulation.sessions.count == 1)
    }

    @Test func aSignerReturningAnInvalidShareIsFlaggedAndExcluded() throws {
        var simulation = try ROASTSimulation(
            seed: 4, behaviours: [.wrongShare, .honest, .honest], threshold: 2, maxDelay: 1)
        try expectFinished(simulation.run(), simulation)
        #expect(simulation.flags.map(\.0) == [id(1)])
        #expect(simulation.flags.first?.1.code == .invalidShares)
        #expect(simulation.flags.first?.1.culprits == [id(1)])
        #expect(simulation.coordinator.flagged.keys.sorted() == [id(1)])
        // Excluded: the flagged signer took part in no later session.
        #expect(simulation.sessions.dropFirst().allSatisfy { !$0.package.signers.contains(id(1)) })
    }

    @Test func twoInvalidSharesWhoseErrorsCancelInTheAggregateAreBothFlagged() throws {
        let delta = Scalar.random()
        var simulation = try ROASTSimulation(
            seed: 5, behaviours: [.offsetShare(delta), .offsetShare(-delta), .honest, .honest], threshold: 2,
            maxDelay: 1)
        try expectFinished(simulation.run(), simulation)
        // The first session held both cheaters: the sum of their shares is the honest sum, so
        // only checking each share on arrival names them.
        #expect(simulation.sessions.first?.package.signers == [id(1), id(2)])
        #expect(simulation.coordinator.flagged.keys.sorted() == [id(1), id(2)])
    }

    @Test func mixedFaultsStillSign() throws {
        var simulation = try ROASTSimulation(
            seed: 6, behaviours: [.wrongShare, .stalls, .silent, .honestOnce, .honest, .honest, .honest],
            threshold: 3, maxDelay: 1)
        try expectFinished(simulation.run(), simulation)
        #expect(simulation.coordinator.flagged.keys.sorted() == [id(1)])
        #expect(simulation.sessions.count <= 7 - 3 + 1)
        #expect(simulation.refusals.isEmpty)
    }

    @Test func fewerThanThresholdHonestSignersFailByTheDeadlineNamingTheCulprits() throws {
        var simulation = try ROASTSimulation(
            seed: 7, behaviours: [.wrongShare, .stalls, .honest, .silent], threshold: 2, maxDelay: 1)
        guard case .failed(let failure, let at) = try simulation.run() else {
            Issue.record("a request with one honest signer of four, threshold 2, did not fail")
            return
        }
        #expect(at == simulation.deadline)
        #expect(failure.cause == .deadlinePassed(deadline: simulation.deadline, now: simulation.deadline))
        #expect(failure.flagged == [id(1)])
        // The staller owes a share, the silent signer never committed; the honest one is ready.
        #expect(failure.unresponsive == [id(2), id(4)])
        #expect(
            "\(failure)"
                == "the deadline 10000000 passed (clock read 10000000); flagged: [1]; unresponsive: [2, 4]; \(failure.sessionsOpened) sessions opened"
        )
    }

    @Test func tooManyFlaggedSignersFailAtOnce() throws {
        var simulation = try ROASTSimulation(
            seed: 8, behaviours: [.wrongShare, .wrongShare, .honest], threshold: 2, maxDelay: 1)
        guard case .failed(let failure, let at) = try simulation.run() else {
            Issue.record("a request with two bad signers of three, threshold 2, did not fail")
            return
        }
        #expect(at < simulation.deadline)
        #expect(failure.cause == .tooFewSigners(left: 1, threshold: 2))
        #expect(failure.flagged == [id(1), id(2)])
    }

    // MARK: Refused events

    @Test func messagesFromStrangersFlaggedOrBusySignersAreRefusedAndChangeNothing() throws {
        var fixture = try Fixture(signers: 3, threshold: 2)
        var coordinator = fixture.coordinator
        let first = try fixture.commitment(1)
        _ = try coordinator.commitmentReceived(first, from: id(1))
        let before = coordinator
        // A stranger, a commitment relayed for another signer, the same commitment twice.
        var strangers = try Fixture(signers: 4, threshold: 2)
        let stranger = try strangers.commitment(4)
        expectRefusal(.unknownSigner) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(stranger, from: id(4))
        }
        expectRefusal(.misattributed) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(first, from: id(2))
        }
        expectRefusal(.duplicateCommitment) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(first, from: id(1))
        }
        expectRefusal(.unexpectedShare) { () throws(SigningSessionError) in
            try coordinator.shareReceived(
                ShareResponse(
                    sessionID: try SigningSessionID(bytes: Array(repeating: 1, count: 36)),
                    share: SignatureShare(identifier: id(1), response: .one), next: nil),
                from: id(1))
        }
        #expect(coordinator == before)
        // A second signer opens a session; a member's fresh commitment is refused while it owes a share.
        let actions = try coordinator.commitmentReceived(try fixture.commitment(2), from: id(2))
        guard case .openSession(let request) = actions.first else {
            Issue.record("two ready signers opened no session: \(actions)")
            return
        }
        let busy = coordinator
        expectRefusal(.signerBusy) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(try fixture.commitment(1), from: id(1))
        }
        let wrongSession = ShareResponse(
            sessionID: try SigningSessionID(bytes: Array(repeating: 9, count: 36)),
            share: SignatureShare(identifier: id(1), response: .one), next: nil)
        expectRefusal(.unknownSession) { () throws(SigningSessionError) in
            try coordinator.shareReceived(wrongSession, from: id(1))
        }
        let reusedNext = ShareResponse(
            sessionID: request.sessionID, share: SignatureShare(identifier: id(1), response: .one), next: first)
        expectRefusal(.duplicateCommitment) { () throws(SigningSessionError) in
            try coordinator.shareReceived(reusedNext, from: id(1))
        }
        #expect(coordinator == busy)
        // An invalid share flags its sender; every later message of it is refused.
        let invalid = ShareResponse(
            sessionID: request.sessionID, share: SignatureShare(identifier: id(1), response: .one),
            next: try fixture.commitment(1))
        let flagged = try coordinator.shareReceived(invalid, from: id(1))
        #expect(flagged.count == 1)
        guard case .flag(let signer, let reason) = flagged.first else {
            Issue.record("an invalid share was not flagged: \(flagged)")
            return
        }
        #expect(signer == id(1))
        #expect(reason.code == .invalidShares)
        let afterFlag = coordinator
        expectRefusal(.signerFlagged) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(try fixture.commitment(1), from: id(1))
        }
        #expect(coordinator == afterFlag)
        #expect(coordinator.unresponsive == [id(2), id(3)])
    }

    @Test func theClockEndsTheRequestOnlyAtTheDeadlineAndNothingRevivesIt() throws {
        var fixture = try Fixture(signers: 3, threshold: 2)
        var coordinator = fixture.coordinator
        #expect(try coordinator.clockRead(now: fixture.deadline - 1).isEmpty)
        let actions = try coordinator.clockRead(now: fixture.deadline)
        guard case .failed(let failure) = actions.first else {
            Issue.record("the deadline did not fail the request: \(actions)")
            return
        }
        #expect(failure.unresponsive == [id(1), id(2), id(3)])
        #expect(coordinator.phase == .failed)
        let ended = coordinator
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try coordinator.commitmentReceived(try fixture.commitment(1), from: id(1))
        }
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try coordinator.clockRead(now: fixture.deadline + 1)
        }
        #expect(coordinator == ended)
    }

    /// The fresh commitments left over by one request start the next one, so that it needs no
    /// commitment round; a late share for the finished request is refused.
    @Test func leftoverCommitmentsStartTheNextRequestAndLateSharesAreRefused() throws {
        let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        var signers = try shares.map { share in
            let keyPackage = try share.verify()
            var signer = PreprocessingSignerStateMachine(suite: .secp256k1Taproot, keyPackage: keyPackage)
            try signer.addNonces(Secp256k1SHA256Taproot.preprocess(count: 4, keyPackage: keyPackage))
            return signer
        }
        func request(_ byte: UInt8) throws -> ROASTCoordinator {
            ROASTCoordinator(
                try .init(
                    requestID: Array(repeating: byte, count: 32), suite: .secp256k1Taproot, message: [byte],
                    taprootSpend: nil, publicKeyPackage: publicKeyPackage, threshold: 2, deadline: 1_000))
        }
        var first = try request(1)
        var opened: [ShareRequest] = []
        for index in signers.indices {
            for action in try first.commitmentReceived(
                signers[index].commitmentRequested().reply, from: signers[index].identifier)
            {
                if case .openSession(let session) = action { opened.append(session) }
            }
        }
        // Signers 1 and 2 sign; signer 3 stays ready.
        let session = try #require(opened.first)
        let late = try signers[0].shareRequested(session).reply
        for action in try first.shareReceived(late, from: signers[0].identifier) {
            if case .openSession(let session) = action { opened.append(session) }
        }
        let last = try first.shareReceived(try signers[1].shareRequested(session).reply, from: signers[1].identifier)
        guard case .finished = last.first else {
            Issue.record("the first request did not finish: \(last)")
            return
        }
        let ended = first
        expectRefusal(.sessionFinished) { () throws(SigningSessionError) in
            try first.shareReceived(late, from: signers[0].identifier)
        }
        #expect(first == ended)
        // Signer 1's share made it ready with 3: a second session opened, which will never
        // finish; its members burn their commitments there. Signer 2's next commitment is left.
        #expect(opened.map(\.package.signers) == [[id(1), id(2)], [id(1), id(3)]])
        #expect(first.abandonedSessions == [opened[1]])
        for index in [0, 2] {
            let burned = signers[index].sessionAbandoned(opened[1])
            #expect(burned.count == 1)
            #expect(signers[index].sessionAbandoned(opened[1]).isEmpty)
        }
        #expect(signers[0].outstanding.isEmpty)
        #expect(signers[2].outstanding.isEmpty)
        // The next request starts from signer 2's leftover and signer 3's fresh commitment.
        var leftovers = first.readyCommitments
        #expect(leftovers.map(\.identifier) == [id(2)])
        #expect(signers[1].outstanding == leftovers)
        leftovers.append(try signers[2].commitmentRequested().reply)
        var second = try request(2)
        var actions: [ROASTCoordinator.Action] = []
        for commitments in leftovers {
            actions += try second.commitmentReceived(commitments, from: commitments.identifier)
        }
        guard case .openSession(let next) = actions.first else {
            Issue.record("the leftover commitments opened no session: \(actions)")
            return
        }
        #expect(next.package.signers == [id(2), id(3)])
        var outcome: [ROASTCoordinator.Action] = []
        for signer in next.package.signers {
            let index = signers.firstIndex { $0.identifier == signer }!
            outcome += try second.shareReceived(try signers[index].shareRequested(next).reply, from: signer)
        }
        guard case .finished(let signature, _) = outcome.last else {
            Issue.record("the second request did not finish: \(outcome)")
            return
        }
        #expect(Schnorr.verify(signature: signature.bytes, message: [2], publicKey: try signature.publicKey.xOnly()))
    }

    @Test func sessionIDsAreTheRequestIDAndTheSessionNumber() throws {
        var simulation = try ROASTSimulation(
            seed: 9, behaviours: [.stalls, .stalls, .honest, .honest, .honest], threshold: 2, maxDelay: 1)
        try expectFinished(simulation.run(), simulation)
        let requestID = simulation.coordinator.parameters.requestID
        #expect(simulation.sessions.count == 3)
        for (number, session) in simulation.sessions.enumerated() {
            #expect(session.sessionID.bytes == requestID + [0, 0, 0, UInt8(number)])
        }
    }

    @Test func invalidParametersAreRefused() throws {
        let fixture = try Fixture(signers: 3, threshold: 2)
        let key = fixture.publicKeyPackage
        func parameters(
            requestID: Int = 32, suite: SigningSuite = .secp256k1Taproot, spend: TaprootSpend? = nil,
            threshold: Int = 2
        ) throws(SigningSessionError) -> ROASTCoordinator.Parameters {
            try .init(
                requestID: Array(repeating: 7, count: requestID), suite: suite, message: [], taprootSpend: spend,
                publicKeyPackage: key, threshold: threshold, deadline: 1)
        }
        for size in [15, 61] {
            expectRefusal(.invalidParameters) { () throws(SigningSessionError) in try parameters(requestID: size) }
        }
        for threshold in [1, 4] {
            expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
                try parameters(threshold: threshold)
            }
        }
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try parameters(suite: .secp256k1, spend: .keyPathOnly)
        }
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try parameters(spend: .scriptTree(merkleRoot: [1]))
        }
        _ = try parameters(requestID: 16, threshold: 3)
        _ = try parameters(requestID: 60)
    }
}

/// A coordinator for a dealt key, and signers' pools to draw fresh commitments from.
struct Fixture {
    let publicKeyPackage: PublicKeyPackage
    let coordinator: ROASTCoordinator
    let pools: [Identifier: NoncePool]
    let deadline: Int64 = 1_000_000
    private var drawn: [Identifier: Int] = [:]

    init(signers: Int, threshold: Int) throws {
        let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: threshold, maxSigners: signers)
        self.publicKeyPackage = publicKeyPackage
        var pools: [Identifier: NoncePool] = [:]
        for share in shares {
            let keyPackage = try share.verify()
            pools[keyPackage.identifier] = Secp256k1SHA256Taproot.preprocess(count: 8, keyPackage: keyPackage)
        }
        self.pools = pools
        coordinator = ROASTCoordinator(
            try .init(
                requestID: Array(repeating: 3, count: 32), suite: .secp256k1Taproot, message: [1, 2, 3],
                taprootSpend: nil, publicKeyPackage: publicKeyPackage, threshold: threshold, deadline: deadline))
    }

    /// A fresh commitment of signer `number`, never returned before.
    mutating func commitment(_ number: Int) throws(SigningSessionError) -> SigningCommitments {
        let signer = id(number)
        guard let pool = pools[signer], drawn[signer, default: 0] < pool.commitments.count else {
            throw SigningSessionError(.noncesExhausted, "no fresh commitment left for signer \(number)")
        }
        defer { drawn[signer, default: 0] += 1 }
        return pool.commitments[drawn[signer, default: 0]]
    }
}

func id(_ number: Int) -> Identifier { SigningHarness.id(number) }

/// Expects the simulation to have finished with a signature that verifies: with the suite's
/// own check, and for Taproot with libsecp256k1's BIP-340 verification under the output key.
@discardableResult
func expectFinished(
    _ outcome: ROASTSimulation.Outcome, _ simulation: ROASTSimulation,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Signature? {
    guard case .finished(let signature, let sessionID, let at) = outcome else {
        Issue.record("no signature: \(outcome)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(at <= simulation.deadline, sourceLocation: sourceLocation)
    #expect(simulation.sessions.contains { $0.sessionID == sessionID }, sourceLocation: sourceLocation)
    let message = ROASTSimulation.message
    #expect(simulation.suiteVerifies(signature), sourceLocation: sourceLocation)
    if simulation.suite == .secp256k1Taproot {
        let expected = try Secp256k1SHA256Taproot.verifyingKey(
            groupPublicKey: simulation.publicKeyPackage.groupPublicKey, spend: simulation.spend)
        #expect(try signature.publicKey.xOnly() == expected.xOnly(), sourceLocation: sourceLocation)
        #expect(
            Schnorr.verify(signature: signature.bytes, message: message, publicKey: try expected.xOnly()),
            sourceLocation: sourceLocation)
    }
    return signature
}
