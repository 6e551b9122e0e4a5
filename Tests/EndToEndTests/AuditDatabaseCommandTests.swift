import AuditLog
import AuditStorage
import CustodyTestSupport
import Encoding
import Foundation
import Storage
import Testing

/// `custody audit verify|export|prove|consistency|tail --db`, run as a real process on both drivers.
@Suite struct AuditDatabaseCommandTests {
    typealias Driver = TestDatabase

    static func custody(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.product("custody"), arguments)
    }

    struct Verdict: Decodable {
        let verdict: String
        let firstBadIndex: UInt64?
        let size: UInt64?
    }

    struct CheckpointJSON: Decodable {
        let size: UInt64
        let root: String
        let note: String
    }

    struct Inclusion: Decodable {
        let index: UInt64
        let record, leafHash: String
        let proof: [String]
        let checkpoint: CheckpointJSON
    }

    struct Consistency: Decodable {
        let old, new: CheckpointJSON
        let proof: [String]
    }

    @Test(arguments: Driver.allCases)
    func verifyExportProveAndTail(driver: Driver) async throws {
        let location = try driver.location()
        let database = try AuditDatabase.open(location, create: true)
        let log = try await TestLog.write(database, count: 100)
        try await log.append(type: .requestRejected, actor: "coordinator", payload: Array("no quorum".utf8))

        let verified = try Self.custody([
            "audit", "verify", "--db", location, "--json", "--trusted-key", TestLog.key1.verifierKey.vkey,
        ])
        #expect(verified.status == 0, "\(verified.stderr)")
        let verdict = try JSONDecoder().decode(Verdict.self, from: Data(verified.stdout.utf8))
        #expect(verdict.verdict == "OK" && verdict.size == 101)
        let pinned = try Self.custody([
            "audit", "verify", "--db", location, "--trusted-key", TestLog.key2.verifierKey.vkey,
        ])
        #expect(pinned.status == 13 && pinned.stdout.hasPrefix("UNVERIFIABLE"))

        let out = NSTemporaryDirectory() + "custody-export-\(UUID().uuidString).bundle"
        let exported = try Self.custody(["audit", "export", "--db", location, "--out", out])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("101 records"))
        #expect(
            try Self.custody(["audit", "verify", "--bundle", out, "--trusted-key", TestLog.key1.verifierKey.vkey])
                .status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(log.bundle().serialized()))

        let proved = try Self.custody(["audit", "prove", "--db", location, "--index", "42"])
        #expect(proved.status == 0, "\(proved.stderr)")
        let proof42 = try AuditDatabase.inclusionProof(database: database, index: 42)
        let document42 = InclusionProofDocument(
            index: 42, record: proof42.record, leafHash: proof42.leafHash, proof: proof42.proof,
            checkpoint: try CheckpointDocument(note: proof42.checkpoint.note))
        #expect(proved.stdout == (try document42.json()) + "\n")
        let inclusion = try JSONDecoder().decode(Inclusion.self, from: Data(proved.stdout.utf8))
        #expect(inclusion.checkpoint.size == 101)
        #expect(MerkleHash.leaf(hex(inclusion.record)) == hex(inclusion.leafHash))
        #expect(
            MerkleProof.verifyInclusion(
                index: 42, size: 101, leafHash: hex(inclusion.leafHash), proof: inclusion.proof.map(hex),
                root: hex(inclusion.checkpoint.root)))
        #expect(try SignedNote(parsing: inclusion.checkpoint.note).isSigned(by: TestLog.key2.verifierKey))

        let consistent = try Self.custody(["audit", "consistency", "--db", location, "--old", "32", "--new", "96"])
        #expect(consistent.status == 0, "\(consistent.stderr)")
        let proof32 = try AuditDatabase.consistencyProof(database: database, old: 32, new: 96)
        let document32 = ConsistencyProofDocument(
            old: try CheckpointDocument(note: proof32.old.note), new: try CheckpointDocument(note: proof32.new.note),
            proof: proof32.proof)
        #expect(consistent.stdout == (try document32.json()) + "\n")
        let proof = try JSONDecoder().decode(Consistency.self, from: Data(consistent.stdout.utf8))
        #expect(
            MerkleProof.verifyConsistency(
                old: 32, new: 96, oldRoot: hex(proof.old.root), newRoot: hex(proof.new.root),
                proof: proof.proof.map(hex)))
        let latest = try Self.custody(["audit", "consistency", "--db", location, "--old", "16"])
        #expect(try JSONDecoder().decode(Consistency.self, from: Data(latest.stdout.utf8)).new.size == 101)

        let tail = try Self.custody(["audit", "tail", "--db", location, "-n", "3"])
        let lines = tail.stdout.split(separator: "\n")
        #expect(tail.status == 0 && lines.count == 3)
        #expect(lines.last?.hasPrefix("100  ") == true)
        #expect(lines.last?.contains("request.rejected  coordinator  no quorum") == true)

        // Tampered in the database, with the triggers dropped first.
        try database.withConnection { connection in
            try connection.executeScript(
                driver == .sqlite
                    ? "DROP TRIGGER audit_records_no_update"
                    : "DROP TRIGGER audit_records_append_only ON audit_records")
            try connection.execute(
                "UPDATE audit_records SET chain_hash = $1 WHERE idx = 57", [.blob(Array(repeating: 7, count: 32))])
        }
        let tampered = try Self.custody([
            "audit", "verify", "--db", location, "--json", "--trusted-key", TestLog.key1.verifierKey.vkey,
        ])
        #expect(tampered.status == 10)
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(tampered.stdout.utf8)).firstBadIndex == 57)
    }

    /// Each auditor's command once, on a log of at least 6 records; `export` writes to `out`.
    static func auditorsCommands(exportingTo out: String) -> [[String]] {
        [
            ["verify", "--trusted-key", TestLog.key1.verifierKey.vkey], ["export", "--out", out],
            ["prove", "--index", "3"], ["consistency", "--old", "5"], ["tail", "-n", "5"],
        ]
    }

    /// What an auditor's command leaves behind in a directory: each file's name, size,
    /// modification time and bytes.
    static func snapshot(_ directory: String) throws -> [String: (Int, Date, Data)] {
        var out: [String: (Int, Date, Data)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let path = directory + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            out[name] = (
                (attributes[.size] as? Int) ?? -1, (attributes[.modificationDate] as? Date) ?? .distantPast,
                try Data(contentsOf: URL(fileURLWithPath: path))
            )
        }
        return out
    }

    /// The auditor's commands on a SQLite file (evidence, say): not a byte of the file changes
    /// and nothing appears beside it (no -wal, no -shm, no journal), whether the file was left in
    /// WAL mode by its writer or is a copy in rollback-journal mode.
    @Test(arguments: ["wal", "delete"])
    func auditorsCommandsWriteNotAByteToASQLiteFile(journal: String) async throws {
        let directory = NSTemporaryDirectory() + "custody-evidence-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let location = directory + "/audit.sqlite"
        do {
            let database = try SQLiteDatabase(path: location)
            _ = try await TestLog.write(database, count: 30)
            if journal == "delete" { try database.execute("PRAGMA journal_mode = DELETE") }
        }
        // The writer's queue lets go of the log a moment after its last caller is answered; the
        // last connection's close then folds the WAL into the file and removes -wal and -shm.
        for _ in 0..<500 where FileManager.default.fileExists(atPath: location + "-wal") { usleep(10_000) }
        let before = try Self.snapshot(directory)
        #expect(Array(before.keys) == ["audit.sqlite"])
        let out = NSTemporaryDirectory() + "custody-export-\(UUID().uuidString).bundle"
        defer { try? FileManager.default.removeItem(atPath: out) }
        for arguments in Self.auditorsCommands(exportingTo: out) {
            let result = try Self.custody(["audit"] + arguments + ["--db", location])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let after = try Self.snapshot(directory)
            #expect(after.keys.sorted() == before.keys.sorted(), "\(arguments) left \(after.keys.sorted())")
            for (name, (size, modified, bytes)) in before {
                #expect(after[name]?.0 == size && after[name]?.1 == modified, "\(arguments) touched \(name)")
                #expect(after[name]?.2 == bytes, "\(arguments) changed the bytes of \(name)")
            }
        }
    }

    /// PostgreSQL: the auditor's commands run with a role that may only SELECT, and their
    /// session refuses writes even when the role could write.
    @Test func aSelectOnlyRoleRunsTheAuditorsCommandsAndTheirSessionIsReadOnly() async throws {
        let url = try Driver.postgres.location()
        let owner = try AuditDatabase.open(url, create: true)
        _ = try await TestLog.write(owner, count: 30)
        let role = "auditor_\(UUID().uuidString.prefix(8).lowercased())"
        try owner.execute("CREATE ROLE \(role) LOGIN")
        try owner.execute("GRANT SELECT ON audit_records, audit_checkpoints, audit_log TO \(role)")
        var components = try #require(URLComponents(string: url))
        components.user = role
        let auditor = try #require(components.string)
        let out = NSTemporaryDirectory() + "custody-export-\(UUID().uuidString).bundle"
        defer { try? FileManager.default.removeItem(atPath: out) }
        for arguments in Self.auditorsCommands(exportingTo: out) {
            let result = try Self.custody(["audit"] + arguments + ["--db", auditor])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let reader = try AuditDatabase.openReadOnly(url)
        #expect(throws: StorageError.self) { try reader.execute("CREATE TABLE auditor_probe (x INTEGER)") }
        #expect(throws: StorageError.self) {
            try reader.execute(
                "INSERT INTO audit_checkpoints (size, note) VALUES ($1, $2)", [.integer(999), .text("x")])
        }
    }

    /// A writer puts terminal escapes and bidirectional overrides into an actor and a payload:
    /// `custody audit tail` prints them escaped, so the auditor's terminal shows what is there.
    @Test func tailEscapesControlAndBidiCharacters() async throws {
        let location = try Driver.sqlite.location()
        let log = try PersistentAuditLog(
            database: AuditDatabase.open(location, create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        try await log.append(
            type: .approvalRecorded, actor: "officer:\u{1B}[2K\u{1B}[1Galice", payload: Array("ok\u{202E}lagel".utf8))
        try await log.append(type: .approvalRecorded, actor: "officer:bob\u{2067}", payload: Array("a\\b".utf8))
        let tail = try Self.custody(["audit", "tail", "--db", location])
        #expect(tail.status == 0, "\(tail.stderr)")
        let unsafe = tail.stdout.unicodeScalars.filter { $0 != "\n" && TerminalText.isUnsafe($0) }
        #expect(unsafe.isEmpty, "printed raw: \(unsafe.map { String($0.value, radix: 16) })")
        #expect(tail.stdout.contains("officer:\\u{001B}[2K\\u{001B}[1Galice"), "\(tail.stdout)")
        #expect(tail.stdout.contains("officer:bob\\u{2067}"), "\(tail.stdout)")
        #expect(tail.stdout.contains("0x"), "a payload with a bidi override prints as hex")
        #expect(tail.stdout.contains("a\\\\b"), "a backslash is doubled")
    }

    @Test func errorsSayWhatWasWrong() async throws {
        let location = try Driver.sqlite.location()
        let missing = try Self.custody(["audit", "verify", "--db", location, "--insecure"])
        #expect(missing.status == 64 && missing.stderr.contains("no SQLite database"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: location))
        let both = try Self.custody(["audit", "verify", "--db", location, "--bundle", location, "--insecure"])
        #expect(both.status == 64 && both.stderr.contains("either --bundle or --db"))
        let unreachable = try Self.custody([
            "audit", "tail", "--db", "postgresql://auditor:s3cret@127.0.0.1:1/none?connect_timeout=2",
        ])
        #expect(unreachable.status == 64 && unreachable.stderr.contains("cannot connect"))
        #expect(!unreachable.stderr.contains("s3cret"))

        let empty = try SQLiteDatabase(path: location)
        try empty.execute("CREATE TABLE unrelated (x INTEGER)")
        let notALog = try Self.custody(["audit", "verify", "--db", location, "--insecure"])
        #expect(notALog.status == 1 && notALog.stderr.contains("no audit log"), "\(notALog.stderr)")

        _ = try await TestLog.write(try AuditDatabase.open(location), count: 40)
        for (arguments, message) in [
            (["prove", "--index", "45"], "not covered by the latest checkpoint"),
            (["consistency", "--old", "41"], "no checkpoint of size 41"),
            (["consistency", "--old", "40", "--new", "16"], "no consistency proof"),
        ] {
            let result = try Self.custody(["audit"] + arguments + ["--db", location])
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}

private func hex(_ string: String) -> [UInt8] { try! Hex.decode(string) }
