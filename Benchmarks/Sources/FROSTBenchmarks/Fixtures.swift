import FROST
import Secp256k1

/// SplitMix64: a small seeded generator, so that every run signs with the same fixture keys.
/// For benchmark fixtures only; nonces always come from the system generator.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A threshold configuration: `threshold` of `participants` sign.
struct Configuration: Sendable {
    let threshold: Int
    let participants: Int

    var name: String { "\(threshold)-of-\(participants)" }

    static let all = [
        Configuration(threshold: 2, participants: 3),
        Configuration(threshold: 3, participants: 5),
        Configuration(threshold: 7, participants: 10),
        Configuration(threshold: 67, participants: 100),
    ]
}

/// One threshold key, dealt by ``TrustedDealer`` from a fixed seed and checked by every
/// participant, and the first `threshold` participants as the signers.
struct KeyFixture {
    let keyPackages: [KeyPackage]
    let publicKeyPackage: PublicKeyPackage
    let signers: [KeyPackage]

    init(_ configuration: Configuration) throws {
        var generator = SplitMix64(seed: UInt64(configuration.threshold << 32 | configuration.participants))
        let (shares, publicKeyPackage) = try TrustedDealer.generate(
            minSigners: configuration.threshold, maxSigners: configuration.participants, using: &generator)
        keyPackages = try shares.map { share throws(FROSTError) in try share.verify() }
        self.publicKeyPackage = publicKeyPackage
        signers = Array(keyPackages.prefix(configuration.threshold))
    }
}

/// A holder for one signer's nonces between round one and round two.
///
/// `SigningNonces` is `~Copyable`, so it cannot live in an array; an array of these boxes can,
/// and ``take()`` moves the nonces out exactly once.
final class NonceSlot {
    private var nonces: SigningNonces?

    init() {}

    init(_ nonces: consuming SigningNonces) { self.nonces = consume nonces }

    func store(_ nonces: consuming SigningNonces) { self.nonces = consume nonces }

    func take() -> SigningNonces {
        guard let nonces = nonces.take() else { fatalError("nonces taken twice") }
        return nonces
    }
}

/// What a full signing session produces, kept for the aggregation and verification figures.
struct SessionResult {
    let package: SigningPackage
    let shares: [SignatureShare]
    let signature: Signature
}

/// One whole FROST signing session, as the figure "session" times it: every signer's round one,
/// the signing package, every signer's round two, then aggregation, which checks every share
/// and verifies the final signature.
func runSession<Suite: Ciphersuite>(
    _ suite: Suite.Type, signers: [KeyPackage], publicKeyPackage: PublicKeyPackage, message: [UInt8],
    spend: TaprootSpend?, slots: [NonceSlot]
) throws -> SessionResult {
    var commitments: [SigningCommitments] = []
    commitments.reserveCapacity(signers.count)
    for (slot, keyPackage) in zip(slots, signers) {
        let nonces = Suite.commit(keyPackage: keyPackage)
        commitments.append(nonces.commitments)
        slot.store(nonces)
    }
    let package = try SigningPackage(commitments: commitments, message: message, taprootSpend: spend)
    var shares: [SignatureShare] = []
    shares.reserveCapacity(signers.count)
    for (slot, keyPackage) in zip(slots, signers) {
        shares.append(try Suite.sign(package, nonces: slot.take(), keyPackage: keyPackage))
    }
    let signature = try Suite.aggregate(package, shares: shares, publicKeyPackage: publicKeyPackage)
    return SessionResult(package: package, shares: shares, signature: signature)
}
