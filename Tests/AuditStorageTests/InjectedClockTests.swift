import AuditLog
import CustodyTestSupport
import Storage
import Synchronization
import Testing

@testable import AuditStorage

/// The persistent log reads time only from the clock it is given: once per batch, for the
/// records given no time.
@Suite struct InjectedClockTests {
    @Test(arguments: Driver.allCases)
    func recordsWithoutATimeTakeTheInjectedClocksReading(driver: Driver) async throws {
        let readings = Mutex<Int64>(1_800_000_000_000_000)
        let log = try PersistentAuditLog(
            database: driver.open(), origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1],
            clock: {
                readings.withLock { reading in
                    reading += 1
                    return reading
                }
            })
        let first = try await log.append(type: .keyCeremony, actor: "officer:bob", payload: [1])
        let given = try await log.append(type: .keyCeremony, actor: "officer:bob", payload: [2], time: 5)
        let third = try await log.append(type: .keyCeremony, actor: "officer:bob", payload: [3])
        #expect(first.time == 1_800_000_000_000_001)
        #expect(given.time == 5)
        #expect(third.time > first.time && third.time <= readings.withLock { $0 })
        let stored = try AuditDatabase.tail(database: log.store.database, count: 3)
        #expect(stored.map(\.time) == [first.time, 5, third.time])
    }
}
