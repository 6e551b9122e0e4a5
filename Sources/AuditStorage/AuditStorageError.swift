/// An error of the audit log kept in a database.
///
/// `code` says what kind of problem it was; `reason` says exactly what was wrong, for a person.
/// Storage and signing errors pass through as they are (`StorageError`, `AuditError`).
public struct AuditStorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case notALog = "not an audit log"
            case mismatch = "another log"
            case corrupt = "stored log does not verify"
            case unavailable = "log unavailable"
            case notFound = "not found"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The database holds no audit log (no metadata row, or no audit tables).
        public static let notALog = Code(.notALog)
        /// The database holds a log of another origin or genesis key than the one asked for.
        public static let mismatch = Code(.mismatch)
        /// The stored records or checkpoints do not verify: the log will not append to them.
        public static let corrupt = Code(.corrupt)
        /// The log can no longer append: a commit failed and the database no longer matches
        /// the log's head (reopen it), or another writer appended.
        public static let unavailable = Code(.unavailable)
        /// A record or checkpoint asked for does not exist.
        public static let notFound = Code(.notFound)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
