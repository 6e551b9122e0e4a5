import CustodyTestSupport
import Foundation
import Testing

/// `make demo`'s script (`deploy/dev/demo.sh`) runs to its end on the built executables: a local
/// cluster from `custody dev up`, a PSBT withdrawal approved by two officers, signed after the
/// time lock, checked by libsecp256k1, and the audit log verified OK; `custody dev down` stops
/// every daemon.
@Suite(.serialized) struct DemoTests {
    @Test func theDemoRunsToItsEndAndDevDownStopsEveryDaemon() throws {
        let root = ConnectClientTests.root
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)").path
        let bin = URL(fileURLWithPath: ProcessRunner.product("custody")).deletingLastPathComponent().path
        let result = try ProcessRunner.run(
            "/bin/bash", [root + "/deploy/dev/demo.sh", bin],
            environment: ["CUSTODY_DEMO_DIR": directory, "CUSTODY_DEMO_PORT": String(LoopbackHTTP.freePort())])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        for fragment in [
            "The cluster is up", "REQUEST_STATE_PENDING_APPROVAL", "state: REQUEST_STATE_SIGNED",
            "input 0: valid BIP-340 signature", "OK: size",
        ] {
            #expect(result.stdout.contains(fragment) || result.stderr.contains(fragment), "\(fragment)")
        }
        // The trap ran `custody dev down`: no pid file is left and no daemon answers.
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/run")) ?? []
        #expect(pids.isEmpty, "\(pids)")
    }
}
