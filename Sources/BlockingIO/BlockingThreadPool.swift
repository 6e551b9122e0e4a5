import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A fixed set of dedicated threads that run blocking C calls (PKCS#11, libpq, SQLite), so that
/// an `async` caller waits without holding one of Swift's cooperative threads (there are only as
/// many as cores, and a blocked one stalls every task behind it).
///
/// Jobs start in the order they were submitted, each on whichever thread is free. The threads
/// start in `init` and end after ``shutdown()``, once the jobs already submitted have run; a
/// job submitted after ``shutdown()`` runs on a thread started for it alone, so that no caller
/// waits forever.
///
/// `@unchecked Sendable`: the job queue and the stopping flag are guarded by `state`'s mutex;
/// `pending` is a counting semaphore, safe from any thread; the threads are created in `init`
/// and never touched again.
public final class BlockingThreadPool: @unchecked Sendable {
    /// The most threads one pool starts; a larger request is lowered to it.
    public static let maximumThreads = 256

    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var stopping = false
    }

    private let state = Mutex(State())
    /// The pool's threads, as `pthread_self()` gives them.
    private let threadIDs = Mutex<Set<UInt>>([])
    private let pending = DispatchSemaphore(value: 0)
    /// How many threads the pool runs: the requested count, clamped to 1 ... ``maximumThreads``.
    public let threadCount: Int

    /// Starts `threads` threads, clamped to 1 ... ``maximumThreads``, named `name-1`, `name-2`, …
    public init(threads: Int, name: String) {
        threadCount = min(max(threads, 1), Self.maximumThreads)
        for index in 1...threadCount {
            let thread = Thread { [self] in
                threadIDs.withLock { _ = $0.insert(UInt(bitPattern: Int(bitPattern: pthread_self()))) }
                work()
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// True when the calling thread is one of the pool's.
    public var ownsCurrentThread: Bool {
        threadIDs.withLock { $0.contains(UInt(bitPattern: Int(bitPattern: pthread_self()))) }
    }

    /// Runs `job` on one of the pool's threads (after ``shutdown()``, on a thread of its own).
    public func submit(_ job: @escaping @Sendable () -> Void) {
        let accepted = state.withLock { state in
            if state.stopping { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            pending.signal()
        } else {
            Thread { job() }.start()
        }
    }

    /// Runs `body` on one of the pool's threads and returns its result to the awaiting task.
    ///
    /// Cancelling the awaiting task does not interrupt `body`: a blocking call runs to its end,
    /// and the task gets its result.
    public func run<R: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> R) async throws(E) -> R {
        let result: Result<R, E> = await withCheckedContinuation { continuation in
            submit {
                do throws(E) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Lets each thread finish the jobs already submitted, then end. Calling it again does
    /// nothing more.
    public func shutdown() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        for _ in 0..<threadCount { pending.signal() }
    }

    private func work() {
        while true {
            pending.wait()
            let job: (@Sendable () -> Void)? = state.withLock { state in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                // Drop what has run once the queue is drained, so that it does not grow forever.
                if state.head == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return job
            }
            if let job {
                job()
                continue
            }
            // A wake-up without a job is the shutdown signal.
            if state.withLock({ $0.stopping }) { return }
        }
    }
}
