import Custody
import CustodyTestSupport
import Encoding
import FROST
import Foundation
import PKCS11
import Secp256k1
import Testing

/// The key ceremony's payload encodings (docs/protocol.md § Key ceremony payloads): round trips
/// of every payload, byte layouts pinned, and every malformed input a peer can send refused with
/// the reason that names it.
@Suite struct KeyCeremonyWireTests {
    static let g1 = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    static let gUncompressed =
        "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
        + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"

    static func point(_ k: UInt64) -> Point { Point(multiplyingGeneratorBy: Scalar(k)) }
    static func id(_ number: Int) -> Identifier { try! Identifier(number) }
    static let ceremony = try! KeyCeremonyID(bytes: Array(0..<16))
    static let other = try! KeyCeremonyID(bytes: Array(1..<17))

    static func key(_ k: UInt64) throws -> IdentityPublicKey {
        try IdentityPublicKey(curve: .secp256k1, sec1: point(k).compressed())
    }

    static func invitation() throws -> KeyCeremonyInvitation {
        let parameters = try KeyCeremonyParameters(
            id: ceremony, wallet: "treasury", suite: .secp256k1Taproot, threshold: 2,
            participants: [
                KeyCeremonyParticipant(identifier: id(2), identityKey: try key(2)),
                KeyCeremonyParticipant(identifier: id(1), identityKey: try key(1)),
                KeyCeremonyParticipant(identifier: id(3), identityKey: try key(3)),
            ])
        return try KeyCeremonyInvitation(
            parameters: parameters, names: [id(1): "signer-1", id(2): "signer-2", id(3): "signer-3"])
    }

    static func round1(_ sender: Int, _ ceremony: KeyCeremonyID = ceremony) -> KeyCeremonyRound1 {
        KeyCeremonyRound1(
            ceremonyID: ceremony, sender: id(sender),
            package: DKG.Round1Package(
                commitment: VSSCommitment(coefficients: [point(1), point(2)]), proofCommitment: point(3),
                proofResponse: Scalar(4)))
    }

    static func echo(_ sender: Int) -> KeyCeremonyEcho {
        KeyCeremonyEcho(
            ceremonyID: ceremony, sender: id(sender),
            packageHashes: [id(1): Array(repeating: 1, count: 32), id(2): Array(repeating: 2, count: 32)])
    }

    static func box(_ sender: Int, to recipient: Int) -> ShareBox {
        ShareBox(
            purpose: .dkgShare, ceremonyID: ceremony, sender: id(sender), recipient: id(recipient),
            nonce: Array(repeating: 9, count: 12), ciphertext: Array(repeating: 7, count: 32),
            authenticationTag: Array(repeating: 8, count: 16))
    }

    static func signature(_ sender: Int) -> KeyCeremonyTranscriptSignature {
        KeyCeremonyTranscriptSignature(
            ceremonyID: ceremony, sender: id(sender), transcriptHash: Array(repeating: 5, count: 32),
            signature: Array(repeating: 6, count: 64))
    }

    /// The `malformedMessage` error `decode` throws.
    func refusal(_ decode: () throws -> Void) -> String {
        do {
            try decode()
        } catch let error as KeyCeremonyError {
            #expect(error.code == .malformedMessage)
            return error.reason
        } catch {
            Issue.record("not a KeyCeremonyError: \(error)")
            return ""
        }
        Issue.record("decoded")
        return ""
    }

    @Test func theInvitationsBytesArePinned() throws {
        let bytes = try Self.invitation().encoded()
        let expected =
            "10000102030405060708090a0b0c0d0e0f" + "08" + "7472656173757279" + "02" + "02" + "03"
            + String(repeating: "00", count: 31) + "01" + "01" + Self.gUncompressed + "08" + "7369676e65722d31"
        #expect(Hex.encode(Array(bytes.prefix(expected.count / 2))) == expected)
        #expect(try KeyCeremonyInvitation(decoding: bytes) == Self.invitation())
    }

    @Test func everyPayloadRoundTrips() throws {
        let invitation = try Self.invitation()
        #expect(try KeyCeremonyInvitation(decoding: invitation.encoded()) == invitation)
        let round1 = [Self.round1(1), Self.round1(3)]
        #expect(
            try KeyCeremonyWire.decodeBatch(KeyCeremonyWire.encode(batch: round1), of: KeyCeremonyRound1.self) == round1
        )
        let echoes = [Self.echo(1), Self.echo(2)]
        #expect(
            try KeyCeremonyWire.decodeBatch(KeyCeremonyWire.encode(batch: echoes), of: KeyCeremonyEcho.self) == echoes)
        let boxes = [Self.box(2, to: 1), Self.box(3, to: 1)]
        #expect(try KeyCeremonyWire.decodeBatch(KeyCeremonyWire.encode(batch: boxes), of: ShareBox.self) == boxes)
        let signatures = [Self.signature(2)]
        #expect(
            try KeyCeremonyWire.decodeBatch(
                KeyCeremonyWire.encode(batch: signatures), of: KeyCeremonyTranscriptSignature.self) == signatures)
        let completion = KeyCeremonyCompletion(
            ceremonyID: Self.ceremony, sender: Self.id(1), transcriptHash: Array(repeating: 3, count: 32),
            groupPublicKey: Self.point(7))
        #expect(try KeyCeremonyCompletion(decoding: completion.encoded()) == completion)
        let abort = KeyCeremonyAbort(ceremonyID: Self.ceremony, reason: "signer-2 is unreachable: é")
        #expect(try KeyCeremonyAbort(decoding: abort.encoded()) == abort)
        let report = KeyCeremonyAbortReport(
            ceremonyID: Self.ceremony,
            error: KeyCeremonyError(.undecryptableShare, "the box from 3 fails", culprits: [Self.id(3), Self.id(2)]))
        #expect(try KeyCeremonyAbortReport(decoding: report.encoded()) == report)
        let package = try PublicKeyPackage(
            verifyingShares: [Self.id(1): Self.point(1), Self.id(2): Self.point(2), Self.id(3): Self.point(3)],
            groupPublicKey: Self.point(9), minSigners: 2)
        #expect(try KeyCeremonyWire.decodePublicKeyPackage(KeyCeremonyWire.encode(package)) == package)
        #expect(KeyCeremonyWire.encode(package).count == 2 + 33 + 3 * 65)
    }

    @Test func smallPayloadsArePinned() throws {
        let completion = KeyCeremonyCompletion(
            ceremonyID: Self.ceremony, sender: Self.id(1), transcriptHash: Array(repeating: 3, count: 32),
            groupPublicKey: Self.point(1))
        #expect(
            Hex.encode(completion.encoded())
                == "10000102030405060708090a0b0c0d0e0f" + String(repeating: "00", count: 31) + "01"
                + String(repeating: "03", count: 32) + Self.g1)
        let abort = KeyCeremonyAbort(ceremonyID: Self.ceremony, reason: "é")
        #expect(Hex.encode(abort.encoded()) == "10000102030405060708090a0b0c0d0e0f" + "0002c3a9")
        let report = KeyCeremonyAbortReport(
            ceremonyID: Self.ceremony, error: KeyCeremonyError(.abandoned, "", culprits: [Self.id(1)]))
        #expect(
            Hex.encode(report.encoded())
                == "10000102030405060708090a0b0c0d0e0f" + "09" + "6162616e646f6e6564" + "01"
                + String(repeating: "00", count: 31) + "01" + "0000")
        let signatures = KeyCeremonyWire.encode(batch: [Self.signature(2)])
        #expect(signatures.count == 1 + 17 + 32 + 32 + 64)
        #expect(signatures[0] == 1)
    }

    @Test func aLongReasonIsCutAtACharacterBoundary() throws {
        let abort = KeyCeremonyAbort(ceremonyID: Self.ceremony, reason: String(repeating: "é", count: 600))
        let decoded = try KeyCeremonyAbort(decoding: abort.encoded())
        #expect(decoded.reason == String(repeating: "é", count: 512))
    }

    @Test func truncatedAndTrailingBytesAreRefusedNamingTheField() throws {
        let bytes = try Self.invitation().encoded()
        #expect(
            refusal { _ = try KeyCeremonyInvitation(decoding: Array(bytes.dropLast())) }.contains(
                "the invitation is truncated: participant 2 name needs 8 bytes, 7 left"))
        #expect(
            refusal { _ = try KeyCeremonyInvitation(decoding: bytes + [0]) } == "the invitation has 1 trailing bytes")
        let batch = KeyCeremonyWire.encode(batch: [Self.round1(1)])
        for cut in 0..<batch.count {
            _ = refusal { _ = try KeyCeremonyWire.decodeBatch(Array(batch.prefix(cut)), of: KeyCeremonyRound1.self) }
        }
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(batch + [1], of: KeyCeremonyRound1.self) }
                == "the round-one package batch has 1 trailing bytes")
    }

    @Test func badFieldsAreRefusedWithTheirReason() throws {
        var invitation = try Self.invitation().encoded()
        // Suite code 3.
        invitation[26] = 3
        #expect(refusal { _ = try KeyCeremonyInvitation(decoding: invitation) } == "the suite code 3 is not known")
        invitation[26] = 2
        // Threshold 4 of 3: the parameters' own reason.
        invitation[27] = 4
        #expect(refusal { _ = try KeyCeremonyInvitation(decoding: invitation) }.contains("threshold"))
        invitation[27] = 2
        // Participant 1's key made compressed-looking.
        invitation[29 + 32 + 1] = 0x02
        #expect(refusal { _ = try KeyCeremonyInvitation(decoding: invitation) }.contains("identity key"))

        var round1 = KeyCeremonyWire.encode(batch: [Self.round1(1)])
        // The first coefficient's prefix.
        round1[1 + 17 + 32 + 1] = 0x05
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(round1, of: KeyCeremonyRound1.self) }
                == "the round-one package 0 coefficient 0 is not a compressed point on the curve")
        var zero = KeyCeremonyWire.encode(batch: [Self.round1(1)])
        for index in (1 + 17)..<(1 + 17 + 32) { zero[index] = 0 }
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(zero, of: KeyCeremonyRound1.self) }.contains(
                "sender is not an identifier"))
        var highZ = KeyCeremonyWire.encode(batch: [Self.round1(1)])
        for index in (highZ.count - 32)..<highZ.count { highZ[index] = 0xff }
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(highZ, of: KeyCeremonyRound1.self) }
                == "the round-one package 0 proof z is not below the group order")

        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch([0], of: KeyCeremonyEcho.self) } == "a echo batch is empty")
        let mixed = KeyCeremonyWire.encode(batch: [Self.round1(1), Self.round1(2, Self.other)])
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(mixed, of: KeyCeremonyRound1.self) }.contains(
                "mixes ceremonies"))

        var box = KeyCeremonyWire.encode(batch: [Self.box(2, to: 1)])
        box[1] = 5
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(box, of: ShareBox.self) }
                == "the share box 0's purpose 5 is not known")
        box[1] = 1
        box[1 + 1 + 17 + 64 + 12] = 65
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(box, of: ShareBox.self) }
                == "the share box 0's ciphertext is 1 to 64 bytes, its length says 65")

        var shortID = KeyCeremonyAbort(ceremonyID: Self.ceremony, reason: "").encoded()
        shortID[0] = 15
        #expect(
            refusal { _ = try KeyCeremonyAbort(decoding: shortID) }
                == "the abort's ceremony id is 16 to 64 bytes, its length says 15")
    }

    @Test func entriesOutOfOrderAndUnknownCodesAreRefused() throws {
        var echo = KeyCeremonyWire.encode(batch: [Self.echo(1)])
        // Swap the two entries' identifiers (1 and 2).
        let first = 1 + 17 + 32 + 1
        echo[first + 31] = 2
        echo[first + 64 + 31] = 1
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(echo, of: KeyCeremonyEcho.self) }
                == "the echo 0's entries are not strictly ascending: 1 follows 2")

        var invitation = try Self.invitation().encoded()
        let entry = 32 + 1 + 65 + 1 + 8
        let firstIdentifier = 29
        invitation[firstIdentifier + 31] = 2
        invitation[firstIdentifier + entry + 31] = 1
        #expect(
            refusal { _ = try KeyCeremonyInvitation(decoding: invitation) }
                == "the participants are not strictly ascending: 1 follows 2")

        var report = KeyCeremonyAbortReport(ceremonyID: Self.ceremony, error: KeyCeremonyError(.abandoned, "x"))
            .encoded()
        report[17 + 1] = UInt8(ascii: "A")
        #expect(
            refusal { _ = try KeyCeremonyAbortReport(decoding: report) }
                == "the abort report's code is not a known ceremony error code")
    }

    @Test func anOversizedPayloadIsRefusedBeforeItIsRead() throws {
        let huge = [UInt8](repeating: 1, count: KeyCeremonyWire.maximumPayloadSize + 1)
        #expect(
            refusal { _ = try KeyCeremonyWire.decodeBatch(huge, of: ShareBox.self) }.contains("at most 1048576 bytes"))
        #expect(refusal { _ = try KeyCeremonyInvitation(decoding: huge) }.contains("at most 1048576 bytes"))
    }

    /// Every seed of the fuzz target, written by `Fuzz/seeds.py` with its own Python curve
    /// arithmetic, decodes and re-encodes to its bytes.
    @Test func theFuzzCorpusDecodesAndReEncodes() throws {
        let directory = Repository.root.appendingPathComponent("Fuzz/Corpus/FuzzKeyCeremonyWire")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count == 12)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
            let payload = Array(bytes.dropFirst())
            let encoded: [UInt8] =
                switch bytes[0] {
                case 0: try KeyCeremonyInvitation(decoding: payload).encoded()
                case 1:
                    KeyCeremonyWire.encode(batch: try KeyCeremonyWire.decodeBatch(payload, of: KeyCeremonyRound1.self))
                case 2:
                    KeyCeremonyWire.encode(batch: try KeyCeremonyWire.decodeBatch(payload, of: KeyCeremonyEcho.self))
                case 3: KeyCeremonyWire.encode(batch: try KeyCeremonyWire.decodeBatch(payload, of: ShareBox.self))
                case 4:
                    KeyCeremonyWire.encode(
                        batch: try KeyCeremonyWire.decodeBatch(payload, of: KeyCeremonyTranscriptSignature.self))
                case 5: try KeyCeremonyCompletion(decoding: payload).encoded()
                case 6: try KeyCeremonyAbort(decoding: payload).encoded()
                case 7: try KeyCeremonyAbortReport(decoding: payload).encoded()
                case 8: KeyCeremonyWire.encode(try KeyCeremonyWire.decodePublicKeyPackage(payload))
                case 10: try ShareRepairInvitation(decoding: payload).encoded()
                case 11: try ShareRepairDelivery(decoding: payload).encoded()
                default: try KeyCeremonyRefreshInvitation(decoding: payload).encoded()
                }
            #expect(encoded == payload, "\(file)")
        }
    }

    /// A share refresh's invitation: key version ‖ public key package ‖ invitation, and what it
    /// refuses (docs/protocol.md § `ceremonyRefreshStart`).
    @Test func aRefreshInvitationRoundTripsAndRefusesAKeyThatDoesNotFit() throws {
        let invitation = try Self.invitation()
        let package = try PublicKeyPackage(
            verifyingShares: [Self.id(1): Self.point(1), Self.id(2): Self.point(2), Self.id(3): Self.point(3)],
            groupPublicKey: Self.point(9), minSigners: 2)
        let refresh = try KeyCeremonyRefreshInvitation(
            invitation: invitation, refresh: KeyCeremonyRefresh(publicKeyPackage: package, keyVersion: 2))
        let bytes = refresh.encoded()
        let packageBytes = KeyCeremonyWire.encode(package)
        #expect(bytes == [0, 0, 0, 2, 0, UInt8(packageBytes.count)] + packageBytes + invitation.encoded())
        #expect(try KeyCeremonyRefreshInvitation(decoding: bytes) == refresh)

        var version1 = bytes
        version1[3] = 1
        #expect(
            refusal { _ = try KeyCeremonyRefreshInvitation(decoding: version1) }
                == "the refresh invitation is refused: a refresh makes key version 2 or later, not 1")
        #expect(
            refusal { _ = try KeyCeremonyRefreshInvitation(decoding: Array(bytes.prefix(5))) }
                == "the refresh invitation is truncated: public key package length needs 2 bytes, 1 left")
        #expect(refusal { _ = try KeyCeremonyRefreshInvitation(decoding: bytes + [0]) }.contains("trailing bytes"))
        let threeOfThree = try PublicKeyPackage(
            verifyingShares: package.verifyingShares, groupPublicKey: Self.point(9), minSigners: 3)
        let otherThreshold =
            [0, 0, 0, 2, 0, UInt8(packageBytes.count)] + KeyCeremonyWire.encode(threeOfThree)
            + invitation.encoded()
        #expect(
            refusal { _ = try KeyCeremonyRefreshInvitation(decoding: otherThreshold) }
                == "the refresh invitation is refused: a refresh keeps the threshold 3, not 2")
        let twoHolders = try PublicKeyPackage(
            verifyingShares: [Self.id(1): Self.point(1), Self.id(2): Self.point(2)], groupPublicKey: Self.point(9),
            minSigners: 2)
        let twoBytes = KeyCeremonyWire.encode(twoHolders)
        let stranger = [0, 0, 0, 2, 0, UInt8(twoBytes.count)] + twoBytes + invitation.encoded()
        #expect(
            refusal { _ = try KeyCeremonyRefreshInvitation(decoding: stranger) }.hasPrefix(
                "the refresh invitation is refused: participants"))
    }
}
