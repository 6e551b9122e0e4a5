import Encoding
import Secp256k1
import Testing

@testable import FROST

/// One battery run for both suites: sizes, signer subsets, Taproot tweaks, and every kind of
/// bad input to signing and aggregation.
@Suite struct SigningTests {
    static let suites: [any Ciphersuite.Type] = [Secp256k1SHA256.self, Secp256k1SHA256Taproot.self]

    static func dealt(_ minSigners: Int, of maxSigners: Int) throws -> ([KeyPackage], PublicKeyPackage) {
        let (shares, publicKeys) = try TrustedDealer.generate(minSigners: minSigners, maxSigners: maxSigners)
        return (try shares.map { try $0.verify() }, publicKeys)
    }

    @Test(arguments: suites, [(2, 3), (3, 5), (5, 7)])
    func everySubsetOfThresholdSizeSigns(suite: any Ciphersuite.Type, size: (Int, Int)) throws {
        let (keys, publicKeys) = try Self.dealt(size.0, of: size.1)
        var subsets: [[KeyPackage]] = [Array(keys.prefix(size.0)), Array(keys.suffix(size.0)), keys]
        subsets.append(Array(keys.shuffled().prefix(size.0)))
        for subset in subsets {
            let signature = try signLocally(suite, keys: subset, publicKeys: publicKeys)
            let valid = suite.verify(signature: signature.bytes, message: message, publicKey: signature.publicKey)
            let forged = suite.verify(
                signature: signature.bytes, message: message + [0], publicKey: signature.publicKey)
            #expect(valid)
            #expect(!forged)
        }
    }

    /// Taproot keys of both parities, with and without tweaks: libsecp256k1 accepts every signature.
    @Test func taprootSignaturesVerifyWithLibsecp256k1ForEveryParity() throws {
        var parities: Set<Bool> = []
        var attempts = 0
        while parities.count < 2 || attempts < 4 {
            attempts += 1
            let (keys, publicKeys) = try Self.dealt(2, of: 3)
            parities.insert(publicKeys.groupPublicKey.hasEvenY)
            for spend in [nil, TaprootSpend.keyPathOnly, .scriptTree(merkleRoot: Array(repeating: 7, count: 32))] {
                let signature = try signLocally(
                    Secp256k1SHA256Taproot.self, keys: [keys[2], keys[0]], publicKeys: publicKeys, spend: spend)
                let xOnly = try signature.publicKey.xOnly()
                #expect(signature.bytes.count == 64)
                #expect(Schnorr.verify(signature: signature.bytes, message: message, publicKey: xOnly))
                let expectedKey =
                    try spend.map {
                        try TaprootTweak.outputKey(internalKey: publicKeys.groupPublicKey, merkleRoot: $0.merkleRoot)
                    } ?? publicKeys.groupPublicKey
                #expect(try expectedKey.xOnly() == xOnly)
            }
        }
        #expect(parities == [true, false])
    }

    @Test func anInvalidShareNamesItsSigners() throws {
        let (keys, publicKeys) = try Self.dealt(3, of: 5)
        let signers = [keys[0], keys[2], keys[4]]
        let pools = signers.map { Secp256k1SHA256Taproot.preprocess(count: 1, keyPackage: $0) }
        let package = try SigningPackage(commitments: pools.map { $0.commitments[0] }, message: message)
        var shares = try zip(signers, pools).map { key, pool in
            try Secp256k1SHA256Taproot.sign(package, nonces: pool.take(for: pool.commitments[0])!, keyPackage: key)
        }
        // Two cheaters whose errors cancel out in the sum: the aggregate would still be valid,
        // so only share verification can name them.
        let delta = Scalar.random()
        shares[0] = SignatureShare(identifier: shares[0].identifier, response: shares[0].response + delta)
        shares[2] = SignatureShare(identifier: shares[2].identifier, response: shares[2].response - delta)
        do {
            _ = try Secp256k1SHA256Taproot.aggregate(package, shares: shares, publicKeyPackage: publicKeys)
            Issue.record("aggregation accepted invalid shares")
        } catch {
            #expect(error.code == .invalidSignatureShare)
            #expect(error.culprits == [keys[0].identifier, keys[4].identifier])
        }
    }

    /// A public key package whose group key is not the one its verifying shares interpolate:
    /// every share verifies against its signer's verifying share, but their sum is no
    /// signature under the package's key. Aggregation checks the signature equation in the
    /// same weighted batch as the shares and must refuse it, naming no signer.
    @Test(arguments: suites)
    func aGroupKeyTheVerifyingSharesDoNotInterpolateYieldsNoSignature(suite: any Ciphersuite.Type) throws {
        let (keys, publicKeys) = try Self.dealt(3, of: 5)
        let spends: [TaprootSpend?] = suite.usesEvenYConventions ? [nil, .keyPathOnly] : [nil]
        // Another key, with the parity of the real one, so that the even-y rule changes nothing
        // else.
        var wrongKey = publicKeys.groupPublicKey + .generator
        while wrongKey.hasEvenY != publicKeys.groupPublicKey.hasEvenY { wrongKey = wrongKey + .generator }
        let misledKeys = try keys.map {
            try KeyPackage(
                identifier: $0.identifier, signingShare: $0.signingShare, verifyingShare: $0.verifyingShare,
                groupPublicKey: wrongKey, minSigners: $0.minSigners)
        }
        let misledPublicKeys = try PublicKeyPackage(
            verifyingShares: publicKeys.verifyingShares, groupPublicKey: wrongKey, minSigners: publicKeys.minSigners)
        for spend in spends {
            let (package, shares) = try signatureShares(suite, keys: Array(misledKeys.prefix(3)), spend: spend)
            do {
                _ = try aggregate(suite, package, shares: shares, publicKeys: misledPublicKeys)
                Issue.record("aggregation released a signature that does not verify")
            } catch {
                #expect(error.code == .invalidSignature)
                #expect(error.culprits.isEmpty)
            }
        }
    }

    /// One forged share among many, for every suite and Taproot spend: the batch check fails
    /// and the share-by-share fallback names exactly the forger, whatever the key's parities.
    @Test(arguments: suites)
    func aForgedShareAmongManyIsNamedForEverySpend(suite: any Ciphersuite.Type) throws {
        let (keys, publicKeys) = try Self.dealt(5, of: 7)
        let spends: [TaprootSpend?] =
            suite.usesEvenYConventions
            ? [nil, .keyPathOnly, .scriptTree(merkleRoot: Array(repeating: 3, count: 32))] : [nil]
        for spend in spends {
            for round in 0..<4 {
                let signers = Array(keys.shuffled().prefix(5))
                let (package, honest) = try signatureShares(suite, keys: signers, spend: spend)
                var shares = honest
                let forger = round % shares.count
                shares[forger] = SignatureShare(
                    identifier: shares[forger].identifier, response: shares[forger].response + .one)
                do {
                    _ = try aggregate(suite, package, shares: shares, publicKeys: publicKeys)
                    Issue.record("aggregation accepted a forged share")
                } catch {
                    #expect(error.code == .invalidSignatureShare)
                    #expect(error.culprits == [shares[forger].identifier])
                }
            }
        }
    }

    @Test func nonceMismatchAndMissingSignerAreRefused() throws {
        let suite = Secp256k1SHA256.self
        let (keys, publicKeys) = try Self.dealt(2, of: 3)
        let first = suite.commit(keyPackage: keys[0])
        let second = suite.commit(keyPackage: keys[1])
        let other = suite.commit(keyPackage: keys[0])
        let package = try SigningPackage(commitments: [first.commitments, second.commitments], message: message)
        // Nonces that are not the ones committed in the package: nothing is signed.
        do {
            _ = try suite.sign(package, nonces: other, keyPackage: keys[0])
            Issue.record("signed with nonces the package does not commit to")
        } catch {
            #expect(error.code == .mismatchedCommitments)
        }
        // A signer the package does not name.
        let third = suite.commit(keyPackage: keys[2])
        do {
            _ = try suite.sign(package, nonces: third, keyPackage: keys[2])
            Issue.record("signed for a package that does not name the signer")
        } catch {
            #expect(error.code == .unknownIdentifier)
        }
        // Shares from the wrong set of signers.
        let share = try suite.sign(package, nonces: first, keyPackage: keys[0])
        do {
            _ = try suite.aggregate(package, shares: [share], publicKeyPackage: publicKeys)
            Issue.record("aggregated with a missing share")
        } catch {
            #expect(error.code == .wrongCount)
        }
        #expect(throws: FROSTError.self) {
            try suite.aggregate(package, shares: [share, share], publicKeyPackage: publicKeys)
        }
        _ = second
    }

    @Test func fewerSignersThanTheThresholdAreRefused() throws {
        let suite = Secp256k1SHA256Taproot.self
        let (keys, publicKeys) = try Self.dealt(3, of: 5)
        do {
            try signLocally(suite, keys: [keys[0], keys[1]], publicKeys: publicKeys)
            Issue.record("signed below the threshold")
        } catch let error as FROSTError {
            #expect(error.code == .wrongCount)
        }
    }

    @Test func packagesRefuseDuplicatesAndLoneSigners() throws {
        let (keys, _) = try Self.dealt(2, of: 3)
        let a = Secp256k1SHA256.commit(keyPackage: keys[0])
        let b = Secp256k1SHA256.commit(keyPackage: keys[0])
        #expect(throws: FROSTError.self) { try SigningPackage(commitments: [a.commitments], message: message) }
        do {
            _ = try SigningPackage(commitments: [a.commitments, b.commitments], message: message)
            Issue.record("accepted two commitments from one signer")
        } catch {
            #expect(error.code == .duplicateIdentifier)
        }
        #expect(throws: FROSTError.self) {
            try SigningPackage(
                commitments: [a.commitments], message: message, taprootSpend: .scriptTree(merkleRoot: [1, 2, 3]))
        }
    }

    @Test func tweaksNeedTheTaprootSuite() throws {
        let (keys, publicKeys) = try Self.dealt(2, of: 3)
        #expect(throws: FROSTError.self) {
            try signLocally(
                Secp256k1SHA256.self, keys: Array(keys.prefix(2)), publicKeys: publicKeys, spend: .keyPathOnly)
        }
    }

    @Test func keyGenerationParametersAreChecked() throws {
        for (minSigners, maxSigners) in [(1, 3), (0, 3), (4, 3), (2, 70_000), (-1, -1)] {
            #expect(throws: FROSTError.self, "\(minSigners) of \(maxSigners)") {
                try TrustedDealer.generate(minSigners: minSigners, maxSigners: maxSigners)
            }
        }
        #expect(throws: FROSTError.self) { try Identifier(0) }
        #expect(throws: FROSTError.self) { try Identifier(65536) }
        #expect(throws: FROSTError.self) { try Identifier(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: FROSTError.self) { try Identifier(bytes: Scalar.orderBytes) }
        #expect(try Identifier(bytes: Scalar(42).bigEndianBytes) == Identifier(42))
        let derived = try Identifier.derive(from: Array("alice@example".utf8), suite: Secp256k1SHA256.self)
        #expect(derived.number == nil)
    }

    @Test func aTamperedDealerShareIsRefused() throws {
        let (shares, _) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        let tampered = SecretShare(
            identifier: shares[0].identifier, signingShare: SigningShare(.random()), commitment: shares[0].commitment)
        do {
            _ = try tampered.verify()
            Issue.record("a share that does not match the commitment was accepted")
        } catch {
            #expect(error.code == .invalidSecretShare)
            #expect(error.culprits == [shares[0].identifier])
        }
        let wrongIdentifier = SecretShare(
            identifier: shares[1].identifier, signingShare: shares[0].signingShare, commitment: shares[0].commitment)
        #expect(throws: FROSTError.self) { try wrongIdentifier.verify() }
    }

    @Test func noncePoolsHandOutEachNonceOnce() throws {
        let (keys, _) = try Self.dealt(2, of: 3)
        let pool = Secp256k1SHA256Taproot.preprocess(count: 10, keyPackage: keys[0])
        #expect(pool.count == 10)
        #expect(Set(pool.commitments.map { try! $0.hiding.compressed() }).count == 10)
        let commitments = pool.commitments[3]
        #expect(Self.takes(pool, commitments))
        #expect(!Self.takes(pool, commitments))
        #expect(pool.count == 9)
    }

    static func takes(_ pool: NoncePool, _ commitments: SigningCommitments) -> Bool {
        switch pool.take(for: commitments) {
        case .some: true
        case .none: false
        }
    }

    @Test func secretsAreRedacted() throws {
        let (keys, _) = try Self.dealt(2, of: 3)
        let share = keys[0].signingShare
        let hex = share.secret.withUnsafeBytes { Hex.encode($0) }
        for text in [String(describing: keys[0]), String(reflecting: keys[0]), String(describing: share)] {
            #expect(!text.contains(hex))
        }
    }
}

@Suite struct LagrangeTests {
    @Test func batchCoefficientsMatchOneByOne() throws {
        let set = try [1, 4, 5, 9, 300, 65535].map { try Identifier($0) }
        let batch = Lagrange.coefficients(for: set)
        for identifier in set {
            #expect(batch[identifier] == (try Lagrange.coefficient(for: identifier, in: set)))
        }
        // They interpolate: Σ λᵢ·f(i) = f(0) for f(x) = 7 + 3x.
        let sum = set.reduce(Scalar.zero) { $0 + batch[$1]! * (Scalar(7) + Scalar(3) * $1.scalar) }
        #expect(sum == Scalar(7))
    }
}

/// Round one and round two for `keys`, without aggregation.
func signatureShares<Suite: Ciphersuite>(
    _ suite: Suite.Type, keys: [KeyPackage], spend: TaprootSpend?
) throws -> (SigningPackage, [SignatureShare]) {
    let pools = keys.map { Suite.preprocess(count: 1, keyPackage: $0) }
    let package = try SigningPackage(
        commitments: pools.map { $0.commitments[0] }, message: message, taprootSpend: spend)
    let shares = try zip(keys, pools).map { key, pool in
        try Suite.sign(package, nonces: pool.take(for: pool.commitments[0])!, keyPackage: key)
    }
    return (package, shares.sorted { $0.identifier < $1.identifier })
}

func aggregate<Suite: Ciphersuite>(
    _ suite: Suite.Type, _ package: SigningPackage, shares: [SignatureShare], publicKeys: PublicKeyPackage
) throws(FROSTError) -> Signature {
    try Suite.aggregate(package, shares: shares, publicKeyPackage: publicKeys)
}
