import Bitcoin
import Crypto
import CustodyTestSupport
import Foundation
import Synchronization

// Withdrawals per second and latency through the public service API: a local cluster made by
// the root package's release `custody dev up` (a coordinator and three signers on loopback, each
// on its own SoftHSM2 token, SQLite and durable audit logs), then PSBT withdrawals of one input
// and two outputs from the hot wallet, which the dev policy approves automatically, submitted by
// 1, 16 and 64 concurrent clients through `CreateWithdrawal`; one `WatchRequests` long-poll
// tells every client when its request is signed: the latency is from the call to that answer.
// `docs/performance.md` § Service API.
//
// Needs the root package's release `custody` and `custodyd` (`swift build -c release --product
// custody` and `--product custodyd`), or their directory in `CUSTODY_BENCH_BIN`.
// `CUSTODY_BENCH_REQUESTS` sets the withdrawals per level at 16 and 64 clients (default 500; a
// fifth of it, at least 50, at 1 client).

func locateBin() -> String? {
    if let path = ProcessInfo.processInfo.environment["CUSTODY_BENCH_BIN"] { return path }
    var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent(".build/release")
        if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("custodyd").path),
            FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("custody").path)
        {
            return candidate.path
        }
        directory.deleteLastPathComponent()
    }
    return nil
}

guard let bin = locateBin() else {
    FileHandle.standardError.write(
        Data("APIBenchmarks: build the root package's release custody and custodyd first\n".utf8))
    exit(2)
}
let perLevel = ProcessInfo.processInfo.environment["CUSTODY_BENCH_REQUESTS"].flatMap(Int.init) ?? 500
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-bench-\(UUID().uuidString)").path
let port = Int.random(in: 20_000...50_000)
let up = try ProcessRunner.run(bin + "/custody", ["dev", "up", directory, "--port", String(port)])
guard up.status == 0 else {
    print("custody dev up failed: \(up.stderr)")
    exit(1)
}
let cluster =
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/cluster.json")))
    as! [String: Any]
let apiKey = try String(contentsOfFile: directory + "/api-key", encoding: .utf8)
let hotAddress = (cluster["wallets"] as! [String: String])["hot"]!
/// What every client thread needs.
struct Bench: Sendable {
    let port: Int
    let apiKey: String
    let walletScript: [UInt8]
    let customerScript: [UInt8]
    let run: String

    /// A PSBT of one input (a distinct made-up outpoint of the hot wallet) and two outputs.
    func psbt(_ index: String) throws -> String {
        let txid = Array(SHA256.hash(data: Array("api bench \(run) \(index)".utf8)))
        let unsigned = try PSBT.unsigned(
            spending: [
                .init(
                    outpoint: .init(txid: txid, index: 0),
                    output: .init(amount: 1_000_000, scriptPubKey: walletScript))
            ],
            to: [
                .init(amount: 500_000, scriptPubKey: customerScript),
                .init(amount: 499_000, scriptPubKey: walletScript),
            ])
        return Data(unsigned.serialized()).base64EncodedString()
    }

    func call(_ method: String, _ body: String) throws -> [String: Any] {
        let response = try LoopbackHTTP.request(
            port: port, "/custody.v1.CustodyService/\(method)", method: "POST", body: Array(body.utf8),
            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(apiKey)"], timeout: .seconds(60))
        return (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any] ?? [:]
    }
}

let bench = Bench(
    port: port, apiKey: apiKey, walletScript: try SegwitAddress(hotAddress, network: .regtest).scriptPubKey,
    customerScript: try SegwitAddress(witnessVersion: 0, program: Array(repeating: 0x11, count: 20), network: .regtest)
        .scriptPubKey, run: String(UUID().uuidString.prefix(8)))

struct Outcome: Sendable {
    let latency: Duration
    let state: String
}

/// Learns when requests finish through one `WatchRequests` long-poll for every client, so that
/// waiting adds no load but the watcher's: each client registers its request and waits.
final class Watcher: Sendable {
    let bench: Bench
    private let waiting = Mutex<[String: (DispatchSemaphore, String)]>([:])
    private let finished = Mutex<[String: String]>([:])

    init(bench: Bench) { self.bench = bench }

    func start() {
        let thread = Thread { [self] in
            var cursor = ""
            while true {
                guard
                    let answer = try? bench.call(
                        "WatchRequests", #"{"cursor": "\#(cursor)", "waitSeconds": 5, "pageSize": 1000}"#)
                else { continue }
                cursor = answer["cursor"] as? String ?? cursor
                for request in answer["requests"] as? [[String: Any]] ?? [] {
                    guard let id = request["id"] as? String, let state = request["state"] as? String,
                        !["REQUEST_STATE_APPROVED", "REQUEST_STATE_SIGNING", "REQUEST_STATE_PENDING_APPROVAL"]
                            .contains(state)
                    else { continue }
                    // Recorded and taken out under one lock, as `wait` registers under it.
                    let waiter = waiting.withLock { waiting in
                        finished.withLock { $0[id] = state }
                        return waiting.removeValue(forKey: id)?.0
                    }
                    waiter?.signal()
                }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits until request `id` is final; its state.
    func wait(_ id: String) -> String {
        let semaphore = DispatchSemaphore(value: 0)
        let already: String? = waiting.withLock { waiting in
            if let state = finished.withLock({ $0[id] }) { return state }
            waiting[id] = (semaphore, id)
            return nil
        }
        if let already { return already }
        guard semaphore.wait(timeout: .now() + 120) == .success else { return "timed out" }
        return finished.withLock { $0[id] } ?? "unknown"
    }
}

/// The work one level's client threads share.
final class Shared: Sendable {
    let next = Atomic<Int>(0)
    let outcomes = Mutex<[Outcome]>([])
}

func level(_ bench: Bench, _ watcher: Watcher, clients: Int, requests: Int, name: String) -> (
    outcomes: [Outcome], wall: Duration
) {
    let shared = Shared()
    let clock = ContinuousClock()
    let start = clock.now
    let done = DispatchGroup()
    for _ in 0..<clients {
        done.enter()
        let thread = Thread {
            while true {
                let index = shared.next.add(1, ordering: .relaxed).oldValue
                guard index < requests else { break }
                let began = clock.now
                var state = "error"
                do {
                    let bytes = try bench.psbt("\(name)-\(index)")
                    let key = "\(bench.run)-\(name)-\(index)"
                    let created = try bench.call(
                        "CreateWithdrawal", #"{"idempotencyKey": "\#(key)", "walletId": "hot", "psbt": "\#(bytes)"}"#)
                    let id = (created["request"] as? [String: Any])?["id"] as? String ?? ""
                    state = (created["request"] as? [String: Any])?["state"] as? String ?? "refused"
                    if !id.isEmpty, ["REQUEST_STATE_APPROVED", "REQUEST_STATE_SIGNING"].contains(state) {
                        state = watcher.wait(id)
                    }
                } catch {
                    state = "error: \(error)"
                }
                let outcome = Outcome(latency: clock.now - began, state: state)
                shared.outcomes.withLock { $0.append(outcome) }
            }
            done.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    done.wait()
    return (shared.outcomes.withLock { $0 }, clock.now - start)
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
    guard !sorted.isEmpty else { return .zero }
    return sorted[min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))]
}

var loadAverage: String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "?"
}

print("custody, custodyd: \(bin)")
print("clients | withdrawals | signed | other | withdrawals/s | p50 ms | p99 ms | max ms | load")
let watcher = Watcher(bench: bench)
watcher.start()
_ = level(bench, watcher, clients: 1, requests: 5, name: "warm")
var failed = false
for clients in [1, 16, 64] {
    let requests = clients == 1 ? max(50, perLevel / 5) : perLevel
    let (outcomes, wall) = level(bench, watcher, clients: clients, requests: requests, name: "c\(clients)")
    let signed = outcomes.filter { $0.state == "REQUEST_STATE_SIGNED" }
    let latencies = signed.map(\.latency).sorted()
    print(
        String(
            format: "%d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %@", clients, requests, signed.count,
            outcomes.count - signed.count, Double(signed.count) / (milliseconds(wall) / 1000),
            milliseconds(percentile(latencies, 50)), milliseconds(percentile(latencies, 99)),
            milliseconds(latencies.last ?? .zero), loadAverage))
    let other = Dictionary(grouping: outcomes.filter { $0.state != "REQUEST_STATE_SIGNED" }, by: \.state)
    for (state, list) in other.sorted(by: { $0.value.count > $1.value.count }).prefix(5) {
        print("  \(list.count)× \(state.prefix(200))")
        failed = true
    }
}
print("target: 1000 withdrawals/s at 64 clients with p99 under 50 ms")
// `exit` runs no `defer`: the cluster is stopped first.
_ = try? ProcessRunner.run(bin + "/custody", ["dev", "down", directory])
exit(failed ? 1 : 0)
