public import Secp256k1

/// What a dealer sends one participant: its share and the commitment to the dealer's polynomial.
public struct SecretShare: Sendable {
    /// The recipient.
    public let identifier: Identifier
    /// The recipient's share, f(identifier).
    public let signingShare: SigningShare
    /// The commitment to f, constant term (the group key) first.
    public let commitment: VSSCommitment

    public init(identifier: Identifier, signingShare: SigningShare, commitment: VSSCommitment) {
        self.identifier = identifier
        self.signingShare = signingShare
        self.commitment = commitment
    }

    /// Checks the share against the commitment (RFC 9591 `vss_verify`) and returns the key package.
    /// - Throws: `.invalidSecretShare` when signingShare·G is not the commitment evaluated at the identifier.
    public func verify() throws(FROSTError) -> KeyPackage {
        guard commitment.coefficients.count >= 2 else {
            throw FROSTError(.wrongCount, "a commitment needs at least 2 coefficients for a threshold of 2 or more")
        }
        let verifyingShare = Point(multiplyingGeneratorBy: signingShare.scalar)
        guard verifyingShare == commitment.evaluate(at: identifier) else {
            throw FROSTError(
                .invalidSecretShare, "the share of participant \(identifier) does not match the dealer's commitment",
                culprits: [identifier])
        }
        guard !commitment.coefficients[0].isIdentity else {
            throw FROSTError(.invalidEncoding, "the dealer's commitment to the group key is the identity")
        }
        return KeyPackage(
            unchecked: identifier, share: signingShare.scalar, verifyingShare: verifyingShare,
            groupPublicKey: commitment.coefficients[0], minSigners: commitment.coefficients.count)
    }
}

/// Trusted-dealer key generation (RFC 9591 Appendix C).
public enum TrustedDealer {
    /// Splits a fresh random key into `maxSigners` shares, any `minSigners` of which can sign.
    /// The participants are numbered 1 to maxSigners.
    public static func generate(
        minSigners: Int, maxSigners: Int, using generator: inout some RandomNumberGenerator
    ) throws(FROSTError) -> (shares: [SecretShare], publicKeyPackage: PublicKeyPackage) {
        let secret = Scalar.random(using: &generator)
        return try split(secret: secret, minSigners: minSigners, maxSigners: maxSigners) {
            Scalar.random(using: &generator)
        }
    }

    /// Splits a fresh random key, drawing on the system's generator.
    public static func generate(
        minSigners: Int, maxSigners: Int
    ) throws(FROSTError) -> (shares: [SecretShare], publicKeyPackage: PublicKeyPackage) {
        var generator = SystemRandomNumberGenerator()
        return try generate(minSigners: minSigners, maxSigners: maxSigners, using: &generator)
    }

    /// Splits `secret` with the given polynomial coefficients (a₁ … a_{t-1}); RFC 9591
    /// `secret_share_shard`. For test vectors and for importing an existing key.
    public static func split(
        secret: Scalar, coefficients: [Scalar], maxSigners: Int
    ) throws(FROSTError) -> (shares: [SecretShare], publicKeyPackage: PublicKeyPackage) {
        var remaining = coefficients[...]
        return try split(secret: secret, minSigners: coefficients.count + 1, maxSigners: maxSigners) {
            remaining.popFirst()!
        }
    }

    private static func split(
        secret: Scalar, minSigners: Int, maxSigners: Int, coefficient: () -> Scalar
    ) throws(FROSTError) -> (shares: [SecretShare], publicKeyPackage: PublicKeyPackage) {
        try validate(minSigners: minSigners, maxSigners: maxSigners)
        guard !secret.isZero else { throw FROSTError(.invalidParameters, "the group secret must not be zero") }
        let polynomial = Polynomial(constant: secret, degree: minSigners - 1, random: coefficient)
        let commitment = polynomial.commitment
        let identifiers = (1...maxSigners).map { Identifier(unchecked: Scalar(UInt64($0))) }
        var verifyingShares: [Identifier: Point] = [:]
        let shares = identifiers.map { identifier in
            let share = polynomial.evaluate(at: identifier)
            // The dealer knows each share: share·G (constant time) is far cheaper than evaluating
            // the commitment, which the participants do to check what they receive.
            verifyingShares[identifier] = Point(multiplyingGeneratorBy: share)
            return SecretShare(identifier: identifier, signingShare: SigningShare(share), commitment: commitment)
        }
        let publicKeyPackage = PublicKeyPackage(
            unchecked: verifyingShares, groupPublicKey: commitment.coefficients[0], minSigners: minSigners)
        return (shares, publicKeyPackage)
    }

    /// Checks 2 ≤ minSigners ≤ maxSigners ≤ 65535.
    static func validate(minSigners: Int, maxSigners: Int) throws(FROSTError) {
        guard minSigners >= 2 else {
            throw FROSTError(.invalidParameters, "the threshold must be at least 2, got \(minSigners)")
        }
        guard minSigners <= maxSigners else {
            throw FROSTError(
                .invalidParameters, "the threshold (\(minSigners)) cannot exceed the number of signers (\(maxSigners))")
        }
        guard maxSigners <= 0xFFFF else {
            throw FROSTError(.invalidParameters, "at most 65535 signers, got \(maxSigners)")
        }
    }
}
