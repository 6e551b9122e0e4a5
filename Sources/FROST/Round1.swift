public import Secp256k1
import SecureMemory
import Synchronization

/// A signer's public commitments for one signing session: D = d·G and E = e·G.
public struct SigningCommitments: Sendable, Equatable {
    /// The signer.
    public let identifier: Identifier
    /// The hiding nonce commitment D.
    public let hiding: Point
    /// The binding nonce commitment E.
    public let binding: Point

    /// Builds commitments; the identity is refused for either point.
    public init(identifier: Identifier, hiding: Point, binding: Point) throws(FROSTError) {
        guard !hiding.isIdentity, !binding.isIdentity else {
            throw FROSTError(.invalidEncoding, "a nonce commitment of participant \(identifier) is the identity")
        }
        self.identifier = identifier
        self.hiding = hiding
        self.binding = binding
    }
}

/// A signer's secret nonces for exactly one signing session.
///
/// The type is non-copyable and ``Ciphersuite/sign(_:nonces:keyPackage:)`` consumes it, so that
/// signing twice with the same nonces does not compile. The nonces live in wiped memory.
public struct SigningNonces: ~Copyable, Sendable {
    let hiding: SecretBytes
    let binding: SecretBytes
    /// The commitments to publish.
    public let commitments: SigningCommitments

    init(identifier: Identifier, hiding: Scalar, binding: Scalar) {
        self.hiding = hiding.secretBytes
        self.binding = binding.secretBytes
        // Non-zero nonces give non-identity commitments.
        self.commitments = try! SigningCommitments(
            identifier: identifier, hiding: Point(multiplyingGeneratorBy: hiding),
            binding: Point(multiplyingGeneratorBy: binding))
    }
}

/// Preprocessed nonces for many future sessions (RFC 9591 round one done ahead of time).
///
/// ``take(for:)`` removes the nonces it returns, so each is handed out once.
public final class NoncePool: Sendable {
    private let entries: Mutex<[Key: (SecretBytes, SecretBytes)]>
    /// The commitments to publish, in the order they were made.
    public let commitments: [SigningCommitments]

    private struct Key: Hashable {
        let hiding: [UInt8]
        let binding: [UInt8]
    }

    init(_ nonces: consuming [(identifier: Identifier, hiding: Scalar, binding: Scalar)]) {
        var entries: [Key: (SecretBytes, SecretBytes)] = [:]
        var commitments: [SigningCommitments] = []
        for entry in nonces {
            let made = SigningNonces(identifier: entry.identifier, hiding: entry.hiding, binding: entry.binding)
            let key = Key(
                hiding: try! made.commitments.hiding.compressed(), binding: try! made.commitments.binding.compressed())
            entries[key] = (made.hiding, made.binding)
            commitments.append(made.commitments)
        }
        self.entries = Mutex(entries)
        self.commitments = commitments
    }

    /// The nonces behind `commitments`, removed from the pool; nil if they were never made here or
    /// were already taken.
    public func take(for commitments: SigningCommitments) -> SigningNonces? {
        let key = Key(hiding: try! commitments.hiding.compressed(), binding: try! commitments.binding.compressed())
        guard let (hiding, binding) = entries.withLock({ $0.removeValue(forKey: key) }) else { return nil }
        return SigningNonces(hiding: hiding, binding: binding, commitments: commitments)
    }

    /// How many nonces remain.
    public var count: Int { entries.withLock { $0.count } }
}

extension SigningNonces {
    init(hiding: SecretBytes, binding: SecretBytes, commitments: SigningCommitments) {
        self.hiding = hiding
        self.binding = binding
        self.commitments = commitments
    }
}

extension Ciphersuite {
    /// Round one: fresh nonces and their commitments (RFC 9591 `commit`). Each nonce is
    /// H3(32 random bytes ‖ the signing share), so a weak generator alone does not expose them.
    public static func commit(keyPackage: KeyPackage) -> SigningNonces {
        var generator = SystemRandomNumberGenerator()
        return commit(keyPackage: keyPackage, using: &generator)
    }

    /// Round one with a caller-supplied generator.
    public static func commit(keyPackage: KeyPackage, using generator: inout some RandomNumberGenerator)
        -> SigningNonces
    {
        let (hiding, binding) = freshNonces(share: keyPackage.signingShare, using: &generator)
        return SigningNonces(identifier: keyPackage.identifier, hiding: hiding, binding: binding)
    }

    /// Round one done ahead of time for `count` sessions.
    public static func preprocess(count: Int, keyPackage: KeyPackage) -> NoncePool {
        var generator = SystemRandomNumberGenerator()
        return NoncePool(
            (0..<count).map { _ in
                let (hiding, binding) = freshNonces(share: keyPackage.signingShare, using: &generator)
                return (keyPackage.identifier, hiding, binding)
            })
    }

    /// Nonces from given randomness (RFC 9591 `nonce_generate` with fixed random bytes): for
    /// reproducing published test vectors only. Never use fixed randomness to sign.
    @_spi(TestVectors)
    public static func commit(
        keyPackage: KeyPackage, hidingRandomness: [UInt8], bindingRandomness: [UInt8]
    ) -> SigningNonces {
        SigningNonces(
            identifier: keyPackage.identifier,
            hiding: nonce(randomness: hidingRandomness, share: keyPackage.signingShare),
            binding: nonce(randomness: bindingRandomness, share: keyPackage.signingShare))
    }

    private static func freshNonces(
        share: SigningShare, using generator: inout some RandomNumberGenerator
    ) -> (Scalar, Scalar) {
        // The 32 random bytes live in a stack buffer that is wiped, like the nonces' input.
        func nonce() -> Scalar {
            var randomness: (UInt64, UInt64, UInt64, UInt64) = (
                generator.next(), generator.next(), generator.next(), generator.next()
            )
            defer { Wipe.value(&randomness) }
            return withUnsafeBytes(of: &randomness) { Self.nonce(randomness: $0, share: share) }
        }
        var hiding: Scalar
        var binding: Scalar
        repeat {
            hiding = nonce()
            binding = nonce()
        } while hiding.isZero || binding.isZero
        return (hiding, binding)
    }

    /// H3(random_bytes ‖ SerializeScalar(secret)). The input is assembled in an array sized
    /// once (so it is never reallocated, leaving a copy behind) and wiped after hashing.
    private static func nonce(randomness: some Collection<UInt8>, share: SigningShare) -> Scalar {
        var input: [UInt8] = []
        input.reserveCapacity(randomness.count + 32)
        defer { Wipe.bytes(&input) }
        input.append(contentsOf: randomness)
        share.secret.withUnsafeBytes { input.append(contentsOf: $0) }
        return h3(input)
    }
}
