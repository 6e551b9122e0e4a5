/// An error from a PKCS#11 module or from Custody's use of it.
///
/// `code` says what kind of problem it was; `reason` says what went wrong and what to do about
/// it; `returnValue` names the module's `CKR_` code when the module reported one. No field ever
/// holds a PIN or key material.
public struct PKCS11Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case moduleNotLoaded = "module not loaded"
            case tokenNotFound = "token not found"
            case loginFailed = "login failed"
            case pinUnavailable = "PIN unavailable"
            case objectNotFound = "object not found"
            case unsealFailed = "unseal failed"
            case invalidInput = "invalid input"
            case moduleError = "module error"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The module file could not be loaded or is not a PKCS#11 module.
        public static let moduleNotLoaded = Code(.moduleNotLoaded)
        /// No token with that label or serial.
        public static let tokenNotFound = Code(.tokenNotFound)
        /// The token refused the PIN, or is locked.
        public static let loginFailed = Code(.loginFailed)
        /// The PIN file or environment variable could not be read.
        public static let pinUnavailable = Code(.pinUnavailable)
        /// A key Custody expects on the token is not there.
        public static let objectNotFound = Code(.objectNotFound)
        /// A sealed blob failed authentication: tampered, or bound to another context or key.
        public static let unsealFailed = Code(.unsealFailed)
        /// Bad input from the caller (a malformed blob, a bad public key).
        public static let invalidInput = Code(.invalidInput)
        /// Any other failure the module reported.
        public static let moduleError = Code(.moduleError)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What went wrong, and what to do.
    public let reason: String
    /// The module's return value name (`CKR_PIN_INCORRECT`, …), when it reported one.
    public let returnValue: String?

    public init(_ code: Code, _ reason: String, returnValue: String? = nil) {
        self.code = code
        self.reason = reason
        self.returnValue = returnValue
    }

    public var description: String {
        if let returnValue { return "\(code): \(reason) (\(returnValue))" }
        return "\(code): \(reason)"
    }
}
