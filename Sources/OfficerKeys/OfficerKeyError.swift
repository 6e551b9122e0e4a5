/// Why an officer key file could not be read, written or opened, or a key could not sign.
///
/// `reason` says what was wrong for a person; no field ever holds the passphrase, the private
/// key or bytes derived from them.
public struct OfficerKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case notAKeyFile = "not an officer key file"
            case unsupportedVersion = "unsupported version"
            case unknownAlgorithm = "unknown algorithm"
            case truncated = "truncated"
            case oversized = "oversized"
            case corrupted = "corrupted"
            case kdfParametersOutOfBounds = "KDF parameters out of bounds"
            case wrongPassphrase = "wrong passphrase"
            case invalidKey = "invalid key"
            case cryptoFailure = "cryptographic failure"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The file does not start with the officer key file's magic bytes.
        public static let notAKeyFile = Code(.notAKeyFile)
        /// A version byte this reader does not know.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// An algorithm byte this reader does not know.
        public static let unknownAlgorithm = Code(.unknownAlgorithm)
        /// Fewer bytes than the format has.
        public static let truncated = Code(.truncated)
        /// More bytes than the format has.
        public static let oversized = Code(.oversized)
        /// The checksum does not match: the file was altered or damaged.
        public static let corrupted = Code(.corrupted)
        /// scrypt parameters outside the bounds a reader accepts.
        public static let kdfParametersOutOfBounds = Code(.kdfParametersOutOfBounds)
        /// The key did not decrypt under the passphrase given.
        public static let wrongPassphrase = Code(.wrongPassphrase)
        /// A public or private key that is not a valid key of its algorithm, or a private key that
        /// does not match the file's public key.
        public static let invalidKey = Code(.invalidKey)
        /// The KDF, the cipher or the signature failed for another reason.
        public static let cryptoFailure = Code(.cryptoFailure)

        public var description: String { kind.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// What was wrong.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }
}
