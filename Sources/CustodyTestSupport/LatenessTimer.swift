import Synchronization

/// A 1 ms timer for the tests that show blocking calls stay off Swift's cooperative threads:
/// ``run()`` sleeps 1 ms in a loop until ``stop()``, recording how late each wake-up is. Were
/// the cooperative threads blocked, the wake-ups would come late or not at all.
public final class LatenessTimer: Sendable {
    private let running = Atomic<Bool>(true)
    private let recorded = Mutex<[Duration]>([])

    public init() {}

    /// Ends ``run()`` after its current tick.
    public func stop() { running.store(false, ordering: .releasing) }

    /// Ticks until ``stop()``.
    public func run() async {
        let clock = ContinuousClock()
        while running.load(ordering: .acquiring) {
            let asleep = clock.now
            try? await Task.sleep(for: .milliseconds(1), tolerance: .zero, clock: clock)
            let late = clock.now - asleep - .milliseconds(1)
            recorded.withLock { $0.append(late) }
        }
    }

    /// How late each tick woke, shortest first.
    public var lateness: [Duration] { recorded.withLock { $0 }.sorted() }
}
