import Storage
import Synchronization

/// The ledger's one writer: callers queue operations, and the writer takes everything queued
/// (up to `maximumBatch`), applies it in one database transaction (one fsync in SQLite, one
/// synchronous commit in PostgreSQL), then resumes every caller of the batch. While a
/// transaction commits, new callers queue for the next one, so concurrent callers share
/// commits. The house pattern of the audit log's `PersistentAuditLog`, on an
/// `SQLConnectionPool`.
///
/// A caller is resumed only after the commit returned: what it was told is durable. An
/// operation refused by the ledger's checks (`SignerStoreError`) wrote nothing and fails that
/// caller alone; a storage error rolls the whole transaction back and fails every caller of the
/// batch, none of whose writes then happened.
final class GroupCommitWriter: Sendable {
    typealias Waiter = CheckedContinuation<LedgerOutcome, any Error>

    struct State: Sendable {
        var pending: [(LedgerOperation, Waiter)] = []
        var writing = false
        var transactions = 0
        var operations = 0
    }

    let pool: any SQLConnectionPool
    let maximumBatch: Int
    private let state = Mutex(State())

    init(pool: any SQLConnectionPool, maximumBatch: Int) {
        self.pool = pool
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Transactions committed, and the operations they carried.
    var commits: (transactions: Int, operations: Int) { state.withLock { ($0.transactions, $0.operations) } }

    /// Queues `operation` and returns its outcome once its transaction has committed.
    func submit(_ operation: LedgerOperation) async throws -> LedgerOutcome {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let start = state.withLock { state in
                state.pending.append((operation, waiter))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if start { Task.detached { await self.drain() } }
        }
    }

    /// Commits batches until the queue is empty.
    private func drain() async {
        while true {
            let batch: [(LedgerOperation, Waiter)]? = state.withLock { state in
                guard !state.pending.isEmpty else {
                    state.writing = false
                    return nil
                }
                let taken = Array(state.pending.prefix(maximumBatch))
                state.pending.removeFirst(taken.count)
                return taken
            }
            guard let batch else { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [(LedgerOperation, Waiter)]) async {
        let operations = batch.map(\.0)
        let results: [Result<LedgerOutcome, SignerStoreError>]
        do {
            results = try await pool.transaction { connection in
                var results: [Result<LedgerOutcome, SignerStoreError>] = []
                results.reserveCapacity(operations.count)
                for operation in operations {
                    do {
                        results.append(.success(try operation.apply(connection)))
                    } catch let refusal as SignerStoreError {
                        results.append(.failure(refusal))
                    }
                }
                return results
            }
        } catch {
            for (_, waiter) in batch { waiter.resume(throwing: error) }
            return
        }
        state.withLock { state in
            state.transactions += 1
            state.operations += batch.count
        }
        for ((_, waiter), result) in zip(batch, results) { waiter.resume(with: result.mapError { $0 as any Error }) }
    }
}
