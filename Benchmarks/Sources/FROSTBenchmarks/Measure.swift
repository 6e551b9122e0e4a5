#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small timing harness on `ContinuousClock`: warm-up, then timed samples of a batch of
/// operations each, reported per operation.
///
/// A figure is taken in three steps:
///
/// 1. Warm-up: the operation runs in batches of 1, 2, 4, … until a tenth of the time budget
///    has passed (at least one run). This fills caches, faults in lazily initialised state (the
///    libsecp256k1 context, tagged-hash prefixes) and gives a first estimate of its cost.
/// 2. The batch size is chosen so that about ``targetSamples`` samples fill the budget, and
///    fast operations run many times per clock reading, so the ~30 ns of a clock reading does
///    not show. Slow operations run once per sample, and at least ``minimumSamples`` times.
/// 3. Each sample times one batch. Inputs a batch consumes (nonces, which are `~Copyable` and
///    used once) are made by `prepare` before the clock starts and dropped after it stops.
///
/// The median is the median over samples of (sample time / batch size); the mean is the total
/// timed time over the total number of operations.
struct Measure {
    /// Timed time aimed at per figure, warm-up not included.
    var budget: Duration
    /// Fewest timed samples per figure, whatever the budget.
    var minimumSamples: Int
    /// Samples aimed at when the operation is fast enough to fit them in the budget.
    var targetSamples = 50

    private let clock = ContinuousClock()

    init(budget: Duration, minimumSamples: Int = 5) {
        self.budget = budget
        self.minimumSamples = minimumSamples
    }

    /// Times `body`, one operation per call.
    func run(_ body: () throws -> Void) rethrows -> Statistics {
        try run(prepare: { count in [Void](repeating: (), count: count) }, { _ in try body() })
    }

    /// Times `body` on inputs from `prepare(count)`; only the calls of `body` are timed.
    func run<Input>(prepare: (_ count: Int) throws -> [Input], _ body: (Input) throws -> Void) rethrows -> Statistics {
        // 1. Warm-up, doubling the batch until a tenth of the budget is spent.
        let warmUpBudget = budget / 10
        var warmUpSpent = Duration.zero
        var batch = 1
        var estimate = Duration.zero
        while true {
            let inputs = try prepare(batch)
            let elapsed = try time(inputs, body)
            warmUpSpent += elapsed
            estimate = elapsed / batch
            if warmUpSpent >= warmUpBudget { break }
            batch *= 2
        }

        // 2. Batch size and number of samples from the estimate.
        let perSample = budget / targetSamples
        batch = estimate > .zero ? max(1, Int((perSample / estimate).rounded(.down))) : 1
        let sampleCost = estimate * batch
        let fitting = sampleCost > .zero ? Int((budget / sampleCost).rounded(.down)) : targetSamples
        let samples = max(minimumSamples, min(fitting, targetSamples * 4))

        // 3. The timed samples.
        var perOperation: [Duration] = []
        perOperation.reserveCapacity(samples)
        var total = Duration.zero
        for _ in 0..<samples {
            let inputs = try prepare(batch)
            let elapsed = try time(inputs, body)
            total += elapsed
            perOperation.append(elapsed / batch)
        }
        return Statistics(
            operations: samples * batch, samples: samples, median: Self.median(perOperation),
            mean: total / (samples * batch))
    }

    /// The time `body` takes over all of `inputs`. `inputs` is released by the caller, after
    /// the clock has stopped.
    private func time<Input>(_ inputs: [Input], _ body: (Input) throws -> Void) rethrows -> Duration {
        guard Self.cpuTime else {
            let start = clock.now
            for input in inputs { try body(input) }
            return clock.now - start
        }
        let start = Self.threadCPUTime()
        for input in inputs { try body(input) }
        return Self.threadCPUTime() - start
    }

    /// Times with this thread's CPU time (`--cpu-time`) instead of the wall clock: on a machine
    /// shared with other work, the time the thread was not running is left out.
    nonisolated(unsafe) static var cpuTime = false

    private static func threadCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    private static func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The result of one figure, per operation.
struct Statistics: Sendable {
    /// Operations timed in all.
    let operations: Int
    /// Timed samples (clock readings).
    let samples: Int
    /// The median over samples of the time per operation.
    let median: Duration
    /// Total timed time over operations.
    let mean: Duration
}

extension Duration {
    /// The duration in microseconds.
    var microseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }
}

/// Keeps the optimiser from discarding a result that is otherwise unused.
///
/// `@_optimize(none)` stops the compiler from seeing that the function does nothing, so the
/// work that produced `value` cannot be removed as dead code.
@_optimize(none) @inline(never)
func blackHole<T>(_ value: T) {}
