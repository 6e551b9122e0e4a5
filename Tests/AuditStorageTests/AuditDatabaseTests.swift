import AuditLog
import AuditStorage
import CustodyTestSupport
import Encoding
import Foundation
import Storage
import Testing

/// The auditor's side of a log in a database, through the library the commands call: verify,
/// export, proofs (and their documents), tail, on both drivers.
@Suite struct AuditDatabaseTests {
    @Test(arguments: Driver.allCases)
    func verifyExportProveAndTail(driver: Driver) async throws {
        let location = try driver.location()
        let log = try await TestLog.write(try AuditDatabase.open(location, create: true), count: 100)
        try await log.append(type: .requestRejected, actor: "coordinator", payload: Array("no quorum".utf8))
        let database = try AuditDatabase.openReadOnly(location)

        let verdict = try AuditDatabase.verify(database: database, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "OK" && verdict.exitCode == 0)
        if case .ok(let size, _, let unsigned) = verdict { #expect(size == 101 && unsigned == 0) }
        #expect(try AuditDatabase.verify(database: database, trustedKey: TestLog.key2.verifierKey).exitCode == 13)
        let bundle = try AuditDatabase.bundle(database: database)
        #expect(bundle.serialized() == (try log.bundle().serialized()) && bundle.entries.count == 101)

        let inclusion = try AuditDatabase.inclusionProof(database: database, index: 42)
        let document = InclusionProofDocument(
            index: inclusion.index, record: inclusion.record, leafHash: inclusion.leafHash, proof: inclusion.proof,
            checkpoint: try CheckpointDocument(note: inclusion.checkpoint.note))
        #expect(document.checkpoint.size == 101 && document.index == 42)
        #expect(MerkleHash.leaf(try Hex.decode(document.record)) == (try Hex.decode(document.leafHash)))
        #expect(
            MerkleProof.verifyInclusion(
                index: 42, size: 101, leafHash: try Hex.decode(document.leafHash),
                proof: try document.proof.map { try Hex.decode($0) }, root: try Hex.decode(document.checkpoint.root)))
        #expect(try SignedNote(parsing: document.checkpoint.note).isSigned(by: TestLog.key2.verifierKey))

        let consistency = try AuditDatabase.consistencyProof(database: database, old: 32, new: 96)
        let proof = ConsistencyProofDocument(
            old: try CheckpointDocument(note: consistency.old.note),
            new: try CheckpointDocument(note: consistency.new.note), proof: consistency.proof)
        #expect(proof.old.size == 32 && proof.new.size == 96)
        #expect(
            MerkleProof.verifyConsistency(
                old: 32, new: 96, oldRoot: try Hex.decode(proof.old.root), newRoot: try Hex.decode(proof.new.root),
                proof: try proof.proof.map { try Hex.decode($0) }))
        #expect(try AuditDatabase.consistencyProof(database: database, old: 16, new: nil).new.checkpoint.size == 101)

        let tail = try AuditDatabase.tail(database: database, count: 3)
        #expect(tail.map(\.index) == [98, 99, 100])
        #expect(tail.last?.type == .requestRejected && tail.last?.actor == "coordinator")
    }

    @Test func proofErrorsSayWhatWasWrong() async throws {
        let location = try Driver.sqlite.location()
        _ = try await TestLog.write(try AuditDatabase.open(location, create: true), count: 40)
        let database = try AuditDatabase.openReadOnly(location)
        for (attempt, message) in [
            ({ _ = try AuditDatabase.inclusionProof(database: database, index: 45) }, "not covered by the latest"),
            (
                { _ = try AuditDatabase.consistencyProof(database: database, old: 41, new: nil) },
                "no checkpoint of size 41"
            ),
            ({ _ = try AuditDatabase.consistencyProof(database: database, old: 40, new: 16) }, "no consistency proof"),
        ] as [(() throws -> Void, String)] {
            do {
                try attempt()
                Issue.record("no error; expected \(message)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }
}
