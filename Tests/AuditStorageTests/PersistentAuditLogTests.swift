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
        let first = try await TestLog.write(AuditDatabase.open(location, create: true), count: 120, every: 16)
        let (size, head, root, active) = (first.size, first.head, first.root, first.activeKey)
        #expect(size == 120)
        #expect(active == TestLog.key2.verifierKey)
        let again = try PersistentAuditLog(
            database: AuditDatabase.open(location), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        #expect(again.size == size && again.head == head && again.root == root)
        #expect(again.activeKey == active)
        #expect(again.checkpointSize == 120)
        try await again.append(type: .keyCeremony, actor: "officer:bob", payload: [1, 2, 3])
        try await again.checkpoint(signer: TestLog.key2)
        let verdict = try AuditDatabase.verify(database: again.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 121, root: again.root, unsignedRecords: 0))
    }

    @Test(arguments: Driver.allCases)
    func anotherOriginOrKeyIsRefused(driver: Driver) async throws {
        let location = try driver.location()
        _ = try PersistentAuditLog(
            database: AuditDatabase.open(location, create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey)
        for (origin, key) in [("other.test/audit", TestLog.key1), (TestLog.origin, TestLog.key2)] {
            #expect {
                try PersistentAuditLog(
                    database: AuditDatabase.open(location), origin: origin, genesisKey: key.verifierKey)
            } throws: { ($0 as? AuditStorageError)?.code == .mismatch }
        }
    }

    @Test(arguments: Driver.allCases)
    func aPendingRotationSurvivesReopening(driver: Driver) async throws {
        let location = try driver.location()
        let log = try PersistentAuditLog(
            database: AuditDatabase.open(location, create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey)
        try await log.append(type: .keyCeremony, actor: "officer:alice", payload: [])
        try await log.checkpoint(signer: TestLog.key1)
        try await log.rotateKey(to: TestLog.key2.verifierKey, actor: "officer:alice")
        let again = try PersistentAuditLog(
            database: AuditDatabase.open(location), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        await #expect(throws: AuditError.self) {
            try await again.rotateKey(to: TestLog.attacker.verifierKey, actor: "officer:mallory")
        }
        await #expect(throws: AuditError.self) { try await again.checkpoint(signer: TestLog.key2) }
        try await again.checkpoint(signer: TestLog.key1)
        #expect(again.activeKey == TestLog.key2.verifierKey)
        try await again.append(type: .keyCeremony, actor: "officer:alice", payload: [])
        try await again.checkpoint(signer: TestLog.key2)
        let verdict = try AuditDatabase.verify(database: again.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "OK", "\(verdict)")
    }

    /// 64 writers at once: one total order, every record durable and returned, fewer
    /// transactions than records.
    @Test(arguments: Driver.allCases)
    func concurrentWritersAreGroupCommitted(driver: Driver) async throws {
        let log = try PersistentAuditLog(
            database: driver.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            automaticCheckpoints: .init(every: 100, signers: [TestLog.key1]))
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
        #expect(try await Self.eventually { log.checkpointSize ?? 0 > 1280 - 100 })
        #expect(log.automaticCheckpointFailure == nil)
        try await log.checkpoint(signer: TestLog.key1)
        let verdict = try AuditDatabase.verify(database: log.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 1280, root: log.root, unsignedRecords: 0))
    }

    /// A commit that fails fails every caller of its batch and leaves the head unchanged; the log
    /// goes on once the database accepts writes again.
    @Test(arguments: Driver.allCases)
    func aFailedCommitFailsItsBatchAndChangesNothing(driver: Driver) async throws {
        let database = try driver.open()
        let log = try PersistentAuditLog(
            database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
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
        try await log.checkpoint(signer: TestLog.key1)
        let verdict = try AuditDatabase.verify(database: database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "OK", "\(verdict)")
    }

    /// Another writer's row makes the database disagree with the head: the batch fails and the
    /// log refuses further appends until reopened.
    @Test(arguments: Driver.allCases)
    func aDivergedDatabaseMakesTheLogUnavailable(driver: Driver) async throws {
        let database = try driver.open()
        let log = try PersistentAuditLog(
            database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
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
            try PersistentAuditLog(database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        } throws: { ($0 as? AuditStorageError)?.code == .corrupt }
    }

    @Test func anOversizedRecordIsRefusedAlone() async throws {
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        await #expect(throws: AuditError.self) {
            try await log.append(type: .keyCeremony, actor: String(repeating: "x", count: 70_000), payload: [])
        }
        #expect(log.size == 0)
        try await log.append(type: .keyCeremony, actor: "ok", payload: [])
        #expect(log.size == 1)
    }

    @Test func aCheckpointOfTheSameSizeIsStoredOnce() async throws {
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        try await log.append(type: .keyCeremony, actor: "a", payload: [])
        let first = try await log.checkpoint(signer: TestLog.key1)
        let second = try await log.checkpoint(signer: TestLog.key1)
        #expect(first == second)
        #expect(try log.store.checkpoints().count == 1)
        await #expect(throws: AuditError.self) {
            try await log.append(type: .keyCeremony, actor: "a", payload: [])
            try await log.checkpoint(signer: TestLog.key2)
        }
    }

    /// In PostgreSQL the application logs in as a member of `custody_app` (SELECT and INSERT
    /// only): it appends and checkpoints without migrating, and cannot change what it wrote.
    @Test func theApplicationRoleAppendsButCannotRewrite() async throws {
        let url = try Driver.postgres.location()
        let owner = try PersistentAuditLog(
            database: AuditDatabase.open(url), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        let role = "custody_writer_\(UUID().uuidString.prefix(8).lowercased())"
        try owner.store.database.execute("CREATE ROLE \(role) LOGIN IN ROLE custody_app")
        guard var components = URLComponents(string: url) else { throw AuditStorageError(.notALog, "bad URL") }
        components.user = role
        let database = try PostgresDatabase(url: components.string!)
        let log = try PersistentAuditLog(
            database: database, origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey, migrate: false)
        try await log.append(type: .keyCeremony, actor: "officer:alice", payload: [1])
        try await log.checkpoint(signer: TestLog.key1)
        #expect(throws: StorageError.self) { try database.execute("DELETE FROM audit_records") }
        #expect(throws: StorageError.self) {
            try database.execute("DROP TRIGGER audit_records_append_only ON audit_records")
        }
        let verdict = try AuditDatabase.verify(database: database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 1, root: log.root, unsignedRecords: 0))
    }

    /// Automatic checkpoints by count, with the signer of the active key after a rotation.
    @Test func automaticCheckpointsByCountFollowTheRotation() async throws {
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            automaticCheckpoints: .init(every: 10, signers: [TestLog.key1, TestLog.key2]))
        for index in 0..<10 { try await log.append(type: .requestCreated, actor: "a", payload: TestLog.payload(index)) }
        #expect(try await Self.eventually { log.checkpointSize == 10 })
        try await log.rotateKey(to: TestLog.key2.verifierKey, actor: "officer:alice")
        for _ in 0..<9 { try await log.append(type: .requestCreated, actor: "a", payload: []) }
        #expect(try await Self.eventually { log.checkpointSize == 20 })
        #expect(log.activeKey == TestLog.key2.verifierKey)
        for _ in 0..<10 { try await log.append(type: .requestCreated, actor: "a", payload: []) }
        #expect(try await Self.eventually { log.checkpointSize == 30 })
        #expect(log.automaticCheckpointFailure == nil)
        let verdict = try AuditDatabase.verify(database: log.store.database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict == .ok(size: 30, root: log.root, unsignedRecords: 0))
    }

    /// Automatic checkpoints by time: once the interval has passed, the next batch is signed.
    @Test func automaticCheckpointsByTime() async throws {
        let log = try PersistentAuditLog(
            database: Driver.sqlite.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            automaticCheckpoints: .init(every: 1000, interval: .milliseconds(100), signers: [TestLog.key1]))
        try await log.append(type: .requestCreated, actor: "a", payload: [])
        try await Task.sleep(for: .milliseconds(150))
        try await log.append(type: .requestCreated, actor: "a", payload: [])
        #expect(try await Self.eventually { log.checkpointSize == 2 })
    }

    /// Automatic checkpoints are signed after the batch's callers are answered: wait a little.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
