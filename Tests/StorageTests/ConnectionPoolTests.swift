import CustodyTestSupport
import Foundation
import Synchronization
import Testing

@testable import Storage

/// `PostgresConnectionPool` against the throwaway server, and `SQLiteConnectionPool`.
@Suite struct ConnectionPoolTests {
    static func postgresURL() throws -> String { try PostgresTestServer.shared.get().makeDatabase() }

    static func pid(_ connection: any SQLConnection) throws -> Int64 {
        try connection.query("SELECT pg_backend_pid()::bigint", [])[0][0].integer()
    }

    @Test(arguments: [0, -1, PostgresConnectionPool.maximumSize + 1])
    func aSizeOutOfRangeIsRefusedNamingTheRange(size: Int) async throws {
        let url = try Self.postgresURL()
        do {
            _ = try await PostgresConnectionPool(url: url, size: size)
            Issue.record("a pool of \(size) connections opened")
        } catch let error as StorageError {
            #expect(error.code == .configuration)
            #expect(error.reason.contains("1 to \(PostgresConnectionPool.maximumSize), not \(size)"))
        }
    }

    @Test func aWrongURLFailsAtOnceWithoutThePassword() async throws {
        let server = try PostgresTestServer.shared.get()
        let url = server.adminURL.replacingOccurrences(of: "custody@", with: "nobody:hunter2secret@")
        do {
            _ = try await PostgresConnectionPool(url: url, size: 2)
            Issue.record("a pool opened for an unknown user")
        } catch let error as StorageError {
            #expect(error.code == .connection)
            #expect(!error.description.contains("hunter2secret"))
        }
    }

    @Test func neverMoreThanSizeConnectionsAreOpen() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 3)
        let seen = try await withThrowingTaskGroup(of: (Int64, Int).self) { group in
            for _ in 0..<48 {
                group.addTask {
                    let backends = try await pool.transaction { connection in
                        try connection.executeScript("SELECT pg_sleep(0.005)")
                        return try connection.query(
                            "SELECT count(*)::bigint FROM pg_stat_activity WHERE datname = current_database()", []
                        )[0][0].integer()
                    }
                    return (backends, pool.openConnections)
                }
            }
            var seen: [(Int64, Int)] = []
            for try await pair in group { seen.append(pair) }
            return seen
        }
        #expect(seen.count == 48)
        #expect(seen.map(\.0).max() == 3, "backends seen: \(seen.map(\.0))")
        #expect(seen.map(\.1).max()! <= 3)
        #expect(pool.openConnections == 3)
        await pool.close()
        #expect(pool.openConnections == 0)
    }

    struct BodyFailure: Error, Equatable {}

    @Test func transactionBodyThatThrowsLeavesNoPartialWrite() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 1)
        try await pool.transaction { try $0.executeScript("CREATE TABLE ledger (id BIGINT PRIMARY KEY)") }
        let before = try await pool.transaction { try Self.pid($0) }
        await #expect(throws: BodyFailure.self) {
            try await pool.transaction { connection in
                try connection.execute("INSERT INTO ledger (id) VALUES (1), (2)", [])
                throw BodyFailure()
            }
        }
        // A failing statement aborts the transaction: the pool rolls it back too.
        await #expect(throws: StorageError.self) {
            try await pool.transaction { connection in
                try connection.execute("INSERT INTO ledger (id) VALUES (3)", [])
                try connection.execute("INSERT INTO ledger (id) VALUES (3)", [])
            }
        }
        let (count, after) = try await pool.transaction { connection in
            (try connection.query("SELECT count(*)::bigint FROM ledger", [])[0][0].integer(), try Self.pid(connection))
        }
        #expect(count == 0)
        // The same connection served again, with no transaction left open.
        #expect(after == before)
        await pool.close()
    }

    @Test func aConnectionTheServerClosedWhileIdleIsReplaced() async throws {
        let url = try Self.postgresURL()
        let admin = try PostgresDatabase(url: url)
        let pool = try await PostgresConnectionPool(url: url, size: 1)
        let first = try await pool.transaction { try Self.pid($0) }
        _ = try admin.query("SELECT pg_terminate_backend($1::int)", [.integer(first)])
        // The idle connection is dead; its BEGIN fails, and the pool retries on a new one.
        let second = try await pool.transaction { try Self.pid($0) }
        #expect(second != first)
        #expect(pool.openConnections == 1)
        await pool.close()
    }

    @Test func aConnectionThatBrokeInsideABodyIsReplaced() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 1)
        let first = try await pool.transaction { try Self.pid($0) }
        await #expect(throws: StorageError.self) {
            try await pool.transaction { connection in
                _ = try connection.query("SELECT pg_terminate_backend(pg_backend_pid())", [])
            }
        }
        #expect(pool.openConnections == 0)
        let second = try await pool.transaction { try Self.pid($0) }
        #expect(second != first)
        #expect(pool.openConnections == 1)
        await pool.close()
    }

    @Test func waiterCancelledWhileQueuedDoesNotLeakConnection() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 1)
        let gate = Gate()
        let holder = Task { try await pool.transaction { _ in gate.wait() } }
        try await Self.until { pool.pool.waitingCallers == 0 && gate.isWaiting }
        let ran = Shared(false)
        let waiter = Task { try await pool.transaction { _ in ran.update { $0 = true } } }
        try await Self.until { pool.pool.waitingCallers == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.pool.waitingCallers == 0)
        gate.open()
        try await holder.value
        #expect(!ran.value)
        // The one connection is back: the next caller gets it at once.
        #expect(try await pool.transaction { _ in 7 } == 7)
        #expect(pool.openConnections == 1)
        await pool.close()
    }

    @Test func waitersAreServedInTheOrderTheyArrived() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 1)
        let gate = Gate()
        let holder = Task { try await pool.transaction { _ in gate.wait() } }
        try await Self.until { gate.isWaiting }
        let order = Shared<[Int]>([])
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<8 {
            waiters.append(Task { try await pool.transaction { _ in order.update { $0.append(index) } } })
            try await Self.until { pool.pool.waitingCallers == index + 1 }
        }
        gate.open()
        try await holder.value
        for waiter in waiters { try await waiter.value }
        #expect(order.value == Array(0..<8))
        await pool.close()
    }

    @Test func closeFailsTheWaitersAndRefusesNewCallers() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 1)
        let gate = Gate()
        let holder = Task { try await pool.transaction { _ in gate.wait() } }
        try await Self.until { gate.isWaiting }
        let waiter = Task { try await pool.transaction { _ in 1 } }
        try await Self.until { pool.pool.waitingCallers == 1 }
        let closing = Task { await pool.close() }
        do {
            _ = try await waiter.value
            Issue.record("a waiter was served after close")
        } catch let error as StorageError {
            #expect(error.code == .closed)
        }
        // The running body ends normally, then close() completes.
        gate.open()
        try await holder.value
        await closing.value
        #expect(pool.openConnections == 0)
        do {
            _ = try await pool.transaction { _ in 1 }
            Issue.record("a closed pool served a caller")
        } catch let error as StorageError {
            #expect(error.code == .closed)
        }
    }

    @Test func aLeasedDatabaseUsedAfterItsLeaseIsRefused() async throws {
        let pool = try await PostgresConnectionPool(url: try Self.postgresURL(), size: 1)
        let escaped = try await pool.withDatabase { database in
            try Migrator.migrate(database, module: "ledger", migrations: ConformanceTests.ledger)
            return database
        }
        #expect(throws: StorageError.self) { try escaped.query("SELECT 1") }
        do {
            _ = try escaped.query("SELECT 1")
        } catch let error as StorageError {
            #expect(error.code == .closed)
        }
        #expect(try await pool.withDatabase { try Migrator.appliedVersions($0, module: "ledger") } == [1, 2])
        await pool.close()
    }

    @Test func sqliteRunsOneTransactionAtATimeOnItsThread() async throws {
        let path = NSTemporaryDirectory() + "custody-\(UUID().uuidString).sqlite"
        let pool = try await SQLiteConnectionPool(path: path)
        try await pool.transaction { try $0.executeScript("CREATE TABLE counter (n INTEGER NOT NULL)") }
        try await pool.transaction { try $0.execute("INSERT INTO counter (n) VALUES (0)", []) }
        let inside = Shared(0)
        let overlap = Shared(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    try await pool.transaction { connection in
                        if inside.update({
                            $0 += 1; return $0
                        }) > 1 {
                            overlap.update { $0 = true }
                        }
                        defer { inside.update { $0 -= 1 } }
                        let n = try connection.query("SELECT n FROM counter", [])[0][0].integer()
                        try connection.execute("UPDATE counter SET n = $1", [.integer(n + 1)])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(!overlap.value)
        await #expect(throws: BodyFailure.self) {
            try await pool.transaction { connection in
                try connection.execute("UPDATE counter SET n = 0", [])
                throw BodyFailure()
            }
        }
        #expect(try await pool.transaction { try $0.query("SELECT n FROM counter", [])[0][0].integer() } == 64)
        await pool.close()
        await #expect(throws: StorageError.self) { try await pool.transaction { _ in 1 } }
    }

    @Test func sqliteOpenFailureNamesThePath() async throws {
        let path = "/nonexistent-\(UUID().uuidString)/log.sqlite"
        do {
            _ = try await SQLiteConnectionPool(path: path)
            Issue.record("a database opened in a missing directory")
        } catch let error as StorageError {
            #expect(error.code == .connection)
            #expect(error.reason.contains(path))
        }
    }

    /// Polls `condition` every millisecond, for 10 s at most.
    static func until(_ condition: () -> Bool) async throws {
        for _ in 0..<10_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("condition not reached in 10 s")
    }
}

/// Holds a body on the pool's thread until opened.
final class Gate: Sendable {
    private let state = Mutex((waiting: false, open: false))

    var isWaiting: Bool { state.withLock { $0.waiting } }

    func wait() {
        state.withLock { $0.waiting = true }
        while !state.withLock({ $0.open }) { usleep(500) }
    }

    func open() { state.withLock { $0.open = true } }
}

/// A value shared between tasks and the pool's threads.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    @discardableResult
    func update<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
