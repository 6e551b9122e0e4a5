import Secp256k1
import Testing

@testable import FROST

/// One share checked alone, as ROAST checks each share on arrival.
@Suite struct ShareVerificationTests {
    @Test(arguments: SigningTests.suites)
    func eachHonestShareVerifiesAloneAndEachAlteredOneDoesNot(suite: any Ciphersuite.Type) throws {
        let (keys, publicKeys) = try SigningTests.dealt(3, of: 5)
        let spends: [TaprootSpend?] =
            suite.usesEvenYConventions
            ? [nil, .keyPathOnly, .scriptTree(merkleRoot: Array(repeating: 9, count: 32))] : [nil]
        for spend in spends {
            let (package, shares) = try signatureShares(suite, keys: Array(keys.shuffled().prefix(3)), spend: spend)
            for share in shares {
                #expect(try suite.verifySignatureShare(share, package: package, publicKeyPackage: publicKeys))
                let altered = SignatureShare(identifier: share.identifier, response: share.response + .one)
                #expect(try !suite.verifySignatureShare(altered, package: package, publicKeyPackage: publicKeys))
            }
        }
    }

    /// Two shares whose errors cancel in the sum: each fails alone.
    @Test func twoSharesWhoseErrorsCancelEachFailAlone() throws {
        let (keys, publicKeys) = try SigningTests.dealt(2, of: 3)
        let (package, honest) = try signatureShares(Secp256k1SHA256Taproot.self, keys: [keys[0], keys[1]], spend: nil)
        let delta = Scalar.random()
        let shares = [
            SignatureShare(identifier: honest[0].identifier, response: honest[0].response + delta),
            SignatureShare(identifier: honest[1].identifier, response: honest[1].response - delta),
        ]
        for share in shares {
            #expect(
                try !Secp256k1SHA256Taproot.verifySignatureShare(share, package: package, publicKeyPackage: publicKeys))
        }
    }

    @Test func aShareFromOutsideThePackageOrKeyIsRefused() throws {
        let (keys, publicKeys) = try SigningTests.dealt(2, of: 3)
        let (package, shares) = try signatureShares(Secp256k1SHA256.self, keys: [keys[0], keys[1]], spend: nil)
        let stranger = SignatureShare(identifier: keys[2].identifier, response: shares[0].response)
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.verifySignatureShare(stranger, package: package, publicKeyPackage: publicKeys)
        }
        let (_, otherKey) = try SigningTests.dealt(3, of: 3)
        #expect(throws: FROSTError.self) {
            try Secp256k1SHA256.verifySignatureShare(shares[0], package: package, publicKeyPackage: otherKey)
        }
    }
}
