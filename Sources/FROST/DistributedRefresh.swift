import Secp256k1
import SecureMemory

extension Refresh {
    /// The public key package after a distributed refresh: the same group key and threshold;
    /// for each participant k, its verifying share plus Σ k·Hₛ(k) over every participant s's
    /// refresh commitment Hₛ (``Ciphersuite/refreshPart1(keyPackage:ceremony:)``). Participants
    /// of `previous` not in `commitments` are left out.
    ///
    /// - Throws: `.unknownIdentifier` naming participants `previous` holds no share for;
    ///   `.wrongCount` naming senders whose commitment does not have threshold - 1 coefficients.
    public static func publicKeyPackage(
        previous: PublicKeyPackage, commitments: [Identifier: VSSCommitment]
    ) throws(FROSTError) -> PublicKeyPackage {
        let strangers = commitments.keys.filter { previous.verifyingShares[$0] == nil }.sorted()
        guard strangers.isEmpty else {
            throw FROSTError(
                .unknownIdentifier, "participants \(strangers) hold no share of this key", culprits: strangers)
        }
        let wrong = commitments.filter { $0.value.coefficients.count != previous.minSigners - 1 }.keys.sorted()
        guard wrong.isEmpty else {
            throw FROSTError(
                .wrongCount, "the refresh commitments of \(wrong) do not have \(previous.minSigners - 1) coefficients",
                culprits: wrong)
        }
        var shares: [Identifier: Point] = [:]
        for identifier in commitments.keys {
            let offsets = commitments.values.map { $0.evaluate(at: identifier) * identifier.scalar }
            shares[identifier] = Point.sum([previous.verifyingShares[identifier]!] + offsets)
        }
        return PublicKeyPackage(
            unchecked: shares, groupPublicKey: previous.groupPublicKey, minSigners: previous.minSigners)
    }
}

extension Ciphersuite {
    /// Distributed refresh, part 1: new shares of the same key with no dealer, every participant
    /// dealing a share of zero (docs/frost.md § Distributed refresh).
    ///
    /// A participant draws h of degree threshold - 2 and deals g(x) = x·h(x), whose constant term
    /// is zero. It broadcasts the commitment to h (threshold - 1 coefficients; the zero constant
    /// of g is implied, never sent) and a Schnorr proof of knowledge of h(0), bound to the
    /// ceremony under a tag of its own.
    ///
    /// - Throws: `.unknownIdentifier` when `keyPackage`'s participant is not in `ceremony`;
    ///   `.wrongCount` when the ceremony has fewer participants than the threshold.
    public static func refreshPart1(keyPackage: KeyPackage, ceremony: DKG.Ceremony) throws(FROSTError)
        -> DKG.Round1Secret
    {
        let identifier = keyPackage.identifier
        guard ceremony.participants.contains(identifier) else {
            throw FROSTError(
                .unknownIdentifier, "\(identifier) is not a participant of the ceremony", culprits: [identifier])
        }
        guard ceremony.participants.count >= keyPackage.minSigners else {
            throw FROSTError(
                .wrongCount,
                "\(ceremony.participants.count) participants cannot keep a threshold of \(keyPackage.minSigners)")
        }
        let polynomial = Polynomial(coefficients: (1..<keyPackage.minSigners).map { _ in Scalar.random() })
        let commitment = polynomial.commitment
        var k = Scalar.random()
        var r = Point(multiplyingGeneratorBy: k)
        if usesEvenYConventions && !r.hasEvenY {
            k = -k
            r = -r
        }
        let binding = DKG.ProofBinding.refresh(ceremony)
        let c = try proofChallenge(
            identifier: identifier, constant: commitment.coefficients[0], proofCommitment: r, binding: binding)
        let package = DKG.Round1Package(
            commitment: commitment, proofCommitment: r, proofResponse: k + polynomial.constant * c)
        return DKG.Round1Secret(
            package: package, identifier: identifier, polynomial: polynomial, commitment: commitment,
            minSigners: keyPackage.minSigners, maxSigners: ceremony.participants.count, binding: binding)
    }

    /// Distributed refresh, part 2: checks every other participant's commitment and proof; the
    /// result carries the zero-share g(j) = j·h(j) to send each of them, encrypted.
    ///
    /// - Throws: `.wrongCount` for packages not from every other participant, or commitments
    ///   without threshold - 1 coefficients (naming them); `.unknownIdentifier` naming senders
    ///   outside the ceremony; `.invalidEncoding` naming commitments holding the identity;
    ///   `.invalidProofOfKnowledge` naming senders whose proofs fail.
    public static func refreshPart2(secret: DKG.Round1Secret, round1Packages: [Identifier: DKG.Round1Package])
        throws(FROSTError) -> DKG.Round2Secret
    {
        guard case .refresh(let ceremony) = secret.binding else {
            throw FROSTError(.invalidParameters, "refresh part 2 takes the result of refresh part 1")
        }
        try checkRefreshPackages(round1Packages, secret: secret, ceremony: ceremony)
        try checkProofs(round1Packages, binding: secret.binding)
        var packages: [Identifier: DKG.Round2Package] = [:]
        for recipient in round1Packages.keys {
            packages[recipient] = DKG.Round2Package(
                signingShare: SigningShare(recipient.scalar * secret.polynomial.evaluate(at: recipient)))
        }
        let own = secret.identifier.scalar * secret.polynomial.evaluate(at: secret.identifier)
        return DKG.Round2Secret(
            packages: packages, identifier: secret.identifier, commitment: secret.commitment,
            ownShare: own.secretBytes, minSigners: secret.minSigners, maxSigners: secret.maxSigners,
            round1Digest: DKG.digest(round1Packages))
    }

    /// Distributed refresh, part 3: checks every zero-share received against its sender's
    /// commitment (r·G = j·Hₛ(j)) and adds them, with this participant's own, to its share.
    ///
    /// - Parameters:
    ///   - keyPackage: this participant's current key package.
    ///   - publicKeyPackage: the current public key package, holding every participant.
    /// - Returns: the refreshed key package and public key package (same group key and
    ///   threshold).
    /// - Throws: `.invalidSecretShare` naming the senders whose zero-shares do not match;
    ///   `.mismatchedCommitments` when the round-one packages differ from part 2's;
    ///   `.wrongCount`, `.unknownIdentifier` or `.invalidParameters` when the inputs do not
    ///   line up with each other or with `keyPackage`.
    public static func refreshPart3(
        secret: DKG.Round2Secret, round1Packages: [Identifier: DKG.Round1Package],
        round2Packages: [Identifier: DKG.Round2Package], keyPackage: KeyPackage, publicKeyPackage: PublicKeyPackage
    ) throws(FROSTError) -> (keyPackage: KeyPackage, publicKeyPackage: PublicKeyPackage) {
        guard keyPackage.identifier == secret.identifier, keyPackage.minSigners == secret.minSigners,
            keyPackage.groupPublicKey == publicKeyPackage.groupPublicKey,
            publicKeyPackage.verifyingShares[keyPackage.identifier] == keyPackage.verifyingShare
        else {
            throw FROSTError(
                .invalidParameters, "the key package is not this participant's share of the public key package")
        }
        guard DKG.digest(round1Packages) == secret.round1Digest else {
            throw FROSTError(
                .mismatchedCommitments,
                "the round-one packages differ from those part 2 checked; the broadcast was not consistent")
        }
        guard Set(round2Packages.keys) == Set(round1Packages.keys) else {
            throw FROSTError(
                .wrongCount,
                "zero-shares came from \(round2Packages.keys.sorted()), round one from \(round1Packages.keys.sorted())")
        }
        let me = secret.identifier
        var culprits: [Identifier] = []
        var share = keyPackage.signingShare.scalar + (try! Scalar(secret: secret.ownShare))
        for (sender, package) in round2Packages.sorted(by: { $0.key < $1.key }) {
            let received = package.signingShare.scalar
            if Point(multiplyingGeneratorBy: received) != round1Packages[sender]!.commitment.evaluate(at: me)
                * me.scalar
            {
                culprits.append(sender)
            }
            share += received
        }
        guard culprits.isEmpty else {
            throw FROSTError(
                .invalidSecretShare, "the zero-shares sent by \(culprits) do not match their commitments",
                culprits: culprits)
        }
        var commitments = round1Packages.mapValues(\.commitment)
        commitments[me] = secret.commitment
        let refreshed = try Refresh.publicKeyPackage(previous: publicKeyPackage, commitments: commitments)
        let verifyingShare = Point(multiplyingGeneratorBy: share)
        guard verifyingShare == refreshed.verifyingShares[me] else {
            throw FROSTError(.invalidSecretShare, "this participant's refreshed share does not match the commitments")
        }
        let package = KeyPackage(
            unchecked: me, share: share, verifyingShare: verifyingShare, groupPublicKey: refreshed.groupPublicKey,
            minSigners: refreshed.minSigners)
        return (package, refreshed)
    }

    private static func checkRefreshPackages(
        _ packages: [Identifier: DKG.Round1Package], secret: DKG.Round1Secret, ceremony: DKG.Ceremony
    ) throws(FROSTError) {
        let strangers = packages.keys.filter { !ceremony.participants.contains($0) || $0 == secret.identifier }
            .sorted()
        guard strangers.isEmpty else {
            throw FROSTError(
                .unknownIdentifier, "round-one packages from \(strangers), who are not other participants",
                culprits: strangers)
        }
        guard packages.count == secret.maxSigners - 1 else {
            throw FROSTError(
                .wrongCount,
                "expected round-one packages from \(secret.maxSigners - 1) other participants, got \(packages.count)")
        }
        let wrong = packages.filter { $0.value.commitment.coefficients.count != secret.minSigners - 1 }.keys.sorted()
        guard wrong.isEmpty else {
            throw FROSTError(
                .wrongCount, "the refresh commitments of \(wrong) do not have \(secret.minSigners - 1) coefficients",
                culprits: wrong)
        }
        let identities = packages.filter { $0.value.commitment.coefficients.contains(where: \.isIdentity) }.keys
            .sorted()
        guard identities.isEmpty else {
            throw FROSTError(
                .invalidEncoding, "the commitments of \(identities) contain the identity", culprits: identities)
        }
    }
}
