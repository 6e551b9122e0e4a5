import Custody
import FROST
import PKCS11
import Secp256k1
import SecureMemory
import Testing

/// Attacks on a key ceremony, each named after the attack, with real SoftHSM2 tokens behind
/// every participant. In each, the ceremony must end with no usable share anywhere (nothing
/// active, every pending share discarded) and say why, naming the culprit where it is known.
@Suite struct KeyCeremonyAttackTests {
    static func id(_ number: Int) -> Identifier { CeremonyHarness.id(number) }

    /// Every participant aborted and no share, pending or active, is left; `except` (a culprit
    /// whose own messages were withheld or forged while the relay carried the others') may have
    /// activated its own share, which alone is below the threshold.
    static func expectNothingUsable(
        _ ceremony: CeremonyHarness, except: [Identifier] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (identifier, ledger) in ceremony.ledgers where !except.contains(identifier) {
            #expect(ledger.active == nil, "participant \(identifier) activated", sourceLocation: sourceLocation)
            #expect(
                ledger.pending == nil, "participant \(identifier) kept its pending share",
                sourceLocation: sourceLocation)
        }
        #expect(ceremony.coordinatorOutcome == nil, sourceLocation: sourceLocation)
        for identifier in ceremony.identifiers where !except.contains(identifier) {
            #expect(ceremony.outcomes[identifier] == nil, "participant \(identifier)", sourceLocation: sourceLocation)
            #expect(
                ceremony.participants[identifier]?.phase == .aborted, "participant \(identifier)",
                sourceLocation: sourceLocation)
        }
        #expect(ceremony.coordinator.phase == .aborted, sourceLocation: sourceLocation)
    }

    /// A second round-one package of `sender`'s, with a valid proof for the same ceremony.
    static func secondPackage(of sender: Identifier, _ parameters: KeyCeremonyParameters) throws -> DKG.Round1Package {
        let ceremony = try DKG.Ceremony(id: parameters.id.bytes, participants: parameters.identifiers)
        return try Secp256k1SHA256Taproot.dkgPart1(
            identifier: sender, maxSigners: parameters.participants.count, minSigners: parameters.threshold,
            ceremony: ceremony
        ).package
    }

    // MARK: - Equivocation

    @Test func anEquivocatingParticipantIsNamedByTheCoordinator() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 30)
        let other = try Self.secondPackage(of: Self.id(1), ceremony.parameters)
        var interference = Interference()
        interference.round1ToRecipient = { message, recipient in
            message.sender == Self.id(1) && recipient == Self.id(3)
                ? KeyCeremonyRound1(ceremonyID: message.ceremonyID, sender: message.sender, package: other) : message
        }
        try ceremony.run(interference)
        let abort = try #require(ceremony.coordinatorAbort)
        #expect(abort.code == .equivocation)
        #expect(abort.culprits == [Self.id(1)])
        #expect(abort.reason.contains("participant 1's round-one package: 1, 2 saw"))
        #expect(abort.reason.contains("; 3 saw"))
        Self.expectNothingUsable(ceremony)
    }

    @Test func anEquivocatingParticipantIsNamedByEveryParticipantWhenTheCoordinatorRelaysAnyway() throws {
        var ceremony = try CeremonyHarness(threshold: 3, of: 5, ceremony: 31)
        let other = try Self.secondPackage(of: Self.id(2), ceremony.parameters)
        var interference = Interference()
        interference.relayDespiteCoordinator = true
        interference.round1ToRecipient = { message, recipient in
            message.sender == Self.id(2) && [Self.id(4), Self.id(5)].contains(recipient)
                ? KeyCeremonyRound1(ceremonyID: message.ceremonyID, sender: message.sender, package: other) : message
        }
        try ceremony.run(interference)
        for identifier in ceremony.identifiers {
            let abort = try #require(ceremony.aborts[identifier])
            #expect(abort.code == .equivocation, "\(identifier): \(abort)")
            #expect(abort.culprits == [Self.id(2)])
            #expect(abort.reason.contains("1, 2, 3 saw"))
            #expect(abort.reason.contains("4, 5 saw"))
        }
        Self.expectNothingUsable(ceremony)
    }

    // MARK: - Round one

    @Test func aBadProofOfKnowledgeIsNamed() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 32)
        var interference = Interference()
        interference.outgoingRound1 = { message in
            guard message.sender == Self.id(2) else { return message }
            let package = DKG.Round1Package(
                commitment: message.package.commitment, proofCommitment: message.package.proofCommitment,
                proofResponse: message.package.proofResponse + .one)
            return KeyCeremonyRound1(ceremonyID: message.ceremonyID, sender: message.sender, package: package)
        }
        try ceremony.run(interference)
        for identifier in [Self.id(1), Self.id(3)] {
            let abort = try #require(ceremony.aborts[identifier])
            #expect(abort.code == .invalidProofOfKnowledge)
            #expect(abort.culprits == [Self.id(2)])
        }
        #expect(ceremony.coordinatorAbort?.culprits == [Self.id(2)])
        Self.expectNothingUsable(ceremony)
    }

    // MARK: - Round two

    @Test func aTamperedShareBoxIsRefusedAndItsSenderNamed() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 33)
        var interference = Interference()
        interference.shareToRecipient = { box, recipient in
            guard box.sender == Self.id(1), recipient == Self.id(2) else { return box }
            var ciphertext = box.ciphertext
            ciphertext[0] ^= 0x01
            return ShareBox(
                purpose: box.purpose, ceremonyID: box.ceremonyID, sender: box.sender, recipient: box.recipient,
                nonce: box.nonce, ciphertext: ciphertext, authenticationTag: box.authenticationTag)
        }
        try ceremony.run(interference)
        let abort = try #require(ceremony.aborts[Self.id(2)])
        #expect(abort.code == .undecryptableShare)
        #expect(abort.culprits == [Self.id(1)])
        Self.expectNothingUsable(ceremony)
    }

    @Test func aShareBoxForAnotherRecipientIsRefused() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 34)
        let captured = Captured()
        var interference = Interference()
        interference.outgoingShares = { boxes, _ in
            if boxes.first?.sender == Self.id(1) { captured.boxes = boxes }
            return boxes
        }
        // Participant 2 is handed participant 1's box for participant 3.
        interference.shareToRecipient = { box, recipient in
            guard box.sender == Self.id(1), recipient == Self.id(2) else { return box }
            return captured.boxes.first { $0.recipient == Self.id(3) }!
        }
        try ceremony.run(interference)
        #expect(ceremony.refusals[Self.id(2)]?.map(\.code) == [.misdirected])
        #expect(ceremony.aborts[Self.id(2)]?.code == .abandoned)
        Self.expectNothingUsable(ceremony)
    }

    @Test func aShareBoxRelabelledForAnotherRecipientDoesNotOpen() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 35)
        let captured = Captured()
        var interference = Interference()
        interference.outgoingShares = { boxes, _ in
            if boxes.first?.sender == Self.id(1) { captured.boxes = boxes }
            return boxes
        }
        // Participant 1's box for participant 3, its header rewritten to name participant 2.
        interference.shareToRecipient = { box, recipient in
            guard box.sender == Self.id(1), recipient == Self.id(2) else { return box }
            let forThree = captured.boxes.first { $0.recipient == Self.id(3) }!
            return ShareBox(
                purpose: forThree.purpose, ceremonyID: forThree.ceremonyID, sender: forThree.sender,
                recipient: Self.id(2), nonce: forThree.nonce, ciphertext: forThree.ciphertext,
                authenticationTag: forThree.authenticationTag)
        }
        try ceremony.run(interference)
        #expect(ceremony.aborts[Self.id(2)]?.code == .undecryptableShare)
        Self.expectNothingUsable(ceremony)
    }

    @Test func aShareThatDoesNotMatchItsSendersCommitmentIsNamed() throws {
        var ceremony = try CeremonyHarness(threshold: 3, of: 5, ceremony: 36)
        var interference = Interference()
        // Participant 4's driver encrypts, correctly, a share that is not f₄(5).
        interference.outgoingShares = { boxes, harness in
            guard boxes.first?.sender == Self.id(4) else { return boxes }
            let parameters = harness.parameters
            return try boxes.map { box in
                guard box.recipient == Self.id(5) else { return box }
                return try ShareBox.seal(
                    Scalar.random().secretBytes, purpose: .dkgShare, ceremonyID: parameters.id,
                    from: parameters.participant(Self.id(4))!, to: parameters.participant(Self.id(5))!,
                    sharedSecret: harness.channelSecrets[Self.id(4)]![Self.id(5)]!)
            }
        }
        try ceremony.run(interference)
        let abort = try #require(ceremony.aborts[Self.id(5)])
        #expect(abort.code == .invalidShare)
        #expect(abort.culprits == [Self.id(4)])
        #expect(ceremony.coordinatorAbort?.culprits == [Self.id(4)])
        Self.expectNothingUsable(ceremony)
    }

    // MARK: - Transcript

    @Test func aMissingTranscriptSignatureActivatesNothing() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 38)
        var interference = Interference()
        interference.outgoingSignature = { $0.sender == Self.id(3) ? nil : $0 }
        try ceremony.run(interference)
        // Every participant had recorded its share as pending; all are discarded.
        #expect(ceremony.ledgers.count == 3)
        #expect(ceremony.coordinatorAbort?.code == .abandoned)
        Self.expectNothingUsable(ceremony)
    }

    /// The limit of what the transcript step can do (docs/key-ceremony.md): a relay that
    /// withholds one participant's signature from the others makes them abort, while that
    /// participant, which holds every signature, activates. It cannot make anyone activate a
    /// key that not every participant signed.
    @Test func aWithheldTranscriptSignatureLeavesOnlyItsSignerActive() throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 37)
        var interference = Interference()
        interference.relayDespiteCoordinator = true
        interference.outgoingSignature = { $0.sender == Self.id(3) ? nil : $0 }
        try ceremony.run(interference)
        #expect(ceremony.outcomes.keys.sorted() == [Self.id(3)])
        #expect(ceremony.outcomes[Self.id(3)]?.transcriptSignatures.count == 3)
        for identifier in [Self.id(1), Self.id(2)] {
            #expect(ceremony.aborts[identifier]?.code == .abandoned)
            #expect(ceremony.ledgers[identifier]?.pending == nil)
            #expect(ceremony.ledgers[identifier]?.active == nil)
        }
    }

    @Test(arguments: [false, true])
    func aForgedTranscriptSignatureActivatesNothing(relayDespiteCoordinator: Bool) throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: relayDespiteCoordinator ? 39 : 40)
        var interference = Interference()
        interference.relayDespiteCoordinator = relayDespiteCoordinator
        interference.outgoingSignature = { message in
            guard message.sender == Self.id(2) else { return message }
            var signature = message.signature
            signature[5] ^= 0x80
            return KeyCeremonyTranscriptSignature(
                ceremonyID: message.ceremonyID, sender: message.sender, transcriptHash: message.transcriptHash,
                signature: signature)
        }
        try ceremony.run(interference)
        if relayDespiteCoordinator {
            for identifier in [Self.id(1), Self.id(3)] {
                #expect(ceremony.aborts[identifier]?.code == .invalidTranscriptSignature)
                #expect(ceremony.aborts[identifier]?.culprits == [Self.id(2)])
            }
        } else {
            #expect(ceremony.coordinatorAbort?.code == .invalidTranscriptSignature)
            #expect(ceremony.coordinatorAbort?.culprits == [Self.id(2)])
        }
        Self.expectNothingUsable(ceremony, except: relayDespiteCoordinator ? [Self.id(2)] : [])
    }

    @Test(arguments: [false, true])
    func aSignatureOverAnotherTranscriptActivatesNothing(relayDespiteCoordinator: Bool) throws {
        var ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: relayDespiteCoordinator ? 41 : 42)
        let token = ceremony.tokens[Self.id(3)]!
        var interference = Interference()
        interference.relayDespiteCoordinator = relayDespiteCoordinator
        // Participant 3 signs, with its real identity key, a transcript with another group key.
        interference.outgoingSignature = { message in
            guard message.sender == Self.id(3) else { return message }
            var hash = message.transcriptHash
            hash[0] ^= 0xFF
            let signature = (try? token.signWithIdentity(digest: hash)) ?? []
            return KeyCeremonyTranscriptSignature(
                ceremonyID: message.ceremonyID, sender: message.sender, transcriptHash: hash, signature: signature)
        }
        try ceremony.run(interference)
        let abort = try #require(relayDespiteCoordinator ? ceremony.aborts[Self.id(1)] : ceremony.coordinatorAbort)
        #expect(abort.code == .transcriptMismatch)
        #expect(abort.culprits == [Self.id(3)])
        Self.expectNothingUsable(ceremony, except: relayDespiteCoordinator ? [Self.id(3)] : [])
    }

    // MARK: - Replays and outsiders

    @Test func aMessageReplayedFromAnEarlierCeremonyIsRefused() throws {
        var earlier = try CeremonyHarness(threshold: 2, of: 3, ceremony: 43)
        try earlier.run()
        #expect(earlier.coordinatorOutcome != nil)
        var later = try CeremonyHarness(threshold: 2, of: 3, ceremony: 44)
        var participant = KeyCeremonyStateMachine()
        _ = try participant.start(
            later.parameters, as: Self.id(2), channelSecrets: later.channelSecrets[Self.id(2)]!)
        var coordinator = KeyCeremonyCoordinatorStateMachine()
        _ = try coordinator.start(later.parameters)

        // As it was: another ceremony id.
        let replayed = earlier.sentRound1[Self.id(1)]!
        let refusal = expectCeremonyRefusal(.wrongCeremony) { () throws(KeyCeremonyError) in
            try participant.round1Received(replayed, from: Self.id(1))
        }
        #expect(refusal?.reason.contains(later.parameters.id.description) == true)
        expectCeremonyRefusal(.wrongCeremony) { () throws(KeyCeremonyError) in
            try coordinator.round1Received(replayed, from: Self.id(1))
        }
        #expect(participant.phase == .round1)
        expectCeremonyRefusal(.wrongCeremony) { () throws(KeyCeremonyError) in
            try coordinator.transcriptSignatureReceived(earlier.sentSignatures[Self.id(1)]!, from: Self.id(1))
        }

        // Relabelled with the new id: the proof of knowledge is bound to the earlier ceremony.
        var interference = Interference()
        interference.round1ToRecipient = { message, recipient in
            guard message.sender == Self.id(1), recipient == Self.id(2) else { return message }
            return KeyCeremonyRound1(ceremonyID: message.ceremonyID, sender: replayed.sender, package: replayed.package)
        }
        try later.run(interference)
        #expect(later.aborts[Self.id(2)]?.code == .invalidProofOfKnowledge)
        #expect(later.aborts[Self.id(2)]?.culprits == [Self.id(1)])
        Self.expectNothingUsable(later)
    }

    @Test func aShareBoxReplayedFromAnEarlierCeremonyIsRefused() throws {
        var earlier = try CeremonyHarness(threshold: 2, of: 3, ceremony: 45)
        try earlier.run()
        let old = earlier.sentShares[Self.id(1)]!.first { $0.recipient == Self.id(2) }!
        for relabel in [false, true] {
            var later = try CeremonyHarness(threshold: 2, of: 3, ceremony: relabel ? 46 : 47)
            var interference = Interference()
            let laterID = later.parameters.id
            interference.shareToRecipient = { box, recipient in
                guard box.sender == Self.id(1), recipient == Self.id(2) else { return box }
                return ShareBox(
                    purpose: old.purpose, ceremonyID: relabel ? laterID : old.ceremonyID, sender: old.sender,
                    recipient: old.recipient, nonce: old.nonce, ciphertext: old.ciphertext,
                    authenticationTag: old.authenticationTag)
            }
            try later.run(interference)
            if relabel {
                #expect(later.aborts[Self.id(2)]?.code == .undecryptableShare)
            } else {
                #expect(later.refusals[Self.id(2)]?.map(\.code) == [.wrongCeremony])
            }
            Self.expectNothingUsable(later)
        }
    }

    @Test func aParticipantNotInTheCeremonyIsRefused() throws {
        let ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 48)
        let outsider = Self.id(9)
        // The outsider makes a package as if it were in a ceremony with the same id.
        let outsiders = try DKG.Ceremony(
            id: ceremony.parameters.id.bytes, participants: ceremony.identifiers + [outsider])
        let package = try Secp256k1SHA256Taproot.dkgPart1(
            identifier: outsider, maxSigners: 4, minSigners: 2, ceremony: outsiders
        ).package
        let message = KeyCeremonyRound1(ceremonyID: ceremony.parameters.id, sender: outsider, package: package)

        var participant = KeyCeremonyStateMachine()
        _ = try participant.start(
            ceremony.parameters, as: Self.id(1), channelSecrets: ceremony.channelSecrets[Self.id(1)]!)
        let refusal = expectCeremonyRefusal(.unknownParticipant) { () throws(KeyCeremonyError) in
            try participant.round1Received(message, from: outsider)
        }
        #expect(refusal?.culprits == [outsider])
        #expect(participant.phase == .round1)
        var coordinator = KeyCeremonyCoordinatorStateMachine()
        _ = try coordinator.start(ceremony.parameters)
        expectCeremonyRefusal(.unknownParticipant) { () throws(KeyCeremonyError) in
            try coordinator.round1Received(message, from: outsider)
        }
        // A participant's message claiming to be the outsider's, or the other way round.
        expectCeremonyRefusal(.misattributed) { () throws(KeyCeremonyError) in
            try participant.round1Received(message, from: Self.id(2))
        }
        // The outsider cannot join by starting a machine with the ceremony's parameters.
        var intruder = KeyCeremonyStateMachine()
        expectCeremonyRefusal(.unknownParticipant) { () throws(KeyCeremonyError) in
            try intruder.start(ceremony.parameters, as: outsider, channelSecrets: [:])
        }
        // The refused messages changed nothing: the ceremony still completes.
        var honest = try CeremonyHarness(threshold: 2, of: 3, ceremony: 49)
        try honest.run()
        #expect(honest.coordinatorOutcome != nil)
    }

    @Test func parametersRefuseASharedIdentityKeyAndABadThreshold() throws {
        let ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 50)
        let key = ceremony.parameters.participants[0].identityKey
        let twins = [
            KeyCeremonyParticipant(identifier: Self.id(1), identityKey: key),
            KeyCeremonyParticipant(identifier: Self.id(2), identityKey: key),
        ]
        let shared = expectCeremonyRefusal(.invalidParameters) { () throws(KeyCeremonyError) in
            try KeyCeremonyParameters(
                id: ceremony.parameters.id, wallet: "w", suite: .secp256k1Taproot, threshold: 2, participants: twins)
        }
        #expect(shared?.culprits == [Self.id(1), Self.id(2)])
        expectCeremonyRefusal(.invalidParameters) { () throws(KeyCeremonyError) in
            try KeyCeremonyParameters(
                id: ceremony.parameters.id, wallet: "w", suite: .secp256k1Taproot, threshold: 4,
                participants: ceremony.parameters.participants)
        }
        expectCeremonyRefusal(.invalidParameters) { () throws(KeyCeremonyError) in
            try KeyCeremonyParameters(
                id: ceremony.parameters.id, wallet: "", suite: .secp256k1Taproot, threshold: 2,
                participants: ceremony.parameters.participants)
        }
        expectCeremonyRefusal(.invalidParameters) { () throws(KeyCeremonyError) in
            try KeyCeremonyID(bytes: Array(repeating: 1, count: 15))
        }
    }
}

/// Boxes a hook saw, for a later hook.
final class Captured: @unchecked Sendable {
    var boxes: [ShareBox] = []
}

/// Expects `body` to throw a `KeyCeremonyError` with `code`, and returns it.
@discardableResult
func expectCeremonyRefusal<T>(
    _ code: KeyCeremonyError.Code, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(KeyCeremonyError) -> T
) -> KeyCeremonyError? {
    do {
        let result = try body()
        Issue.record("expected \(code), got \(result)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    }
}
