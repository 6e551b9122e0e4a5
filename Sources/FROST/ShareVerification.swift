extension Ciphersuite {
    /// RFC 9591 `verify_signature_share` for one share: whether `share` is the response its
    /// signer owes for `package` under `publicKeyPackage`, checked as soon as it arrives (ROAST
    /// does, to name a signer at fault without waiting for the other shares). The equation is
    /// the one ``aggregate(_:shares:publicKeyPackage:)`` checks for every share.
    ///
    /// - Throws: `.unknownIdentifier` when the share's signer is not a signer of the package, or
    ///   a signer of the package holds no share of the key; `.wrongCount` when the package has
    ///   fewer signers than the key's threshold; what deriving the session throws (a Taproot
    ///   spend this suite cannot sign for).
    public static func verifySignatureShare(
        _ share: SignatureShare, package: SigningPackage, publicKeyPackage: PublicKeyPackage
    ) throws(FROSTError) -> Bool {
        guard package.signers.contains(share.identifier) else {
            throw FROSTError(
                .unknownIdentifier, "participant \(share.identifier) is not among the signers of this package",
                culprits: [share.identifier])
        }
        guard package.signers.count >= publicKeyPackage.minSigners else {
            throw FROSTError(
                .wrongCount, "\(package.signers.count) signers, the threshold is \(publicKeyPackage.minSigners)")
        }
        let unknown = package.signers.filter { publicKeyPackage.verifyingShares[$0] == nil }
        guard unknown.isEmpty else {
            throw FROSTError(.unknownIdentifier, "signers \(unknown) are not part of this key", culprits: unknown)
        }
        let (transform, session) = try package.sessions.session(
            Self.self, package: package, groupKey: publicKeyPackage.groupPublicKey)
        return invalidShares(
            session, responses: [share.identifier: share.response], verifyingShares: publicKeyPackage.verifyingShares,
            transform: transform
        ).isEmpty
    }
}
