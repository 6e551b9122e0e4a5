import AuditLog
import AuditStorage
import CustodyTestSupport
import Foundation
import Storage
import Testing

/// The attacks of the bundle tamper suite, made in the database with raw SQL by someone who owns
/// the tables (the append-only triggers dropped first) but not the checkpoint key. Each returns
/// the verdict it must get, with the first bad index, as the bundle-level suite expects.
enum DatabaseAttack: String, CaseIterable, Sendable {
    case changeByte, changeField, changeChainHash, delete, insert, swap, cutTail, rewriteTail, forgeCheckpoint

    func apply(
        _ connection: any SQLConnection, original entries: [AuditBundle.Entry], signedSizes: [UInt64], seed: UInt64
    ) throws -> (verdict: String, index: UInt64?) {
        var random = SeededGenerator(seed: seed)
        let count = entries.count
        func update(_ index: Int, record: [UInt8], chainHash: [UInt8]) throws {
            try connection.execute(
                "UPDATE audit_records SET record = $1, chain_hash = $2 WHERE idx = $3",
                [.blob(record), .blob(chainHash), .integer(Int64(index))])
        }
        /// The tail from `t` rewritten (another actor) and rechained, as a consistent forgery.
        func rewrite(from t: Int) throws -> [AuditBundle.Entry] {
            var forged = entries
            var previous = t == 0 ? HashChain.genesis : entries[t - 1].chainHash
            for index in t..<count {
                var record = try AuditRecord(decoding: entries[index].record)
                record.actor = "officer:mallory"
                record.previousHash = previous
                let bytes = try record.encoded()
                previous = HashChain.next(previous: previous, record: bytes)
                forged[index] = AuditBundle.Entry(record: bytes, chainHash: previous)
                try update(index, record: bytes, chainHash: previous)
            }
            return forged
        }
        switch self {
        case .changeByte:
            let t = Int.random(in: 0..<count, using: &random)
            var record = entries[t].record
            record[Int.random(in: 0..<record.count, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            try update(t, record: record, chainHash: entries[t].chainHash)
            return ("TAMPERED", UInt64(t))
        case .changeField:
            let t = Int.random(in: 0..<count, using: &random)
            var record = try AuditRecord(decoding: entries[t].record)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: record.time += Int64.random(in: 1...1_000_000, using: &random)
            case 1: record.actor += "x"
            case 2 where !record.payload.isEmpty:
                record.payload[Int.random(in: 0..<record.payload.count, using: &random)] ^= 0x20
            case 3: record.type = record.type == .signerFlagged ? .keyCeremony : .signerFlagged
            case 4: record.index ^= 1 << UInt64.random(in: 0..<8, using: &random)
            default: record.previousHash[Int.random(in: 0..<32, using: &random)] ^= 1
            }
            try update(t, record: try record.encoded(), chainHash: entries[t].chainHash)
            return ("TAMPERED", UInt64(t))
        case .changeChainHash:
            let t = Int.random(in: 0..<count, using: &random)
            var hash = entries[t].chainHash
            hash[Int.random(in: 0..<32, using: &random)] ^= 0x80
            try update(t, record: entries[t].record, chainHash: hash)
            return ("TAMPERED", UInt64(t))
        case .delete:
            let t = Int.random(in: 0..<(count - 1), using: &random)
            try connection.execute("DELETE FROM audit_records WHERE idx = $1", [.integer(Int64(t))])
            return ("TAMPERED", UInt64(t))
        case .insert:
            let t = Int.random(in: 0..<count, using: &random)
            let previous = t == 0 ? HashChain.genesis : entries[t - 1].chainHash
            let forged = try AuditRecord(
                index: UInt64(t), time: 1_700_000_000_000_000, type: .approvalRecorded, actor: "officer:mallory",
                payload: TestLog.payload(t, "-forged"), previousHash: previous
            ).encoded()
            // Make room at t (through negative indexes: the primary key is checked row by row).
            try connection.execute("UPDATE audit_records SET idx = -idx - 1 WHERE idx >= $1", [.integer(Int64(t))])
            try connection.execute("UPDATE audit_records SET idx = -idx WHERE idx < 0", [])
            try connection.execute(
                "INSERT INTO audit_records (idx, record, chain_hash) VALUES ($1, $2, $3)",
                [.integer(Int64(t)), .blob(forged), .blob(HashChain.next(previous: previous, record: forged))])
            return ("TAMPERED", UInt64(t))
        case .swap:
            let i = Int.random(in: 0..<(count - 1), using: &random)
            let j = Int.random(in: (i + 1)..<count, using: &random)
            try update(i, record: entries[j].record, chainHash: entries[j].chainHash)
            try update(j, record: entries[i].record, chainHash: entries[i].chainHash)
            return ("TAMPERED", UInt64(i))
        case .cutTail:
            let m = Int.random(in: 0..<Int(signedSizes.max()!), using: &random)
            try connection.execute("DELETE FROM audit_records WHERE idx >= $1", [.integer(Int64(m))])
            return ("TRUNCATED", UInt64(m))
        case .rewriteTail:
            let t = Int.random(in: 0..<Int(signedSizes.max()!), using: &random)
            _ = try rewrite(from: t)
            return ("TAMPERED", signedSizes.filter { $0 <= UInt64(t) }.max() ?? 0)
        case .forgeCheckpoint:
            // The rewrite, with the checkpoints it breaks replaced by one signed with another key.
            let t = Int.random(in: 1..<count, using: &random)
            let forged = try rewrite(from: t)
            var tree = MerkleTree()
            for entry in forged { tree.append(leaf: entry.record) }
            try connection.execute("DELETE FROM audit_checkpoints WHERE size > $1", [.integer(Int64(t))])
            let body = Checkpoint(origin: TestLog.origin, size: tree.size, root: try tree.root(size: tree.size))
            try connection.execute(
                "INSERT INTO audit_checkpoints (size, note) VALUES ($1, $2)",
                [
                    .integer(Int64(tree.size)),
                    .text(try SignedNote.sign(text: body.text, with: [TestLog.attacker]).serialized),
                ])
            return ("UNVERIFIABLE", nil)
        }
    }
}

/// Hundreds of random tamperings on both drivers, each made in a transaction that is rolled
/// back afterwards (DDL too is transactional in SQLite and PostgreSQL): every one detected by
/// verifying the database, with the first bad index named.
@Suite struct DatabaseTamperTests {
    static let seeds: ClosedRange<UInt64> = 1...60

    static func dropTriggers(_ connection: any SQLConnection, _ driver: Driver) throws {
        try connection.executeScript(
            driver == .sqlite
                ? """
                DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete;
                DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;
                """
                : """
                DROP TRIGGER audit_records_append_only ON audit_records;
                DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints;
                """)
    }

    @Test(arguments: Driver.allCases)
    func everyTamperingIsDetected(driver: Driver) async throws {
        let database = try driver.open()
        let log = try await TestLog.write(database, count: 200)
        let entries = try log.bundle().entries
        let signedSizes = try log.store.checkpoints().map { UInt64($0.size) }
        let key = TestLog.key1.verifierKey
        #expect(try AuditDatabase.verify(database: database, trustedKey: key).name == "OK")
        var cases = 0
        try database.withConnection { connection in
            for attack in DatabaseAttack.allCases {
                for seed in Self.seeds {
                    try connection.executeScript("BEGIN")
                    defer { try? connection.executeScript("ROLLBACK") }
                    try Self.dropTriggers(connection, driver)
                    let (name, index) = try attack.apply(
                        connection, original: entries, signedSizes: signedSizes,
                        seed: seed &* 7919 &+ UInt64(DatabaseAttack.allCases.firstIndex(of: attack)!))
                    let verdict = try AuditDatabase.verify(connection, trustedKey: key)
                    #expect(verdict.name == name, "\(driver) \(attack) seed \(seed): \(verdict)")
                    #expect(verdict.firstBadIndex == index, "\(driver) \(attack) seed \(seed): \(verdict)")
                    cases += 1
                }
            }
        }
        #expect(cases == DatabaseAttack.allCases.count * Self.seeds.count)
        // Every attack was rolled back: the log and its triggers are as they were.
        #expect(try log.bundle().entries == entries)
        #expect(try AuditDatabase.verify(database: database, trustedKey: key).name == "OK")
        #expect(throws: StorageError.self) { try database.execute("DELETE FROM audit_records WHERE idx = 3") }
    }

    /// audit/verify.py, the independent verifier, agrees on bundles exported from tampered databases.
    @Test(arguments: Driver.allCases)
    func thePythonVerifierAgrees(driver: Driver) async throws {
        let database = try driver.open()
        let log = try await TestLog.write(database, count: 200)
        let entries = try log.bundle().entries
        let signedSizes = try log.store.checkpoints().map { UInt64($0.size) }
        var cases: [(name: String, bytes: [UInt8], verdict: Verdict)] = []
        try database.withConnection { connection in
            for attack in DatabaseAttack.allCases {
                for seed in UInt64(1)...3 {
                    try connection.executeScript("BEGIN")
                    defer { try? connection.executeScript("ROLLBACK") }
                    try Self.dropTriggers(connection, driver)
                    _ = try attack.apply(connection, original: entries, signedSizes: signedSizes, seed: seed)
                    let bundle = try AuditDatabase.bundle(connection).serialized()
                    cases.append(("\(attack)-\(seed)", bundle, try BundleVerifier.verify(bundle)))
                }
            }
        }
        let results = try PythonVerifier.run(bundles: cases.map { ($0.name, $0.bytes) })
        try #require(results.count == cases.count)
        for ((name, _, swift), python) in zip(cases, results) {
            #expect(python.verdict == swift.name, "\(name): Swift \(swift), Python \(python.verdict)")
            #expect(python.firstBadIndex == swift.firstBadIndex, "\(name): Swift \(swift)")
        }
    }
}

/// Both verifiers agree on seeded mutations of bundles exported from a database (a checkpoint
/// per transaction, a rotation), as on the sample bundles.
@Suite struct DatabaseBundleDifferentialTests {
    @Test func bothVerifiersAgreeOnMutatedDatabaseBundles() async throws {
        let log = try await TestLog.write(Driver.sqlite.open(), count: 60, rotateAt: 20)
        let (inputs, disagreements) = try VerifierDifferential.run(
            seeds: [try log.bundle().serialized()], count: 1000, seed: 2)
        #expect(inputs == 1000)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
    }
}
