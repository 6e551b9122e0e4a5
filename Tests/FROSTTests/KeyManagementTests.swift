import Secp256k1
import Testing

@_spi(TestVectors) @testable import FROST

/// Distributed key generation, refresh and repair: the published vectors, and the properties
/// each must have.
@Suite struct KeyManagementTests {
    @Test(arguments: FROSTVectors.shared.dkg)
    func dkgReproducesVector(_ vector: FROSTVectors.DKG) throws {
        switch vector.suite {
        case Secp256k1SHA256.name: try checkDKG(vector, Secp256k1SHA256.self)
        case Secp256k1SHA256Taproot.name: try checkDKG(vector, Secp256k1SHA256Taproot.self)
        default: Issue.record("unknown suite \(vector.suite)")
        }
    }

    func checkDKG<Suite: Ciphersuite>(_ vector: FROSTVectors.DKG, _ suite: Suite.Type) throws {
        var published: [Identifier: DKG.Round1Package] = [:]
        for participant in vector.participants {
            published[id(participant.identifier)] = try DKG.Round1Package(
                Suite.self, commitment: VSSCommitment(coefficients: participant.commitment.map(point)),
                encodedProof: bytes(participant.proofOfKnowledge))
        }
        for participant in vector.participants {
            let me = id(participant.identifier)
            let secret = try Suite.dkgPart1(
                identifier: me, maxSigners: vector.maxSigners, minSigners: vector.minSigners,
                secret: scalar(participant.secret), coefficients: [scalar(participant.coefficient)])
            #expect(secret.package.commitment == published[me]!.commitment)
            let others = published.filter { $0.key != me }
            // Part 2 checks the other participants' published proofs of knowledge.
            let round2 = try Suite.dkgPart2(secret: secret, round1Packages: others)
            // What we would send each other participant is what the vector says they received.
            for other in vector.participants where other.identifier != participant.identifier {
                let sent = try #require(round2.packages[id(other.identifier)])
                #expect(
                    sent.signingShare.secret
                        == .init(copying: bytes(other.receivedShares["\(participant.identifier)"]!)))
            }
            var received: [Identifier: DKG.Round2Package] = [:]
            for (sender, share) in participant.receivedShares {
                received[id(Int(sender)!)] = DKG.Round2Package(
                    signingShare: try SigningShare(secret: .init(copying: bytes(share))))
            }
            var (keyPackage, publicKeyPackage) = try Suite.dkgPart3(
                secret: round2, round1Packages: others, round2Packages: received)
            if Suite.usesEvenYConventions {
                // The Zcash Foundation's Taproot DKG applies the key-path tweak to its output;
                // Custody keeps the internal key and tweaks when signing. Applying the same
                // tweak here must give the published values.
                keyPackage = try keyPackage.tweaked(merkleRoot: nil)
                publicKeyPackage = try publicKeyPackage.tweaked(merkleRoot: nil)
            }
            #expect(keyPackage.signingShare.secret == .init(copying: bytes(participant.signingShare)))
            #expect(try keyPackage.verifyingShare.compressed() == bytes(participant.verifyingShare))
            #expect(try keyPackage.groupPublicKey.compressed() == bytes(vector.verifyingKey))
            #expect(try publicKeyPackage.groupPublicKey.compressed() == bytes(vector.verifyingKey))
            for other in vector.participants {
                #expect(
                    try publicKeyPackage.verifyingShares[id(other.identifier)]?.compressed()
                        == bytes(other.verifyingShare))
            }
        }
    }

    @Test func repairSumsMatchVector() throws {
        let vector = FROSTVectors.shared.repair
        let randomSum = Repair.step2(deltas: vector.randomScalars.map { Repair.Contribution(scalar($0)) })
        #expect(randomSum == Repair.Contribution(scalar(vector.randomScalarSum)))
        let sigmaSum = Repair.step2(deltas: vector.sigmas.map { Repair.Contribution(scalar($0)) })
        #expect(sigmaSum == Repair.Contribution(scalar(vector.sigmaSum)))
    }

    /// A full DKG among `n` participants, run in memory.
    static func runDKG<Suite: Ciphersuite>(
        _ suite: Suite.Type, minSigners: Int, maxSigners: Int
    ) throws -> (keyPackages: [KeyPackage], publicKeyPackage: PublicKeyPackage) {
        let identifiers = try (1...maxSigners).map { try Identifier($0) }
        let ceremony = try DKG.Ceremony.fresh(identifiers)
        var round1Packages: [Identifier: DKG.Round1Package] = [:]
        var round2Secrets: [Identifier: DKG.Round2Secret] = [:]
        var firstSecrets: [Identifier: DKG.Round1Secret] = [:]
        for identifier in identifiers {
            let secret = try Suite.dkgPart1(
                identifier: identifier, maxSigners: maxSigners, minSigners: minSigners, ceremony: ceremony)
            round1Packages[identifier] = secret.package
            firstSecrets[identifier] = secret
        }
        for identifier in identifiers {
            let secret = firstSecrets.removeValue(forKey: identifier)!
            round2Secrets[identifier] = try Suite.dkgPart2(
                secret: secret, round1Packages: round1Packages.filter { $0.key != identifier })
        }
        var keyPackages: [KeyPackage] = []
        var publicKeyPackages: [PublicKeyPackage] = []
        for identifier in identifiers {
            var received: [Identifier: DKG.Round2Package] = [:]
            for sender in identifiers where sender != identifier {
                received[sender] = round2Secrets[sender]!.packages[identifier]!
            }
            let (keyPackage, publicKeyPackage) = try Suite.dkgPart3(
                secret: round2Secrets[identifier]!, round1Packages: round1Packages.filter { $0.key != identifier },
                round2Packages: received)
            keyPackages.append(keyPackage)
            publicKeyPackages.append(publicKeyPackage)
        }
        // Every participant reaches the same public key package.
        #expect(publicKeyPackages.allSatisfy { $0 == publicKeyPackages[0] })
        return (keyPackages, publicKeyPackages[0])
    }

    @Test func dkgKeysSignWithBothSuites() throws {
        let (keys, publicKeys) = try Self.runDKG(Secp256k1SHA256Taproot.self, minSigners: 3, maxSigners: 5)
        let signature = try signLocally(
            Secp256k1SHA256Taproot.self, keys: [keys[0], keys[2], keys[4]], publicKeys: publicKeys)
        #expect(
            Schnorr.verify(signature: signature.bytes, message: message, publicKey: try signature.publicKey.xOnly()))
        let (plainKeys, plainPublic) = try Self.runDKG(Secp256k1SHA256.self, minSigners: 2, maxSigners: 3)
        _ = try signLocally(Secp256k1SHA256.self, keys: [plainKeys[1], plainKeys[2]], publicKeys: plainPublic)
    }

    @Test func dkgNamesTheSenderOfABadProof() throws {
        let identifiers = try (1...3).map { try Identifier($0) }
        let ceremony = try DKG.Ceremony.fresh(identifiers)
        var packages: [Identifier: DKG.Round1Package] = [:]
        var mine: DKG.Round1Secret?
        for identifier in identifiers {
            let secret = try Secp256k1SHA256.dkgPart1(
                identifier: identifier, maxSigners: 3, minSigners: 2, ceremony: ceremony)
            packages[identifier] = secret.package
            if identifier == identifiers[0] { mine = secret }
        }
        // Participant 3 replays participant 2's proof with its own commitment.
        packages[identifiers[2]] = DKG.Round1Package(
            commitment: packages[identifiers[2]]!.commitment,
            proofCommitment: packages[identifiers[1]]!.proofCommitment,
            proofResponse: packages[identifiers[1]]!.proofResponse)
        do {
            _ = try Secp256k1SHA256.dkgPart2(
                secret: mine!, round1Packages: packages.filter { $0.key != identifiers[0] })
            Issue.record("a bad proof of knowledge was accepted")
        } catch {
            #expect(error.code == .invalidProofOfKnowledge)
            #expect(error.culprits == [identifiers[2]])
        }
    }

    @Test func dkgNamesTheSenderOfABadShare() throws {
        let identifiers = try (1...3).map { try Identifier($0) }
        let ceremony = try DKG.Ceremony.fresh(identifiers)
        var packages: [Identifier: DKG.Round1Package] = [:]
        var secrets: [Identifier: DKG.Round1Secret] = [:]
        for identifier in identifiers {
            let secret = try Secp256k1SHA256.dkgPart1(
                identifier: identifier, maxSigners: 3, minSigners: 2, ceremony: ceremony)
            packages[identifier] = secret.package
            secrets[identifier] = secret
        }
        var round2: [Identifier: DKG.Round2Secret] = [:]
        for identifier in identifiers {
            round2[identifier] = try Secp256k1SHA256.dkgPart2(
                secret: secrets.removeValue(forKey: identifier)!,
                round1Packages: packages.filter { $0.key != identifier })
        }
        let me = identifiers[0]
        var received: [Identifier: DKG.Round2Package] = [:]
        for sender in identifiers.dropFirst() { received[sender] = round2[sender]!.packages[me]! }
        received[identifiers[1]] = DKG.Round2Package(signingShare: SigningShare(.random()))
        do {
            _ = try Secp256k1SHA256.dkgPart3(
                secret: round2[me]!, round1Packages: packages.filter { $0.key != me }, round2Packages: received)
            Issue.record("a bad share was accepted")
        } catch {
            #expect(error.code == .invalidSecretShare)
            #expect(error.culprits == [identifiers[1]])
        }
        // Round-one packages other than those part 2 checked: refused.
        var swapped = packages.filter { $0.key != me }
        let other = try Secp256k1SHA256.dkgPart1(
            identifier: identifiers[1], maxSigners: 3, minSigners: 2, ceremony: ceremony)
        swapped[identifiers[1]] = other.package
        do {
            _ = try Secp256k1SHA256.dkgPart3(secret: round2[me]!, round1Packages: swapped, round2Packages: received)
            Issue.record("part 3 accepted round-one packages part 2 never checked")
        } catch {
            #expect(error.code == .mismatchedCommitments)
        }
        // Missing a package: a clear count error.
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.dkgPart3(
                secret: round2[me]!, round1Packages: packages.filter { $0.key != me },
                round2Packages: received.filter { $0.key == identifiers[1] })
        }
    }

    @Test func refreshKeepsTheGroupKeyAndOldSharesDoNotMix() throws {
        let suite = Secp256k1SHA256Taproot.self
        let (shares, publicKeys) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        let keys = try shares.map { try $0.verify() }
        // Participant 3 is dropped.
        let remaining = [keys[0].identifier, keys[1].identifier]
        let (zeroShares, refreshedPublic) = try Refresh.deal(publicKeyPackage: publicKeys, identifiers: remaining)
        #expect(refreshedPublic.groupPublicKey == publicKeys.groupPublicKey)
        #expect(refreshedPublic.verifyingShares.count == 2)
        let refreshed = try zip(keys.prefix(2), zeroShares).map { try $0.refreshed(with: $1) }
        for key in refreshed {
            #expect(key.groupPublicKey == publicKeys.groupPublicKey)
            #expect(key.verifyingShare == refreshedPublic.verifyingShares[key.identifier])
            #expect(key.signingShare != keys.first { $0.identifier == key.identifier }!.signingShare)
        }
        _ = try signLocally(suite, keys: refreshed, publicKeys: refreshedPublic)

        // An old share and a new one do not make a signature: the new share fails verification.
        do {
            _ = try signLocally(suite, keys: [keys[0], refreshed[1]], publicKeys: publicKeys)
            Issue.record("an old and a new share signed together")
        } catch let error as FROSTError {
            #expect(error.code == .invalidSignatureShare)
            #expect(error.culprits == [refreshed[1].identifier])
        }
        // The dropped participant's old share, with a refreshed one, is refused too.
        do {
            _ = try signLocally(suite, keys: [refreshed[0], keys[2]], publicKeys: refreshedPublic)
            Issue.record("a dropped participant signed")
        } catch let error as FROSTError {
            #expect(error.code == .unknownIdentifier)
        }
        // A zero-share for someone else, or one whose commitment does not share zero, is refused.
        #expect(throws: FROSTError.self) { try keys[0].refreshed(with: zeroShares[1]) }
        #expect(throws: FROSTError.self) { try keys[0].refreshed(with: shares[0]) }
    }

    @Test func repairRebuildsALostShare() throws {
        let (shares, publicKeys) = try TrustedDealer.generate(minSigners: 3, maxSigners: 5)
        let keys = try shares.map { try $0.verify() }
        let lost = keys[1]
        let helpers = [keys[0], keys[3], keys[4]]
        let helperIdentifiers = helpers.map(\.identifier)
        let deltas = try helpers.map {
            try Repair.step1(helpers: helperIdentifiers, keyPackage: $0, participant: lost.identifier)
        }
        let sigmas = helperIdentifiers.map { helper in Repair.step2(deltas: deltas.map { $0[helper]! }) }
        let repaired = try Repair.step3(sigmas: sigmas, participant: lost.identifier, publicKeyPackage: publicKeys)
        #expect(repaired == lost)

        // Too few helpers are refused before anything is computed.
        #expect(throws: FROSTError.self) {
            try Repair.step1(
                helpers: Array(helperIdentifiers.prefix(2)), keyPackage: helpers[0], participant: lost.identifier)
        }
        // A cheating helper is caught by the verifying share check.
        var badSigmas = sigmas
        badSigmas[0] = Repair.Contribution(.random())
        #expect(throws: FROSTError.self) {
            try Repair.step3(sigmas: badSigmas, participant: lost.identifier, publicKeyPackage: publicKeys)
        }
    }
}

let message = Array("custody: withdraw 1.5 BTC to bc1p…".utf8)

/// Every FROST round, run in memory with the given key packages as the signers.
@discardableResult
func signLocally<Suite: Ciphersuite>(
    _ suite: Suite.Type, keys: [KeyPackage], publicKeys: PublicKeyPackage, spend: TaprootSpend? = nil
) throws -> Signature {
    var commitments: [SigningCommitments] = []
    let pools = keys.map { Suite.preprocess(count: 1, keyPackage: $0) }
    for pool in pools { commitments.append(pool.commitments[0]) }
    let package = try SigningPackage(commitments: commitments, message: message, taprootSpend: spend)
    var shares: [SignatureShare] = []
    for (key, pool) in zip(keys, pools) {
        shares.append(try Suite.sign(package, nonces: pool.take(for: pool.commitments[0])!, keyPackage: key))
    }
    return try Suite.aggregate(package, shares: shares, publicKeyPackage: publicKeys)
}
