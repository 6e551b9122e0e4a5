import CustodyTestSupport
import Foundation
import Synchronization
import Testing

@testable import PKCS11

/// The `async` API runs the blocking PKCS#11 calls on the token's own threads: tasks awaiting
/// the HSM leave Swift's cooperative threads free for everything else.
@Suite struct AsyncTokenTests {
    /// Set in the child process that runs the measurement.
    static let isolatedVariable = "CUSTODY_TEST_ASYNC_HSM_ISOLATED"

    /// Other tests of this process block cooperative threads with synchronous HSM calls and
    /// processes of their own; the measurement therefore runs in a child process (this test
    /// binary, filtered to this suite), where nothing else runs.
    @Test func twoHundredFiftySixConcurrentHSMOperationsKeepAOneMillisecondTimerOnTime() async throws {
        if ProcessInfo.processInfo.environment[Self.isolatedVariable] == "1" {
            try await Self.measure()
            return
        }
        let child = try ProcessRunner.run(
            CommandLine.arguments[0], ["--testing-library", "swift-testing", "--filter", "AsyncTokenTests"],
            environment: [Self.isolatedVariable: "1"])
        let output = child.stdout + child.stderr
        #expect(child.status == 0, "\(output)")
        #expect(output.contains("twoHundredFiftySixConcurrentHSMOperationsKeepAOneMillisecondTimerOnTime"))
        #expect(!output.contains("✘"), "\(output)")
    }

    static func measure() async throws {
        let token = try SoftHSM.preparedToken("async")
        let key = try IdentityPublicKey(curve: .secp256k1, sec1: try token.identityPublicKey().key)
        let timer = TickTimer()
        let ticking = Task { await timer.run() }
        let threads = ThreadRecorder()
        let clock = ContinuousClock()
        let started = clock.now
        let valid = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<256 {
                group.addTask {
                    let digest = (0..<32).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) }
                    let signature = try await token.perform { (token) throws(PKCS11Error) in
                        let name = token.threads.ownsCurrentThread ? "pool" : "other"
                        threads.names.withLock { _ = $0.insert(name) }
                        return try token.signWithIdentity(digest: digest)
                    }
                    return key.isValidSignature(signature, digest: digest)
                }
            }
            var valid = 0
            for try await ok in group where ok { valid += 1 }
            return valid
        }
        let elapsed = clock.now - started
        timer.running.store(false, ordering: .releasing)
        await ticking.value
        #expect(valid == 256)
        // Every call ran on the token's threads, none on a cooperative one.
        let names = threads.names.withLock { $0 }
        #expect(names == ["pool"], "\(names)")
        let lateness = timer.lateness.withLock { $0 }.sorted()
        try #require(!lateness.isEmpty)
        let median = lateness[lateness.count / 2]
        let p99 = lateness[min(lateness.count - 1, lateness.count * 99 / 100)]
        // The timer ticked through the whole run, on time. Were the calls blocking the
        // cooperative threads, it could not tick until the HSM work was done.
        #expect(Double(lateness.count) >= elapsed / .milliseconds(20), "\(lateness.count) ticks in \(elapsed)")
        #expect(median < .milliseconds(5), "median lateness \(median)")
        print(
            "256 HSM signatures in \(elapsed) off the cooperative pool; timer: \(lateness.count) ticks, "
                + "median lateness \(median), p99 \(p99), max \(lateness.last!)")
    }
}

/// A 1 ms timer as a task of its own, recording how late each tick is, until stopped.
private final class TickTimer: Sendable {
    let running = Atomic<Bool>(true)
    let lateness = Mutex<[Duration]>([])

    func run() async {
        let clock = ContinuousClock()
        while running.load(ordering: .acquiring) {
            let start = clock.now
            try? await Task.sleep(for: .milliseconds(1), tolerance: .zero, clock: clock)
            let late = clock.now - start - .milliseconds(1)
            lateness.withLock { $0.append(late) }
        }
    }
}

/// The names of the threads the HSM calls ran on.
private final class ThreadRecorder: Sendable {
    let names = Mutex<Set<String>>([])
}
