import BlockingIO
import Synchronization

/// A driver's connection as a pool holds it.
protocol PooledDatabase: SQLDatabase {
    /// True when the connection may serve the next caller: it is up and no transaction is open.
    var isReusable: Bool { get }
}

/// The mechanism of ``PostgresConnectionPool`` and ``SQLiteConnectionPool``: at most `size`
/// connections, opened on demand, each used by one task at a time on the pool's own threads
/// (as many as connections). Callers that find every connection in use wait in a queue and
/// are served in the order they arrived. A connection that is not reusable after its use
/// (broken, or left inside a transaction) is closed, and its place goes to the next caller,
/// who opens a new one.
final class ConnectionPool<Database: PooledDatabase>: Sendable {
    /// What a waiting caller is given: a connection, or the right to open one.
    private enum Grant: Sendable {
        case connection(Database)
        case slot
    }

    private struct Waiter: Sendable {
        let id: UInt64
        let continuation: CheckedContinuation<Grant, any Error>
    }

    private struct State: ~Copyable {
        var idle: [Database] = []
        /// Connections that exist or are being opened: idle, leased, or opening.
        var open = 0
        var waiters: [Waiter] = []
        var closed = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    let size: Int
    let threads: BlockingThreadPool
    private let connect: @Sendable () throws(StorageError) -> Database
    private let state = Mutex(State())
    private let nextWaiter = Atomic<UInt64>(0)

    init(size: Int, name: String, connect: @escaping @Sendable () throws(StorageError) -> Database) {
        self.size = size
        self.threads = BlockingThreadPool(threads: size, name: name)
        self.connect = connect
    }

    deinit { threads.shutdown() }

    static var closedError: StorageError { StorageError(.closed, "the connection pool is closed") }

    /// Connections open now (idle, in use, or being opened).
    var openConnections: Int { state.withLock { $0.open } }

    /// Callers waiting for a connection now.
    var waitingCallers: Int { state.withLock { $0.waiters.count } }

    /// Runs `body` with one connection, on one of the pool's threads.
    ///
    /// With `transaction`, the body runs between BEGIN and COMMIT (ROLLBACK when it throws).
    /// A reused connection whose BEGIN fails because it broke while idle is replaced and BEGIN
    /// tried once more: nothing of the body has run yet.
    func withLease<R: Sendable>(
        transaction: Bool, _ body: @escaping @Sendable (Database) throws -> R
    ) async throws -> R {
        let (leased, fresh) = try await acquire()
        if Task.isCancelled || state.withLock({ $0.closed }) {
            release(leased, reusable: true)
            if Task.isCancelled { throw CancellationError() }
            throw Self.closedError
        }
        let connect = self.connect
        let outcome = await threads.run { () -> Outcome<R> in
            var database = leased
            if transaction {
                do {
                    try Self.begin(database)
                } catch {
                    guard !fresh, !database.isReusable else {
                        return Outcome(result: .failure(error), database: database)
                    }
                    do {
                        database = try connect()
                        try Self.begin(database)
                    } catch {
                        return Outcome(result: .failure(error), database: database)
                    }
                }
            }
            let result = Result { () throws -> R in
                guard transaction else { return try body(database) }
                do {
                    let value = try body(database)
                    try database.withConnection { try $0.executeScript("COMMIT") }
                    return value
                } catch {
                    try? database.withConnection { try $0.executeScript("ROLLBACK") }
                    throw error
                }
            }
            return Outcome(result: result, database: database)
        }
        release(outcome.database, reusable: outcome.reusable)
        return try outcome.result.get()
    }

    private struct Outcome<R: Sendable>: Sendable {
        let result: Result<R, any Error>
        let database: Database
        let reusable: Bool

        /// Reads `database`'s state now, on the pool's thread.
        init(result: Result<R, any Error>, database: Database) {
            self.result = result
            self.database = database
            self.reusable = database.isReusable
        }
    }

    private static func begin(_ database: Database) throws {
        try database.withConnection { try $0.executeScript(database.dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN") }
    }

    /// Opens one connection now and returns it to the pool: a wrong URL or path fails here.
    func openFirst() async throws {
        let (database, _) = try await acquire()
        release(database, reusable: true)
    }

    /// A connection for the caller alone; `fresh` when it was opened for this call.
    private func acquire() async throws -> (Database, fresh: Bool) {
        try Task.checkCancellation()
        let id = nextWaiter.add(1, ordering: .relaxed).newValue
        let grant: Grant = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                let now: Result<Grant, any Error>? = state.withLock { state in
                    if state.closed { return .failure(Self.closedError) }
                    if let database = state.idle.popLast() { return .success(.connection(database)) }
                    if state.open < size {
                        state.open += 1
                        return .success(.slot)
                    }
                    // Checked under the lock the cancellation handler takes: either the handler
                    // finds this waiter in the queue, or the flag is already set here.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        switch grant {
        case .connection(let database):
            return (database, false)
        case .slot:
            do {
                try Task.checkCancellation()
                let connect = self.connect
                let database = try await threads.run { () throws(StorageError) -> Database in try connect() }
                return (database, true)
            } catch {
                giveUpSlot()
                throw error
            }
        }
    }

    /// Takes back a leased connection: the next waiter gets it, or it waits idle; a connection
    /// that is not reusable (or any, once the pool is closed) is closed, and its place goes to
    /// the next waiter.
    private func release(_ database: Database, reusable: Bool) {
        let handOver: Waiter?? = state.withLock { state in
            guard reusable && !state.closed else { return .none }
            if !state.waiters.isEmpty { return .some(state.waiters.removeFirst()) }
            state.idle.append(database)
            return .some(nil)
        }
        switch handOver {
        case .none: giveUpSlot()
        case .some(let waiter): waiter?.continuation.resume(returning: .connection(database))
        }
    }

    /// One connection fewer: its place goes to the next waiter, who opens a new one.
    private func giveUpSlot() {
        let (waiter, drained): (Waiter?, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            if !state.closed && !state.waiters.isEmpty { return (state.waiters.removeFirst(), []) }
            state.open -= 1
            guard state.closed && state.open == 0 else { return (nil, []) }
            defer { state.drained = [] }
            return (nil, state.drained)
        }
        waiter?.continuation.resume(returning: .slot)
        for continuation in drained { continuation.resume() }
    }

    /// Refuses new callers and fails the waiting ones with `.closed`, closes the idle
    /// connections, waits for the leased ones to come back and closes them, then ends the
    /// threads.
    func close() async {
        let (waiters, idle): ([Waiter], [Database]) = state.withLock { state in
            state.closed = true
            defer {
                state.waiters = []
                state.open -= state.idle.count
                state.idle = []
            }
            return (state.waiters, state.idle)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.closedError) }
        _ = idle
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.open == 0 { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        threads.shutdown()
    }
}
