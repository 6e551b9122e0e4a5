import AuditStorage
import CoordinatorService
import CustodyTestSupport
import Foundation
import Storage
import Testing

@testable import CustodyServer

/// The coordinator's signature records (docs/daemons.md § Signatures): a request id is signed
/// once, is never reused for something else, and a stop between the `signature.completed`
/// audit record and the record's update is completed from the audit log.
struct SignatureRecordsTests {
    static func claim(
        _ request: String = "tx-1", wallet: String = "hot", digest: UInt8 = 1, message: UInt8 = 2,
        spend: String = "key-path"
    ) -> SignatureRecords.Claim {
        SignatureRecords.Claim(
            request: request, wallet: wallet, requestDigest: Array(repeating: digest, count: 32),
            message: Array(repeating: message, count: 32), spend: spend)
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func code(_ body: () async throws -> Void) async -> SignatureRecordError.Code? {
        do {
            try await body()
            return nil
        } catch {
            return (error as? SignatureRecordError)?.code
        }
    }

    @Test func aSignedRequestIDSubmittedAgainWithAnotherWalletDigestMessageOrSpendIsRefusedNamingWhatDiffers()
        async throws
    {
        let records = try await SignatureRecords(pool: SQLiteConnectionPool(path: Self.directory() + "/c.sqlite"))
        try records.claim("tx-1")
        try await records.begin(Self.claim())
        try await records.finish("tx-1", signature: Array(repeating: 7, count: 64))
        for (claim, named) in [
            (Self.claim(wallet: "cold"), "wallet"), (Self.claim(digest: 9), "request digest"),
            (Self.claim(message: 9), "message"), (Self.claim(spend: "group-key"), "spend"),
        ] {
            do {
                _ = try await records.lookup(claim)
                Issue.record("\(named): accepted")
            } catch let error as SignatureRecordError {
                #expect(error.code == .conflict)
                #expect(error.reason.hasSuffix("with another \(named)"), "\(error.reason)")
            }
        }
        #expect(try await records.lookup(Self.claim()) == .signed(Array(repeating: 7, count: 64)))
        // Signed: a second finish has nothing to complete, and a begin is refused.
        #expect(await Self.code { try await records.finish("tx-1", signature: [4]) } == .corrupt)
        #expect(await Self.code { try await records.begin(Self.claim()) } == .conflict)
    }

    @Test func aRequestBeingSignedIsNotClaimedTwiceAndARunCutOffIsRunAgain() async throws {
        let records = try await SignatureRecords(pool: SQLiteConnectionPool(path: Self.directory() + "/c.sqlite"))
        #expect(try await records.lookup(Self.claim()) == .run(attempt: 1))
        try records.claim("tx-1")
        #expect(await Self.code { try records.claim("tx-1") } == .inProgress)
        try await records.begin(Self.claim())
        records.abandon("tx-1")
        #expect(try await records.lookup(Self.claim()) == .run(attempt: 2))
        try records.claim("tx-1")
        try await records.begin(Self.claim())
        try await records.finish("tx-1", signature: [1, 2, 3])
        #expect(try await records.lookup(Self.claim()) == .signed([1, 2, 3]))
        // The claim ended with the record.
        try records.claim("tx-1")
    }

    @Test func anIDSubmittedFirstWithOtherContentsCannotHoldItWhileUnsigned() async throws {
        let records = try await SignatureRecords(pool: SQLiteConnectionPool(path: Self.directory() + "/c.sqlite"))
        // Someone submits tx-1 first with a junk message; the signers refuse it, nothing is signed.
        let junk = Self.claim(message: 0xee)
        try records.claim("tx-1")
        try await records.begin(junk)
        records.abandon("tx-1")
        // The real request with that id runs, and is signed with its own contents.
        #expect(try await records.lookup(Self.claim()) == .run(attempt: 2))
        try records.claim("tx-1")
        try await records.begin(Self.claim())
        try await records.finish("tx-1", signature: [9])
        #expect(try await records.lookup(Self.claim()) == .signed([9]))
        #expect(await Self.code { _ = try await records.lookup(junk) } == .conflict)
    }

    @Test func aStopBetweenTheCompletedAuditRecordAndTheSignatureRecordIsCompletedFromTheAuditLog() async throws {
        let directory = try Self.directory()
        let pool = try await SQLiteConnectionPool(path: directory + "/c.sqlite")
        let records = try await SignatureRecords(pool: pool)
        let audit = try PersistentAuditLog(
            database: AuditDatabase.open(directory + "/audit.sqlite", create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        let claim = Self.claim()
        let signature = Array(repeating: UInt8(5), count: 64)
        try await records.begin(claim)
        _ = try await audit.append(
            type: .signatureCompleted, actor: OnceSigning.actor,
            payload: OnceSigning.completedPayload(claim, attempt: 1, signature: signature))
        // The process stops here: the record was not updated.
        let other = Self.claim("tx-2", message: 3)
        try await records.begin(other)
        _ = try await audit.append(
            type: .signatureCompleted, actor: "someone-else",
            payload: OnceSigning.completedPayload(other, attempt: 1, signature: signature))
        let restarted = try await SignatureRecords(pool: pool)
        #expect(try await restarted.lookup(claim) == .run(attempt: 2))
        #expect(try await OnceSigning.recover(restarted, audit: audit) == 1)
        #expect(try await restarted.lookup(claim) == .signed(signature))
        // Another actor's record completes nothing; a second recovery changes nothing.
        #expect(try await restarted.lookup(other) == .run(attempt: 2))
        #expect(try await OnceSigning.recover(restarted, audit: audit) == 0)
    }
}
