import BlockingIO
import Foundation
import Synchronization
import Testing

/// The one thread pool that `PKCS11` and `Storage` run their blocking C calls on.
@Suite struct BlockingThreadPoolTests {
    @Test func jobsRunOnThePoolsThreadsAndResultsAndErrorsComeBack() async throws {
        let pool = BlockingThreadPool(threads: 2, name: "test")
        defer { pool.shutdown() }
        #expect(!pool.ownsCurrentThread)
        #expect(await pool.run { pool.ownsCurrentThread })
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await pool.run { () throws(Failure) -> Int in throw Failure() } }
    }

    @Test(arguments: [
        (-3, 1), (0, 1), (3, 3), (BlockingThreadPool.maximumThreads + 1, BlockingThreadPool.maximumThreads),
    ])
    func theThreadCountIsClampedToItsRange(requested: Int, started: Int) {
        let pool = BlockingThreadPool(threads: requested, name: "test")
        #expect(pool.threadCount == started)
        pool.shutdown()
    }

    @Test func aSingleThreadRunsJobsInTheOrderSubmitted() async {
        let pool = BlockingThreadPool(threads: 1, name: "test")
        defer { pool.shutdown() }
        let order = Shared<[Int]>([])
        for index in 0..<100 { pool.submit { order.update { $0.append(index) } } }
        await pool.run {}
        #expect(order.value == Array(0..<100))
    }

    @Test func aJobSubmittedAfterShutdownStillRuns() async {
        let pool = BlockingThreadPool(threads: 1, name: "test")
        pool.shutdown()
        pool.shutdown()
        #expect(await pool.run { 42 } == 42)
    }
}
