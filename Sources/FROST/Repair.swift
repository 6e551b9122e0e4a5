public import Secp256k1
public import SecureMemory

/// Repair of a lost share (the repairable threshold scheme of Laing and Stinson, as in the Zcash
/// Foundation's implementation): at least `minSigners` helpers rebuild participant r's share
/// f(r) without any of them learning it, or learning each other's shares.
///
/// 1. Each helper i splits ζᵢ·sᵢ (its Lagrange-weighted share, evaluated at r) into random
///    deltas, one for every helper, and sends each privately.
/// 2. Each helper sums the deltas it received into σ and sends σ to participant r.
/// 3. Participant r sums the σ values; the result is checked against its verifying share.
public enum Repair {
    /// One helper's secret contribution to another helper (step 1) or to the participant (step 2).
    public struct Contribution: Sendable, Equatable, CustomStringConvertible {
        /// The value, in wiped memory.
        public let secret: SecretBytes

        public init(_ scalar: Scalar) { secret = scalar.secretBytes }

        /// A contribution received as 32 bytes.
        /// - Throws: `.invalidSecretShare` unless `secret` is a scalar below the group order.
        public init(secret: SecretBytes) throws(FROSTError) {
            guard (try? Scalar(secret: secret)) != nil else {
                throw FROSTError(.invalidSecretShare, "a repair contribution is not a scalar below the group order")
            }
            self.secret = secret
        }

        var scalar: Scalar { try! Scalar(secret: secret) }
        public var description: String { "Repair.Contribution(redacted)" }
    }

    /// Step 1, run by each helper: the deltas to send to every helper (itself included).
    public static func step1(
        helpers: [Identifier], keyPackage: KeyPackage, participant: Identifier
    ) throws(FROSTError) -> [Identifier: Contribution] {
        guard Set(helpers).count == helpers.count else {
            throw FROSTError(.duplicateIdentifier, "a helper appears twice in \(helpers)")
        }
        guard helpers.count >= keyPackage.minSigners else {
            throw FROSTError(
                .wrongCount,
                "repair needs at least \(keyPackage.minSigners) helpers (the threshold), got \(helpers.count)")
        }
        guard !helpers.contains(participant) else {
            throw FROSTError(.invalidParameters, "participant \(participant) cannot help repair its own share")
        }
        let sorted = helpers.sorted()
        let zeta = try Lagrange.coefficient(for: keyPackage.identifier, in: sorted, at: participant.scalar)
        let weighted = zeta * keyPackage.signingShare.scalar
        var deltas: [Identifier: Contribution] = [:]
        var randomSum = Scalar.zero
        for helper in sorted.dropLast() {
            let delta = Scalar.random()
            randomSum += delta
            deltas[helper] = Contribution(delta)
        }
        deltas[sorted.last!] = Contribution(weighted - randomSum)
        return deltas
    }

    /// Step 2, run by each helper: the sum of the deltas it received, to send to the participant.
    public static func step2(deltas: [Contribution]) -> Contribution {
        Contribution(deltas.reduce(.zero) { $0 + $1.scalar })
    }

    /// Step 3, run by the participant: its rebuilt key package.
    ///
    /// - Throws: `.invalidSecretShare` when the rebuilt share does not match the participant's
    ///   verifying share in `publicKeyPackage` (a helper cheated, or too few took part).
    public static func step3(
        sigmas: [Contribution], participant: Identifier, publicKeyPackage: PublicKeyPackage
    ) throws(FROSTError) -> KeyPackage {
        guard let expected = publicKeyPackage.verifyingShares[participant] else {
            throw FROSTError(.unknownIdentifier, "participant \(participant) has no verifying share in this key")
        }
        let share = step2(deltas: sigmas).scalar
        let verifyingShare = Point(multiplyingGeneratorBy: share)
        guard verifyingShare == expected else {
            throw FROSTError(
                .invalidSecretShare, "the repaired share does not match participant \(participant)'s verifying share")
        }
        return KeyPackage(
            unchecked: participant, share: share, verifyingShare: verifyingShare,
            groupPublicKey: publicKeyPackage.groupPublicKey, minSigners: publicKeyPackage.minSigners)
    }
}
