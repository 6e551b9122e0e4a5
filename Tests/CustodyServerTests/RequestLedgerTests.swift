import CoordinatorService
import CustodyAPI
import CustodyTestSupport
import Foundation
import Storage
import Testing

/// The coordinator's request ledger on both drivers: idempotency keys, conditional changes of
/// state that only one writer wins, leases, pages and the change feed (docs/api.md).
struct RequestLedgerTests {
    static func open(_ driver: TestDatabase) async throws -> RequestLedger {
        let pool: any SQLConnectionPool =
            switch driver {
            case .sqlite: try await SQLiteConnectionPool(path: try driver.location())
            case .postgres: try await PostgresConnectionPool(url: try driver.location(), size: 4)
            }
        return try await RequestLedger(pool: pool) { Array(repeating: 7, count: $0) }
    }

    static func entry(
        _ id: String, service: String = "engine", key: String? = nil, createdAt: Int64 = 1_700_000_000,
        body: UInt8 = 1
    ) -> LedgerEntry {
        LedgerEntry(
            request: SigningRequest(
                id: id, walletId: "hot", idempotencyKey: key ?? "key-\(id)", state: .pendingApproval, asset: "BTC",
                amount: 5, destination: "bcrt1qx", createdAt: Timestamp(seconds: createdAt),
                expiresAt: Timestamp(seconds: createdAt + 86_400)),
            service: service, bodyHash: Array(repeating: body, count: 32), signedRequest: Array("{}".utf8),
            approvals: Array("[]".utf8), receivedAt: createdAt, label: "withdrawal", spent: 5)
    }

    @Test(arguments: TestDatabase.allCases)
    func anIdempotencyKeyMakesOneRequestAndWithAnotherBodyIsRefused(driver: TestDatabase) async throws {
        let ledger = try await Self.open(driver)
        let first = try await ledger.create(Self.entry("req_a", key: "k"))
        #expect(first.created)
        let again = try await ledger.create(Self.entry("req_b", key: "k"))
        #expect(!again.created)
        #expect(again.entry.request.id == "req_a")
        await #expect(throws: RequestLedgerError.self) {
            _ = try await ledger.create(Self.entry("req_c", key: "k", body: 2))
        }
        // Another service may use the same key.
        #expect(try await ledger.create(Self.entry("req_d", service: "desk", key: "k")).created)
        #expect(try await ledger.entry(id: "req_b") == nil)
    }

    @Test(arguments: TestDatabase.allCases)
    func aChangeOfStateIsMadeOnlyFromTheStatesItIsAllowedFrom(driver: TestDatabase) async throws {
        let ledger = try await Self.open(driver)
        _ = try await ledger.create(Self.entry("req_a"))
        let now = Timestamp(seconds: 1_700_000_100)!
        let cancelled = try await ledger.update(id: "req_a", from: [.pendingApproval], now: now) {
            $0.request.state = .cancelled
        }
        #expect(cancelled?.request.state == .cancelled)
        #expect(cancelled?.request.updatedAt == now)
        // A second writer that read the old state changes nothing.
        let late = try await ledger.update(id: "req_a", from: [.pendingApproval], now: now) {
            $0.request.state = .signing
        }
        #expect(late == nil)
        #expect(try await ledger.entry(id: "req_a")?.request.state == .cancelled)
    }

    @Test(arguments: TestDatabase.allCases)
    func ofTwoCoordinatorsLeasingOneRequestOnlyOneWinsUntilTheLeaseRunsOut(driver: TestDatabase) async throws {
        let ledger = try await Self.open(driver)
        var entry = Self.entry("req_a")
        entry.request.state = .approved
        _ = try await ledger.create(entry)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for owner in ["one", "two", "three", "four"] {
                group.addTask {
                    try await ledger.lease(id: "req_a", state: .approved, owner: owner, until: 2_000, now: 1_000)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try await !ledger.lease(id: "req_a", state: .approved, owner: "five", until: 3_000, now: 1_500))
        #expect(try await ledger.lease(id: "req_a", state: .approved, owner: "five", until: 4_000, now: 2_500))
        // A request the lease holds is not due; once the lease runs out it is.
        #expect(try await ledger.due(now: 3_000, limit: 10).isEmpty)
        #expect(try await ledger.due(now: 4_001, limit: 10).map(\.request.id) == ["req_a"])
    }

    @Test(arguments: TestDatabase.allCases)
    func pagesAreNewestFirstAndTheChangeFeedFollowsEveryChangeInOrder(driver: TestDatabase) async throws {
        let ledger = try await Self.open(driver)
        for index in 0..<5 {
            _ = try await ledger.create(Self.entry("req_\(index)", createdAt: 1_700_000_000 + Int64(index)))
        }
        let first = try await ledger.list(service: "engine", wallet: nil, states: [], after: nil, limit: 2)
        #expect(first.map(\.request.id) == ["req_4", "req_3"])
        let last = first.last!
        let second = try await ledger.list(
            service: "engine", wallet: nil, states: [],
            after: (RequestLedger.micros(last.request.createdAt), last.request.id), limit: 10)
        #expect(second.map(\.request.id) == ["req_2", "req_1", "req_0"])
        #expect(try await ledger.list(service: "desk", wallet: nil, states: [], after: nil, limit: 10).isEmpty)

        let feed = try await ledger.changes(service: "engine", wallet: nil, after: 0, limit: 10)
        #expect(feed.map(\.request.id) == ["req_0", "req_1", "req_2", "req_3", "req_4"])
        _ = try await ledger.update(id: "req_1", from: [.pendingApproval], now: Timestamp(seconds: 1_700_000_100)!) {
            $0.request.state = .cancelled
        }
        let after = try await ledger.changes(
            service: "engine", wallet: nil, after: feed.last!.changeSequence, limit: 10)
        #expect(after.map(\.request.id) == ["req_1"])
        #expect(after.first?.request.state == .cancelled)
    }

    @Test(arguments: TestDatabase.allCases)
    func aDepositIsRegisteredOnceByOutpointAndCountsInTheBalanceLessSignedSpends(driver: TestDatabase) async throws {
        let ledger = try await Self.open(driver)
        let txid = String(repeating: "ab", count: 32)
        let deposit = Deposit(walletId: "hot", txid: txid, vout: 1, amount: 1_000)
        #expect(try await ledger.register(deposit, at: 1).created)
        #expect(try await !ledger.register(deposit, at: 2).created)
        await #expect(throws: RequestLedgerError.self) {
            _ = try await ledger.register(Deposit(walletId: "hot", txid: txid, vout: 1, amount: 999), at: 3)
        }
        var signed = Self.entry("req_s")
        signed.request.state = .signed
        _ = try await ledger.create(signed)
        _ = try await ledger.create(Self.entry("req_p"))
        #expect(try await ledger.balance(wallet: "hot") == 995)
    }
}
