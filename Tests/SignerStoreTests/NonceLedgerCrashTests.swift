import CustodyTestSupport
import Encoding
import FROST
import Foundation
import SignerStore
import Storage
import Synchronization
import Testing

/// A signer killed with SIGKILL at random points never reuses a nonce: a child process (this
/// test binary) runs issue → sign → consume cycles on eight tasks at once against a SQLite
/// ledger, printing each commitment once `issue` returned and each share once `consume`
/// returned, and is killed after a random number of lines; the parent reopens the ledger and
/// checks what was printed (released) against what is recorded. Three kills per seed, on one
/// database, for four seeds.
///
/// SIGKILL ends the process, not the machine: what the kernel had been given survives it. So
/// this checks the order of the writes and releases (nothing is printed before its commit) and
/// the restart rule; surviving a power loss rests on SQLite's fsync at each commit
/// (`synchronous = FULL` in WAL mode; docs/signer-store.md).
@Suite struct NonceLedgerCrashTests {
    static let databaseVariable = "CUSTODY_TEST_LEDGER_CRASH_DB"
    static let seedVariable = "CUSTODY_TEST_LEDGER_CRASH_SEED"
    static let prefix = "ledger-crash "

    @Test func aSignerKilledAtRandomPointsNeverReusesANonce() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[Self.databaseVariable] {
            try await Self.child(path: path, seed: UInt64(environment[Self.seedVariable] ?? "") ?? 0)
            IsolatedChild.endPassed()
        }
        for seed: UInt64 in [1, 2, 3, 4] {
            try await Self.parent(seed: seed)
        }
    }

    // MARK: - The child: a signer at work

    /// Lines printed by the child's tasks, one `write` each, never interleaved.
    static let output = Mutex(())

    static func say(_ line: String) {
        output.withLock { _ in FileHandle.standardOutput.write(Data((prefix + line + "\n").utf8)) }
    }

    static func child(path: String, seed: UInt64) async throws {
        let pool = try await SQLiteConnectionPool(path: path)
        let ledger = try await SignerLedger.open(pool: pool)
        say("opened \(ledger.burnedAtOpen)")
        let harness = try LedgerHarness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var generator = SeededGenerator(seed: seed &* 1000 &+ UInt64(worker))
                    for _ in 0..<1000 { try await cycle(ledger, harness, &generator) }
                }
            }
            try await group.waitForAll()
        }
        await pool.close()
    }

    /// One session as a signer's driver runs it: issue (and only then publish the commitment),
    /// then burn, abandon or sign and consume (and only then release the share).
    static func cycle(_ ledger: SignerLedger, _ harness: LedgerHarness, _ generator: inout SeededGenerator)
        async throws
    {
        let mine = Secp256k1SHA256.commit(keyPackage: harness.keyPackages[0])
        let commitments = mine.commitments
        let id = try await ledger.issue(commitments)
        say(
            "issued \(id) \(Hex.encode(try commitments.hiding.compressed())) "
                + "\(Hex.encode(try commitments.binding.compressed()))")
        let roll = generator.next() % 20
        if roll == 0 {
            _ = consume mine
            try await ledger.burn(id, reason: .aborted)
            say("burned \(id)")
            return
        }
        if roll == 1 {
            _ = consume mine  // the coordinator went away: the nonce stays issued
            return
        }
        let theirs = Secp256k1SHA256.commit(keyPackage: harness.keyPackages[1])
        let package = try SigningPackage(
            commitments: [commitments, theirs.commitments], message: (0..<32).map { _ in UInt8.random(in: 0...255) })
        let session = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let digest = LedgerHarness.digest(package)
        let share = try Secp256k1SHA256.sign(package, nonces: mine, keyPackage: harness.keyPackages[0])
        let released = try await ledger.consume(
            id, session: session, packageDigest: digest, share: share.response.bigEndianBytes)
        say("share \(id) \(Hex.encode(session)) \(Hex.encode(digest)) \(Hex.encode(released.share))")
        if roll == 2 {
            // The coordinator asks again for the same session and package.
            let again = try await ledger.consume(
                id, session: session, packageDigest: digest, share: Array(repeating: 1, count: 32))
            say("share \(id) \(Hex.encode(session)) \(Hex.encode(digest)) \(Hex.encode(again.share))")
        }
    }

    // MARK: - The parent: kill, reopen, check

    /// What the children printed, over every run on one database.
    struct Printed {
        /// Commitments (hiding, binding), by nonce id.
        var issued: [String: (String, String)] = [:]
        /// Every (session, digest, share) printed for each nonce id.
        var shares: [String: [[String]]] = [:]
        var burned: Set<String> = []
        var lines = 0

        mutating func read(_ line: Substring) throws {
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "issued":
                try #require(words.count == 4, "\(line)")
                issued[words[1]] = (words[2], words[3])
            case "share":
                try #require(words.count == 5, "\(line)")
                shares[words[1], default: []].append(Array(words[2...4]))
            case "burned":
                try #require(words.count == 2, "\(line)")
                burned.insert(words[1])
            case "opened": break
            default: Issue.record("an unexpected line: \(line)")
            }
            lines += 1
        }
    }

    static func parent(seed: UInt64) async throws {
        let path = NSTemporaryDirectory() + "custody-ledger-crash-\(UUID().uuidString).sqlite"
        var generator = SeededGenerator(seed: seed)
        var printed = Printed()
        var burnedAtReopening = 0
        for _ in 0..<3 {
            let killAfter = 20 + Int(generator.next() % 400)
            let status = try runAndKill(path: path, seed: generator.next(), afterLines: killAfter, into: &printed)
            #expect(status == SIGKILL, "the child was not killed (status \(status)): it should run longer")
            burnedAtReopening += try await check(path: path, printed: printed)
        }
        #expect(printed.shares.count > 10, "too few shares released before the kills: \(printed.shares.count)")
        #expect(burnedAtReopening > 0, "no kill left a nonce issued: the restart rule was not exercised")
        print(
            "seed \(seed): \(printed.lines) lines, \(printed.issued.count) commitments and "
                + "\(printed.shares.count) shares released, \(printed.burned.count) burned by the child, "
                + "\(burnedAtReopening) burned at reopening")
    }

    /// Runs a child on `path`, reads its lines as they come, kills it with SIGKILL once it
    /// printed `afterLines` of them (after a random pause under 2 ms), and reads every line it
    /// printed before it died. Returns the signal that ended it (0 if it exited).
    static func runAndKill(path: String, seed: UInt64, afterLines: Int, into printed: inout Printed) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--testing-library", "swift-testing", "--filter", "NonceLedgerCrashTests"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            [databaseVariable: path, seedVariable: "\(seed)"]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var buffer: [UInt8] = []
        var seen = 0
        var killed = false
        while true {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            buffer += data
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                guard line.hasPrefix(prefix) else { continue }
                try printed.read(line.dropFirst(prefix.count))
                seen += 1
            }
            if !killed, seen >= afterLines {
                usleep(UInt32.random(in: 0..<2000))
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        // A line cut by the kill (no newline) was never printed whole: it is not counted.
        return process.terminationReason == .uncaughtSignal ? process.terminationStatus : 0
    }

    /// Reopens the ledger after a kill and checks it against everything printed so far.
    /// Returns how many nonces reopening burned.
    @discardableResult
    static func check(path: String, printed: Printed) async throws -> Int {
        let left = try SQLiteDatabase(path: path).query(
            "SELECT count(*) FROM signer_nonces WHERE state = 'issued'")[0][0].integer()
        let pool = try await SQLiteConnectionPool(path: path)
        let ledger = try await SignerLedger.open(pool: pool)
        let records = (ledger.burnedAtOpen, try await ledger.nonces(), try await ledger.count(.issued))
        await pool.close()
        #expect(records.0 == Int(left), "reopening burned \(records.0) nonces, \(left) were issued")
        #expect(records.2 == 0, "a nonce is still issued after reopening")
        let byID = Dictionary(uniqueKeysWithValues: records.1.map { ($0.id.description, $0) })
        for (id, (hiding, binding)) in printed.issued {
            guard let record = byID[id] else {
                Issue.record("the released commitment of nonce \(id) is not in the ledger")
                continue
            }
            #expect(Hex.encode(try record.commitments.hiding.compressed()) == hiding)
            #expect(Hex.encode(try record.commitments.binding.compressed()) == binding)
        }
        for (id, shares) in printed.shares {
            #expect(Set(shares).count == 1, "nonce \(id) released two shares: \(shares)")
            let record = byID[id]
            #expect(
                record?.state == .consumed, "nonce \(id) released a share but is \(String(describing: record?.state))")
            if let consumption = record?.consumption {
                #expect(
                    [
                        Hex.encode(consumption.session), Hex.encode(consumption.packageDigest),
                        Hex.encode(consumption.share),
                    ]
                        == shares[0], "nonce \(id) records another share than the one released")
            }
        }
        for id in printed.burned {
            #expect(byID[id]?.state == .burned, "nonce \(id) was burned but is \(String(describing: byID[id]?.state))")
        }
        return records.0
    }
}
