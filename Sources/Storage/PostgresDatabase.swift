internal import CLibPQ
import Synchronization

/// PostgreSQL through libpq: a connection URL, or libpq's own environment variables (PGHOST,
/// PGUSER, PGSSLMODE, …) when the URL is empty; TLS as libpq does it. Commits are synchronous
/// (`synchronous_commit = on` is forced for the session).
///
/// `@unchecked Sendable`: the connection is used only under `lock`, one caller at a time.
public final class PostgresDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.postgres
    private let connection: OpaquePointer
    private let lock = Mutex(())

    /// Connects; the error names the server's message, never the password. With `readOnly`,
    /// every transaction of the session is READ ONLY (`default_transaction_read_only`): the
    /// server refuses any write, and a role with SELECT alone is enough.
    public init(url: String, readOnly: Bool = false) throws(StorageError) {
        guard let connection = PQconnectdb(url) else {
            throw StorageError(.connection, "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines()
            PQfinish(connection)
            throw StorageError(.connection, "cannot connect to PostgreSQL: \(message)")
        }
        self.connection = connection
        try PostgresConnection(handle: connection).executeScript(
            "SET synchronous_commit = on; SET client_min_messages = warning;"
                + (readOnly ? " SET default_transaction_read_only = on;" : ""))
    }

    deinit { PQfinish(connection) }

    public func withConnection<R>(_ body: (any SQLConnection) throws -> R) throws -> R {
        try lock.withLock { _ in try body(PostgresConnection(handle: connection)) }
    }
}

extension PostgresDatabase: PooledDatabase {
    /// The connection is up (libpq saw no failure) and no transaction is open on it.
    var isReusable: Bool {
        lock.withLock { _ in PQstatus(connection) == CONNECTION_OK && PQtransactionStatus(connection) == PQTRANS_IDLE }
    }
}

/// Statements on one libpq connection. Parameters go out in binary (bytea, int8) or text;
/// results come back in binary and are decoded by column type.
struct PostgresConnection: SQLConnection {
    let handle: OpaquePointer

    func executeScript(_ sql: String) throws(StorageError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> [SQLRow] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        var rows: [SQLRow] = []
        let columns = PQnfields(result)
        for row in 0..<PQntuples(result) {
            var values: SQLRow = []
            for column in 0..<columns {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let length = Int(PQgetlength(result, row, column))
                let bytes = PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
                    Array(UnsafeBufferPointer(start: $0, count: length))
                }
                values.append(try Self.decode(bytes, type: PQftype(result, column)))
            }
            rows.append(values)
        }
        return rows
    }

    private func run(_ sql: String, _ parameters: [SQLValue]) throws(StorageError) -> OpaquePointer? {
        var buffers: [[UInt8]] = []
        var types: [Oid] = []
        var formats: [Int32] = []
        for value in parameters {
            switch value {
            case .null:
                buffers.append([])
                types.append(0)
                formats.append(0)
            case .integer(let number):
                buffers.append(withUnsafeBytes(of: number.bigEndian) { Array($0) })
                types.append(20)  // int8
                formats.append(1)
            case .text(let text):
                buffers.append(Array(text.utf8) + [0])
                types.append(25)  // text
                formats.append(0)
            case .blob(let bytes):
                buffers.append(bytes)
                types.append(17)  // bytea
                formats.append(1)
            }
        }
        let lengths = buffers.map { Int32($0.count) }
        let pointers = buffers.map { buffer -> UnsafeMutablePointer<CChar>? in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(buffer.count, 1))
            for (index, byte) in buffer.enumerated() { pointer[index] = CChar(bitPattern: byte) }
            return pointer
        }
        defer { pointers.forEach { $0?.deallocate() } }
        let nulls = parameters.map { $0 == .null }
        let values: [UnsafePointer<CChar>?] = zip(pointers, nulls).map { $1 ? nil : UnsafePointer($0) }
        let result = PQexecParams(
            handle, sql, Int32(parameters.count), types, values, lengths, formats, 1)
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    private func check(_ result: OpaquePointer?) throws(StorageError) {
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
            throw StorageError(StorageError.classify(message, fallback: .statement), message)
        }
    }

    static func decode(_ bytes: [UInt8], type: Oid) throws(StorageError) -> SQLValue {
        func integer() -> Int64 { bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) } }
        switch type {
        case 20: return .integer(integer())  // int8
        case 23: return .integer(Int64(Int32(truncatingIfNeeded: integer())))  // int4
        case 21: return .integer(Int64(Int16(truncatingIfNeeded: integer())))  // int2
        case 16: return .integer(bytes.first == 1 ? 1 : 0)  // bool
        case 17: return .blob(bytes)  // bytea
        // text, varchar, name, bpchar, "char"
        case 25, 1043, 19, 1042, 18: return .text(String(decoding: bytes, as: UTF8.self))
        default:
            throw StorageError(.decoding, "PostgreSQL column type \(type) is not one Custody reads")
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
