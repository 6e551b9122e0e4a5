import Secp256k1
import Testing

@_spi(TestVectors) @testable import FROST

extension DKG.Ceremony {
    /// A ceremony with a fresh random id among `participants`.
    static func fresh(_ participants: [Identifier]) throws -> DKG.Ceremony {
        var generator = SystemRandomNumberGenerator()
        return try DKG.Ceremony(
            id: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }, participants: participants)
    }
}

/// DKG proofs of knowledge are bound to their ceremony: a round-one package cannot be carried
/// from one key ceremony into another.
@Suite struct DKGCeremonyBindingTests {
    let identifiers = try! (1...3).map { try Identifier($0) }

    /// Part 1 for every participant of `ceremony`.
    func round1(_ ceremony: DKG.Ceremony) throws -> [Identifier: DKG.Round1Secret] {
        var secrets: [Identifier: DKG.Round1Secret] = [:]
        for identifier in ceremony.participants {
            secrets[identifier] = try Secp256k1SHA256.dkgPart1(
                identifier: identifier, maxSigners: ceremony.participants.count, minSigners: 2, ceremony: ceremony)
        }
        return secrets
    }

    @Test func aRound1PackageReplayedIntoAnotherCeremonyIsRefused() throws {
        let ceremonyA = try DKG.Ceremony.fresh(identifiers)
        let ceremonyB = try DKG.Ceremony.fresh(identifiers)
        let a = try round1(ceremonyA)
        let b = try round1(ceremonyB)
        // Participant 3's package from ceremony A, replayed into ceremony B.
        let packages = [identifiers[1]: b[identifiers[1]]!.package, identifiers[2]: a[identifiers[2]]!.package]
        do {
            _ = try Secp256k1SHA256.dkgPart2(secret: b[identifiers[0]]!, round1Packages: packages)
            Issue.record("a round-one package from another ceremony was accepted")
        } catch {
            #expect(error.code == .invalidProofOfKnowledge)
            #expect(error.culprits == [identifiers[2]])
        }
        // Within its own ceremony the same package is fine.
        let own = [identifiers[1]: a[identifiers[1]]!.package, identifiers[2]: a[identifiers[2]]!.package]
        _ = try Secp256k1SHA256.dkgPart2(secret: a[identifiers[0]]!, round1Packages: own)
    }

    @Test func aRound1PackageForAnotherSetOfParticipantsIsRefused() throws {
        // Same id, participant 4 instead of 3: the participant list is part of the challenge.
        let id = [UInt8](repeating: 0x42, count: 32)
        let ceremony = try DKG.Ceremony(id: id, participants: identifiers)
        let other = try DKG.Ceremony(id: id, participants: [identifiers[0], identifiers[1], try Identifier(4)])
        let ours = try round1(ceremony)
        let theirs = try round1(other)
        let packages = [identifiers[1]: theirs[identifiers[1]]!.package, identifiers[2]: ours[identifiers[2]]!.package]
        do {
            _ = try Secp256k1SHA256.dkgPart2(secret: ours[identifiers[0]]!, round1Packages: packages)
            Issue.record("a package made for other participants was accepted")
        } catch {
            #expect(error.code == .invalidProofOfKnowledge)
            #expect(error.culprits == [identifiers[1]])
        }
        // A sender outside the ceremony is named as such.
        let stranger = [
            identifiers[1]: ours[identifiers[1]]!.package, try Identifier(4): theirs[try Identifier(4)]!.package,
        ]
        do {
            _ = try Secp256k1SHA256.dkgPart2(secret: ours[identifiers[0]]!, round1Packages: stranger)
            Issue.record("a package from outside the ceremony was accepted")
        } catch {
            #expect(error.code == .unknownIdentifier)
            #expect(error.culprits == [try Identifier(4)])
        }
    }

    /// What the binding closes: with the published (RFC 9591) challenge, the same replay
    /// passes, because nothing but the identifier is bound.
    @Test func theUnboundVectorChallengeAcceptsAReplayedPackage() throws {
        func unbound() throws -> [Identifier: DKG.Round1Secret] {
            var secrets: [Identifier: DKG.Round1Secret] = [:]
            for identifier in identifiers {
                secrets[identifier] = try Secp256k1SHA256.dkgPart1(
                    identifier: identifier, maxSigners: 3, minSigners: 2, secret: .random(), coefficients: [.random()])
            }
            return secrets
        }
        let a = try unbound()
        let b = try unbound()
        let packages = [identifiers[1]: b[identifiers[1]]!.package, identifiers[2]: a[identifiers[2]]!.package]
        _ = try Secp256k1SHA256.dkgPart2(secret: b[identifiers[0]]!, round1Packages: packages)
        // A bound participant refuses unbound packages, and the other way round.
        let bound = try round1(try DKG.Ceremony.fresh(identifiers))
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.dkgPart2(
                secret: bound[identifiers[0]]!,
                round1Packages: [
                    identifiers[1]: a[identifiers[1]]!.package, identifiers[2]: a[identifiers[2]]!.package,
                ])
        }
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.dkgPart2(
                secret: a[identifiers[0]]!,
                round1Packages: [
                    identifiers[1]: bound[identifiers[1]]!.package, identifiers[2]: bound[identifiers[2]]!.package,
                ])
        }
    }

    @Test func ceremoniesAreValidatedAndEncodedAsDocumented() throws {
        #expect(throws: FROSTError.self) {
            try DKG.Ceremony(id: [UInt8](repeating: 1, count: 15), participants: identifiers)
        }
        #expect(throws: FROSTError.self) {
            try DKG.Ceremony(id: [UInt8](repeating: 1, count: 256), participants: identifiers)
        }
        #expect(throws: FROSTError.self) {
            try DKG.Ceremony(id: [UInt8](repeating: 1, count: 16), participants: [identifiers[0]])
        }
        do {
            _ = try DKG.Ceremony(id: [UInt8](repeating: 1, count: 16), participants: identifiers + [identifiers[1]])
            Issue.record("a participant listed twice was accepted")
        } catch {
            #expect(error.code == .duplicateIdentifier)
            #expect(error.culprits == [identifiers[1]])
        }
        let ceremony = try DKG.Ceremony(id: [UInt8](repeating: 0xAB, count: 16), participants: identifiers.reversed())
        #expect(ceremony.participants == identifiers)
        let expected =
            Array("custody.frost.dkg.ceremony.v1".utf8) + [16] + [UInt8](repeating: 0xAB, count: 16) + [0, 3]
            + ([UInt8](repeating: 0, count: 31) + [1]) + ([UInt8](repeating: 0, count: 31) + [2])
            + ([UInt8](repeating: 0, count: 31) + [3])
        #expect(ceremony.encoded == expected)
        // Part 1 refuses a participant outside the ceremony and a maxSigners that disagrees.
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.dkgPart1(
                identifier: try Identifier(9), maxSigners: 3, minSigners: 2, ceremony: ceremony)
        }
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.dkgPart1(identifier: identifiers[0], maxSigners: 4, minSigners: 2, ceremony: ceremony)
        }
    }
}
