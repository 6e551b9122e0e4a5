import CustodyTestSupport
import FROST
import Foundation
import SignerStore
import Storage
import Testing

/// The nonce ledger's transitions, refusals and restart, on both drivers where it matters.
@Suite struct NonceLedgerTests {
    let harness: LedgerHarness

    init() throws { harness = try LedgerHarness() }

    @Test(arguments: TestDatabase.allCases)
    func anIssuedNonceIsDurableBeforeItsCommitmentIsReturned(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let session = try harness.session()
        let id = try await open.ledger.issue(session.commitments)
        #expect(id == session.id)
        // Another connection, opened after issue returned, sees the committed row.
        let other: any SQLDatabase =
            kind == .sqlite ? try SQLiteDatabase(path: open.location) : try PostgresDatabase(url: open.location)
        let rows = try other.query("SELECT state, commitments FROM signer_nonces WHERE id = $1", [.blob(id.bytes)])
        #expect(rows.count == 1)
        #expect(try rows.first?[0].text() == "issued")
        let record = try #require(try await open.ledger.nonce(id))
        #expect(record.commitments == session.commitments)
        #expect(record.state == .issued)
        await open.pool.close()
    }

    @Test(arguments: TestDatabase.allCases)
    func aSecondPackageForAConsumedNonceIsRefused(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        let released = try await open.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share)
        #expect(released == ReleasedShare(share: session.share, wasRecordedBefore: false))
        let otherPackage = try harness.session(message: Array("pay 100 BTC elsewhere".utf8))
        await #expect(throws: SignerStoreError.self) {
            _ = try await open.ledger.consume(
                session.id, session: session.sessionID, packageDigest: otherPackage.packageDigest,
                share: otherPackage.share)
        }
        await #expect(throws: SignerStoreError.self) {
            try await open.ledger.admit(
                session.id, session: session.sessionID, packageDigest: otherPackage.packageDigest)
        }
        let record = try #require(try await open.ledger.nonce(session.id))
        #expect(record.consumption?.share == session.share)
        #expect(record.consumption?.packageDigest == session.packageDigest)
        await open.pool.close()
    }

    @Test func anotherSessionForAConsumedNonceIsRefused() async throws {
        let open = try await OpenLedger()
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        _ = try await open.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share)
        do {
            _ = try await open.ledger.consume(
                session.id, session: Array(repeating: 9, count: 32), packageDigest: session.packageDigest,
                share: session.share)
            Issue.record("a consumed nonce signed for another session")
        } catch {
            #expect(isRefusal(error, .nonceConsumed), "\(error)")
        }
        await open.pool.close()
    }

    @Test(arguments: TestDatabase.allCases)
    func aRepeatedShareRequestGetsTheRecordedShare(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        #expect(
            try await open.ledger.admit(session.id, session: session.sessionID, packageDigest: session.packageDigest)
                == .signNow)
        _ = try await open.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share)
        // Asked again, with another share (a driver that signed twice would have one): the
        // recorded share comes back, the new one is not stored.
        let again = try await open.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest,
            share: Array(repeating: 7, count: 32))
        #expect(again == ReleasedShare(share: session.share, wasRecordedBefore: true))
        #expect(
            try await open.ledger.admit(session.id, session: session.sessionID, packageDigest: session.packageDigest)
                == .releaseRecorded(session.share))
        // After a restart too.
        let reopened = try await open.reopened(kind)
        #expect(reopened.ledger.burnedAtOpen == 0)
        let afterRestart = try await reopened.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest, share: [1])
        #expect(afterRestart.share == session.share)
        await reopened.pool.close()
    }

    @Test(arguments: TestDatabase.allCases)
    func aBurnedNonceNeverSigns(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        #expect(try await open.ledger.burn(session.id, reason: .aborted))
        #expect(try await !open.ledger.burn(session.id, reason: .aborted))
        do {
            _ = try await open.ledger.consume(
                session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share)
            Issue.record("a burned nonce signed")
        } catch {
            #expect(isRefusal(error, .nonceBurned), "\(error)")
        }
        do {
            _ = try await open.ledger.admit(
                session.id, session: session.sessionID, packageDigest: session.packageDigest)
            Issue.record("a burned nonce was admitted")
        } catch {
            #expect(isRefusal(error, .nonceBurned), "\(error)")
        }
        let record = try #require(try await open.ledger.nonce(session.id))
        #expect(record.state == .burned && record.burnReason == .aborted && record.consumption == nil)
        await open.pool.close()
    }

    @Test func aConsumedNonceIsNeverBurned() async throws {
        let open = try await OpenLedger()
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        _ = try await open.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share)
        do {
            try await open.ledger.burn(session.id, reason: .aborted)
            Issue.record("a consumed nonce was burned")
        } catch {
            #expect(isRefusal(error, .nonceConsumed), "\(error)")
        }
        #expect(try await open.ledger.nonce(session.id)?.state == .consumed)
        await open.pool.close()
    }

    @Test func aNonceNeverIssuedNeverSigns() async throws {
        let open = try await OpenLedger()
        let session = try harness.session()
        for attempt in 0..<3 {
            do {
                switch attempt {
                case 0:
                    _ = try await open.ledger.consume(
                        session.id, session: session.sessionID, packageDigest: session.packageDigest,
                        share: session.share)
                case 1: try await open.ledger.burn(session.id, reason: .aborted)
                default:
                    _ = try await open.ledger.admit(
                        session.id, session: session.sessionID, packageDigest: session.packageDigest)
                }
                Issue.record("an unknown nonce was accepted (\(attempt))")
            } catch {
                #expect(isRefusal(error, .unknownNonce), "\(error)")
            }
        }
        #expect(try await open.ledger.nonces().isEmpty)
        await open.pool.close()
    }

    @Test func theSameCommitmentsIssuedTwiceAreRefused() async throws {
        let open = try await OpenLedger()
        let first = try harness.session()
        let second = try harness.session()
        try await open.ledger.issue(first.commitments)
        for batch in [[first.commitments], [second.commitments, second.commitments]] {
            do {
                try await open.ledger.issue(batch)
                Issue.record("commitments were issued twice")
            } catch {
                #expect(isRefusal(error, .nonceAlreadyIssued), "\(error)")
            }
        }
        // Nothing of the refused batches was written.
        #expect(try await open.ledger.nonces().map(\.id) == [first.id])
        await open.pool.close()
    }

    @Test(arguments: TestDatabase.allCases)
    func aCrashBetweenIssueAndSignBurnsTheNonce(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let issuedOnly = try harness.session()
        let signed = try harness.session()
        try await open.ledger.issue([issuedOnly.commitments, signed.commitments])
        _ = try await open.ledger.consume(
            signed.id, session: signed.sessionID, packageDigest: signed.packageDigest, share: signed.share)
        // The process ends with a nonce issued and not consumed: its secret nonce is gone.
        let reopened = try await open.reopened(kind)
        #expect(reopened.ledger.burnedAtOpen == 1)
        #expect(try await reopened.ledger.count(.issued) == 0)
        let record = try #require(try await reopened.ledger.nonce(issuedOnly.id))
        #expect(record.state == .burned && record.burnReason == .restart)
        #expect(try await reopened.ledger.nonce(signed.id)?.state == .consumed)
        do {
            _ = try await reopened.ledger.consume(
                issuedOnly.id, session: issuedOnly.sessionID, packageDigest: issuedOnly.packageDigest,
                share: issuedOnly.share)
            Issue.record("a nonce issued before a restart signed")
        } catch {
            #expect(isRefusal(error, .nonceBurned), "\(error)")
        }
        let again = try await reopened.reopened(kind)
        #expect(again.ledger.burnedAtOpen == 0)
        await again.pool.close()
    }

    @Test func wrongSizedInputIsRefusedAndChangesNothing() async throws {
        let open = try await OpenLedger()
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        let digest = session.packageDigest
        let cases: [(session: [UInt8], digest: [UInt8], share: [UInt8])] = [
            ([], digest, session.share), (Array(repeating: 1, count: 65), digest, session.share),
            (session.sessionID, Array(digest.prefix(31)), session.share), (session.sessionID, digest, []),
            (session.sessionID, digest, Array(repeating: 1, count: 65)),
        ]
        for input in cases {
            do {
                _ = try await open.ledger.consume(
                    session.id, session: input.session, packageDigest: input.digest, share: input.share)
                Issue.record("wrong-sized input was accepted")
            } catch {
                #expect(isRefusal(error, .invalidInput), "\(error)")
            }
        }
        #expect(throws: SignerStoreError.self) { try NonceID(bytes: [1, 2, 3]) }
        await #expect(throws: SignerStoreError.self) { try await open.ledger.issue([SigningCommitments]()) }
        #expect(try await open.ledger.nonce(session.id)?.state == .issued)
        await open.pool.close()
    }

    /// Two share requests for one nonce at once, for two packages: one signs, the other is
    /// refused, whichever the writer takes first (both may land in one transaction).
    @Test func twoConcurrentPackagesForOneNonceSignOnlyOne() async throws {
        let open = try await OpenLedger()
        for _ in 0..<20 {
            let session = try harness.session()
            let other = try harness.session(message: Array("another".utf8))
            try await open.ledger.issue(session.commitments)
            let ledger = open.ledger
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for candidate in [session, other] {
                    group.addTask {
                        (try? await ledger.consume(
                            session.id, session: session.sessionID, packageDigest: candidate.packageDigest,
                            share: candidate.share)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
        }
        await open.pool.close()
    }

    /// 64 callers issuing and consuming at once share transactions: fewer commits than writes.
    @Test func concurrentCallersShareTransactions() async throws {
        let open = try await OpenLedger()
        let sessions = try (0..<64).map { _ in try harness.session() }
        let ledger = open.ledger
        try await withThrowingTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask {
                    try await ledger.issue(session.commitments)
                    let released = try await ledger.consume(
                        session.id, session: session.sessionID, packageDigest: session.packageDigest,
                        share: session.share)
                    #expect(released.share == session.share)
                }
            }
            try await group.waitForAll()
        }
        let commits = ledger.commits
        #expect(commits.operations == 128)
        #expect(commits.transactions < commits.operations)
        #expect(try await ledger.count(.consumed) == 64)
        await open.pool.close()
    }

    /// The database refuses, on its own, to move a nonce back, to change what it signed, or to
    /// delete it: a second line behind the ledger's checks.
    @Test(arguments: TestDatabase.allCases)
    func theDatabaseRefusesToRewriteANonce(_ kind: TestDatabase) async throws {
        let open = try await OpenLedger(kind)
        let session = try harness.session()
        try await open.ledger.issue(session.commitments)
        _ = try await open.ledger.consume(
            session.id, session: session.sessionID, packageDigest: session.packageDigest, share: session.share)
        let statements = [
            "UPDATE signer_nonces SET state = 'issued', session = NULL, package_digest = NULL, share = NULL",
            "UPDATE signer_nonces SET share = $1",
            "UPDATE signer_nonces SET state = 'burned', session = NULL, package_digest = NULL, share = NULL, "
                + "burn_reason = 'aborted'",
            "DELETE FROM signer_nonces",
        ]
        for statement in statements {
            do {
                try await open.pool.transaction { connection in
                    try connection.execute(
                        statement, statement.contains("$1") ? [.blob(Array(repeating: 5, count: 32))] : [])
                }
                Issue.record("the database let through: \(statement)")
            } catch let error as StorageError {
                #expect(error.code == .appendOnly, "\(error)")
            }
        }
        #expect(try await open.ledger.nonce(session.id)?.consumption?.share == session.share)
        await open.pool.close()
    }
}
