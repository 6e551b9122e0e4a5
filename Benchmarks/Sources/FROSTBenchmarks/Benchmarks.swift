import FROST
import Secp256k1

/// The names of the figures, used in the table, the JSON and the filter.
enum FigureName {
    static let keygen = "dealer keygen"
    static let keygenAndVerify = "dealer keygen + verify all shares"
    static let round1 = "round 1 (per signer)"
    static let round2 = "round 2 (per signer)"
    static let aggregate = "aggregate (shares checked, signature verified)"
    static let aggregateAfterRound2 = "aggregate, package's session derived by round 2 in the same process"
    static let verify = "verify signature"
    static let session = "session"
    static let sessionKeyPath = "session, key-path spend (BIP-341 tweak)"

    static let perSuite = [round1, round2, aggregate, aggregateAfterRound2, verify, session, sessionKeyPath]
}

/// The message every session signs: 32 bytes, like a Bitcoin sighash.
let message = [UInt8](repeating: 0x5A, count: 32)

extension Runner {
    /// Runs point multiplications for `duration` before the first figure, so that it does not
    /// pay for the process's cold start (page faults, the libsecp256k1 context, CPU frequency ramp-up).
    func warmUpProcess(for duration: Duration = .milliseconds(500)) {
        let clock = ContinuousClock()
        let end = clock.now + duration
        var k = Scalar.one
        while clock.now < end {
            k = k + .one
            blackHole(Point(multiplyingGeneratorBy: k) * k)
        }
    }

    /// Costs of the operations FROST is built from, to explain where its time goes.
    mutating func primitives() {
        let group = "primitives"
        var generator = SplitMix64(seed: 1)
        let a = Scalar.random(using: &generator)
        let b = Scalar.random(using: &generator)
        let p = Point(multiplyingGeneratorBy: a)
        let q = Point(multiplyingGeneratorBy: b)
        let encoded = try! p.compressed()
        let wide = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // H1's input in a session: the 97-byte prefix (key, H4, H5) and a 32-byte identifier.
        let rhoInput = (0..<129).map { _ in UInt8.random(in: 0...255, using: &generator) }

        figure(group, "-", "k·G: Point(multiplyingGeneratorBy:)") { measure in
            measure.run { blackHole(Point(multiplyingGeneratorBy: a)) }
        }
        figure(group, "-", "k·P: point * scalar") { measure in
            measure.run { blackHole(p * b) }
        }
        figure(group, "-", "k·P, k secret: multiplied(bySecret:)") { measure in
            measure.run { blackHole(p.multiplied(bySecret: b)) }
        }
        // The group commitment at 3-of-5: Σ ρᵢ·Eᵢ + Σ Dᵢ in one multi-scalar multiplication.
        let three = (1...3).map { (Scalar.random(using: &generator), p * Scalar(UInt64($0))) }
        let hidings = (4...6).map { p * Scalar(UInt64($0)) }
        figure(group, "-", "R = Σ ρᵢ·Eᵢ + Σ Dᵢ, 3 signers: linearCombination") { measure in
            measure.run { blackHole(Point.linearCombination(three, plus: hidings)) }
        }
        // The batch share check at 3-of-5: 9 points and G.
        let nine = (1...9).map { (Scalar.random(using: &generator), p * Scalar(UInt64($0))) }
        figure(group, "-", "batch share check, 3 signers: linearCombination of 9 points + G") { measure in
            measure.run { blackHole(Point.linearCombination(nine, generator: a)) }
        }
        let many = (1...201).map { (Scalar.random(using: &generator), p * Scalar(UInt64($0))) }
        figure(group, "-", "batch share check, 67 signers: linearCombination of 201 points + G") { measure in
            measure.run { blackHole(Point.linearCombination(many, generator: a)) }
        }
        figure(group, "-", "z·G - c·Y: linearCombination of 1 point + G") { measure in
            measure.run { blackHole(Point.linearCombination([(b, q)], generator: a)) }
        }
        // tweak_mul is variable time (secp256k1_ecmult): a small scalar,
        // such as a power of a small identifier in VSS evaluation, costs far less.
        figure(group, "-", "k·P: point * scalar, k = 5") { measure in
            measure.run { blackHole(p * Scalar(5)) }
        }
        figure(group, "-", "P + Q: Point.sum of 2 points") { measure in
            measure.run { blackHole(Point.sum([p, q])) }
        }
        // The group commitment at 3-of-5: every Dᵢ and every ρᵢ·Eᵢ in one combine.
        let six = (1...6).map { p * Scalar(UInt64($0)) }
        figure(group, "-", "Point.sum of 6 points") { measure in
            measure.run { blackHole(Point.sum(six)) }
        }
        figure(group, "-", "Scalar a·b") { measure in
            var x = a
            return measure.run {
                x = x * b
                blackHole(x)
            }
        }
        figure(group, "-", "Scalar inverseVariableTime (safegcd)") { measure in
            var x = a
            return measure.run {
                x = x.inverseVariableTime
                blackHole(x)
            }
        }
        figure(group, "-", "Scalar inverse") { measure in
            var x = a
            return measure.run {
                x = x.inverse
                blackHole(x)
            }
        }
        figure(group, "-", "Scalar(reducing:) 48 bytes") { measure in
            measure.run { blackHole(Scalar(reducing: wide)) }
        }
        figure(group, "-", "H1 hash-to-field (129-byte input)") { measure in
            measure.run { blackHole(Secp256k1SHA256.hashToScalar(rhoInput, tag: "rho")) }
        }
        // One SHA-256 of 96 bytes (two compressions), to tell per-hash overhead from hashing.
        let thirtyTwo = Array(rhoInput.prefix(32))
        figure(group, "-", "tagged hash of 32 bytes (SHA-256, 2 blocks)") { measure in
            measure.run { blackHole(TaggedHash.bip340Challenge.hash(thirtyTwo)) }
        }
        let nonceInput = Array(rhoInput.prefix(64))
        figure(group, "-", "H3 hash-to-field (64-byte input)") { measure in
            measure.run { blackHole(Secp256k1SHA256.hashToScalar(nonceInput, tag: "nonce")) }
        }
        figure(group, "-", "Point.compressed()") { measure in
            measure.run { blackHole(try! p.compressed()) }
        }
        figure(group, "-", "Point(compressed:)") { measure in
            measure.run { blackHole(try! Point(compressed: encoded)) }
        }
        figure(group, "-", "Point == Point") { measure in
            measure.run { blackHole(p == q) }
        }
    }

    /// libsecp256k1's own single-signer BIP-340 signing and verification: what one signer
    /// without a threshold would pay.
    mutating func yardstick() {
        let group = "yardstick"
        var generator = SplitMix64(seed: 2)
        let secretKey = Scalar.random(using: &generator)
        let auxiliary = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let publicKey = try! Point(multiplyingGeneratorBy: secretKey).xOnly()
        let signature = try! Schnorr.sign(message: message, secretKey: secretKey, auxiliaryRandomness: auxiliary)

        figure(group, "-", "BIP-340 sign (libsecp256k1)") { measure in
            measure.run {
                blackHole(try! Schnorr.sign(message: message, secretKey: secretKey, auxiliaryRandomness: auxiliary))
            }
        }
        figure(group, "-", "BIP-340 verify (libsecp256k1)") { measure in
            measure.run {
                guard Schnorr.verify(signature: signature, message: message, publicKey: publicKey) else {
                    fatalError("the yardstick signature does not verify")
                }
            }
        }
    }

    /// Every figure of one configuration: key generation, then each phase for both suites.
    mutating func configuration(_ configuration: Configuration) throws {
        let group = configuration.name
        // Few samples at 67-of-100, where one key generation takes a good part of a second.
        let minimumSamples = configuration.threshold >= 50 ? 3 : 5

        // Dealer key generation does not depend on the suite (TrustedDealer is not generic).
        try figure(group, "-", FigureName.keygen, minimumSamples: minimumSamples) { measure in
            try measure.run {
                blackHole(
                    try TrustedDealer.generate(
                        minSigners: configuration.threshold, maxSigners: configuration.participants))
            }
        }
        try figure(group, "-", FigureName.keygenAndVerify, minimumSamples: minimumSamples) { measure in
            try measure.run {
                let (shares, publicKeyPackage) = try TrustedDealer.generate(
                    minSigners: configuration.threshold, maxSigners: configuration.participants)
                blackHole(try shares.map { share throws(FROSTError) in try share.verify() })
                blackHole(publicKeyPackage)
            }
        }

        let suites = [Secp256k1SHA256.name, Secp256k1SHA256Taproot.name]
        guard wantsAny(of: group, suites: suites, names: FigureName.perSuite) else { return }
        let keys = try KeyFixture(configuration)
        try signing(Secp256k1SHA256.self, group: group, keys: keys, minimumSamples: minimumSamples)
        try signing(Secp256k1SHA256Taproot.self, group: group, keys: keys, minimumSamples: minimumSamples)
    }

    /// Round one, round two, aggregation, verification and the whole session for one suite.
    mutating func signing<Suite: Ciphersuite>(
        _ suite: Suite.Type, group: String, keys: KeyFixture, minimumSamples: Int
    ) throws {
        let signers = keys.signers
        let slots = signers.map { _ in NonceSlot() }
        // A finished session, whose package, shares and signature the later figures reuse.
        let done = try runSession(
            Suite.self, signers: signers, publicKeyPackage: keys.publicKeyPackage, message: message, spend: nil,
            slots: slots)

        figure(group, Suite.name, FigureName.round1, minimumSamples: minimumSamples) { measure in
            var next = 0
            return measure.run {
                // The nonces are dropped (and wiped) at once: that is part of the cost.
                blackHole(Suite.commit(keyPackage: signers[next % signers.count]).commitments)
                next += 1
            }
        }

        // Round two consumes its nonces, so each timed call gets fresh ones, made by
        // Suite.commit before the clock starts, with a signing package that carries their
        // commitments. Only Suite.sign is timed; the signers take turns.
        try figure(group, Suite.name, FigureName.round2, minimumSamples: minimumSamples) { measure in
            var next = 0
            return try measure.run(
                prepare: { count in
                    try (0..<count).map { _ in
                        let index = next % signers.count
                        next += 1
                        let nonces = Suite.commit(keyPackage: signers[index])
                        var commitments = done.package.commitments
                        commitments[index] = nonces.commitments
                        let package = try SigningPackage(commitments: commitments, message: message)
                        return (package, signers[index], NonceSlot(nonces))
                    }
                },
                { (package, keyPackage, slot) in
                    blackHole(try Suite.sign(package, nonces: slot.take(), keyPackage: keyPackage))
                })
        }

        // A package keeps the session values (binding factors, R, challenge) it derived, so each
        // timed call gets a fresh copy of the package, made before the clock starts: the
        // aggregator derives them itself, as a coordinator that does not sign does.
        try figure(group, Suite.name, FigureName.aggregate, minimumSamples: minimumSamples) { measure in
            try measure.run(
                prepare: { count in
                    try (0..<count).map { _ in
                        try SigningPackage(
                            commitments: done.package.commitments, message: message,
                            taprootSpend: done.package.taprootSpend)
                    }
                },
                { package in
                    blackHole(
                        try Suite.aggregate(package, shares: done.shares, publicKeyPackage: keys.publicKeyPackage))
                })
        }

        // The same, in the process that ran round 2 on this package: its session is reused.
        try figure(group, Suite.name, FigureName.aggregateAfterRound2, minimumSamples: minimumSamples) { measure in
            try measure.run {
                blackHole(
                    try Suite.aggregate(done.package, shares: done.shares, publicKeyPackage: keys.publicKeyPackage))
            }
        }

        figure(group, Suite.name, FigureName.verify, minimumSamples: minimumSamples) { measure in
            measure.run {
                guard
                    Suite.verify(signature: done.signature.bytes, message: message, publicKey: done.signature.publicKey)
                else { fatalError("the session's signature does not verify") }
            }
        }

        try figure(group, Suite.name, FigureName.session, minimumSamples: minimumSamples) { measure in
            try measure.run {
                blackHole(
                    try runSession(
                        Suite.self, signers: signers, publicKeyPackage: keys.publicKeyPackage, message: message,
                        spend: nil, slots: slots))
            }
        }

        // The Taproot suite as Bitcoin uses it: signing for the BIP-341 output key.
        guard Suite.usesEvenYConventions else { return }
        try figure(group, Suite.name, FigureName.sessionKeyPath, minimumSamples: minimumSamples) { measure in
            try measure.run {
                blackHole(
                    try runSession(
                        Suite.self, signers: signers, publicKeyPackage: keys.publicKeyPackage, message: message,
                        spend: .keyPathOnly, slots: slots))
            }
        }
    }
}
