import Encoding
import Foundation

/// Where a daemon keeps a database: a SQLite file, or a PostgreSQL server by URL
/// (`postgres://` or `postgresql://`). A password in the URL is refused, so that no secret is
/// ever in a configuration, a log line or an error: libpq reads it from `PGPASSFILE` (or
/// `~/.pgpass`) instead.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    init(parsing text: String) throws(ValueError) {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else {
            self = .sqlite(path: try ConfigurationValues.creatablePath(text))
            return
        }
        // Never quote the URL itself: it could hold a password.
        guard let components = URLComponents(string: text) else {
            throw ValueError("not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard components.password == nil else {
            throw ValueError(
                "a password in the PostgreSQL URL is refused: give it in a password file (PGPASSFILE or ~/.pgpass)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ValueError("the PostgreSQL URL has no host")
        }
        self = .postgres(url: text)
    }

    /// The SQLite path, or the URL (which holds no password).
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url
        }
    }
}
