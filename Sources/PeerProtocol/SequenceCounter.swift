import Synchronization

/// Sequence numbers for the envelopes a daemon sends: the greater of the last one plus 1 and
/// the clock in microseconds since 1970. They increase within every session, and, as long as
/// the clock is not set back by more than the daemon was down, across restarts, so a daemon
/// needs no stored counter per session.
public final class SequenceCounter: Sendable {
    private let last = Mutex<UInt64>(0)
    private let microseconds: @Sendable () -> UInt64

    /// - Parameter microseconds: the clock, in microseconds since 1970.
    public init(microseconds: @escaping @Sendable () -> UInt64) {
        self.microseconds = microseconds
    }

    /// The next sequence number.
    public func next() -> UInt64 {
        let now = microseconds()
        return last.withLock { last in
            last = Swift.max(last &+ 1, now)
            return last
        }
    }
}
