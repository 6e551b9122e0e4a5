/// Which SQL a database speaks, where the drivers differ (DDL, triggers, roles).
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A connection's statements, valid inside ``SQLDatabase/withConnection(_:)``.
///
/// SQL uses `$1`, `$2`, … for parameters with both drivers.
public protocol SQLConnection {
    /// Runs a statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> Int
    /// Runs a query; returns every row.
    func query(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> [SQLRow]
    /// Runs several statements with no parameters (migrations).
    func executeScript(_ sql: String) throws(StorageError)
}

/// A database: SQLite (embedded, one file per process) or PostgreSQL (shared by coordinators).
/// One protocol, two drivers, one conformance suite.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` with exclusive use of the connection.
    func withConnection<R>(_ body: (any SQLConnection) throws -> R) throws -> R
}

extension SQLDatabase {
    /// Runs `body` in one transaction, committed durably (fsync in SQLite, synchronous commit in
    /// PostgreSQL) when it returns and rolled back when it throws: all or nothing.
    public func transaction<R>(_ body: (any SQLConnection) throws -> R) throws -> R {
        try withConnection { connection in
            try connection.executeScript(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
            do {
                let result = try body(connection)
                try connection.executeScript("COMMIT")
                return result
            } catch {
                try? connection.executeScript("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs one statement on its own.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try withConnection { try $0.execute(sql, parameters) }
    }

    /// Runs one query on its own.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        try withConnection { try $0.query(sql, parameters) }
    }
}
