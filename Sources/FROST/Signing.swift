public import Secp256k1

/// Which key a Taproot signing session signs for.
public enum TaprootSpend: Sendable, Equatable {
    /// The BIP-341 output key with no script tree: t = hash_TapTweak(x(P)).
    case keyPathOnly
    /// The BIP-341 output key committing to a script tree: t = hash_TapTweak(x(P) ‖ root).
    case scriptTree(merkleRoot: [UInt8])

    var merkleRoot: [UInt8]? {
        switch self {
        case .keyPathOnly: nil
        case .scriptTree(let root): root
        }
    }
}

/// Everything the coordinator sends the signers for round two: who signs, their commitments,
/// the message and, for Taproot, which key is signed for.
public struct SigningPackage: Sendable, Equatable {
    /// The signers' commitments, in ascending identifier order.
    public let commitments: [SigningCommitments]
    /// The message to sign.
    public let message: [UInt8]
    /// nil signs for the group key itself; otherwise for the BIP-341 output key.
    public let taprootSpend: TaprootSpend?

    /// - Throws: when fewer than two signers commit, or one signer commits twice.
    public init(commitments: [SigningCommitments], message: [UInt8], taprootSpend: TaprootSpend? = nil)
        throws(FROSTError)
    {
        let sorted = commitments.sorted { $0.identifier < $1.identifier }
        guard sorted.count >= 2 else {
            throw FROSTError(.wrongCount, "a signing session needs at least 2 signers, got \(sorted.count)")
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.identifier == b.identifier {
            throw FROSTError(
                .duplicateIdentifier, "participant \(a.identifier) committed twice", culprits: [a.identifier])
        }
        if case .scriptTree(let root) = taprootSpend, root.count != 32 {
            throw FROSTError(.invalidParameters, "a Taproot merkle root is 32 bytes, got \(root.count)")
        }
        self.commitments = sorted
        self.message = message
        self.taprootSpend = taprootSpend
    }

    /// The signers, in ascending order.
    public var signers: [Identifier] { commitments.map(\.identifier) }
}

/// One signer's contribution, zᵢ. Not secret once sent.
public struct SignatureShare: Sendable, Equatable {
    /// The signer.
    public let identifier: Identifier
    /// zᵢ.
    public let response: Scalar

    public init(identifier: Identifier, response: Scalar) {
        self.identifier = identifier
        self.response = response
    }
}

/// A complete threshold signature and the key it verifies under.
public struct Signature: Sendable, Equatable {
    /// The encoded signature: 65 bytes for the RFC suite, 64 (BIP-340) for Taproot.
    public let bytes: [UInt8]
    /// The key the signature verifies under: the group key, or for Taproot the (tweaked)
    /// key with even y whose x coordinate is the output key.
    public let publicKey: Point
}

/// The values every participant derives from a signing package (RFC 9591 section 4).
struct SigningSession {
    let groupKey: Point
    let bindingFactors: [Identifier: Scalar]
    /// ρᵢ·Eᵢ for each signer; with Dᵢ it makes the signer's commitment share Rᵢ.
    let boundBindingCommitments: [Identifier: Point]
    /// R = Σ (Dᵢ + ρᵢ·Eᵢ).
    let groupCommitment: Point
    let challenge: Scalar
    let signers: [Identifier]
    private let hidingCommitments: [Identifier: Point]

    init<Suite: Ciphersuite>(_ suite: Suite.Type, package: SigningPackage, groupKey: Point) throws(FROSTError) {
        let encodedKey: [UInt8]
        do {
            encodedKey = try groupKey.compressed()
        } catch {
            throw FROSTError(error, "group public key")
        }
        var encodedCommitments: [UInt8] = []
        encodedCommitments.reserveCapacity(98 * package.commitments.count)
        for commitment in package.commitments {
            encodedCommitments += commitment.identifier.bytes
            encodedCommitments += try! commitment.hiding.compressed()
            encodedCommitments += try! commitment.binding.compressed()
        }
        let prefix = encodedKey + Suite.h4(package.message) + Suite.h5(encodedCommitments)
        var factors: [Identifier: Scalar] = [:]
        var bound: [Identifier: Point] = [:]
        var hiding: [Identifier: Point] = [:]
        for commitment in package.commitments {
            let rho = Suite.h1(prefix + commitment.identifier.bytes)
            factors[commitment.identifier] = rho
            bound[commitment.identifier] = commitment.binding * rho
            hiding[commitment.identifier] = commitment.hiding
        }
        // One combine (one field inversion) for the whole sum.
        let groupCommitment = Point.sum(package.commitments.map(\.hiding) + package.signers.map { bound[$0]! })
        guard !groupCommitment.isIdentity else {
            throw FROSTError(.mismatchedCommitments, "the group commitment is the identity")
        }
        self.groupKey = groupKey
        self.bindingFactors = factors
        self.boundBindingCommitments = bound
        self.hidingCommitments = hiding
        self.groupCommitment = groupCommitment
        self.challenge = try Suite.challenge(
            groupCommitment: groupCommitment, publicKey: groupKey, message: package.message)
        self.signers = package.signers
    }

    /// The terms of signer `identifier`'s commitment share Rᵢ = Dᵢ + ρᵢ·Eᵢ.
    func commitmentShareTerms(_ identifier: Identifier) -> [Point] {
        [hidingCommitments[identifier]!, boundBindingCommitments[identifier]!]
    }

    func lagrange(_ identifier: Identifier) throws(FROSTError) -> Scalar {
        try Lagrange.coefficient(for: identifier, in: signers)
    }
}

extension Ciphersuite {
    /// The key a session signs for, given the group key and the package's Taproot choice.
    static func signingKey(_ groupKey: Point, spend: TaprootSpend?) throws(FROSTError) -> Point {
        guard let spend else { return effectiveKey(groupKey) }
        try checkTweakable(spend)
        return try TaprootKeyTweak(internalKey: groupKey, merkleRoot: spend.merkleRoot).outputKey.withEvenY
    }

    /// Only the Taproot suite signs for tweaked keys.
    static func checkTweakable(_ spend: TaprootSpend?) throws(FROSTError) {
        guard spend == nil || usesEvenYConventions else {
            throw FROSTError(
                .invalidParameters, "a Taproot tweak needs the \(Secp256k1SHA256Taproot.name) suite, not \(name)")
        }
    }

    /// The key package a signer signs with for `spend`: tweaked, and made even-y where the suite
    /// requires it.
    static func signingKeyPackage(_ keyPackage: KeyPackage, spend: TaprootSpend?) throws(FROSTError) -> KeyPackage {
        try checkTweakable(spend)
        guard usesEvenYConventions else { return keyPackage }
        let tweaked = try spend.map { spend throws(FROSTError) in try keyPackage.tweaked(merkleRoot: spend.merkleRoot) }
        return (tweaked ?? keyPackage).withEvenY
    }

    /// Round two: this signer's share of the signature (RFC 9591 `sign`). Consumes the nonces.
    ///
    /// - Throws: when the package does not carry this signer's commitments exactly as its nonces
    ///   made them, or has fewer signers than the threshold. Nothing is signed then.
    public static func sign(
        _ package: SigningPackage, nonces: consuming SigningNonces, keyPackage: KeyPackage
    ) throws(FROSTError) -> SignatureShare {
        let identifier = keyPackage.identifier
        guard let mine = package.commitments.first(where: { $0.identifier == identifier }) else {
            throw FROSTError(.unknownIdentifier, "participant \(identifier) is not among the signers of this package")
        }
        guard mine == nonces.commitments else {
            throw FROSTError(
                .mismatchedCommitments,
                "the package's commitments for participant \(identifier) are not the ones its nonces made")
        }
        guard package.commitments.count >= keyPackage.minSigners else {
            throw FROSTError(
                .wrongCount,
                "the package has \(package.commitments.count) signers, the threshold is \(keyPackage.minSigners)")
        }
        let key = try signingKeyPackage(keyPackage, spend: package.taprootSpend)
        let session = try SigningSession(Self.self, package: package, groupKey: key.groupPublicKey)
        let lambda = try session.lagrange(identifier)
        var hiding = try! Scalar(secret: nonces.hiding)
        var binding = try! Scalar(secret: nonces.binding)
        if usesEvenYConventions && !session.groupCommitment.hasEvenY {
            hiding = -hiding
            binding = -binding
        }
        let response =
            hiding + binding * session.bindingFactors[identifier]! + lambda * key.signingShare.scalar
            * session.challenge
        return SignatureShare(identifier: identifier, response: response)
    }

    /// Checks every share against its signer's verifying share, then sums them into the signature
    /// (RFC 9591 `aggregate` with `verify_signature_share` for each share), and verifies the result.
    ///
    /// - Throws: `.invalidSignatureShare` naming every signer whose share is wrong; no signature
    ///   is produced then. `.wrongCount` or `.unknownIdentifier` when the shares do not match
    ///   the package.
    public static func aggregate(
        _ package: SigningPackage, shares: [SignatureShare], publicKeyPackage: PublicKeyPackage
    ) throws(FROSTError) -> Signature {
        var byIdentifier: [Identifier: Scalar] = [:]
        for share in shares {
            guard byIdentifier.updateValue(share.response, forKey: share.identifier) == nil else {
                throw FROSTError(
                    .duplicateIdentifier, "two shares from participant \(share.identifier)",
                    culprits: [share.identifier])
            }
        }
        guard Set(byIdentifier.keys) == Set(package.signers) else {
            throw FROSTError(
                .wrongCount,
                "shares came from \(byIdentifier.keys.sorted()), the package's signers are \(package.signers)")
        }
        guard package.signers.count >= publicKeyPackage.minSigners else {
            throw FROSTError(
                .wrongCount, "\(package.signers.count) signers, the threshold is \(publicKeyPackage.minSigners)")
        }
        let unknown = package.signers.filter { publicKeyPackage.verifyingShares[$0] == nil }
        guard unknown.isEmpty else {
            throw FROSTError(.unknownIdentifier, "signers \(unknown) are not part of this key", culprits: unknown)
        }
        let keys = try signingPublicKeyPackage(publicKeyPackage, spend: package.taprootSpend, signers: package.signers)
        let session = try SigningSession(Self.self, package: package, groupKey: keys.groupPublicKey)
        let negateCommitments = usesEvenYConventions && !session.groupCommitment.hasEvenY

        var culprits: [Identifier] = []
        let lambdas = Lagrange.coefficients(for: package.signers)
        for identifier in package.signers {
            var terms = session.commitmentShareTerms(identifier)
            if negateCommitments { terms = terms.map { -$0 } }
            terms.append(keys.verifyingShares[identifier]! * (session.challenge * lambdas[identifier]!))
            // zᵢ·G = Rᵢ + c·λᵢ·Yᵢ, with Rᵢ negated when the group commitment has odd y (BIP-340).
            if Point(multiplyingGeneratorBy: byIdentifier[identifier]!) != Point.sum(terms) {
                culprits.append(identifier)
            }
        }
        guard culprits.isEmpty else {
            throw FROSTError(
                .invalidSignatureShare, "the signature shares of \(culprits) do not verify", culprits: culprits)
        }

        let response = package.signers.reduce(Scalar.zero) { $0 + byIdentifier[$1]! }
        let bytes = try encodeSignature(commitment: session.groupCommitment, response: response)
        guard verify(signature: bytes, message: package.message, publicKey: keys.groupPublicKey) else {
            throw FROSTError(.invalidSignature, "the aggregate signature does not verify")
        }
        return Signature(bytes: bytes, publicKey: keys.groupPublicKey)
    }

    /// The public key package for `spend`: tweaked, and made even-y where the suite requires it.
    static func signingPublicKeyPackage(
        _ package: PublicKeyPackage, spend: TaprootSpend?, signers: [Identifier]
    ) throws(FROSTError) -> PublicKeyPackage {
        try checkTweakable(spend)
        guard usesEvenYConventions else { return package }
        // Only the signers' verifying shares are needed: shift those alone.
        let relevant = PublicKeyPackage(
            unchecked: package.verifyingShares.filter { signers.contains($0.key) },
            groupPublicKey: package.groupPublicKey,
            minSigners: package.minSigners)
        let tweaked = try spend.map { spend throws(FROSTError) in try relevant.tweaked(merkleRoot: spend.merkleRoot) }
        return (tweaked ?? relevant).withEvenY
    }

    /// The key a signature for `spend` verifies under (for Taproot, its x coordinate is the
    /// output key).
    public static func verifyingKey(groupPublicKey: Point, spend: TaprootSpend?) throws(FROSTError) -> Point {
        try signingKey(groupPublicKey, spend: spend)
    }
}
