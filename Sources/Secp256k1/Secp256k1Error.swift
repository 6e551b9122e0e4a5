/// An error from decoding or combining secp256k1 values.
///
/// `code` says what kind of problem it was, `reason` says exactly what was wrong. Neither ever
/// contains secret material.
public struct Secp256k1Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidEncoding = "invalid encoding"
            case scalarOutOfRange = "scalar out of range"
            case notOnCurve = "point not on the curve"
            case identityElement = "identity element"
            case invalidSignature = "invalid signature"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Wrong length, bad prefix, or characters that are not lowercase hexadecimal.
        public static let invalidEncoding = Code(.invalidEncoding)
        /// A 32-byte scalar that is not below the group order n.
        public static let scalarOutOfRange = Code(.scalarOutOfRange)
        /// Bytes that do not encode a point of secp256k1.
        public static let notOnCurve = Code(.notOnCurve)
        /// The point at infinity where a real point is required.
        public static let identityElement = Code(.identityElement)
        /// A signature that does not verify.
        public static let invalidSignature = Code(.invalidSignature)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong, for a person.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
