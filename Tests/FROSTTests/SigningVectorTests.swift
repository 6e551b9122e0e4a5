import Encoding
import Secp256k1
import Testing

@_spi(TestVectors) @testable import FROST

/// RFC 9591 Appendix E.5 and the published Taproot-suite vectors, value by value.
@Suite struct SigningVectorTests {
    static let vectors = FROSTVectors.shared.signing

    @Test(arguments: vectors)
    func reproducesVector(_ vector: FROSTVectors.Signing) throws {
        switch vector.suite {
        case Secp256k1SHA256.name: try check(vector, Secp256k1SHA256.self)
        case Secp256k1SHA256Taproot.name: try check(vector, Secp256k1SHA256Taproot.self)
        default: Issue.record("unknown suite \(vector.suite)")
        }
    }

    func check<Suite: Ciphersuite>(_ vector: FROSTVectors.Signing, _ suite: Suite.Type) throws {
        // Key generation: the dealer's polynomial gives the published shares and group key.
        let (shares, publicKeyPackage) = try TrustedDealer.split(
            secret: scalar(vector.groupSecretKey), coefficients: vector.coefficients.map(scalar),
            maxSigners: vector.maxSigners)
        #expect(try publicKeyPackage.groupPublicKey.compressed() == bytes(vector.groupPublicKey))
        let byIdentifier = Dictionary(uniqueKeysWithValues: shares.map { ($0.identifier, $0) })
        for published in vector.shares {
            let share = try #require(byIdentifier[id(published.identifier)])
            #expect(share.signingShare.secret == .init(copying: bytes(published.share)))
        }

        // Round one: nonces and commitments from the published randomness.
        var keyPackages: [Identifier: KeyPackage] = [:]
        var commitments: [SigningCommitments] = []
        for signer in vector.signers {
            let keyPackage = try byIdentifier[id(signer.identifier)]!.verify()
            keyPackages[keyPackage.identifier] = keyPackage
            let nonces = Suite.commit(
                keyPackage: keyPackage, hidingRandomness: bytes(signer.hidingRandomness),
                bindingRandomness: bytes(signer.bindingRandomness))
            #expect(try Scalar(secret: nonces.hiding) == scalar(signer.hidingNonce))
            #expect(try Scalar(secret: nonces.binding) == scalar(signer.bindingNonce))
            #expect(try nonces.commitments.hiding.compressed() == bytes(signer.hidingCommitment))
            #expect(try nonces.commitments.binding.compressed() == bytes(signer.bindingCommitment))
            commitments.append(nonces.commitments)
        }
        let package = try SigningPackage(commitments: commitments, message: bytes(vector.message))

        // Binding factors, from the published input.
        let session = try SigningSession(
            Suite.self, package: package, groupKey: Suite.effectiveKey(publicKeyPackage.groupPublicKey))
        for signer in vector.signers {
            let input = bytes(signer.bindingFactorInput)
            #expect(Suite.h1(input) == scalar(signer.bindingFactor))
            #expect(session.bindingFactors[id(signer.identifier)] == scalar(signer.bindingFactor))
        }

        // Round two, then aggregation.
        var signatureShares: [SignatureShare] = []
        for signer in vector.signers {
            let keyPackage = keyPackages[id(signer.identifier)]!
            let nonces = Suite.commit(
                keyPackage: keyPackage, hidingRandomness: bytes(signer.hidingRandomness),
                bindingRandomness: bytes(signer.bindingRandomness))
            let share = try Suite.sign(package, nonces: nonces, keyPackage: keyPackage)
            #expect(share.response == scalar(signer.signatureShare))
            signatureShares.append(share)
        }
        let signature = try Suite.aggregate(package, shares: signatureShares, publicKeyPackage: publicKeyPackage)
        #expect(Hex.encode(signature.bytes) == vector.signature)
        #expect(Suite.verify(signature: signature.bytes, message: package.message, publicKey: signature.publicKey))
    }
}

extension FROSTVectors.Signing: CustomTestStringConvertible {
    var testDescription: String { source }
}
