internal import CSQLite
import Glibc
import Synchronization

/// SQLite through the system libsqlite3: the embedded default, one file per process, in WAL
/// mode with `synchronous = FULL`, so that every committed transaction is on disk (fsync).
///
/// `@unchecked Sendable`: the connection is used only under `lock`, one caller at a time.
public final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.sqlite
    /// The database file.
    public let path: String
    private let handle: OpaquePointer
    private let lock = Mutex(())

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(StorageError) {
        handle = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        self.path = path
        sqlite3_busy_timeout(handle, 5000)
        let connection = SQLiteConnection(handle: handle)
        try connection.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
    }

    /// Opens the existing database at `path` for reading only, writing nothing to the file or
    /// its directory (an auditor's copy may be evidence). A file without a `-wal` beside it (a
    /// copy, or a log no writer has open) is opened `immutable`: no lock, no journal, no `-shm`.
    /// With a `-wal` (a writer has it open) it is opened read-only through the writer's WAL,
    /// whose `-shm` index SQLite may update. `PRAGMA query_only` refuses writes either way.
    public init(readingOnly path: String) throws(StorageError) {
        let immutable = access(path + "-wal", F_OK) != 0
        let uri = "file:" + Self.percentEncoded(path) + "?mode=ro" + (immutable ? "&immutable=1" : "")
        handle = try Self.open(uri, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX)
        self.path = path
        sqlite3_busy_timeout(handle, 5000)
        try SQLiteConnection(handle: handle).executeScript("PRAGMA query_only = ON;")
    }

    private static func open(_ name: String, flags: Int32) throws(StorageError) -> OpaquePointer {
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(name, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw StorageError(.connection, "cannot open SQLite database \(name): \(message)")
        }
        return handle
    }

    /// `path` for a `file:` URI: every byte but unreserved characters and `/` percent-encoded.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    deinit { sqlite3_close_v2(handle) }

    public func withConnection<R>(_ body: (any SQLConnection) throws -> R) throws -> R {
        try lock.withLock { _ in try body(SQLiteConnection(handle: handle)) }
    }
}

extension SQLiteDatabase: PooledDatabase {
    /// No transaction is open on the handle (SQLite is in autocommit mode).
    var isReusable: Bool { lock.withLock { _ in sqlite3_get_autocommit(handle) != 0 } }
}

/// Statements on one SQLite handle.
struct SQLiteConnection: SQLConnection {
    let handle: OpaquePointer

    private var message: String { String(cString: sqlite3_errmsg(handle)) }

    func executeScript(_ sql: String) throws(StorageError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let text = error.map { String(cString: $0) } ?? message
            sqlite3_free(error)
            throw StorageError(StorageError.classify(text, fallback: .statement), text)
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> Int {
        _ = try run(sql, parameters, collect: false)
        return Int(sqlite3_changes(handle))
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> [SQLRow] {
        try run(sql, parameters, collect: true)
    }

    private func run(_ sql: String, _ parameters: [SQLValue], collect: Bool) throws(StorageError) -> [SQLRow] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, Self.positional(sql), -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StorageError(.statement, "cannot prepare a statement: \(message)")
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes {
                    sqlite3_bind_blob(
                        statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count),
                        Self.transient)
                }
            }
            guard status == SQLITE_OK else {
                throw StorageError(.statement, "cannot bind parameter \(index): \(message)")
            }
        }
        var rows: [SQLRow] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                let text = message
                throw StorageError(StorageError.classify(text, fallback: .statement), text)
            }
            guard collect else { continue }
            var row: SQLRow = []
            for column in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let base = sqlite3_column_blob(statement, column)
                    row.append(.blob(base.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound value.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// `$1` → `?1`: the drivers share one parameter syntax.
    static func positional(_ sql: String) -> String {
        var out = ""
        var previous: Character = " "
        for character in sql {
            if character.isNumber && previous == "$" {
                out.removeLast()
                out.append("?")
            }
            out.append(character)
            previous = character
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
