public import Secp256k1
import Synchronization

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

    /// The public values derived from this package (binding factors, group commitment,
    /// challenge), kept by every copy of the package once derived; see ``SessionCache``.
    let sessions = SessionCache()

    /// Packages are equal when they carry the same commitments, message and Taproot choice.
    public static func == (a: SigningPackage, b: SigningPackage) -> Bool {
        a.commitments == b.commitments && a.message == b.message && a.taprootSpend == b.taprootSpend
    }
}

/// The signing sessions derived from one ``SigningPackage``, one per ciphersuite and group
/// key, so that round 2 of several signers and the aggregation in one process derive the key
/// signed for (with its Taproot tweak), the binding factors, the group commitment and the
/// challenge once.
///
/// Everything kept here is public (it is computed from the package and the group public key
/// alone) and a function of the package's immutable contents and the cache key, so a cached
/// session is the one that would be computed again. At most ``capacity`` sessions are kept.
final class SessionCache: Sendable {
    private struct Entry: Sendable {
        let suite: String
        let groupKey: Point
        let transform: KeyTransform
        let session: SigningSession
    }

    static let capacity = 4
    private let entries = Mutex<[Entry]>([])

    /// The key transform and session for `Suite` and `groupKey`, derived now if no copy of
    /// the package has yet.
    func session<Suite: Ciphersuite>(
        _ suite: Suite.Type, package: SigningPackage, groupKey: Point
    ) throws(FROSTError) -> (transform: KeyTransform, session: SigningSession) {
        let found = entries.withLock { entries in
            entries.first { $0.suite == Suite.contextString && $0.groupKey == groupKey }
        }
        if let found { return (found.transform, found.session) }
        let transform = try Suite.keyTransform(groupKey, spend: package.taprootSpend)
        let session = try SigningSession(Suite.self, package: package, groupKey: transform.signingKey)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeFirst() }
            entries.append(
                Entry(suite: Suite.contextString, groupKey: groupKey, transform: transform, session: session))
        }
        return (transform, session)
    }
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

/// The values every participant derives from a signing package (RFC 9591 section 4). All
/// public: computed from the package and the key signed for.
struct SigningSession: Sendable {
    let groupKey: Point
    let bindingFactors: [Identifier: Scalar]
    /// ρᵢ in the order of ``commitments``.
    let orderedBindingFactors: [Scalar]
    /// R = Σ (Dᵢ + ρᵢ·Eᵢ), with one multi-scalar multiplication.
    let groupCommitment: Point
    /// True when R has even y (BIP-340 conventions negate the nonces otherwise).
    let commitmentHasEvenY: Bool
    let challenge: Scalar
    let signers: [Identifier]
    /// The signers' commitments, in ascending identifier order.
    let commitments: [SigningCommitments]

    /// Derives the session. H1's input for signer i is ser(Y) ‖ H4(m) ‖ H5(commitment list) ‖ i:
    /// the SHA-256 state after the common prefix is computed once and copied for each signer.
    init<Suite: Ciphersuite>(_ suite: Suite.Type, package: SigningPackage, groupKey: Point) throws(FROSTError) {
        var encodedKey = [UInt8](repeating: 0, count: 33)
        do {
            try encodedKey.withUnsafeMutableBufferPointer { (buffer) throws(Secp256k1Error) in
                try groupKey.write(compressedTo: buffer.baseAddress!)
            }
        } catch {
            throw FROSTError(error, "group public key")
        }
        // encode_group_commitment_list: identifier ‖ ser(Dᵢ) ‖ ser(Eᵢ) for each signer.
        let count = package.commitments.count
        let encodedCommitments = [UInt8](unsafeUninitializedCapacity: 98 * count) { buffer, initialized in
            var offset = 0
            for commitment in package.commitments {
                for byte in commitment.identifier.bytes {
                    buffer[offset] = byte
                    offset += 1
                }
                // Commitments are never the identity (SigningCommitments refuses it).
                try! commitment.hiding.write(compressedTo: buffer.baseAddress! + offset)
                try! commitment.binding.write(compressedTo: buffer.baseAddress! + offset + 33)
                offset += 66
            }
            initialized = offset
        }
        let rho = PrefixedHashToField(
            prefix: encodedKey + Suite.h4(package.message) + Suite.h5(encodedCommitments),
            dst: Array((Suite.contextString + "rho").utf8))
        var factors: [Identifier: Scalar] = [:]
        factors.reserveCapacity(count)
        var ordered: [Scalar] = []
        ordered.reserveCapacity(count)
        var bound: [(Scalar, Point)] = []
        bound.reserveCapacity(count)
        var hidings: [Point] = []
        hidings.reserveCapacity(count)
        for commitment in package.commitments {
            let factor = rho.scalar(suffix: commitment.identifier.bytes)
            factors[commitment.identifier] = factor
            ordered.append(factor)
            bound.append((factor, commitment.binding))
            hidings.append(commitment.hiding)
        }
        // Σ ρᵢ·Eᵢ as one multi-scalar multiplication, plus Σ Dᵢ, with one inversion in all
        // (variable time: binding factors and commitments are public).
        let groupCommitment = Point.linearCombination(bound, plus: hidings)
        guard !groupCommitment.isIdentity else {
            throw FROSTError(.mismatchedCommitments, "the group commitment is the identity")
        }
        self.groupKey = groupKey
        self.bindingFactors = factors
        self.orderedBindingFactors = ordered
        self.groupCommitment = groupCommitment
        self.commitmentHasEvenY = groupCommitment.hasEvenY
        self.challenge = try Suite.challenge(
            groupCommitment: groupCommitment, publicKey: groupKey, message: package.message)
        self.signers = package.signers
        self.commitments = package.commitments
    }

    func lagrange(_ identifier: Identifier) throws(FROSTError) -> Scalar {
        try Lagrange.coefficient(for: identifier, in: signers)
    }
}

/// The BIP-341 key transforms this process has derived, per internal key and spend: a key
/// signs many sessions for the same output key, and the tweak (a tagged hash and a
/// multiplication of G) is a function of the key and the spend alone. Everything kept is
/// public; a hit requires the same group key and the same spend, so a remembered transform is
/// the one that would be derived again. At most ``capacity`` are kept, the oldest dropped
/// first; a lock makes it safe from several threads.
final class TaprootTransforms: Sendable {
    private struct Entry: Sendable {
        let groupKey: Point
        let spend: TaprootSpend
        let transform: KeyTransform
    }

    static let shared = TaprootTransforms()
    static let capacity = 16
    private let entries = Mutex<[Entry]>([])

    func transform(for groupKey: Point, spend: TaprootSpend) -> KeyTransform? {
        entries.withLock { entries in
            entries.first { $0.groupKey == groupKey && $0.spend == spend }?.transform
        }
    }

    func remember(_ transform: KeyTransform, for groupKey: Point, spend: TaprootSpend) {
        entries.withLock { entries in
            guard !entries.contains(where: { $0.groupKey == groupKey && $0.spend == spend }) else { return }
            if entries.count >= Self.capacity { entries.removeFirst() }
            entries.append(Entry(groupKey: groupKey, spend: spend, transform: transform))
        }
    }
}

/// One signature share's verification equation, as `Ciphersuite.checkSharesAndSignature` sums it.
struct ShareEquation {
    let identifier: Identifier
    let generator: Scalar
    let hiding: Point
    let binding: (Scalar, Point)
    let share: (Scalar, Point)
}

/// What `Ciphersuite.checkSharesAndSignature` found.
enum AggregateCheck: Equatable {
    /// Every share verifies and so does the signature.
    case valid
    /// These signers' shares fail, in ascending identifier order.
    case invalidShares([Identifier])
    /// Every share verifies alone, but the signature does not.
    case invalidSignature
}

/// How the key a session signs for derives from the group key Y: the signing key is
/// sign·Y + shift·G, and every share and verifying share moves the same way
/// (sᵢ' = sign·sᵢ + shift, Yᵢ' = sign·Yᵢ + shift·G). sign is 1 or -1.
///
/// RFC suite: sign 1, shift 0. Taproot suite without a tweak: sign -1 when Y has odd y.
/// With the BIP-341 tweak t: Q = even(Y) + t·G, and the key signed for is even(Q), so
/// sign = σ_Y·σ_Q and shift = σ_Q·t, σ being -1 for an odd y.
struct KeyTransform: Sendable {
    let sign: Scalar
    let shift: Scalar
    let signingKey: Point
}

extension Ciphersuite {
    /// The key a session signs for, given the group key and the package's Taproot choice.
    static func signingKey(_ groupKey: Point, spend: TaprootSpend?) throws(FROSTError) -> Point {
        try keyTransform(groupKey, spend: spend).signingKey
    }

    /// Only the Taproot suite signs for tweaked keys.
    static func checkTweakable(_ spend: TaprootSpend?) throws(FROSTError) {
        guard spend == nil || usesEvenYConventions else {
            throw FROSTError(
                .invalidParameters, "a Taproot tweak needs the \(Secp256k1SHA256Taproot.name) suite, not \(name)")
        }
    }

    /// The transform from the group key to the key a session for `spend` signs for.
    static func keyTransform(_ groupKey: Point, spend: TaprootSpend?) throws(FROSTError) -> KeyTransform {
        try checkTweakable(spend)
        guard usesEvenYConventions else { return KeyTransform(sign: .one, shift: .zero, signingKey: groupKey) }
        let evenSign: Scalar = groupKey.hasEvenY ? .one : -.one
        guard let spend else { return KeyTransform(sign: evenSign, shift: .zero, signingKey: groupKey.withEvenY) }
        if let known = TaprootTransforms.shared.transform(for: groupKey, spend: spend) { return known }
        let tweak = try TaprootKeyTweak(internalKey: groupKey, merkleRoot: spend.merkleRoot)
        let outputSign: Scalar = tweak.outputKey.hasEvenY ? .one : -.one
        let transform = KeyTransform(
            sign: evenSign * outputSign, shift: outputSign * tweak.scalar, signingKey: tweak.outputKey.withEvenY)
        TaprootTransforms.shared.remember(transform, for: groupKey, spend: spend)
        return transform
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
        let (transform, session) = try package.sessions.session(
            Self.self, package: package, groupKey: keyPackage.groupPublicKey)
        let lambda = try session.lagrange(identifier)
        var hiding = try! Scalar(secret: nonces.hiding)
        var binding = try! Scalar(secret: nonces.binding)
        if usesEvenYConventions && !session.commitmentHasEvenY {
            hiding = -hiding
            binding = -binding
        }
        // The share of the key signed for: sign·sᵢ + shift (see KeyTransform).
        let share = transform.sign * keyPackage.signingShare.scalar + transform.shift
        let response = hiding + binding * session.bindingFactors[identifier]! + lambda * session.challenge * share
        return SignatureShare(identifier: identifier, response: response)
    }

    /// Checks every share against its signer's verifying share, sums them into the signature
    /// (RFC 9591 `aggregate` with `verify_signature_share` for each share), and checks that the
    /// signature verifies, all in one weighted multi-scalar multiplication (see
    /// ``checkSharesAndSignature(_:responses:response:verifyingShares:transform:)``).
    ///
    /// - Throws: `.invalidSignatureShare` naming every signer whose share is wrong; no signature
    ///   is produced then. `.invalidSignature` when every share is valid but their sum does not
    ///   verify under the key signed for (a public key package whose verifying shares do not
    ///   interpolate its group key). `.wrongCount` or `.unknownIdentifier` when the shares do
    ///   not match the package.
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
        let (transform, session) = try package.sessions.session(
            Self.self, package: package, groupKey: publicKeyPackage.groupPublicKey)
        let response = package.signers.reduce(Scalar.zero) { $0 + byIdentifier[$1]! }
        // The encoding checks of verification hold by construction: R is not the identity
        // (SigningSession refuses it), the signature carries x(R) (Taproot: s·R has even y, the
        // point BIP-340's lift_x(x(R)) yields) and z < n; the Taproot key signed for has even y,
        // so lift_x(x(Y')) = Y'.
        let bytes = try encodeSignature(commitment: session.groupCommitment, response: response)
        switch checkSharesAndSignature(
            session, responses: byIdentifier, response: response,
            verifyingShares: publicKeyPackage.verifyingShares, transform: transform)
        {
        case .valid:
            return Signature(bytes: bytes, publicKey: transform.signingKey)
        case .invalidShares(let culprits):
            throw FROSTError(
                .invalidSignatureShare, "the signature shares of \(culprits) do not verify", culprits: culprits)
        case .invalidSignature:
            throw FROSTError(.invalidSignature, "the aggregate signature does not verify")
        }
    }

    /// Checks every share (RFC 9591 `verify_signature_share`) and the aggregate signature
    /// (z, R) under the key signed for, all at once.
    ///
    /// Share i is valid when zᵢ·G = s·(Dᵢ + ρᵢ·Eᵢ) + c·λᵢ·Yᵢ', where s = -1 when BIP-340
    /// conventions negate the nonces (odd group commitment) and Yᵢ' = sign·Yᵢ + shift·G is the
    /// verifying share of the key signed for; that is, when
    /// Vᵢ = (zᵢ - c·λᵢ·shift)·G - s·Dᵢ - s·ρᵢ·Eᵢ - c·λᵢ·sign·Yᵢ is the identity. The signature
    /// verifies when V₀ = z·G - s·R - c·Y' is the identity, Y' being the key signed for and
    /// R = Σ (Dᵢ + ρᵢ·Eᵢ) the session's group commitment: this is BIP-340's verification
    /// equation for the Taproot suite (s·R is the even-y point of x(R)) and RFC 9591's for the
    /// other. The check computes Σ aᵢ·Vᵢ + a₀·V₀ as one multi-scalar multiplication of 3t + 1
    /// points and G (V₀'s R expanded into the Dᵢ and Eᵢ already there), under weights a₁ = 1
    /// and a₀, a₂ … aₜ drawn uniformly from the non-zero 128-bit integers after the shares are
    /// fixed. If any Vⱼ (j = 0 … t) is not the identity, the sum is the identity with
    /// probability at most 1/(2¹²⁸ - 1): the group order n is prime, so for fixed other weights
    /// at most one value of aⱼ mod n cancels a non-identity Vⱼ (and a lone V₁ ≠ O is never
    /// cancelled). Only when the batch fails is each share checked alone, to name every
    /// culprit; when none is found, V₀ is what failed. The weights are public: variable-time
    /// arithmetic on them leaks nothing secret.
    static func checkSharesAndSignature(
        _ session: SigningSession, responses: [Identifier: Scalar], response: Scalar,
        verifyingShares: [Identifier: Point], transform: KeyTransform
    ) -> AggregateCheck {
        let equations = shareEquations(
            session, responses: responses, verifyingShares: verifyingShares, transform: transform)
        var generator = SystemRandomNumberGenerator()
        let signatureWeight = randomWeight(using: &generator)
        // V₀'s z·G and -c·Y'.
        var batchGenerator = signatureWeight * response
        var batchTerms: [(Scalar, Point)] = []
        batchTerms.reserveCapacity(3 * equations.count + 1)
        batchTerms.append((-(signatureWeight * session.challenge), transform.signingKey))
        for (index, equation) in equations.enumerated() {
            let weight = index == 0 ? Scalar.one : randomWeight(using: &generator)
            batchGenerator += weight * equation.generator
            // -s·Dᵢ and -s·ρᵢ·Eᵢ appear in Vᵢ and, through R, in V₀.
            let nonceWeight = weight + signatureWeight
            batchTerms.append((nonceWeight, equation.hiding))
            batchTerms.append((nonceWeight * equation.binding.0, equation.binding.1))
            batchTerms.append((weight * equation.share.0, equation.share.1))
        }
        if Point.linearCombination(batchTerms, generator: batchGenerator).isIdentity { return .valid }
        let culprits = failing(equations)
        return culprits.isEmpty ? .invalidSignature : .invalidShares(culprits)
    }

    /// The signers in `responses` whose shares fail their equation checked alone (see
    /// ``checkSharesAndSignature(_:responses:response:verifyingShares:transform:)``), in
    /// ascending order; λᵢ is always over every signer of the session. ROAST checks each share
    /// this way as it arrives (``verifySignatureShare(_:package:publicKeyPackage:)``).
    static func invalidShares(
        _ session: SigningSession, responses: [Identifier: Scalar], verifyingShares: [Identifier: Point],
        transform: KeyTransform
    ) -> [Identifier] {
        failing(shareEquations(session, responses: responses, verifyingShares: verifyingShares, transform: transform))
    }

    /// Share i's equation Vᵢ as (identifier, coefficient of G, -s·Dᵢ, the binding term, the
    /// verifying-share term), for each signer of the session that has a response.
    private static func shareEquations(
        _ session: SigningSession, responses: [Identifier: Scalar], verifyingShares: [Identifier: Point],
        transform: KeyTransform
    ) -> [ShareEquation] {
        let negate = usesEvenYConventions && !session.commitmentHasEvenY
        let nonceSign: Scalar = negate ? -.one : .one
        let lambdas = Lagrange.coefficients(for: session.signers)
        return zip(session.commitments, session.orderedBindingFactors).compactMap { commitment, bindingFactor in
            let identifier = commitment.identifier
            guard let response = responses[identifier] else { return nil }
            let cLambda = session.challenge * lambdas[identifier]!
            return ShareEquation(
                identifier: identifier,
                generator: response - cLambda * transform.shift,
                // -s·Dᵢ is kept as the point, so that its weight stays a short (129-bit) scalar.
                hiding: negate ? commitment.hiding : -commitment.hiding,
                binding: (-nonceSign * bindingFactor, commitment.binding),
                share: (-cLambda * transform.sign, verifyingShares[identifier]!)
            )
        }
    }

    /// The identifiers of the equations that do not hold, each checked alone.
    private static func failing(_ equations: [ShareEquation]) -> [Identifier] {
        equations.filter {
            !Point.linearCombination([$0.binding, $0.share], generator: $0.generator, plus: [$0.hiding]).isIdentity
        }
        .map(\.identifier)
    }

    /// A uniformly random non-zero 128-bit weight.
    private static func randomWeight(using generator: inout some RandomNumberGenerator) -> Scalar {
        while true {
            let high: UInt64 = generator.next()
            let low: UInt64 = generator.next()
            let weight = Scalar(high) * Scalar(1 << 32) * Scalar(1 << 32) + Scalar(low)
            if !weight.isZero { return weight }
        }
    }

    /// The key a signature for `spend` verifies under (for Taproot, its x coordinate is the
    /// output key).
    public static func verifyingKey(groupPublicKey: Point, spend: TaprootSpend?) throws(FROSTError) -> Point {
        try signingKey(groupPublicKey, spend: spend)
    }
}
