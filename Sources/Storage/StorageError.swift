/// An error from a storage driver.
///
/// `code` says what kind of problem it was; `reason` carries the database's own message and the
/// statement's purpose. Parameters (which may be sensitive) are never included.
public struct StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case connection = "connection failed"
            case statement = "statement failed"
            case constraint = "constraint violated"
            case appendOnly = "append-only table"
            case migration = "migration failed"
            case decoding = "unexpected value"
            case closed = "closed"
            case configuration = "invalid configuration"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The database could not be opened or reached.
        public static let connection = Code(.connection)
        /// A statement failed to prepare or run.
        public static let statement = Code(.statement)
        /// A uniqueness or other integrity constraint refused the change.
        public static let constraint = Code(.constraint)
        /// An UPDATE, DELETE or TRUNCATE on an append-only table was refused.
        public static let appendOnly = Code(.appendOnly)
        /// A schema migration failed; the schema is unchanged.
        public static let migration = Code(.migration)
        /// A column held a value of another type than expected.
        public static let decoding = Code(.decoding)
        /// The connection pool was closed, or a connection leased from a pool was used after
        /// its lease ended or off the pool's threads.
        public static let closed = Code(.closed)
        /// A setting was out of its documented range (a pool's size); nothing was opened.
        public static let configuration = Code(.configuration)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    /// Classifies a database message: the append-only triggers all say "append-only".
    static func classify(_ message: String, fallback: Code) -> Code {
        if message.contains("append-only") { return .appendOnly }
        if message.lowercased().contains("unique") || message.contains("constraint") { return .constraint }
        return fallback
    }
}
