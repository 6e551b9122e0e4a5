import Custody
import FROST
import PKCS11
import Secp256k1
import Testing

/// Honest key ceremonies among participants with real SoftHSM2 tokens (ECDH for the share
/// boxes, sealing of the new shares, identity signatures over the transcript), then a FROST
/// signature with the shares the tokens unseal, verified by libsecp256k1.
@Suite struct KeyCeremonyTests {
    static let message = Array("pay 1 BTC from the new wallet".utf8)

    @Test(arguments: [(2, 3, UInt8(11)), (3, 5, UInt8(12))])
    func anHonestCeremonyMakesAKeyThatSignsForItsTaprootOutput(threshold: Int, count: Int, ceremonyByte: UInt8)
        throws
    {
        var ceremony = try CeremonyHarness(.secp256k1Taproot, threshold: threshold, of: count, ceremony: ceremonyByte)
        try ceremony.run()
        #expect(ceremony.aborts.isEmpty)
        #expect(ceremony.refusals.isEmpty)
        #expect(ceremony.coordinatorAbort == nil)
        let outcome = try #require(ceremony.coordinatorOutcome)
        #expect(outcome.transcriptSignatures.map(\.sender) == ceremony.identifiers)
        #expect(outcome.publicKeyPackage.minSigners == threshold)
        for identifier in ceremony.identifiers {
            #expect(ceremony.outcomes[identifier] == outcome, "participant \(identifier) agrees")
            #expect(ceremony.participants[identifier]?.phase == .completed)
            #expect(ceremony.ledgers[identifier]?.active != nil)
            #expect(ceremony.ledgers[identifier]?.pending == nil)
        }
        #expect(ceremony.coordinator.phase == .completed)

        // Any threshold of participants signs with the shares their tokens unseal.
        let signers = Array(ceremony.identifiers.suffix(threshold))
        let signature = try Self.sign(Self.message, with: signers, ceremony: ceremony, outcome: outcome)
        let outputKey = try Secp256k1SHA256Taproot.verifyingKey(
            groupPublicKey: outcome.groupPublicKey, spend: .keyPathOnly)
        #expect(signature.publicKey == outputKey)
        // libsecp256k1's secp256k1_schnorrsig_verify (BIP-340).
        #expect(Schnorr.verify(signature: signature.bytes, message: Self.message, publicKey: try outputKey.xOnly()))
        #expect(
            !Schnorr.verify(signature: signature.bytes, message: Self.message + [0], publicKey: try outputKey.xOnly()))
    }

    @Test func theSecp256k1SuiteMakesAKeyThatSigns() throws {
        var ceremony = try CeremonyHarness(.secp256k1, threshold: 2, of: 3, ceremony: 13)
        try ceremony.run()
        let outcome = try #require(ceremony.coordinatorOutcome)
        let signature = try Self.sign(
            Self.message, with: [CeremonyHarness.id(1), CeremonyHarness.id(3)], ceremony: ceremony, outcome: outcome,
            suite: .secp256k1, spend: nil)
        #expect(
            Secp256k1SHA256.verify(signature: signature.bytes, message: Self.message, publicKey: outcome.groupPublicKey)
        )
    }

    @Test func phasesFollowTheCeremony() throws {
        let ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 14)
        var participant = KeyCeremonyStateMachine()
        #expect(participant.phase == .idle)
        let action = try participant.start(
            ceremony.parameters, as: CeremonyHarness.id(1),
            channelSecrets: ceremony.channelSecrets[CeremonyHarness.id(1)]!)
        guard case .broadcastRound1(let round1) = action else {
            Issue.record("start did not broadcast round one: \(action)")
            return
        }
        #expect(round1.sender == CeremonyHarness.id(1))
        #expect(round1.ceremonyID == ceremony.parameters.id)
        #expect(participant.phase == .round1)
        var coordinator = KeyCeremonyCoordinatorStateMachine()
        #expect(try coordinator.start(ceremony.parameters) == .invite(ceremony.parameters))
        #expect(coordinator.phase == .round1)
        #expect(try coordinator.round1Received(round1, from: CeremonyHarness.id(1)) == .wait)
    }

    /// Unseals each signer's active share, builds its key package and runs a signing session
    /// through Custody's signing machines.
    static func sign(
        _ message: [UInt8], with signers: [Identifier], ceremony: CeremonyHarness, outcome: KeyCeremonyOutcome,
        suite: SigningSuite = .secp256k1Taproot, spend: TaprootSpend? = .keyPathOnly
    ) throws -> Signature {
        var machines: [Identifier: SignerStateMachine] = [:]
        for identifier in signers {
            let ledger = try #require(ceremony.ledgers[identifier])
            let share = try ceremony.tokens[identifier]!.unseal(
                try #require(ledger.active), context: try #require(ledger.context))
            let keyPackage = try KeyPackage(
                identifier: identifier, signingShare: SigningShare(secret: share),
                verifyingShare: try #require(outcome.publicKeyPackage.verifyingShares[identifier]),
                groupPublicKey: outcome.groupPublicKey, minSigners: outcome.publicKeyPackage.minSigners)
            var machine = SignerStateMachine(suite: suite, keyPackage: keyPackage)
            try machine.addNonces(suite.ciphersuite.preprocess(count: 1, keyPackage: keyPackage))
            machines[identifier] = machine
        }
        var coordinator = SigningSessionStateMachine()
        let parameters = try SigningSessionStateMachine.Parameters(
            sessionID: SigningSessionID(bytes: Array(repeating: 7, count: 32)), suite: suite, signers: signers,
            message: message, taprootSpend: spend, publicKeyPackage: outcome.publicKeyPackage, deadline: nil)
        guard case .requestCommitments(let request) = try coordinator.start(parameters) else {
            throw HarnessError("no commitment request")
        }
        var action = SigningSessionStateMachine.Action.wait
        for identifier in request.signers {
            action = try coordinator.commitmentReceived(
                machines[identifier]!.commitmentRequested(request), from: identifier)
        }
        guard case .requestShares(let shareRequest) = action else { throw HarnessError("no share request: \(action)") }
        for identifier in shareRequest.package.signers {
            action = try coordinator.shareReceived(machines[identifier]!.shareRequested(shareRequest), from: identifier)
        }
        guard case .completed(let signature) = action else { throw HarnessError("no signature: \(action)") }
        return signature
    }
}
