public import Secp256k1
public import SecureMemory

/// A participant's long-lived secret share of the group key, held in wiped memory.
public struct SigningShare: Sendable, Equatable, CustomStringConvertible {
    /// The 32-byte big-endian share.
    public let secret: SecretBytes

    /// Wraps a scalar share.
    public init(_ scalar: Scalar) { secret = scalar.secretBytes }

    /// Decodes a 32-byte share; values not below n are refused.
    public init(secret: SecretBytes) throws(FROSTError) {
        do {
            _ = try Scalar(secret: secret)
        } catch {
            throw FROSTError(error, "signing share")
        }
        self.secret = secret
    }

    var scalar: Scalar {
        // Valid by construction: both initialisers check the range.
        try! Scalar(secret: secret)
    }

    public var description: String { "SigningShare(redacted)" }
}

/// Commitments to the coefficients of a secret-sharing polynomial (Feldman VSS), constant term
/// first. The constant term commits to the shared secret.
public struct VSSCommitment: Sendable, Equatable {
    /// aⱼ·G for each coefficient aⱼ.
    public let coefficients: [Point]

    public init(coefficients: [Point]) { self.coefficients = coefficients }

    /// Σ Cⱼ·xʲ: the public image of the polynomial at x, with one multi-scalar multiplication.
    public func evaluate(at x: Identifier) -> Point {
        var power = Scalar.one
        var terms: [(Scalar, Point)] = []
        terms.reserveCapacity(coefficients.count)
        for commitment in coefficients {
            terms.append((power, commitment))
            power *= x.scalar
        }
        return Point.linearCombination(terms)
    }

    /// The sum of several participants' commitments, coefficient by coefficient.
    static func sum(_ commitments: [VSSCommitment]) -> VSSCommitment {
        let degree = commitments.map(\.coefficients.count).max() ?? 0
        return VSSCommitment(
            coefficients: (0..<degree).map { index in
                Point.sum(commitments.compactMap { index < $0.coefficients.count ? $0.coefficients[index] : nil })
            })
    }
}

/// A secret-sharing polynomial, its coefficients in wiped memory.
struct Polynomial {
    private let coefficients: [SecretBytes]

    init(constant: Scalar, degree: Int, random: () -> Scalar) {
        var values = [constant.secretBytes]
        for _ in 0..<degree { values.append(random().secretBytes) }
        coefficients = values
    }

    init(coefficients: [Scalar]) { self.coefficients = coefficients.map(\.secretBytes) }

    var constant: Scalar { try! Scalar(secret: coefficients[0]) }

    /// f(x), by Horner's rule.
    func evaluate(at x: Identifier) -> Scalar {
        var value = Scalar.zero
        for coefficient in coefficients.reversed() {
            value = value * x.scalar + (try! Scalar(secret: coefficient))
        }
        return value
    }

    /// The commitment [aⱼ·G].
    var commitment: VSSCommitment {
        VSSCommitment(coefficients: coefficients.map { Point(multiplyingGeneratorBy: try! Scalar(secret: $0)) })
    }
}

/// What one participant holds after key generation: its share and the public values it needs.
public struct KeyPackage: Sendable, Equatable {
    /// The participant.
    public let identifier: Identifier
    /// The participant's secret share.
    public let signingShare: SigningShare
    /// The participant's public share, signingShare·G.
    public let verifyingShare: Point
    /// The group public key.
    public let groupPublicKey: Point
    /// The threshold: how many signers a signature needs.
    public let minSigners: Int

    public init(
        identifier: Identifier, signingShare: SigningShare, verifyingShare: Point, groupPublicKey: Point,
        minSigners: Int
    ) throws(FROSTError) {
        guard minSigners >= 2 else {
            throw FROSTError(.invalidParameters, "the threshold must be at least 2, got \(minSigners)")
        }
        guard Point(multiplyingGeneratorBy: signingShare.scalar) == verifyingShare else {
            throw FROSTError(
                .invalidSecretShare, "the signing share of participant \(identifier) does not match its verifying share"
            )
        }
        guard !groupPublicKey.isIdentity else {
            throw FROSTError(.invalidEncoding, "the group public key is the identity")
        }
        self.identifier = identifier
        self.signingShare = signingShare
        self.verifyingShare = verifyingShare
        self.groupPublicKey = groupPublicKey
        self.minSigners = minSigners
    }

    init(unchecked identifier: Identifier, share: Scalar, verifyingShare: Point, groupPublicKey: Point, minSigners: Int)
    {
        self.identifier = identifier
        self.signingShare = SigningShare(share)
        self.verifyingShare = verifyingShare
        self.groupPublicKey = groupPublicKey
        self.minSigners = minSigners
    }

    /// The package with the group key negated when its y is odd (BIP-340's `into_even_y`):
    /// the share and the verifying share are negated with it.
    public var withEvenY: KeyPackage {
        guard !groupPublicKey.hasEvenY else { return self }
        return KeyPackage(
            unchecked: identifier, share: -signingShare.scalar, verifyingShare: -verifyingShare,
            groupPublicKey: -groupPublicKey, minSigners: minSigners)
    }

    /// The package for the BIP-341 output key: the group key made even, then shifted by t·G,
    /// and every share by t, where t = hash_TapTweak(x(P) ‖ merkle root).
    public func tweaked(merkleRoot: [UInt8]?) throws(FROSTError) -> KeyPackage {
        let tweak = try TaprootKeyTweak(internalKey: groupPublicKey, merkleRoot: merkleRoot)
        let even = withEvenY
        return KeyPackage(
            unchecked: identifier, share: even.signingShare.scalar + tweak.scalar,
            verifyingShare: even.verifyingShare + tweak.point, groupPublicKey: tweak.outputKey,
            minSigners: minSigners)
    }
}

/// The public side of a key: the group key and every participant's verifying share.
public struct PublicKeyPackage: Sendable, Equatable {
    /// Each participant's public share.
    public let verifyingShares: [Identifier: Point]
    /// The group public key.
    public let groupPublicKey: Point
    /// The threshold.
    public let minSigners: Int

    public init(verifyingShares: [Identifier: Point], groupPublicKey: Point, minSigners: Int) throws(FROSTError) {
        guard minSigners >= 2, minSigners <= verifyingShares.count else {
            throw FROSTError(
                .invalidParameters,
                "the threshold must be from 2 to the number of participants (\(verifyingShares.count)), got \(minSigners)"
            )
        }
        guard !groupPublicKey.isIdentity, !verifyingShares.values.contains(where: \.isIdentity) else {
            throw FROSTError(.invalidEncoding, "a public key or verifying share is the identity")
        }
        self.verifyingShares = verifyingShares
        self.groupPublicKey = groupPublicKey
        self.minSigners = minSigners
    }

    init(unchecked verifyingShares: [Identifier: Point], groupPublicKey: Point, minSigners: Int) {
        self.verifyingShares = verifyingShares
        self.groupPublicKey = groupPublicKey
        self.minSigners = minSigners
    }

    /// The participants, in ascending order.
    public var identifiers: [Identifier] { verifyingShares.keys.sorted() }

    /// The package from the summed commitments of a DKG or a dealer: every verifying share is
    /// the commitment evaluated at the participant's identifier.
    init(commitment: VSSCommitment, identifiers: [Identifier], minSigners: Int) {
        var shares: [Identifier: Point] = [:]
        for identifier in identifiers { shares[identifier] = commitment.evaluate(at: identifier) }
        self.init(unchecked: shares, groupPublicKey: commitment.coefficients[0], minSigners: minSigners)
    }

    /// The package with the group key, and every verifying share, negated when the key's y is odd.
    public var withEvenY: PublicKeyPackage {
        guard !groupPublicKey.hasEvenY else { return self }
        return PublicKeyPackage(
            unchecked: verifyingShares.mapValues { -$0 }, groupPublicKey: -groupPublicKey, minSigners: minSigners)
    }

    /// The package for the BIP-341 output key (see ``KeyPackage/tweaked(merkleRoot:)``).
    public func tweaked(merkleRoot: [UInt8]?) throws(FROSTError) -> PublicKeyPackage {
        let tweak = try TaprootKeyTweak(internalKey: groupPublicKey, merkleRoot: merkleRoot)
        let even = withEvenY
        let tweakPoint = tweak.point
        return PublicKeyPackage(
            unchecked: even.verifyingShares.mapValues { $0 + tweakPoint }, groupPublicKey: tweak.outputKey,
            minSigners: minSigners)
    }
}

/// The BIP-341 tweak of a group key: t, t·G and the output key Q = even(P) + t·G.
struct TaprootKeyTweak {
    let scalar: Scalar
    let outputKey: Point
    /// t·G (t is public).
    var point: Point { Point(multiplyingGeneratorBy: scalar) }

    init(internalKey: Point, merkleRoot: [UInt8]?) throws(FROSTError) {
        do {
            scalar = try TaprootTweak.scalar(internalKey: try internalKey.xOnly(), merkleRoot: merkleRoot)
        } catch {
            throw FROSTError(error, "Taproot tweak")
        }
        // t is public: one variable-time multiplication of G, added to even(P) before the single
        // conversion to affine coordinates.
        outputKey = Point.linearCombination([], generator: scalar, plus: [internalKey.withEvenY])
        guard !outputKey.isIdentity else { throw FROSTError(.invalidParameters, "the tweaked key is the identity") }
    }
}
