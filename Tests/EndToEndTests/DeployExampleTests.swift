import CustodyTestSupport
import Foundation
import Testing

/// The example configurations in `deploy/dev/` start real daemons, run from a directory laid out
/// as `deploy/README.md` says (`dev-cluster/`), with the token, PIN and port given by the
/// environment overrides that docs/daemons.md lists.
@Suite(.serialized) struct DeployExampleTests {
    static func clusterDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(
            atPath: directory + "/dev-cluster/hsm", withIntermediateDirectories: true)
        return directory
    }

    static func serveUntilHealthy(_ daemon: RunningDaemon, role: String) throws {
        let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        let health = try LoopbackHTTP.request(port: port, "/healthz")
        #expect(health.status == 200)
        #expect(health.body.contains(#""role":"\#(role)""#))
        daemon.send(SIGTERM)
        #expect(daemon.awaitExit()?.status == 0)
    }

    @Test func theSignerExampleServes() throws {
        let directory = try Self.clusterDirectory()
        let label = try SoftHSM.makeToken("example-signer")
        let pinFile = directory + "/dev-cluster/hsm/user.pin"
        try FileManager.default.copyItem(atPath: SoftHSM.pinFile, toPath: pinFile)
        let initialized = try ProcessRunner.run(
            ProcessRunner.product("custodyd"),
            [
                "signer", "init", "--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", pinFile,
                "--data", directory + "/dev-cluster/signer-1",
            ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        try #require(initialized.status == 0, "\(initialized.stderr)")
        let daemon = try RunningDaemon(
            ProcessRunner.product("custodyd"),
            ["signer", "serve", "--config", Repository.root.appendingPathComponent("deploy/dev/signerd.json").path],
            environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath, "CUSTODY_SIGNER_LISTEN": "127.0.0.1:0"],
            directory: directory)
        try Self.serveUntilHealthy(daemon, role: "signer")
    }

    @Test func theCoordinatorExampleServes() throws {
        let directory = try Self.clusterDirectory()
        let label = try SoftHSM.makeToken("example-coordinator")
        let daemon = try RunningDaemon(
            ProcessRunner.product("custodyd"),
            [
                "coordinator", "serve", "--config",
                Repository.root.appendingPathComponent("deploy/dev/coordinator.json").path,
            ],
            environment: [
                "SOFTHSM2_CONF": SoftHSM.configurationPath, "CUSTODY_COORDINATOR_LISTEN": "127.0.0.1:0",
                "CUSTODY_COORDINATOR_HSM_MODULE": SoftHSM.modulePath, "CUSTODY_COORDINATOR_HSM_TOKEN": label,
                "CUSTODY_COORDINATOR_PIN": SoftHSM.userPIN,
            ],
            directory: directory)
        try Self.serveUntilHealthy(daemon, role: "coordinator")
        #expect(FileManager.default.fileExists(atPath: directory + "/dev-cluster/coordinator.sqlite"))
    }
}
