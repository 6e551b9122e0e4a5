import CustodyTestSupport
import Encoding
import Foundation
import Secp256k1

// Signatures per second and latency through the daemons: `custodyd coordinator serve` and its
// signers (`custodyd signer serve`), real processes on loopback, each on its own SoftHSM2 token
// (shares unsealed per signing), SQLite nonce ledger and audit log; a Taproot (`secp256k1-tr`)
// wallet per concurrent session, each made by a key ceremony; `POST /v1/signatures` with one
// message per request at 1, 16 and 64 concurrent sessions. `docs/performance.md` § Daemons.
//
// Needs the root package's release `custodyd` (`swift build -c release --product custodyd` in
// the root), or the path in `CUSTODY_BENCH_CUSTODYD`. Arguments: the configurations to run
// (`2-of-3`, `3-of-5`; default both). `CUSTODY_BENCH_REQUESTS` sets the requests per level at 16
// and 64 sessions (default 1000; a quarter of it, at least 50, at 1 session).

/// The release `custodyd` of the root package: `CUSTODY_BENCH_CUSTODYD`, else the first
/// `.build/release/custodyd` in a directory above this executable or the working directory.
func locateCustodyd() -> String? {
    if let path = ProcessInfo.processInfo.environment["CUSTODY_BENCH_CUSTODYD"] {
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    for start in [
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    ] {
        var directory = start
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(".build/release/custodyd").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
    }
    return nil
}

guard let custodyd = locateCustodyd() else {
    FileHandle.standardError.write(
        Data(
            """
            DaemonBenchmarks: no release custodyd found. Build it in the repository's root first:
              swift build -c release --product custodyd
            or give its path in CUSTODY_BENCH_CUSTODYD.

            """.utf8))
    exit(2)
}

let configurations = [(threshold: 2, signers: 3), (threshold: 3, signers: 5)].filter {
    let arguments = CommandLine.arguments.dropFirst()
    return arguments.isEmpty || arguments.contains("\($0.threshold)-of-\($0.signers)")
}
let requestsPerLevel = ProcessInfo.processInfo.environment["CUSTODY_BENCH_REQUESTS"].flatMap(Int.init) ?? 1000
let run = UUID().uuidString.prefix(8)

var loadAverage: String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "?"
}

print("custodyd: \(custodyd)")
print("load average at start: \(loadAverage)")
print(
    "config | sessions | requests | signed | failed | signatures/s | p50 ms | p99 ms | max ms | CPU ms/signature: coordinator, signers (sum), this client | load"
)
var failedAny = false
for configuration in configurations {
    let name = "\(configuration.threshold)-of-\(configuration.signers)"
    let cluster: Cluster
    do {
        cluster = try Cluster(custodyd: custodyd, signers: configuration.signers)
    } catch {
        print("\(name): set-up failed: \(error)")
        failedAny = true
        continue
    }
    defer { cluster.stop() }
    // One wallet per concurrent session (a key ceremony each).
    var groupKeys: [String: [UInt8]] = [:]
    do {
        for wallet in Requests.wallets {
            groupKeys[wallet] = try cluster.createWallet(wallet, threshold: configuration.threshold)
        }
    } catch {
        print("\(name): \(error)")
        failedAny = true
        continue
    }
    // Warm-up: connections, caches, the SQLite files' first pages, the token's key handles.
    _ = Load(port: cluster.coordinatorPort, requests: 10, prefix: "bench-\(run)-\(name)-warm").run(concurrency: 1)
    for concurrency in [1, 16, 64] {
        let requests = concurrency == 1 ? max(50, requestsPerLevel / 4) : requestsPerLevel
        let before = cluster.cpuSeconds()
        let clientBefore = ownCPUSeconds()
        let (outcomes, wall) = Load(
            port: cluster.coordinatorPort, requests: requests, prefix: "bench-\(run)-\(name)-c\(concurrency)"
        ).run(concurrency: concurrency)
        let clientCPU = ownCPUSeconds() - clientBefore
        let after = cluster.cpuSeconds()
        let signed = outcomes.filter { $0.status == 200 }
        let failed = outcomes.filter { $0.status != 200 }
        // At least one returned signature checked with BIP-340 under the group key.
        var verified = 0
        for outcome in signed.prefix(3) {
            guard let hex = (Cluster.json(outcome.body)["signatures"] as? [String])?.first,
                let signature = try? Hex.decode(hex),
                let groupKey = groupKeys[outcome.wallet],
                Schnorr.verify(signature: signature, message: outcome.message, publicKey: groupKey)
            else {
                print("\(name): a returned signature does not verify under the group key: \(outcome.body)")
                failedAny = true
                continue
            }
            verified += 1
        }
        if verified == 0 { failedAny = true }
        let latencies = signed.map(\.latency).sorted()
        let count = Double(max(signed.count, 1))
        let coordinatorCPU = (after["coordinator"] ?? 0) - (before["coordinator"] ?? 0)
        let signersCPU = cluster.signerIDs.reduce(0.0) { $0 + (after[$1] ?? 0) - (before[$1] ?? 0) }
        let rate = Double(signed.count) / (milliseconds(wall) / 1000)
        print(
            String(
                format: "%@ | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f, %.2f, %.2f | %@", name, concurrency,
                requests, signed.count, failed.count, rate, milliseconds(percentile(latencies, 50)),
                milliseconds(percentile(latencies, 99)), milliseconds(latencies.last ?? .zero),
                coordinatorCPU * 1000 / count, signersCPU * 1000 / count, clientCPU * 1000 / count, loadAverage))
        if verified == 0 { print("\(name): no signature verified at \(concurrency) sessions") }
        if !failed.isEmpty {
            failedAny = true
            var reasons: [String: Int] = [:]
            for outcome in failed { reasons["\(outcome.status) \(outcome.body.prefix(160))", default: 0] += 1 }
            for (reason, times) in reasons.sorted(by: { $0.value > $1.value }).prefix(5) {
                print("  \(times)× \(reason)")
            }
        }
    }
}
print("target: 1000 signatures/s at 64 sessions with p99 under 50 ms")
exit(failedAny ? 1 : 0)
