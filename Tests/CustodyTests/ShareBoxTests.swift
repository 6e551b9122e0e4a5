import Custody
import FROST
import PKCS11
import Secp256k1
import SecureMemory
import Testing

/// The confidential channel of DKG shares, with ECDH inside real SoftHSM2 tokens: what a
/// relaying coordinator can and cannot do to a box.
@Suite struct ShareBoxTests {
    static func id(_ number: Int) -> Identifier { CeremonyHarness.id(number) }

    struct Fixture {
        let ceremony: CeremonyHarness
        let secret: SecretBytes
        let box: ShareBox

        init() throws {
            ceremony = try CeremonyHarness(threshold: 2, of: 3, ceremony: 60)
            secret = Scalar.random().secretBytes
            let parameters = ceremony.parameters
            box = try ShareBox.seal(
                secret, purpose: .dkgShare, ceremonyID: parameters.id,
                from: parameters.participant(ShareBoxTests.id(1))!, to: parameters.participant(ShareBoxTests.id(2))!,
                sharedSecret: ceremony.channelSecrets[ShareBoxTests.id(1)]![ShareBoxTests.id(2)]!)
        }

        func participant(_ number: Int) -> KeyCeremonyParticipant {
            ceremony.parameters.participant(ShareBoxTests.id(number))!
        }

        /// Opens `box` as participant 2 would, with its own ECDH secret with participant 1.
        func openAsRecipient(_ box: ShareBox) throws(KeyCeremonyError) -> SecretBytes {
            try box.open(
                purpose: .dkgShare, ceremonyID: ceremony.parameters.id, from: participant(1), to: participant(2),
                sharedSecret: ceremony.channelSecrets[ShareBoxTests.id(2)]![ShareBoxTests.id(1)]!)
        }
    }

    static func rebuilt(
        _ box: ShareBox, ceremonyID: KeyCeremonyID? = nil, sender: Identifier? = nil, recipient: Identifier? = nil,
        nonce: [UInt8]? = nil, ciphertext: [UInt8]? = nil, tag: [UInt8]? = nil
    ) -> ShareBox {
        ShareBox(
            purpose: box.purpose, ceremonyID: ceremonyID ?? box.ceremonyID, sender: sender ?? box.sender,
            recipient: recipient ?? box.recipient, nonce: nonce ?? box.nonce, ciphertext: ciphertext ?? box.ciphertext,
            authenticationTag: tag ?? box.authenticationTag)
    }

    @Test func theRecipientOpensTheShare() throws {
        let fixture = try Fixture()
        #expect(try fixture.openAsRecipient(fixture.box) == fixture.secret)
        #expect(fixture.box.nonce.count == 12)
        #expect(fixture.box.authenticationTag.count == 16)
        #expect(fixture.box.ciphertext.count == 32)
    }

    @Test func aRelayingCoordinatorCannotReadAShare() throws {
        let fixture = try Fixture()
        let plain = fixture.secret.withUnsafeBytes { Array($0) }
        #expect(fixture.box.ciphertext != plain)
        // The coordinator's own token agrees a secret with the sender's key, and with the
        // recipient's: neither opens the box.
        let coordinatorToken = try CeremonyTokens.all()[5]
        for peer in [1, 2] {
            let guess = try coordinatorToken.deriveSharedSecret(peer: fixture.participant(peer).identityKey)
            expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
                try fixture.box.open(
                    purpose: .dkgShare, ceremonyID: fixture.ceremony.parameters.id, from: fixture.participant(1),
                    to: fixture.participant(2), sharedSecret: guess)
            }
        }
    }

    @Test func anAlteredShareBoxFailsItsTag() throws {
        let fixture = try Fixture()
        for index in 0..<fixture.box.ciphertext.count {
            var ciphertext = fixture.box.ciphertext
            ciphertext[index] ^= 0x01
            let error = expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
                try fixture.openAsRecipient(Self.rebuilt(fixture.box, ciphertext: ciphertext))
            }
            #expect(error?.culprits == [Self.id(1)])
        }
        for index in 0..<16 {
            var tag = fixture.box.authenticationTag
            tag[index] ^= 0x80
            expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
                try fixture.openAsRecipient(Self.rebuilt(fixture.box, tag: tag))
            }
        }
        var nonce = fixture.box.nonce
        nonce[0] ^= 0x01
        expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
            try fixture.openAsRecipient(Self.rebuilt(fixture.box, nonce: nonce))
        }
        expectCeremonyRefusal(.malformedMessage) { () throws(KeyCeremonyError) in
            try fixture.openAsRecipient(Self.rebuilt(fixture.box, nonce: Array(nonce.dropLast())))
        }
        expectCeremonyRefusal(.malformedMessage) { () throws(KeyCeremonyError) in
            try fixture.openAsRecipient(Self.rebuilt(fixture.box, ciphertext: []))
        }
    }

    @Test func aShareBoxRedirectedToAnotherRecipientDoesNotOpen() throws {
        let fixture = try Fixture()
        let three = fixture.participant(3)
        let threesSecret = fixture.ceremony.channelSecrets[Self.id(3)]![Self.id(1)]!
        // As addressed: participant 3 refuses a box for participant 2.
        expectCeremonyRefusal(.misdirected) { () throws(KeyCeremonyError) in
            try fixture.box.open(
                purpose: .dkgShare, ceremonyID: fixture.ceremony.parameters.id, from: fixture.participant(1), to: three,
                sharedSecret: threesSecret)
        }
        // Readdressed to participant 3: another key and other associated data.
        expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
            try Self.rebuilt(fixture.box, recipient: Self.id(3)).open(
                purpose: .dkgShare, ceremonyID: fixture.ceremony.parameters.id, from: fixture.participant(1), to: three,
                sharedSecret: threesSecret)
        }
    }

    @Test func aShareBoxReplayedIntoAnotherCeremonyDoesNotOpen() throws {
        let fixture = try Fixture()
        let other = CeremonyHarness.ceremonyID(61)
        expectCeremonyRefusal(.wrongCeremony) { () throws(KeyCeremonyError) in
            try fixture.box.open(
                purpose: .dkgShare, ceremonyID: other, from: fixture.participant(1), to: fixture.participant(2),
                sharedSecret: fixture.ceremony.channelSecrets[Self.id(2)]![Self.id(1)]!)
        }
        expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
            try Self.rebuilt(fixture.box, ceremonyID: other).open(
                purpose: .dkgShare, ceremonyID: other, from: fixture.participant(1), to: fixture.participant(2),
                sharedSecret: fixture.ceremony.channelSecrets[Self.id(2)]![Self.id(1)]!)
        }
    }

    @Test func aShareBoxTurnedRoundIntoTheOtherDirectionDoesNotOpen() throws {
        let fixture = try Fixture()
        // The same ECDH secret, but sender and recipient swapped: the other direction's key.
        let reversed = Self.rebuilt(fixture.box, sender: Self.id(2), recipient: Self.id(1))
        expectCeremonyRefusal(.undecryptableShare) { () throws(KeyCeremonyError) in
            try reversed.open(
                purpose: .dkgShare, ceremonyID: fixture.ceremony.parameters.id, from: fixture.participant(2),
                to: fixture.participant(1), sharedSecret: fixture.ceremony.channelSecrets[Self.id(1)]![Self.id(2)]!)
        }
    }

    @Test func aShareBoxNamingAnotherSenderIsMisattributed() throws {
        let fixture = try Fixture()
        expectCeremonyRefusal(.misattributed) { () throws(KeyCeremonyError) in
            try fixture.box.open(
                purpose: .dkgShare, ceremonyID: fixture.ceremony.parameters.id, from: fixture.participant(3),
                to: fixture.participant(2), sharedSecret: fixture.ceremony.channelSecrets[Self.id(2)]![Self.id(3)]!)
        }
    }
}
