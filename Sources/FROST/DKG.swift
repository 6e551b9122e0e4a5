import Crypto
public import Secp256k1
import SecureMemory

/// Pedersen distributed key generation with proofs of knowledge (FROST KeyGen, as in the
/// Zcash Foundation's implementation): no party ever holds the group secret.
///
/// Part 1: every participant draws a polynomial, broadcasts its commitment and a Schnorr proof
/// that it knows the constant term. Part 2: each checks the others' proofs and sends each of
/// them, privately, its polynomial evaluated at their identifier. Part 3: each checks what it
/// received against the senders' commitments and sums it into its share.
///
/// The broadcast must be consistent (every participant sees the same round-one packages) and
/// round-two packages must travel encrypted and authenticated; the daemons provide both.
public enum DKG {
    /// The key ceremony a DKG runs in: an id the participants agreed on for this run alone, and
    /// the participants. Both enter every proof-of-knowledge challenge, so that a round-one
    /// package made for one ceremony fails its proof in any other (another id, another set of
    /// participants). This is Custody's deviation from RFC 9591 and the Zcash Foundation's
    /// implementation, whose challenge binds the identifier alone; see docs/frost.md.
    public struct Ceremony: Sendable, Hashable {
        /// The domain tag that starts the encoding.
        static let tag = Array("custody.frost.dkg.ceremony.v1".utf8)

        /// The ceremony id: 16 to 255 bytes, never reused (32 random bytes chosen by whoever
        /// convenes the ceremony).
        public let id: [UInt8]
        /// Every participant, the caller included, in ascending order.
        public let participants: [Identifier]

        /// - Throws: `.invalidParameters` for an id shorter than 16 or longer than 255 bytes, or
        ///   fewer than 2 participants; `.duplicateIdentifier` for a participant listed twice.
        public init(id: [UInt8], participants: [Identifier]) throws(FROSTError) {
            guard (16...255).contains(id.count) else {
                throw FROSTError(.invalidParameters, "a ceremony id is 16 to 255 bytes, got \(id.count)")
            }
            let sorted = participants.sorted()
            guard sorted.count >= 2 else {
                throw FROSTError(.invalidParameters, "a ceremony has at least 2 participants, got \(sorted.count)")
            }
            let duplicates = zip(sorted, sorted.dropFirst()).filter { $0.0 == $0.1 }.map(\.0)
            guard duplicates.isEmpty else {
                throw FROSTError(
                    .duplicateIdentifier, "the ceremony lists \(duplicates) more than once", culprits: duplicates)
            }
            self.id = id
            self.participants = sorted
        }

        /// What the challenge appends: the tag, the id with a one-byte length, the participant
        /// count (two bytes, big-endian), then each identifier's 32-byte encoding in
        /// ascending order.
        var encoded: [UInt8] {
            var out = Self.tag + [UInt8(id.count)] + id
            out += [UInt8(participants.count >> 8), UInt8(participants.count & 0xFF)]
            for participant in participants { out += participant.bytes }
            return out
        }
    }

    /// What a proof of knowledge is bound to.
    enum ProofBinding: Sendable {
        /// Custody's challenge: bound to a ceremony.
        case ceremony(Ceremony)
        /// Custody's challenge for a share refresh (``Ciphersuite/refreshPart1(keyPackage:ceremony:)``):
        /// bound to a ceremony under its own tag, so that no refresh proof verifies as a key
        /// generation proof or the reverse.
        case refresh(Ceremony)
        /// The challenge of RFC 9591 and the Zcash Foundation, bound to the identifier alone:
        /// for reproducing the published vectors only.
        case unboundForPublishedVectors

        var context: [UInt8] {
            switch self {
            case .ceremony(let ceremony): ceremony.encoded
            case .refresh(let ceremony): Array("custody.frost.refresh.v1".utf8) + ceremony.encoded
            case .unboundForPublishedVectors: []
            }
        }
    }

    /// What a participant broadcasts in part 1.
    public struct Round1Package: Sendable, Equatable {
        /// The commitment to the participant's polynomial; its constant term is its part of the
        /// group key.
        public let commitment: VSSCommitment
        /// The proof of knowledge of the constant term: R.
        public let proofCommitment: Point
        /// The proof of knowledge of the constant term: z = k + a₀·c.
        public let proofResponse: Scalar

        public init(commitment: VSSCommitment, proofCommitment: Point, proofResponse: Scalar) {
            self.commitment = commitment
            self.proofCommitment = proofCommitment
            self.proofResponse = proofResponse
        }
    }

    /// What a participant keeps between part 1 and part 2, with the package it broadcasts.
    /// Its coefficients are in wiped memory.
    public struct Round1Secret: Sendable {
        /// The package to broadcast to every other participant.
        public let package: Round1Package
        let identifier: Identifier
        let polynomial: Polynomial
        let commitment: VSSCommitment
        let minSigners: Int
        let maxSigners: Int
        let binding: ProofBinding
    }

    /// What a participant sends one other participant in part 2: that participant's share of its
    /// polynomial. Secret: send it encrypted.
    public struct Round2Package: Sendable, Equatable {
        /// fᵢ(recipient).
        public let signingShare: SigningShare

        public init(signingShare: SigningShare) { self.signingShare = signingShare }
    }

    /// What a participant keeps between part 2 and part 3, with the shares it sends.
    public struct Round2Secret: Sendable {
        /// The package for each other participant, to send encrypted and authenticated.
        public let packages: [Identifier: Round2Package]
        let identifier: Identifier
        let commitment: VSSCommitment
        let ownShare: SecretBytes
        let minSigners: Int
        let maxSigners: Int
        /// The digest of the round-one packages whose proofs part 2 checked; part 3 must be
        /// given the same ones.
        let round1Digest: [UInt8]
    }

    /// SHA-256 over the round-one packages, in identifier order, in their RFC 9591 encodings.
    static func digest(_ packages: [Identifier: Round1Package]) -> [UInt8] {
        var hasher = SHA256()
        for (identifier, package) in packages.sorted(by: { $0.key < $1.key }) {
            hasher.update(data: identifier.bytes)
            for point in package.commitment.coefficients + [package.proofCommitment] {
                hasher.update(data: (try? point.compressed()) ?? [0])
            }
            hasher.update(data: package.proofResponse.bigEndianBytes)
        }
        return Array(hasher.finalize())
    }
}

extension Polynomial: @unchecked Sendable {}  // Immutable; its SecretBytes are Sendable.

extension Ciphersuite {
    /// DKG part 1: a fresh polynomial of degree minSigners - 1; the result carries the package to
    /// broadcast (its commitment and the proof of knowledge of its constant term, bound to
    /// `ceremony`).
    ///
    /// - Throws: `.invalidParameters` when `maxSigners` is not the ceremony's participant count;
    ///   `.unknownIdentifier` when `identifier` is not one of its participants.
    public static func dkgPart1(
        identifier: Identifier, maxSigners: Int, minSigners: Int, ceremony: DKG.Ceremony
    ) throws(FROSTError) -> DKG.Round1Secret {
        guard ceremony.participants.count == maxSigners else {
            throw FROSTError(
                .invalidParameters,
                "the ceremony has \(ceremony.participants.count) participants, not maxSigners = \(maxSigners)")
        }
        guard ceremony.participants.contains(identifier) else {
            throw FROSTError(
                .unknownIdentifier, "\(identifier) is not a participant of the ceremony", culprits: [identifier])
        }
        let secret = Scalar.random()
        let coefficients = (1..<max(minSigners, 1)).map { _ in Scalar.random() }
        return try dkgPart1(
            identifier: identifier, maxSigners: maxSigners, minSigners: minSigners, secret: secret,
            coefficients: coefficients, binding: .ceremony(ceremony))
    }

    /// DKG part 1 with a given polynomial and the challenge of RFC 9591 and the Zcash
    /// Foundation, bound to no ceremony: for reproducing the published vectors only. Its
    /// proofs verify in part 2 only against packages made the same way.
    @_spi(TestVectors)
    public static func dkgPart1(
        identifier: Identifier, maxSigners: Int, minSigners: Int, secret: Scalar, coefficients: [Scalar]
    ) throws(FROSTError) -> DKG.Round1Secret {
        try dkgPart1(
            identifier: identifier, maxSigners: maxSigners, minSigners: minSigners, secret: secret,
            coefficients: coefficients, binding: .unboundForPublishedVectors)
    }

    private static func dkgPart1(
        identifier: Identifier, maxSigners: Int, minSigners: Int, secret: Scalar, coefficients: [Scalar],
        binding: DKG.ProofBinding
    ) throws(FROSTError) -> DKG.Round1Secret {
        try TrustedDealer.validate(minSigners: minSigners, maxSigners: maxSigners)
        guard coefficients.count == minSigners - 1 else {
            throw FROSTError(.wrongCount, "a threshold of \(minSigners) needs \(minSigners - 1) coefficients")
        }
        guard !secret.isZero else { throw FROSTError(.invalidParameters, "the DKG secret must not be zero") }
        let polynomial = Polynomial(coefficients: [secret] + coefficients)
        let commitment = polynomial.commitment
        var k = Scalar.random()
        var r = Point(multiplyingGeneratorBy: k)
        if usesEvenYConventions && !r.hasEvenY {
            k = -k
            r = -r
        }
        let c = try proofChallenge(
            identifier: identifier, constant: commitment.coefficients[0], proofCommitment: r, binding: binding)
        let package = DKG.Round1Package(commitment: commitment, proofCommitment: r, proofResponse: k + secret * c)
        return DKG.Round1Secret(
            package: package, identifier: identifier, polynomial: polynomial, commitment: commitment,
            minSigners: minSigners, maxSigners: maxSigners, binding: binding)
    }

    /// DKG part 2: checks every other participant's proof of knowledge; the result carries the
    /// share to send each of them.
    ///
    /// - Parameter round1Packages: the packages of every other participant, keyed by the
    ///   identifier their channel authenticated (never by what a package claims).
    /// Each proof is checked against the ceremony part 1 was given: a package made for another
    /// ceremony, or for another set of participants, fails its proof.
    ///
    /// - Throws: `.unknownIdentifier` naming senders that are not participants of the ceremony;
    ///   `.invalidProofOfKnowledge` naming the senders whose proofs fail.
    public static func dkgPart2(
        secret: DKG.Round1Secret, round1Packages: [Identifier: DKG.Round1Package]
    ) throws(FROSTError) -> DKG.Round2Secret {
        try checkRound1(
            round1Packages, identifier: secret.identifier, minSigners: secret.minSigners, maxSigners: secret.maxSigners)
        if case .refresh = secret.binding {
            throw FROSTError(.invalidParameters, "DKG part 2 does not take a refresh; use refresh part 2")
        }
        if case .ceremony(let ceremony) = secret.binding {
            let strangers = round1Packages.keys.filter { !ceremony.participants.contains($0) }.sorted()
            guard strangers.isEmpty else {
                throw FROSTError(
                    .unknownIdentifier,
                    "round-one packages from \(strangers), who are not participants of the ceremony",
                    culprits: strangers)
            }
        }
        try checkProofs(round1Packages, binding: secret.binding)
        var packages: [Identifier: DKG.Round2Package] = [:]
        for recipient in round1Packages.keys {
            packages[recipient] = DKG.Round2Package(
                signingShare: SigningShare(secret.polynomial.evaluate(at: recipient)))
        }
        let ownShare = secret.polynomial.evaluate(at: secret.identifier).secretBytes
        return DKG.Round2Secret(
            packages: packages, identifier: secret.identifier, commitment: secret.commitment, ownShare: ownShare,
            minSigners: secret.minSigners, maxSigners: secret.maxSigners, round1Digest: DKG.digest(round1Packages))
    }

    /// DKG part 3: checks every received share against its sender's commitment and derives this
    /// participant's key package and the group's public key package.
    ///
    /// - Throws: `.invalidSecretShare` naming the senders whose shares do not match their
    ///   commitments; `.wrongCount` or `.unknownIdentifier` when the packages do not line up.
    public static func dkgPart3(
        secret: DKG.Round2Secret, round1Packages: [Identifier: DKG.Round1Package],
        round2Packages: [Identifier: DKG.Round2Package]
    ) throws(FROSTError) -> (keyPackage: KeyPackage, publicKeyPackage: PublicKeyPackage) {
        try checkRound1(
            round1Packages, identifier: secret.identifier, minSigners: secret.minSigners, maxSigners: secret.maxSigners)
        guard DKG.digest(round1Packages) == secret.round1Digest else {
            throw FROSTError(
                .mismatchedCommitments,
                "the round-one packages differ from those whose proofs part 2 checked; the broadcast was not consistent"
            )
        }
        guard Set(round2Packages.keys) == Set(round1Packages.keys) else {
            throw FROSTError(
                .wrongCount,
                "round-two shares came from \(round2Packages.keys.sorted()), round one from \(round1Packages.keys.sorted())"
            )
        }
        var culprits: [Identifier] = []
        var share = try! Scalar(secret: secret.ownShare)
        for (sender, package) in round2Packages.sorted(by: { $0.key < $1.key }) {
            let received = package.signingShare.scalar
            if Point(multiplyingGeneratorBy: received)
                != round1Packages[sender]!.commitment.evaluate(at: secret.identifier)
            {
                culprits.append(sender)
            }
            share += received
        }
        guard culprits.isEmpty else {
            throw FROSTError(
                .invalidSecretShare, "the shares sent by \(culprits) do not match their commitments", culprits: culprits
            )
        }
        let groupCommitment = VSSCommitment.sum(round1Packages.values.map(\.commitment) + [secret.commitment])
        let identifiers = ([secret.identifier] + round1Packages.keys).sorted()
        let publicKeyPackage = PublicKeyPackage(
            commitment: groupCommitment, identifiers: identifiers, minSigners: secret.minSigners)
        guard !publicKeyPackage.groupPublicKey.isIdentity else {
            throw FROSTError(.invalidParameters, "the group public key is the identity")
        }
        let verifyingShare = Point(multiplyingGeneratorBy: share)
        guard verifyingShare == publicKeyPackage.verifyingShares[secret.identifier] else {
            throw FROSTError(.invalidSecretShare, "this participant's share does not match the group commitment")
        }
        let keyPackage = KeyPackage(
            unchecked: secret.identifier, share: share, verifyingShare: verifyingShare,
            groupPublicKey: publicKeyPackage.groupPublicKey, minSigners: secret.minSigners)
        return (keyPackage, publicKeyPackage)
    }

    /// Checks every package's proof of knowledge of its commitment's first coefficient under
    /// `binding`.
    /// - Throws: `.invalidProofOfKnowledge` naming every sender whose proof fails.
    static func checkProofs(_ packages: [Identifier: DKG.Round1Package], binding: DKG.ProofBinding)
        throws(FROSTError)
    {
        var culprits: [Identifier] = []
        for (sender, package) in packages.sorted(by: { $0.key < $1.key }) {
            let c = try proofChallenge(
                identifier: sender, constant: package.commitment.coefficients[0],
                proofCommitment: package.proofCommitment, binding: binding)
            let expected = Point(multiplyingGeneratorBy: package.proofResponse) - package.commitment.coefficients[0] * c
            if expected != package.proofCommitment { culprits.append(sender) }
        }
        guard culprits.isEmpty else {
            throw FROSTError(
                .invalidProofOfKnowledge, "the proofs of knowledge of \(culprits) do not verify", culprits: culprits)
        }
    }

    /// c = HDKG(identifier ‖ φ₀ ‖ R ‖ ceremony), all in their RFC 9591 encodings, the ceremony
    /// in ``DKG/Ceremony``'s encoding; without a ceremony (published vectors only), RFC 9591's
    /// HDKG(identifier ‖ φ₀ ‖ R).
    static func proofChallenge(
        identifier: Identifier, constant: Point, proofCommitment: Point, binding: DKG.ProofBinding
    ) throws(FROSTError) -> Scalar {
        do {
            return hdkg(
                identifier.bytes + (try constant.compressed()) + (try proofCommitment.compressed()) + binding.context)
        } catch {
            throw FROSTError(error, "proof of knowledge")
        }
    }

    private static func checkRound1(
        _ packages: [Identifier: DKG.Round1Package], identifier: Identifier, minSigners: Int, maxSigners: Int
    ) throws(FROSTError) {
        guard packages.count == maxSigners - 1 else {
            throw FROSTError(
                .wrongCount,
                "expected round-one packages from \(maxSigners - 1) other participants, got \(packages.count)")
        }
        guard packages[identifier] == nil else {
            throw FROSTError(
                .duplicateIdentifier, "a round-one package claims this participant's own identifier \(identifier)")
        }
        let wrong = packages.filter { $0.value.commitment.coefficients.count != minSigners }.keys.sorted()
        guard wrong.isEmpty else {
            throw FROSTError(
                .wrongCount, "the commitments of \(wrong) do not have \(minSigners) coefficients", culprits: wrong)
        }
        let identities = packages.filter { $0.value.commitment.coefficients.contains(where: \.isIdentity) }.keys
            .sorted()
        guard identities.isEmpty else {
            throw FROSTError(
                .invalidEncoding, "the commitments of \(identities) contain the identity", culprits: identities)
        }
    }
}

extension DKG.Round1Package {
    /// The proof of knowledge in the suite's signature encoding.
    public func encodedProof<Suite: Ciphersuite>(_ suite: Suite.Type) throws(FROSTError) -> [UInt8] {
        try Suite.encodeSignature(commitment: proofCommitment, response: proofResponse)
    }

    /// Decodes a package from its commitment and an encoded proof of knowledge.
    public init<Suite: Ciphersuite>(_ suite: Suite.Type, commitment: VSSCommitment, encodedProof: [UInt8])
        throws(FROSTError)
    {
        let (r, z) = try Suite.decodeSignature(encodedProof)
        self.init(commitment: commitment, proofCommitment: r, proofResponse: z)
    }
}
