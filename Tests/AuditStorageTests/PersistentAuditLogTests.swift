import AuditLog
import CustodyTestSupport
import Foundation
import Storage
import Testing

@testable import AuditStorage

/// The log in a database: opening, rebuilding, group commit, failures, checkpoints, export.
@Suite struct PersistentAuditLogTests {
    @Test(arguments: Driver.allCases)
    func reopensWhereItLeftOff(driver: Driver) async throws {
        let location = try driver.location()
        let first = try await TestLog.write(AuditDatabase.open(location, create: true), count: 120)
        let (size, head, root, active) = (first.size, first.head, first.root, first.activeKey)
        #expect(size == 120)
        #expect(active == TestLog.key2.verifierKey)
        let again = try PersistentAuditLog(
            database: AuditDatabase.open(location), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key2])
        #expect(again.size == size && again.head == head && again.root == root)
        #expect(again.activeKey == active)
        #expect(again.checkpointSize == 120)
        try await again.append(type: .keyCeremony, actor: "officer:bob", payload: [1, 2, 3])
        let verdict = try AuditDatabase.verify(database: again.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 121, root: again.root, unsignedRecords: 0))
    }

    @Test(arguments: Driver.allCases)
    func anotherOriginOrKeyIsRefused(driver: Driver) async throws {
        let location = try driver.location()
        _ = try PersistentAuditLog(
            database: AuditDatabase.open(location, create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        for (origin, key) in [("other.test/audit", TestLog.key1), (TestLog.origin, TestLog.key2)] {
            #expect {
                try PersistentAuditLog(
                    database: AuditDatabase.open(location), origin: origin, genesisKey: key.verifierKey,
                    signers: [key])
            } throws: { ($0 as? AuditStorageError)?.code == .mismatch }
        }
    }

    /// A rotation ends its transaction with a checkpoint by the outgoing key, which signs it off:
    /// no rotation is ever pending in the database, and the new key's signer is needed to reopen.
    @Test(arguments: Driver.allCases)
    func aRotationIsSignedOffInItsOwnTransaction(driver: Driver) async throws {
        let location = try driver.location()
        let log = try PersistentAuditLog(
            database: AuditDatabase.open(location, create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        try await log.append(type: .keyCeremony, actor: "officer:alice", payload: [])
        try await log.rotateKey(to: TestLog.key2, actor: "officer:alice")
        #expect(log.checkpointSize == 2 && log.activeKey == TestLog.key2.verifierKey)
        let signOff = try SignedNote(parsing: try #require(try log.store.checkpoints().last).note)
        #expect(signOff.isSigned(by: TestLog.key1.verifierKey))
        #expect {
            try PersistentAuditLog(
                database: AuditDatabase.open(location), origin: TestLog.origin,
                genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        } throws: { ($0 as? AuditError)?.code == .invalidKey }
        let again = try PersistentAuditLog(
            database: AuditDatabase.open(location), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key2])
        #expect(again.activeKey == TestLog.key2.verifierKey)
        try await again.append(type: .keyCeremony, actor: "officer:alice", payload: [])
        let verdict = try AuditDatabase.verify(database: again.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 3, root: again.root, unsignedRecords: 0), "\(verdict)")
    }

    /// What a role with INSERT (custody_app) can add after the last record: a row that continues
    /// the chain. `payload` nil: a rotation row naming the attacker's key (the old payload, the
    /// bare vkey); else a record of type `type` with that payload.
    static func insertForgedRow(
        _ database: any SQLDatabase, type: RecordType = .checkpointKeyRotated, payload: [UInt8]? = nil
    ) throws {
        let store = try AuditStore(database: database, migrate: false)
        let last = try #require(try store.last())
        let record = AuditRecord(
            index: UInt64(last.index + 1), time: 1_700_000_000_000_000, type: type, actor: "officer:mallory",
            payload: payload ?? Array(TestLog.attacker.verifierKey.vkey.utf8), previousHash: last.chainHash)
        let bytes = try record.encoded()
        try store.append([
            AuditRow(
                index: last.index + 1, record: bytes, chainHash: HashChain.next(previous: last.chainHash, record: bytes)
            )
        ])
    }

    /// The checkpoint-key takeover: a forged rotation row after the last record. Reopening
    /// refuses the log (it is never adopted, never signed off), and both the database and the
    /// verifier report it.
    @Test(arguments: Driver.allCases)
    func writerInsertsForgedRotationRowIsReportedAsTampering(driver: Driver) async throws {
        for signedByAttacker in [false, true] {
            let location = try driver.location()
            let log = try await TestLog.write(AuditDatabase.open(location, create: true), count: 20, rotateAt: nil)
            let checkpoints = try log.store.checkpoints().count
            let payload =
                signedByAttacker
                ? try KeyRotation(origin: TestLog.origin, index: 20, newKey: TestLog.attacker.verifierKey)
                    .payload(signedBy: TestLog.attacker)
                : nil
            try Self.insertForgedRow(log.store.database, payload: payload)
            #expect {
                try PersistentAuditLog(
                    database: AuditDatabase.open(location), origin: TestLog.origin,
                    genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1, TestLog.attacker])
            } throws: { ($0 as? AuditStorageError)?.code == .corrupt }
            #expect(try log.store.checkpoints().count == checkpoints, "nothing was signed")
            let verdict = try AuditDatabase.verify(database: log.store.database, trustedKey: TestLog.key1.verifierKey)
            #expect(verdict.name == "TAMPERED" && verdict.firstBadIndex == 20, "\(verdict)")
        }
    }

    /// Forged records after the last checkpoint: the writer refuses to continue instead of
    /// adopting them and signing them into its next checkpoint.
    @Test(arguments: Driver.allCases)
    func writerInsertsForgedRecordsInTheUnsignedTailAreNeverSigned(driver: Driver) async throws {
        let location = try driver.location()
        let log = try await TestLog.write(AuditDatabase.open(location, create: true), count: 20, rotateAt: 5)
        let checkpoints = try log.store.checkpoints().count
        try Self.insertForgedRow(log.store.database, type: .approvalRecorded, payload: Array("forged".utf8))
        #expect {
            try PersistentAuditLog(
                database: AuditDatabase.open(location), origin: TestLog.origin,
                genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1, TestLog.key2])
        } throws: { error in
            guard let error = error as? AuditStorageError else { return false }
            return error.code == .corrupt && error.reason.contains("records 20..<21")
        }
        #expect(try log.store.checkpoints().count == checkpoints, "nothing was signed")
        let verdict = try AuditDatabase.verify(database: log.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 20, root: log.root, unsignedRecords: 1), "\(verdict)")
    }

    /// 64 writers at once: one total order, every record durable and returned, fewer
    /// transactions than records.
    @Test(arguments: Driver.allCases)
    func concurrentWritersAreGroupCommitted(driver: Driver) async throws {
        let log = try PersistentAuditLog(
            database: driver.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1])
        let records = try await withThrowingTaskGroup(of: [AuditRecord].self) { group in
            for writer in 0..<64 {
                group.addTask {
                    var mine: [AuditRecord] = []
                    for round in 0..<20 {
                        mine.append(
                            try await log.append(
                                type: .signatureShare, actor: "signer:\(writer)", payload: TestLog.payload(round)))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(records.count == 1280)
        #expect(Set(records.map(\.index)) == Set(0..<1280))
        let bundle = try log.bundle()
        for record in records { #expect(try bundle.entries[Int(record.index)].record == record.encoded()) }
        let commits = log.commits
        #expect(commits.records == 1280)
        #expect(commits.batches < 1280)
        #expect(log.checkpointSize == 1280)
        #expect(try log.store.checkpoints().count == commits.batches, "one checkpoint per transaction")
        let verdict = try AuditDatabase.verify(database: log.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 1280, root: log.root, unsignedRecords: 0))
    }

    /// A commit that fails fails every caller of its batch and leaves the head unchanged; the log
    /// goes on once the database accepts writes again.
    @Test(arguments: Driver.allCases)
    func aFailedCommitFailsItsBatchAndChangesNothing(driver: Driver) async throws {
        let database = try driver.open()
        let log = try PersistentAuditLog(
            database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        for index in 0..<5 { try await log.append(type: .requestCreated, actor: "a", payload: TestLog.payload(index)) }
        let (size, head, root) = (log.size, log.head, log.root)
        // A fault: the database refuses any record that names mallory.
        try database.withConnection { connection in
            try connection.executeScript(
                driver == .sqlite
                    ? """
                    CREATE TRIGGER fault BEFORE INSERT ON audit_records WHEN instr(NEW.record, 'mallory') > 0
                        BEGIN SELECT RAISE(ABORT, 'injected fault'); END
                    """
                    : """
                    CREATE FUNCTION fault() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF position('mallory'::bytea in NEW.record) > 0 THEN RAISE EXCEPTION 'injected fault'; END IF;
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER fault BEFORE INSERT ON audit_records FOR EACH ROW EXECUTE FUNCTION fault();
                    """)
        }
        await #expect(throws: StorageError.self) {
            try await log.append(type: .approvalRecorded, actor: "officer:mallory", payload: [])
        }
        #expect(log.size == size && log.head == head && log.root == root)
        #expect(try log.store.nextIndex() == Int64(size))
        let outcomes = await withTaskGroup(of: (String, AuditRecord?).self) { group in
            for writer in 0..<16 {
                group.addTask {
                    let actor = writer == 7 ? "officer:mallory" : "officer:\(writer)"
                    let record = try? await log.append(type: .approvalRecorded, actor: actor, payload: [UInt8(writer)])
                    return (actor, record)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.first { $0.0 == "officer:mallory" }?.1 == nil)
        let failed = outcomes.filter { $0.1 == nil }.count
        #expect(log.size == size + UInt64(16 - failed))
        if failed == 16 { #expect(log.head == head && log.root == root) }
        // What was returned is stored, what failed is not.
        let bundle = try log.bundle()
        #expect(UInt64(bundle.entries.count) == log.size)
        let stored = try bundle.entries.map { try AuditRecord(decoding: $0.record) }
        for (actor, record) in outcomes {
            #expect(stored.contains { $0.actor == actor } == (record != nil), "\(actor)")
        }
        try database.execute("DROP TRIGGER fault" + (driver == .sqlite ? "" : " ON audit_records"))
        try await log.append(type: .approvalRecorded, actor: "officer:mallory", payload: [7])
        let verdict = try AuditDatabase.verify(database: database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "OK", "\(verdict)")
    }

    /// Another writer's row makes the database disagree with the head: the batch fails and the
    /// log refuses further appends until reopened.
    @Test(arguments: Driver.allCases)
    func aDivergedDatabaseMakesTheLogUnavailable(driver: Driver) async throws {
        let database = try driver.open()
        let log = try PersistentAuditLog(
            database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        try await log.append(type: .requestCreated, actor: "a", payload: [])
        try AuditStore(database: database, migrate: false).append([
            AuditRow(index: 1, record: [1], chainHash: [UInt8](repeating: 0, count: 32))
        ])
        await #expect(throws: StorageError.self) {
            try await log.append(type: .requestCreated, actor: "b", payload: [])
        }
        await #expect {
            try await log.append(type: .requestCreated, actor: "c", payload: [])
        } throws: { ($0 as? AuditStorageError)?.code == .unavailable }
        #expect(log.size == 1)
        // Reopening reads the stranger's row, which does not continue the chain.
        #expect {
            try PersistentAuditLog(
                database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
                signers: [TestLog.key1])
        } throws: { ($0 as? AuditStorageError)?.code == .corrupt }
    }

    @Test func anOversizedRecordIsRefusedAlone() async throws {
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1])
        await #expect(throws: AuditError.self) {
            try await log.append(type: .keyCeremony, actor: String(repeating: "x", count: 70_000), payload: [])
        }
        #expect(log.size == 0)
        try await log.append(type: .keyCeremony, actor: "ok", payload: [])
        #expect(log.size == 1)
    }

    /// `checkpoint()` returns the checkpoint written with the last commit; an empty log gets one
    /// of size 0, once.
    @Test func checkpointReturnsTheLastCommitsCheckpoint() async throws {
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1])
        let empty = try await log.checkpoint()
        #expect(try Checkpoint(text: empty.text).size == 0)
        #expect(try await log.checkpoint() == empty)
        try await log.append(type: .keyCeremony, actor: "a", payload: [])
        let first = try await log.checkpoint()
        #expect(try await log.checkpoint() == first)
        #expect(try Checkpoint(text: first.text) == Checkpoint(origin: TestLog.origin, size: 1, root: log.root))
        #expect(try log.store.checkpoints().map(\.size) == [0, 1])
    }

    /// A signer that fails fails its batch: nothing is written, neither records nor checkpoint.
    @Test func aFailingSignerWritesNothing() async throws {
        struct Broken: NoteSigner {
            let verifierKey = TestLog.key1.verifierKey
            func sign(_ message: [UInt8]) throws -> [UInt8] { throw AuditError(.signingFailed, "HSM unavailable") }
        }
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [Broken()])
        await #expect(throws: AuditError.self) { try await log.append(type: .keyCeremony, actor: "a", payload: []) }
        #expect(log.size == 0)
        #expect(try log.store.nextIndex() == 0 && log.store.checkpoints().isEmpty)
    }

    /// In PostgreSQL the application logs in as a member of `custody_app` (SELECT and INSERT
    /// only): it appends and checkpoints without migrating, and cannot change what it wrote.
    @Test func theApplicationRoleAppendsButCannotRewrite() async throws {
        let url = try Driver.postgres.location()
        let owner = try PersistentAuditLog(
            database: AuditDatabase.open(url), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1])
        let role = "custody_writer_\(UUID().uuidString.prefix(8).lowercased())"
        try owner.store.database.execute("CREATE ROLE \(role) LOGIN IN ROLE custody_app")
        guard var components = URLComponents(string: url) else { throw AuditStorageError(.notALog, "bad URL") }
        components.user = role
        let database = try PostgresDatabase(url: components.string!)
        let log = try PersistentAuditLog(
            database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1], migrate: false)
        try await log.append(type: .keyCeremony, actor: "officer:alice", payload: [1])
        #expect(throws: StorageError.self) { try database.execute("DELETE FROM audit_records") }
        #expect(throws: StorageError.self) {
            try database.execute("DROP TRIGGER audit_records_append_only ON audit_records")
        }
        let verdict = try AuditDatabase.verify(database: database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 1, root: log.root, unsignedRecords: 0))
    }
}
