/// An error from encoding, decoding, proving or signing in the audit log.
///
/// `code` says what kind of problem it was; `reason` says exactly what was wrong, for a person.
/// No field ever holds secret material. Verification of a bundle does not throw for tampering:
/// it returns a ``Verdict``; errors are for input that cannot be read at all.
public struct AuditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidRecord = "invalid record"
            case invalidProof = "invalid proof"
            case invalidNote = "invalid note"
            case invalidKey = "invalid key"
            case invalidBundle = "invalid bundle"
            case signingFailed = "signing failed"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A record that does not follow the canonical encoding, or a field out of range.
        public static let invalidRecord = Code(.invalidRecord)
        /// A Merkle proof, or proof request, that is malformed or does not verify.
        public static let invalidProof = Code(.invalidProof)
        /// A signed note or checkpoint that does not parse.
        public static let invalidNote = Code(.invalidNote)
        /// A verifier key (vkey) or signer key that does not parse.
        public static let invalidKey = Code(.invalidKey)
        /// A bundle file whose header or framing does not parse.
        public static let invalidBundle = Code(.invalidBundle)
        /// A signer that could not sign.
        public static let signingFailed = Code(.signingFailed)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
