import BlockingIO
import Synchronization

/// The `async` face of a database: connections used from async tasks, with every blocking
/// libpq or SQLite call run on the pool's own threads, never on Swift's cooperative threads.
///
/// A body runs on one of the pool's threads with a connection for itself alone, and must not
/// keep the connection (or the leased database) after it returns: the connection is not
/// `Sendable`, and a leased database refuses any use once its lease has ended or off the pool's
/// threads (`StorageError` `.closed`). Cancelling the awaiting task before its body starts
/// throws `CancellationError` and runs nothing; once the body has started, it runs to its end.
public protocol SQLConnectionPool: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` in one transaction on a connection of the pool, committed when it returns
    /// and rolled back when it throws (as ``SQLDatabase/transaction(_:)``); the connection goes
    /// back to the pool with no transaction open, or is closed and replaced.
    @discardableResult
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> R) async throws -> R

    /// Runs `body` with one connection of the pool as a synchronous ``SQLDatabase``, for code
    /// written against that protocol (``Migrator``, several transactions in a row). The
    /// database is valid inside `body` only.
    @discardableResult
    func withDatabase<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) throws -> R) async throws -> R

    /// Fails the waiting callers with `.closed`, refuses new ones, waits for the bodies running
    /// now to end, closes every connection and ends the pool's threads.
    func close() async
}

/// A connection of a pool, valid for one body on the pool's threads.
final class LeasedDatabase: SQLDatabase {
    let dialect: SQLDialect
    private let database: any SQLDatabase
    private let threads: BlockingThreadPool
    private let active = Atomic<Bool>(true)

    init(_ database: any SQLDatabase, threads: BlockingThreadPool) {
        self.dialect = database.dialect
        self.database = database
        self.threads = threads
    }

    func withConnection<R>(_ body: (any SQLConnection) throws -> R) throws -> R {
        guard active.load(ordering: .acquiring), threads.ownsCurrentThread else {
            throw StorageError(
                .closed, "a pooled connection was used after its lease ended, or off the pool's threads")
        }
        return try database.withConnection(body)
    }

    func end() { active.store(false, ordering: .releasing) }
}

extension ConnectionPool {
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> R) async throws -> R {
        try await withLease(transaction: true) { database in try database.withConnection { try body($0) } }
    }

    func withDatabase<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) throws -> R) async throws -> R {
        let threads = self.threads
        return try await withLease(transaction: false) { database in
            let leased = LeasedDatabase(database, threads: threads)
            defer { leased.end() }
            return try body(leased)
        }
    }
}

/// PostgreSQL from async tasks: a pool of at most `size` libpq connections (1 ...
/// ``maximumSize``) to one server, each used by one task at a time on the pool's `size`
/// dedicated threads. See `docs/storage.md`, "From async code".
public final class PostgresConnectionPool: SQLConnectionPool {
    /// The largest pool: well under PostgreSQL's default `max_connections` (100).
    public static let maximumSize = 64

    public let dialect = SQLDialect.postgres
    /// The most connections the pool opens.
    public let size: Int
    let pool: ConnectionPool<PostgresDatabase>

    /// Checks `size`, starts the pool's threads and opens one connection (so that a wrong URL
    /// or password fails here); the others open when first needed.
    ///
    /// - Parameters:
    ///   - url: as ``PostgresDatabase/init(url:readOnly:)``.
    ///   - size: the most connections open at once, 1 ... ``maximumSize``.
    ///   - readOnly: every connection's transactions are READ ONLY.
    /// - Throws: `StorageError` `.configuration` for a size out of range, `.connection` when
    ///   the first connection fails (the message never shows the password); `CancellationError`.
    public init(url: String, size: Int, readOnly: Bool = false) async throws {
        guard (1...Self.maximumSize).contains(size) else {
            throw StorageError(
                .configuration, "a PostgreSQL pool's size must be 1 to \(Self.maximumSize), not \(size)")
        }
        self.size = size
        pool = ConnectionPool(size: size, name: "custody-postgres") { () throws(StorageError) in
            try PostgresDatabase(url: url, readOnly: readOnly)
        }
        do {
            try await pool.openFirst()
        } catch {
            await pool.close()
            throw error
        }
    }

    /// Connections open now: idle, in use, or being opened; never more than ``size``.
    public var openConnections: Int { pool.openConnections }

    @discardableResult
    public func transaction<R: Sendable>(
        _ body: @escaping @Sendable (any SQLConnection) throws -> R
    ) async throws -> R {
        try await pool.transaction(body)
    }

    @discardableResult
    public func withDatabase<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) throws -> R) async throws -> R {
        try await pool.withDatabase(body)
    }

    public func close() async { await pool.close() }
}

/// SQLite from async tasks: the database's one connection (``SQLiteDatabase``), on one
/// dedicated thread, so that transactions run one at a time in the order they were asked for.
/// SQLite has one writer at a time anyway; see `docs/storage.md`, "From async code".
public final class SQLiteConnectionPool: SQLConnectionPool {
    public let dialect = SQLDialect.sqlite
    let pool: ConnectionPool<SQLiteDatabase>

    /// Opens (creating if needed) the database at `path`, on the pool's thread.
    /// - Throws: `StorageError` `.connection` when it cannot be opened; `CancellationError`.
    public init(path: String) async throws {
        pool = ConnectionPool(size: 1, name: "custody-sqlite") { () throws(StorageError) in
            try SQLiteDatabase(path: path)
        }
        do {
            try await pool.openFirst()
        } catch {
            await pool.close()
            throw error
        }
    }

    @discardableResult
    public func transaction<R: Sendable>(
        _ body: @escaping @Sendable (any SQLConnection) throws -> R
    ) async throws -> R {
        try await pool.transaction(body)
    }

    @discardableResult
    public func withDatabase<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) throws -> R) async throws -> R {
        try await pool.withDatabase(body)
    }

    public func close() async { await pool.close() }
}
