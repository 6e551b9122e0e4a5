import Encoding
public import FROST

/// The FROST ciphersuites a signing session can use, by their names in files and on the
/// command line.
public enum SigningSuite: String, Sendable, CaseIterable {
    /// RFC 9591 FROST(secp256k1, SHA-256).
    case secp256k1
    /// FROST-secp256k1-SHA256-TR-v1: BIP-340 signatures, optionally for a BIP-341 output key.
    case secp256k1Taproot = "secp256k1-tr"

    /// The `FROST` suite.
    public var ciphersuite: any Ciphersuite.Type {
        switch self {
        case .secp256k1: Secp256k1SHA256.self
        case .secp256k1Taproot: Secp256k1SHA256Taproot.self
        }
    }

    /// - Throws: `invalidParameters` for a Taproot spend with the `secp256k1` suite, or a merkle
    ///   root that is not 32 bytes.
    func checkSpend(_ taprootSpend: TaprootSpend?) throws(SigningSessionError) {
        guard let taprootSpend else { return }
        guard self == .secp256k1Taproot else {
            throw SigningSessionError(
                .invalidParameters,
                "a Taproot spend needs the \(SigningSuite.secp256k1Taproot.rawValue) suite, not \(rawValue)")
        }
        if case .scriptTree(let root) = taprootSpend, root.count != 32 {
            throw SigningSessionError(.invalidParameters, "a Taproot merkle root is 32 bytes, got \(root.count)")
        }
    }

    /// Round two with this suite.
    func sign(_ package: SigningPackage, nonces: consuming SigningNonces, keyPackage: KeyPackage) throws(FROSTError)
        -> SignatureShare
    {
        switch self {
        case .secp256k1: try Secp256k1SHA256.sign(package, nonces: nonces, keyPackage: keyPackage)
        case .secp256k1Taproot: try Secp256k1SHA256Taproot.sign(package, nonces: nonces, keyPackage: keyPackage)
        }
    }

    /// Aggregation, with every share verified, with this suite.
    func aggregate(_ package: SigningPackage, shares: [SignatureShare], publicKeyPackage: PublicKeyPackage)
        throws(FROSTError) -> Signature
    {
        switch self {
        case .secp256k1:
            try Secp256k1SHA256.aggregate(package, shares: shares, publicKeyPackage: publicKeyPackage)
        case .secp256k1Taproot:
            try Secp256k1SHA256Taproot.aggregate(package, shares: shares, publicKeyPackage: publicKeyPackage)
        }
    }
}

/// The id of one signing session: 16 to 64 bytes chosen by the coordinator (32 random bytes),
/// never reused. Shown as lowercase hex.
public struct SigningSessionID: Hashable, Sendable, CustomStringConvertible {
    /// The smallest and largest sizes, in bytes.
    public static let sizes = 16...64

    /// The id.
    public let bytes: [UInt8]

    /// - Throws: `invalidParameters` for an id shorter than 16 or longer than 64 bytes.
    public init(bytes: [UInt8]) throws(SigningSessionError) {
        guard Self.sizes.contains(bytes.count) else {
            throw SigningSessionError(
                .invalidParameters, "a session id is 16 to 64 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }
}

/// Coordinator to signers, round one: "commit to a nonce for this session". It carries
/// everything the signer binds when it commits; a signing package for the session must agree
/// with it (docs/signing-session.md).
public struct CommitmentRequest: Sendable, Equatable {
    /// The session.
    public let sessionID: SigningSessionID
    /// The ciphersuite.
    public let suite: SigningSuite
    /// Every signer of the session, the recipient included, in ascending order.
    public let signers: [Identifier]
    /// The message to sign.
    public let message: [UInt8]
    /// For the Taproot suite, the key signed for: nil for the group key itself, otherwise the
    /// BIP-341 output key.
    public let taprootSpend: TaprootSpend?

    /// The signers are sorted into ascending order.
    ///
    /// - Throws: `invalidParameters` for fewer than 2 signers, a signer listed twice (named in
    ///   `culprits`), a Taproot spend with the `secp256k1` suite, or a merkle root that is not
    ///   32 bytes.
    public init(
        sessionID: SigningSessionID, suite: SigningSuite, signers: [Identifier], message: [UInt8],
        taprootSpend: TaprootSpend?
    ) throws(SigningSessionError) {
        let sorted = signers.sorted()
        guard sorted.count >= 2 else {
            throw SigningSessionError(
                .invalidParameters, "a signing session needs at least 2 signers, got \(sorted.count)")
        }
        let repeated = Set(zip(sorted, sorted.dropFirst()).filter { $0.0 == $0.1 }.map(\.0)).sorted()
        guard repeated.isEmpty else {
            throw SigningSessionError(
                .invalidParameters, "signers \(repeated) are listed more than once", culprits: repeated)
        }
        try suite.checkSpend(taprootSpend)
        self.sessionID = sessionID
        self.suite = suite
        self.signers = sorted
        self.message = message
        self.taprootSpend = taprootSpend
    }
}

/// Coordinator to signers, round two: "sign this package for this session". The package holds
/// every signer's commitments, the message and the Taproot spend.
public struct ShareRequest: Sendable, Equatable {
    /// The session.
    public let sessionID: SigningSessionID
    /// What to sign.
    public let package: SigningPackage

    public init(sessionID: SigningSessionID, package: SigningPackage) {
        self.sessionID = sessionID
        self.package = package
    }
}
