// Durable appends to the audit log from 64 concurrent writers, on each driver: a SQLite file
// (WAL, synchronous = FULL) and PostgreSQL (synchronous_commit = on), named by
// CUSTODY_BENCH_POSTGRES_URL (its user needs CREATEDB) or a throwaway server started here.
// Every append returns only after the commit of its batch (group commit), and every batch's
// transaction ends in a checkpoint signed with a development Ed25519 key.
import AuditLog
import AuditStorage
import CustodyTestSupport
import Foundation
import Storage

let writers = 64
let seconds = Double(ProcessInfo.processInfo.environment["CUSTODY_BENCH_SECONDS"] ?? "") ?? 5
let signer = try DevelopmentNoteSigner(name: "bench.custody/checkpoint", seed: Array(repeating: 7, count: 32))
// About 300 bytes a record, as in the verification benchmark.
let payload = Array(
    (#"{"amount":"125000000","asset":"BTC","destination":"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh","#
        + #""request":"r-000000000000","rule":"hot-wallet-daily","wallet":"hot-1","note":"benchmark"}"#).utf8)

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add(_ n: Int) { lock.withLock { value += n } }
    var total: Int { lock.withLock { value } }
}

func run(_ name: String, _ database: any SQLDatabase) async throws {
    let log = try PersistentAuditLog(
        database: database, origin: "bench.custody/audit", genesisKey: signer.verifierKey, signers: [signer])
    // Warm-up: a second of appends.
    for (phase, duration) in [("warm-up", 1.0), ("measured", seconds)] {
        let done = Counter()
        let (startSize, startCommits) = (log.size, log.commits)
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(duration * 1e9)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var count = 0
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        try await log.append(type: .signatureShare, actor: "signer:\(writer % 7)", payload: payload)
                        count += 1
                    }
                    done.add(count)
                }
            }
            try await group.waitForAll()
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let commits = log.commits
        let batches = commits.batches - startCommits.batches
        precondition(log.size - startSize == UInt64(done.total))
        if phase == "measured" {
            print(
                String(
                    format:
                        "%@: %d durable appends from %d writers in %.2f s: %.0f appends/s, %d commits (%.1f records each)",
                    name, done.total, writers, elapsed, Double(done.total) / elapsed, batches,
                    Double(commits.records - startCommits.records) / Double(max(1, batches))))
        }
    }
    let verdict = try AuditDatabase.verify(database: database, trustedKey: signer.verifierKey)
    precondition(verdict.name == "OK", "\(verdict)")
}

// `AuditBenchmarks verify`: the verification of a large bundle instead (LargeBundle.swift).
if CommandLine.arguments.dropFirst().first == "verify" {
    try verifyLargeBundle()
    exit(0)
}

let directory = NSTemporaryDirectory() + "custody-audit-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
try await run("SQLite", SQLiteDatabase(path: directory + "/audit.sqlite"))

let postgresURL: String
if let url = ProcessInfo.processInfo.environment["CUSTODY_BENCH_POSTGRES_URL"], !url.isEmpty {
    postgresURL = url
} else {
    postgresURL = try PostgresTestServer.shared.get().makeDatabase()
}
try await run("PostgreSQL", PostgresDatabase(url: postgresURL))
