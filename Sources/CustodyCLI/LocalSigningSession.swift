import FROST

/// All FROST rounds run in one process, as `custody frost sign` and the demo do: round one for
/// every signer, the signing package, round two for every signer, then aggregation with share
/// verification.
enum LocalSigningSession {
    static func run(
        suite: any Ciphersuite.Type, keyPackages: [KeyPackage], publicKeyPackage: PublicKeyPackage, message: [UInt8],
        spend: TaprootSpend?
    ) throws -> Signature {
        try run(suite, keyPackages: keyPackages, publicKeyPackage: publicKeyPackage, message: message, spend: spend)
    }

    private static func run<Suite: Ciphersuite>(
        _ suite: Suite.Type, keyPackages: [KeyPackage], publicKeyPackage: PublicKeyPackage, message: [UInt8],
        spend: TaprootSpend?
    ) throws -> Signature {
        let pools = keyPackages.map { Suite.preprocess(count: 1, keyPackage: $0) }
        let package = try SigningPackage(
            commitments: pools.map { $0.commitments[0] }, message: message, taprootSpend: spend)
        var shares: [SignatureShare] = []
        for (keyPackage, pool) in zip(keyPackages, pools) {
            guard let nonces = pool.take(for: pool.commitments[0]) else { preconditionFailure("nonce taken twice") }
            shares.append(try Suite.sign(package, nonces: nonces, keyPackage: keyPackage))
        }
        return try Suite.aggregate(package, shares: shares, publicKeyPackage: publicKeyPackage)
    }
}
