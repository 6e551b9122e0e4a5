import Secp256k1
import Testing

@_spi(TestVectors) @testable import FROST

/// Distributed refresh (docs/frost.md § Distributed refresh): every participant deals a share
/// of zero, so the group key stays and every share changes, with no dealer.
@Suite struct DistributedRefreshTests {
    /// Runs a refresh among `keys` in memory; `tamper` may alter what one sender sends one
    /// recipient before part 3.
    static func refresh<Suite: Ciphersuite>(
        _ suite: Suite.Type, keys: [KeyPackage], publicKeys: PublicKeyPackage,
        tamper: (_ sender: Identifier, _ recipient: Identifier, DKG.Round2Package) -> DKG.Round2Package = { $2 }
    ) throws -> (keyPackages: [KeyPackage], publicKeyPackage: PublicKeyPackage) {
        let ceremony = try DKG.Ceremony.fresh(keys.map(\.identifier))
        var firsts: [Identifier: DKG.Round1Secret] = [:]
        for key in keys { firsts[key.identifier] = try Suite.refreshPart1(keyPackage: key, ceremony: ceremony) }
        let round1 = firsts.mapValues(\.package)
        var seconds: [Identifier: DKG.Round2Secret] = [:]
        for key in keys {
            seconds[key.identifier] = try Suite.refreshPart2(
                secret: firsts[key.identifier]!, round1Packages: round1.filter { $0.key != key.identifier })
        }
        var results: [(KeyPackage, PublicKeyPackage)] = []
        for key in keys {
            var received: [Identifier: DKG.Round2Package] = [:]
            for sender in keys.map(\.identifier) where sender != key.identifier {
                received[sender] = tamper(sender, key.identifier, seconds[sender]!.packages[key.identifier]!)
            }
            results.append(
                try Suite.refreshPart3(
                    secret: seconds[key.identifier]!, round1Packages: round1.filter { $0.key != key.identifier },
                    round2Packages: received, keyPackage: key, publicKeyPackage: publicKeys))
        }
        #expect(results.allSatisfy { $0.1 == results[0].1 })
        return (results.map(\.0), results[0].1)
    }

    @Test(arguments: [(2, 3), (3, 5)])
    func aRefreshKeepsTheKeyChangesEveryShareAndOldAndNewDoNotMix(threshold: Int, count: Int) throws {
        let suite = Secp256k1SHA256Taproot.self
        let (keys, publicKeys) = try KeyManagementTests.runDKG(suite, minSigners: threshold, maxSigners: count)
        let (refreshed, refreshedPublic) = try Self.refresh(suite, keys: keys, publicKeys: publicKeys)
        #expect(refreshedPublic.groupPublicKey == publicKeys.groupPublicKey)
        #expect(refreshedPublic.minSigners == threshold)
        for (old, new) in zip(keys, refreshed) {
            #expect(new.identifier == old.identifier)
            #expect(new.signingShare != old.signingShare)
            #expect(new.verifyingShare == refreshedPublic.verifyingShares[new.identifier])
        }
        // Every threshold of refreshed shares signs for the same key.
        try signLocally(suite, keys: Array(refreshed.prefix(threshold)), publicKeys: refreshedPublic)
        try signLocally(suite, keys: Array(refreshed.suffix(threshold)), publicKeys: refreshedPublic)
        // An old share among new ones is named.
        do {
            try signLocally(suite, keys: [keys[0]] + refreshed[1..<threshold], publicKeys: refreshedPublic)
            Issue.record("an old share signed with refreshed ones")
        } catch let error as FROSTError {
            #expect(error.code == .invalidSignatureShare)
            #expect(error.culprits == [keys[0].identifier])
        }
    }

    @Test func aRefreshAmongSomeParticipantsLeavesTheOthersOut() throws {
        let suite = Secp256k1SHA256.self
        let (keys, publicKeys) = try KeyManagementTests.runDKG(suite, minSigners: 2, maxSigners: 3)
        let (refreshed, refreshedPublic) = try Self.refresh(suite, keys: Array(keys.prefix(2)), publicKeys: publicKeys)
        #expect(refreshedPublic.verifyingShares.count == 2)
        try signLocally(suite, keys: refreshed, publicKeys: refreshedPublic)
        #expect(throws: FROSTError.self) {
            try signLocally(suite, keys: [refreshed[0], keys[2]], publicKeys: refreshedPublic)
        }
    }

    @Test func aZeroShareThatDoesNotMatchItsCommitmentIsNamed() throws {
        let suite = Secp256k1SHA256Taproot.self
        let (keys, publicKeys) = try KeyManagementTests.runDKG(suite, minSigners: 2, maxSigners: 3)
        let liar = keys[1].identifier
        do {
            _ = try Self.refresh(suite, keys: keys, publicKeys: publicKeys) { sender, _, package in
                sender == liar
                    ? DKG.Round2Package(signingShare: SigningShare(package.signingShare.scalar + .one)) : package
            }
            Issue.record("a wrong zero-share was taken")
        } catch let error as FROSTError {
            #expect(error.code == .invalidSecretShare)
            #expect(error.culprits == [liar])
        }
    }

    @Test func aRefreshPackageIsNotADKGPackageAndTheReverse() throws {
        let suite = Secp256k1SHA256Taproot.self
        let (keys, _) = try KeyManagementTests.runDKG(suite, minSigners: 3, maxSigners: 3)
        let ceremony = try DKG.Ceremony.fresh(keys.map(\.identifier))
        let refreshing = try keys.map { try suite.refreshPart1(keyPackage: $0, ceremony: ceremony) }
        let generating = try keys.map {
            try suite.dkgPart1(identifier: $0.identifier, maxSigners: 3, minSigners: 3, ceremony: ceremony)
        }
        // A DKG package in a refresh: the wrong number of coefficients, named.
        var packages = [keys[1].identifier: refreshing[1].package, keys[2].identifier: generating[2].package]
        do {
            _ = try suite.refreshPart2(secret: refreshing[0], round1Packages: packages)
            Issue.record("a DKG package was taken in a refresh")
        } catch {
            #expect(error.code == .wrongCount)
            #expect(error.culprits == [keys[2].identifier])
        }
        // A refresh proof with the coefficient count made right fails: its tag differs.
        let shortened = DKG.Round1Package(
            commitment: VSSCommitment(coefficients: Array(generating[2].package.commitment.coefficients.prefix(2))),
            proofCommitment: generating[2].package.proofCommitment,
            proofResponse: generating[2].package.proofResponse)
        packages[keys[2].identifier] = shortened
        do {
            _ = try suite.refreshPart2(secret: refreshing[0], round1Packages: packages)
            Issue.record("a DKG proof verified in a refresh")
        } catch {
            #expect(error.code == .invalidProofOfKnowledge)
            #expect(error.culprits == [keys[2].identifier])
        }
        // DKG part 2 refuses a refresh's secret.
        #expect(throws: FROSTError.self) {
            try suite.dkgPart2(
                secret: refreshing[0],
                round1Packages: [keys[1].identifier: generating[1].package, keys[2].identifier: generating[2].package])
        }
    }
}
