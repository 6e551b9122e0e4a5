import CustodyTestSupport
import Foundation
import Policy
import SignerStore
import Storage
import Testing

/// The signing ledger: what the signer signed, for velocity and "already signed".
@Suite struct SigningLedgerTests {
    let harness: LedgerHarness

    init() throws { harness = try LedgerHarness() }

    static func signing(
        _ request: String, wallet: String = "hot", amount: Int64 = 100, at seconds: Int64 = 1_000,
        digest: UInt8? = nil
    ) throws -> SigningRecord {
        let byte = digest ?? UInt8(truncatingIfNeeded: request.hashValue)
        return try SigningRecord(
            request: request, wallet: wallet, amount: amount, at: Instant(seconds: seconds),
            digest: Array(repeating: byte, count: 31) + [UInt8(truncatingIfNeeded: request.utf8.count)], rule: "small")
    }

    @Test(arguments: TestDatabase.allCases)
    func velocitySumsAWalletsSigningsAfterTheInstant(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let ledger = open.ledger
        try await ledger.record(try Self.signing("r1", amount: 100, at: 1_000, digest: 1))
        try await ledger.record(try Self.signing("r2", amount: 250, at: 2_000, digest: 2))
        try await ledger.record(try Self.signing("r3", amount: Int64.max, at: 3_000, digest: 3))
        try await ledger.record(try Self.signing("r4", wallet: "cold", amount: 7, at: 2_500, digest: 4))
        let all = try await ledger.velocity(wallet: "hot", since: Instant(seconds: 0))
        #expect(all.count == 3)
        #expect(all.amount == 350 + Int128(Int64.max))
        // The instant itself is excluded, as Policy's windows exclude their lower end.
        let window = try await ledger.velocity(wallet: "hot", since: Instant(seconds: 1_000))
        #expect(window.count == 2)
        let later = try await ledger.velocity(wallet: "hot", since: Instant(seconds: 3_000))
        #expect(later.count == 0 && later.amount == 0)
        let history = try await ledger.history(since: Instant(seconds: 1_000))
        #expect(history.transfers.map(\.request) == ["r2", "r4", "r3"])
        #expect(
            history.transfers[1]
                == History.Transfer(
                    request: "r4", wallet: "cold", amount: 7, at: Instant(seconds: 2_500), rule: "small"))
        await open.pool.close()
    }

    /// A ROAST retry of a request signs it again in another session with another nonce: the
    /// signing is recorded with the first nonce and counted once.
    @Test func aSigningRecordedWithItsNoncesCountsOnce() async throws {
        let open = try await OpenLedger()
        let signing = try Self.signing("withdrawal-1", amount: 500)
        for _ in 0..<2 {
            let session = try harness.session()
            try await open.ledger.issue(session.commitments)
            _ = try await open.ledger.consume(
                session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share,
                signing: signing)
        }
        let velocity = try await open.ledger.velocity(wallet: "hot", since: Instant(seconds: 0))
        #expect(velocity.count == 1 && velocity.amount == 500)
        #expect(try await open.ledger.record(signing) == .alreadyRecorded(signing))
        await open.pool.close()
    }

    /// A coordinator re-labels an approved request (same id, other digest) or replays its
    /// approvals under a new id (same digest): both conflict with the record, and a share
    /// asked with such a record leaves the nonce issued and signs nothing.
    @Test func aRelabelledOrReplayedRequestConflictsWithTheRecord() async throws {
        let open = try await OpenLedger()
        try await open.ledger.record(try Self.signing("withdrawal-1", digest: 1))
        let relabelled = try Self.signing("withdrawal-1", digest: 2)
        let replayed = try Self.signing("withdrawal-2", digest: 1)
        let changedAmount = try Self.signing("withdrawal-1", amount: 5, digest: 1)
        for conflicting in [relabelled, replayed, changedAmount] {
            let session = try harness.session()
            try await open.ledger.issue(session.commitments)
            do {
                _ = try await open.ledger.consume(
                    session.id, session: session.sessionID, packageDigest: session.packageDigest,
                    share: session.share, signing: conflicting)
                Issue.record("a conflicting signing was recorded with a share")
            } catch {
                #expect(isRefusal(error, .conflictingSigning), "\(error)")
            }
            #expect(try await open.ledger.nonce(session.id)?.state == .issued)
            await #expect(throws: SignerStoreError.self) { try await open.ledger.record(conflicting) }
        }
        #expect(try await open.ledger.history(since: Instant(seconds: 0)).transfers.count == 1)
        await open.pool.close()
    }

    @Test func anAlreadySignedRequestIsRefused() async throws {
        let open = try await OpenLedger()
        let signed = try Self.signing("withdrawal-1", digest: 1)
        try await open.ledger.refuseIfSigned(request: signed.request, digest: signed.digest)
        try await open.ledger.record(signed)
        for (request, digest) in [("withdrawal-1", [UInt8](repeating: 9, count: 32)), ("other", signed.digest)] {
            do {
                try await open.ledger.refuseIfSigned(request: request, digest: digest)
                Issue.record("an already signed request was let through")
            } catch {
                #expect(isRefusal(error, .alreadySigned), "\(error)")
            }
        }
        #expect(try await open.ledger.signing(request: "withdrawal-1") == signed)
        #expect(try await open.ledger.signing(digest: signed.digest) == signed)
        #expect(try await open.ledger.signing(request: "other") == nil)
        await open.pool.close()
    }

    @Test func anInvalidSigningRecordIsRefused() throws {
        let digest = [UInt8](repeating: 1, count: 32)
        let at = Instant(seconds: 0)
        let cases: [() throws -> SigningRecord] = [
            { try SigningRecord(request: "", wallet: "w", amount: 1, at: at, digest: digest, rule: "r") },
            { try SigningRecord(request: "r", wallet: "w", amount: -1, at: at, digest: digest, rule: "r") },
            { try SigningRecord(request: "r", wallet: "w", amount: 1, at: at, digest: [1], rule: "r") },
            {
                try SigningRecord(
                    request: String(repeating: "x", count: 257), wallet: "w", amount: 1, at: at, digest: digest,
                    rule: "r")
            },
            { try SigningRecord(request: "r", wallet: "", amount: 1, at: at, digest: digest, rule: "r") },
            { try SigningRecord(request: "r", wallet: "w", amount: 1, at: at, digest: digest, rule: "") },
        ]
        for make in cases {
            #expect(throws: SignerStoreError.self) { try make() }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theFirstSightRecordedFirstIsKeptAndCannotBeRewritten(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let digest = Array(repeating: UInt8(7), count: 32)
        #expect(try await open.ledger.firstSeen(digest: digest) == nil)
        #expect(
            try await open.ledger.recordFirstSeen(digest: digest, at: Instant(seconds: 1_000))
                == Instant(seconds: 1_000))
        // A later sight, or an earlier one claimed afterwards, changes nothing.
        #expect(
            try await open.ledger.recordFirstSeen(digest: digest, at: Instant(seconds: 5_000))
                == Instant(seconds: 1_000))
        #expect(
            try await open.ledger.recordFirstSeen(digest: digest, at: Instant(seconds: 10)) == Instant(seconds: 1_000))
        await #expect(throws: SignerStoreError.self) {
            _ = try await open.ledger.recordFirstSeen(digest: [1, 2, 3], at: Instant(seconds: 1))
        }
        // Whoever writes SQL cannot move it either.
        for statement in ["UPDATE signer_first_seen SET at = 2000", "DELETE FROM signer_first_seen"] {
            do {
                try await open.pool.transaction { connection in _ = try connection.execute(statement, []) }
                Issue.record("the database let through: \(statement)")
            } catch let error as StorageError {
                #expect(error.code == .appendOnly, "\(error)")
            }
        }
        #expect(try await open.ledger.firstSeen(digest: digest) == Instant(seconds: 1_000))
        await open.pool.close()
    }
}
