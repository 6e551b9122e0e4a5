/// An error from the policy engine: a policy that does not validate, a request or approval that
/// does not decode, a statement that does not verify.
///
/// `code` says what kind of problem it was; `reason` says what was wrong, for a person;
/// `diagnostics` lists every located problem when a policy file is refused. No field ever holds
/// secret material.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidPolicy = "invalid policy"
            case invalidRequest = "invalid request"
            case invalidApproval = "invalid approval"
            case invalidHistory = "invalid history"
            case invalidSignature = "invalid signature"
            case wrongRequest = "wrong request"
            case wrongPolicy = "wrong policy version"
            case unknownOfficer = "unknown officer"
            case invalidKey = "invalid key"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A policy file that does not parse or validate; `diagnostics` says where and why.
        public static let invalidPolicy = Code(.invalidPolicy)
        /// A request that does not decode or names something the policy does not know.
        public static let invalidRequest = Code(.invalidRequest)
        /// An approval statement that does not decode.
        public static let invalidApproval = Code(.invalidApproval)
        /// A history file that does not decode.
        public static let invalidHistory = Code(.invalidHistory)
        /// A signature that does not verify under the officer's key.
        public static let invalidSignature = Code(.invalidSignature)
        /// A statement bound to another request.
        public static let wrongRequest = Code(.wrongRequest)
        /// A statement bound to another version of the policy.
        public static let wrongPolicy = Code(.wrongPolicy)
        /// A statement by someone who is no member of any role of the policy.
        public static let unknownOfficer = Code(.unknownOfficer)
        /// A public key that does not decode.
        public static let invalidKey = Code(.invalidKey)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong.
    public let reason: String
    /// Every located problem, in file order, when a policy file is refused.
    public let diagnostics: [PolicyDiagnostic]

    public init(_ code: Code, _ reason: String, diagnostics: [PolicyDiagnostic] = []) {
        self.code = code
        self.reason = reason
        self.diagnostics = diagnostics
    }

    public var description: String {
        guard !diagnostics.isEmpty else { return "\(code): \(reason)" }
        return diagnostics.map(\.description).joined(separator: "\n")
    }
}
