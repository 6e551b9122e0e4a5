import Secp256k1

/// Proactive share refresh: new shares for the same group key, so that shares stolen before the
/// refresh become useless, optionally leaving some participants out.
///
/// A refresher deals shares of a polynomial whose constant term is zero; each participant adds
/// its zero-share to its current share. The refresher learns nothing about the group secret (it
/// shares zero), and every participant checks its zero-share against the published commitment.
/// The threshold cannot change. All remaining participants must refresh: a refreshed share and
/// an old one belong to different polynomials and do not sign together.
public enum Refresh {
    /// Deals zero-shares to `identifiers` (the participants that remain) and returns them with the
    /// new public key package. Participants left out can no longer sign with the others.
    public static func deal(
        publicKeyPackage: PublicKeyPackage, identifiers: [Identifier]
    ) throws(FROSTError) -> (shares: [SecretShare], publicKeyPackage: PublicKeyPackage) {
        let minSigners = publicKeyPackage.minSigners
        guard Set(identifiers).count == identifiers.count else {
            throw FROSTError(.duplicateIdentifier, "an identifier appears twice in \(identifiers)")
        }
        guard identifiers.count >= minSigners else {
            throw FROSTError(
                .wrongCount, "\(identifiers.count) participants cannot keep a threshold of \(minSigners)")
        }
        let unknown = identifiers.filter { publicKeyPackage.verifyingShares[$0] == nil }
        guard unknown.isEmpty else {
            throw FROSTError(.unknownIdentifier, "participants \(unknown) do not hold a share of this key")
        }
        let polynomial = Polynomial(constant: .zero, degree: minSigners - 1) { Scalar.random() }
        let commitment = polynomial.commitment
        var shares: [SecretShare] = []
        var verifyingShares: [Identifier: Point] = [:]
        for identifier in identifiers.sorted() {
            let zeroShare = polynomial.evaluate(at: identifier)
            shares.append(
                SecretShare(identifier: identifier, signingShare: SigningShare(zeroShare), commitment: commitment))
            verifyingShares[identifier] =
                publicKeyPackage.verifyingShares[identifier]! + Point(multiplyingGeneratorBy: zeroShare)
        }
        let refreshed = PublicKeyPackage(
            unchecked: verifyingShares, groupPublicKey: publicKeyPackage.groupPublicKey, minSigners: minSigners)
        return (shares, refreshed)
    }
}

extension KeyPackage {
    /// This package refreshed with a zero-share from ``Refresh/deal(publicKeyPackage:identifiers:)``.
    ///
    /// - Throws: `.invalidSecretShare` when the zero-share does not match its commitment, or the
    ///   commitment does not share zero; `.invalidParameters` when it would change the threshold.
    public func refreshed(with zeroShare: SecretShare) throws(FROSTError) -> KeyPackage {
        guard zeroShare.identifier == identifier else {
            throw FROSTError(
                .unknownIdentifier, "the refresh share is for participant \(zeroShare.identifier), not \(identifier)")
        }
        let coefficients = zeroShare.commitment.coefficients
        guard coefficients.count == minSigners else {
            throw FROSTError(
                .invalidParameters,
                "a refresh cannot change the threshold (\(minSigners)); its commitment has \(coefficients.count) coefficients"
            )
        }
        guard coefficients[0].isIdentity else {
            throw FROSTError(
                .invalidSecretShare, "the refresh commitment does not share zero: it would change the group key")
        }
        let zero = zeroShare.signingShare.scalar
        guard Point(multiplyingGeneratorBy: zero) == zeroShare.commitment.evaluate(at: identifier) else {
            throw FROSTError(
                .invalidSecretShare, "the refresh share of participant \(identifier) does not match its commitment")
        }
        let share = signingShare.scalar + zero
        return KeyPackage(
            unchecked: identifier, share: share, verifyingShare: Point(multiplyingGeneratorBy: share),
            groupPublicKey: groupPublicKey, minSigners: minSigners)
    }
}
