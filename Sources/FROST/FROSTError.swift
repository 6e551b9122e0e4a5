import Secp256k1

/// An error from FROST key generation, signing or aggregation.
///
/// `code` says what kind of problem it was; `reason` says exactly what was wrong, for a person;
/// `culprits` names the participants at fault, where that is known. No field ever holds
/// secret material.
public struct FROSTError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidParameters = "invalid parameters"
            case invalidIdentifier = "invalid identifier"
            case duplicateIdentifier = "duplicate identifier"
            case unknownIdentifier = "unknown identifier"
            case wrongCount = "wrong count"
            case invalidEncoding = "invalid encoding"
            case invalidSecretShare = "invalid secret share"
            case invalidProofOfKnowledge = "invalid proof of knowledge"
            case invalidSignatureShare = "invalid signature share"
            case invalidSignature = "invalid signature"
            case mismatchedCommitments = "mismatched commitments"
            case wrongSuite = "wrong ciphersuite"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A threshold below 2 or above the number of signers, and similar.
        public static let invalidParameters = Code(.invalidParameters)
        /// An identifier that is zero or not below n.
        public static let invalidIdentifier = Code(.invalidIdentifier)
        /// The same identifier twice.
        public static let duplicateIdentifier = Code(.duplicateIdentifier)
        /// An identifier that is not part of the key or the session.
        public static let unknownIdentifier = Code(.unknownIdentifier)
        /// Too few or too many commitments, shares or packages.
        public static let wrongCount = Code(.wrongCount)
        /// A scalar, point or signature that does not decode.
        public static let invalidEncoding = Code(.invalidEncoding)
        /// A secret share that does not match its sender's commitment.
        public static let invalidSecretShare = Code(.invalidSecretShare)
        /// A DKG proof of knowledge that does not verify.
        public static let invalidProofOfKnowledge = Code(.invalidProofOfKnowledge)
        /// A signature share that does not verify; `culprits` names the signers.
        public static let invalidSignatureShare = Code(.invalidSignatureShare)
        /// A signature that does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// A signing package whose commitments do not match the signer's nonces or each other.
        public static let mismatchedCommitments = Code(.mismatchedCommitments)
        /// A key or package made for another ciphersuite.
        public static let wrongSuite = Code(.wrongSuite)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong.
    public let reason: String
    /// The participants at fault, in ascending order, when known.
    public let culprits: [Identifier]

    public init(_ code: Code, _ reason: String, culprits: [Identifier] = []) {
        self.code = code
        self.reason = reason
        self.culprits = culprits
    }

    init(_ error: Secp256k1Error, _ context: String) {
        self.init(.invalidEncoding, "\(context): \(error.reason)")
    }

    public var description: String { "\(code): \(reason)" }
}
