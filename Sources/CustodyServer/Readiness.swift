import Synchronization

/// Whether a daemon serves: `starting` until its resources are open, `ready` while it serves,
/// `stopping` from the moment a graceful shutdown begins. `GET /healthz` answers 200 only when
/// ready.
public final class Readiness: Sendable {
    public enum State: String, Sendable {
        case starting, ready, stopping
    }

    private let state = Mutex(State.starting)

    public init() {}

    public var current: State { state.withLock { $0 } }

    func set(_ new: State) { state.withLock { $0 = new } }
}
