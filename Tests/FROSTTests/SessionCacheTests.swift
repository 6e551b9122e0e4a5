import Secp256k1
import Testing

@testable import FROST

/// A `SigningPackage` keeps the session values (binding factors, group commitment, challenge)
/// it derived, per suite and key signed for. A cached session must never stand in for another
/// suite's or another key's.
@Suite struct SessionCacheTests {
    @Test func sharesForOneSuiteAreRefusedUnderTheOtherDespiteTheCachedSession() throws {
        let (keys, publicKeys) = try SigningTests.dealt(2, of: 3)
        let (package, shares) = try signatureShares(Secp256k1SHA256Taproot.self, keys: [keys[0], keys[2]], spend: nil)
        // Round 2 cached the Taproot session in `package`; the RFC suite derives its own, under
        // which the Taproot shares are wrong.
        do {
            _ = try aggregate(Secp256k1SHA256.self, package, shares: shares, publicKeys: publicKeys)
            Issue.record("shares made for the Taproot suite aggregated under the RFC suite")
        } catch {
            #expect(error.code == .invalidSignatureShare)
            #expect(error.culprits == [keys[0].identifier, keys[2].identifier])
        }
        let signature = try aggregate(Secp256k1SHA256Taproot.self, package, shares: shares, publicKeys: publicKeys)
        #expect(
            Secp256k1SHA256Taproot.verify(signature: signature.bytes, message: message, publicKey: signature.publicKey))
    }

    @Test(arguments: SigningTests.suites)
    func sharesAggregatedAgainstAnotherKeyAreRefusedDespiteTheCachedSession(suite: any Ciphersuite.Type) throws {
        try check(suite)
        func check<Suite: Ciphersuite>(_ suite: Suite.Type) throws {
            let (keys, publicKeys) = try SigningTests.dealt(2, of: 3)
            let (_, otherKeys) = try SigningTests.dealt(2, of: 3)
            let (package, shares) = try signatureShares(Suite.self, keys: [keys[1], keys[2]], spend: nil)
            _ = try aggregate(Suite.self, package, shares: shares, publicKeys: publicKeys)
            // Same identifiers, another group key: the package's cached session is for the first key.
            do {
                _ = try aggregate(Suite.self, package, shares: shares, publicKeys: otherKeys)
                Issue.record("shares for one key aggregated under another")
            } catch {
                #expect(error.code == .invalidSignatureShare)
                #expect(error.culprits == [keys[1].identifier, keys[2].identifier])
            }
        }
    }

    @Test func aTaprootSpendIsPartOfThePackageSoEachSpendDerivesItsOwnSession() throws {
        let (keys, publicKeys) = try SigningTests.dealt(2, of: 3)
        let (package, shares) = try signatureShares(
            Secp256k1SHA256Taproot.self, keys: [keys[0], keys[1]], spend: .keyPathOnly)
        let untweaked = try SigningPackage(commitments: package.commitments, message: message)
        #expect(untweaked != package)
        do {
            _ = try aggregate(Secp256k1SHA256Taproot.self, untweaked, shares: shares, publicKeys: publicKeys)
            Issue.record("shares for the output key aggregated for the internal key")
        } catch {
            #expect(error.code == .invalidSignatureShare)
        }
        let signature = try aggregate(Secp256k1SHA256Taproot.self, package, shares: shares, publicKeys: publicKeys)
        #expect(
            Schnorr.verify(signature: signature.bytes, message: message, publicKey: try signature.publicKey.xOnly()))
    }

    /// Copies of one package share its cache, from several threads at once.
    @Test func concurrentSignersOnOnePackageAllProduceValidShares() async throws {
        let (keys, publicKeys) = try SigningTests.dealt(5, of: 7)
        let signers = Array(keys.prefix(5))
        let pools = signers.map { Secp256k1SHA256Taproot.preprocess(count: 1, keyPackage: $0) }
        let package = try SigningPackage(commitments: pools.map { $0.commitments[0] }, message: message)
        let shares = try await withThrowingTaskGroup(of: SignatureShare.self) { group in
            for (key, pool) in zip(signers, pools) {
                group.addTask {
                    try Secp256k1SHA256Taproot.sign(
                        package, nonces: pool.take(for: pool.commitments[0])!, keyPackage: key)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let signature = try aggregate(Secp256k1SHA256Taproot.self, package, shares: shares, publicKeys: publicKeys)
        #expect(
            Schnorr.verify(signature: signature.bytes, message: message, publicKey: try signature.publicKey.xOnly()))
    }

    @Test func packagesEqualByContentWhateverTheirCaches() throws {
        let (keys, publicKeys) = try SigningTests.dealt(2, of: 3)
        let (package, shares) = try signatureShares(Secp256k1SHA256.self, keys: [keys[0], keys[1]], spend: nil)
        _ = try aggregate(Secp256k1SHA256.self, package, shares: shares, publicKeys: publicKeys)
        let fresh = try SigningPackage(commitments: package.commitments.reversed(), message: message)
        #expect(fresh == package)
        #expect(try SigningPackage(commitments: package.commitments, message: message + [1]) != package)
    }
}

@Suite struct LagrangeProductTests {
    /// λᵢ = Π xⱼ / Π (xⱼ - xᵢ), computed plainly with the constant-time inverse.
    static func reference(_ i: Identifier, _ set: [Identifier]) -> Scalar {
        var numerator = Scalar.one
        var denominator = Scalar.one
        for j in set where j != i {
            numerator *= j.scalar
            denominator *= j.scalar - i.scalar
        }
        return numerator * denominator.inverse
    }

    /// Participant numbers up to 65535, with products that fill many 64-bit words and
    /// differences of both signs, and a set with a derived (large) identifier.
    @Test func coefficientsOfLargeAndSmallSetsMatchThePlainFormulaAndInterpolate() throws {
        let wide = try [65535, 1, 65534, 2, 40000, 3, 1000, 77, 32768, 65533].map { try Identifier($0) }
        let many = try (1...67).map { try Identifier($0 * 977 % 65535 + 1) }
        let derived = try [
            Identifier(1), Identifier(5), Identifier.derive(from: Array("alice".utf8), suite: Secp256k1SHA256.self),
        ]
        for set in [wide, many, derived] {
            let all = Lagrange.coefficients(for: set)
            let coefficients = (0..<set.count).map { _ in Scalar.random() }
            // f of degree |set| - 1 with f(0) = coefficients[0].
            func f(_ x: Scalar) -> Scalar { coefficients.reversed().reduce(Scalar.zero) { $0 * x + $1 } }
            var sum = Scalar.zero
            for identifier in set {
                let expected = Self.reference(identifier, set)
                #expect(all[identifier] == expected)
                #expect(try Lagrange.coefficient(for: identifier, in: set) == expected)
                sum += expected * f(identifier.scalar)
            }
            #expect(sum == coefficients[0])
        }
    }

    /// The BIP-341 transforms remembered per key and spend are the ones derived afresh, for
    /// keys of both parities, key-path and script-tree spends, and more keys than are kept.
    @Test func aRememberedTaprootTransformIsTheOneDerivedAfresh() throws {
        for round in 0..<(TaprootTransforms.capacity + 4) {
            let key = Point(multiplyingGeneratorBy: Scalar.random())
            let spends: [TaprootSpend] = [
                .keyPathOnly, .scriptTree(merkleRoot: Array(repeating: UInt8(round), count: 32)),
            ]
            for spend in spends {
                let first = try Secp256k1SHA256Taproot.keyTransform(key, spend: spend)
                let again = try Secp256k1SHA256Taproot.keyTransform(key, spend: spend)
                let tweak = try TaprootKeyTweak(internalKey: key, merkleRoot: spend.merkleRoot)
                let evenSign: Scalar = key.hasEvenY ? .one : -.one
                let outputSign: Scalar = tweak.outputKey.hasEvenY ? .one : -.one
                for transform in [first, again] {
                    #expect(transform.signingKey == tweak.outputKey.withEvenY)
                    #expect(transform.sign == evenSign * outputSign)
                    #expect(transform.shift == outputSign * tweak.scalar)
                    #expect(
                        transform.signingKey
                            == Point.linearCombination([(transform.sign, key)], generator: transform.shift))
                }
            }
        }
    }
}
