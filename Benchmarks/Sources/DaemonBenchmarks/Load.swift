import CustodyTestSupport
import Encoding
import Foundation
import Synchronization

/// One level of load: `requests` distinct signing requests sent by `concurrency` threads, each
/// on its own wallet with one request in flight (a new loopback connection per request), timed
/// from the first byte sent to the last byte received.
final class Load: Sendable {
    struct Outcome: Sendable {
        let latency: Duration
        let status: Int
        let body: String
        let message: [UInt8]
        let wallet: String
    }

    let port: Int
    let requests: Int
    let prefix: String
    private let next = Atomic<Int>(0)
    private let outcomes = Mutex<[Outcome]>([])

    init(port: Int, requests: Int, prefix: String) {
        self.port = port
        self.requests = requests
        self.prefix = prefix
    }

    /// Runs the load on `concurrency` threads; the outcomes and the wall time.
    func run(concurrency: Int) -> (outcomes: [Outcome], wall: Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let done = DispatchGroup()
        for index in 0..<concurrency {
            done.enter()
            let thread = Thread { [self] in
                self.work(wallet: Requests.wallets[index])
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        return (outcomes.withLock { $0 }, clock.now - start)
    }

    private func work(wallet: String) {
        let clock = ContinuousClock()
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < requests else { return }
            let id = "\(prefix)-\(index)"
            let message = Requests.message(id)
            let body = Requests.body(id: id, wallet: wallet, message: message, timeoutSeconds: 30)
            let start = clock.now
            let outcome: Outcome
            do {
                let response = try LoopbackHTTP.request(
                    port: port, "/v1/signatures", method: "POST", body: body,
                    headers: ["Content-Type": "application/json"], timeout: .seconds(60))
                outcome = Outcome(
                    latency: clock.now - start, status: response.status, body: response.body, message: message,
                    wallet: wallet)
            } catch {
                outcome = Outcome(
                    latency: clock.now - start, status: 0, body: "\(error)", message: message, wallet: wallet)
            }
            outcomes.withLock { $0.append(outcome) }
        }
    }
}

/// Nearest-rank percentile of sorted durations.
func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
    guard !sorted.isEmpty else { return .zero }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// This process's CPU time (user + system), in seconds.
func ownCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
