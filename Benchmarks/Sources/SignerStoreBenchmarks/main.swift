// The signer's nonce ledger: issue + consume pairs (one signing's two durable writes) from 1,
// 16 and 64 concurrent callers, on a SQLite file (WAL, synchronous = FULL), and on PostgreSQL
// (synchronous_commit = on) named by CUSTODY_BENCH_POSTGRES_URL or a throwaway server started
// here. Each call returns only after the commit of its batch (group commit). Reported: pairs
// per second (wall clock), the process's CPU time per pair, and transactions (one fsync each)
// per pair. FROST is not run: commitments are made once beforehand, the shares are fixed bytes,
// so the figures are the ledger's alone.
import CustodyTestSupport
import FROST
import Foundation
import SignerStore
import Storage

let seconds = Double(ProcessInfo.processInfo.environment["CUSTODY_BENCH_SECONDS"] ?? "") ?? 3
let (shares, _) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
let keyPackage = try shares[0].verify()
let nonces = Secp256k1SHA256.preprocess(count: 60_000, keyPackage: keyPackage)

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.withLock {
            defer { value += 1 }; return value
        }
    }
    var total: Int { lock.withLock { value } }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let taken = Counter()

func run(_ name: String, _ ledger: SignerLedger, callers: Int) async throws {
    let done = Counter()
    let start = DispatchTime.now().uptimeNanoseconds
    let startCPU = cpuSeconds()
    let startCommits = ledger.commits
    let deadline = start + UInt64(seconds * 1e9)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for caller in 0..<callers {
            group.addTask {
                let session = (0..<32).map { UInt8(truncatingIfNeeded: caller &+ $0) }
                while DispatchTime.now().uptimeNanoseconds < deadline {
                    let index = taken.next()
                    guard index < nonces.commitments.count else { return }
                    let id = try await ledger.issue(nonces.commitments[index])
                    let digest = (0..<32).map { UInt8(truncatingIfNeeded: index &+ $0) }
                    _ = try await ledger.consume(
                        id, session: session, packageDigest: digest, share: Array(repeating: 3, count: 32))
                    _ = done.next()
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = cpuSeconds() - startCPU
    let transactions = ledger.commits.transactions - startCommits.transactions
    let pairs = done.total
    print(
        String(
            format: "%@, %2d callers: %6d pairs in %.2f s: %7.0f pairs/s, %6.1f µs CPU/pair, %.3f transactions/pair",
            name, callers, pairs, elapsed, Double(pairs) / elapsed, cpu / Double(max(1, pairs)) * 1e6,
            Double(transactions) / Double(max(1, pairs))))
}

let directory = NSTemporaryDirectory() + "custody-ledger-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
let sqlite = try await SQLiteConnectionPool(path: directory + "/signer.sqlite")
let sqliteLedger = try await SignerLedger.open(pool: sqlite)
for callers in [1, 16, 64] { try await run("SQLite    ", sqliteLedger, callers: callers) }
await sqlite.close()

let postgresURL: String
if let url = ProcessInfo.processInfo.environment["CUSTODY_BENCH_POSTGRES_URL"], !url.isEmpty {
    postgresURL = url
} else {
    postgresURL = try PostgresTestServer.shared.get().makeDatabase()
}
let postgres = try await PostgresConnectionPool(url: postgresURL, size: 2)
let postgresLedger = try await SignerLedger.open(pool: postgres)
for callers in [1, 16, 64] { try await run("PostgreSQL", postgresLedger, callers: callers) }
await postgres.close()
