/// A daemon that could not start: a resource its configuration names could not be used (the
/// token, its PIN or keys, a database, the listening address). The reason never holds a secret.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The exit codes of `custodyd … serve` (docs/daemons.md, "Exit codes").
public enum DaemonExitCode {
    /// A graceful shutdown (SIGTERM or SIGINT) completed.
    public static let success: Int32 = 0
    /// The server failed while serving.
    public static let failure: Int32 = 1
    /// EX_CONFIG: the daemon did not start; nothing was served.
    public static let configuration: Int32 = 78
}
