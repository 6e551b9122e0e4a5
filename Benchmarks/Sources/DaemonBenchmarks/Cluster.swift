import CustodyTestSupport
import Encoding
import Foundation

/// Failures of the set-up, printed as they are and ending the run.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
}

/// A throwaway SoftHSM2 installation: its own configuration and token directory, one token per
/// daemon made with SoftHSM's `softhsm2-util`, removed with the cluster.
struct Tokens {
    static let pin = "bench-pin-1234"
    let directory: String
    let configuration: String
    let pinFile: String
    let module =
        ProcessInfo.processInfo.environment["CUSTODY_BENCH_PKCS11_MODULE"] ?? "/usr/lib/softhsm/libsofthsm2.so"

    init(directory: String) throws {
        self.directory = directory
        configuration = directory + "/softhsm2.conf"
        pinFile = directory + "/user.pin"
        try FileManager.default.createDirectory(atPath: directory + "/tokens", withIntermediateDirectories: true)
        try """
        directories.tokendir = \(directory)/tokens
        objectstore.backend = file
        log.level = ERROR
        slots.removable = false

        """.write(toFile: configuration, atomically: true, encoding: .utf8)
        try (Self.pin + "\n").write(toFile: pinFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pinFile)
    }

    /// Makes the token `label`.
    func make(_ label: String) throws {
        let result = try ProcessRunner.run(
            "/usr/bin/softhsm2-util",
            ["--init-token", "--free", "--label", label, "--pin", Self.pin, "--so-pin", "bench-so-5678"],
            environment: ["SOFTHSM2_CONF": configuration])
        guard result.status == 0 else { throw SetupFailure(description: "softhsm2-util: \(result.stderr)") }
    }
}

/// `n` signer daemons and a coordinator on loopback, each on its own SoftHSM2 token and store,
/// set up as `docs/daemons.md` says: `custodyd signer init`, the coordinator started first so
/// that its identity key can be pinned, then the signers.
final class Cluster {
    let custodyd: String
    let directory: String
    let tokens: Tokens
    let signerIDs: [String]
    private(set) var daemons: [(name: String, daemon: RunningDaemon, configuration: String)] = []
    let coordinatorPort: Int

    init(custodyd: String, signers count: Int) throws {
        self.custodyd = custodyd
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("custody-daemon-bench-\(UUID().uuidString)")
            .path
        tokens = try Tokens(directory: directory + "/softhsm")
        let environment = ["SOFTHSM2_CONF": tokens.configuration]
        let policyPath = directory + "/policy.yaml"
        try Requests.policyText.write(toFile: policyPath, atomically: true, encoding: .utf8)
        signerIDs = (1...count).map { "s\($0)" }
        var signers: [(id: String, data: String, key: String, port: Int)] = []
        for id in signerIDs {
            try tokens.make("bench-\(id)")
            let data = directory + "/\(id)"
            let result = try ProcessRunner.run(
                custodyd,
                [
                    "signer", "init", "--hsm-module", tokens.module, "--token", "bench-\(id)", "--pin-file",
                    tokens.pinFile, "--data", data, "--identity-curve", "p-256", "--policy", policyPath,
                ], environment: environment)
            guard result.status == 0,
                let key = result.stdout.split(separator: "\n").last(where: { $0.hasPrefix("identity public key") })?
                    .split(separator: " ").last
            else { throw SetupFailure(description: "custodyd signer init \(id): \(result.stderr)") }
            signers.append((id, data, String(key), LoopbackHTTP.freePort()))
        }
        try tokens.make("bench-coordinator")
        let signerList = signers.map {
            """
            {"id": "\($0.id)", "url": "http://127.0.0.1:\($0.port)", "identityCurve": "p-256", "identityPublicKey": "\($0.key)"}
            """
        }
        let configuration = directory + "/coordinator.json"
        try """
        {"listen": "127.0.0.1:0", "database": "\(directory)/coordinator.sqlite", "auditLog": "\(directory)/coordinator-audit.sqlite",
         "hsm": {"module": "\(tokens.module)", "token": "bench-coordinator", "pin": {"file": "\(tokens.pinFile)"}},
         "network": "regtest", "signers": [\(signerList.joined(separator: ","))]}
        """.write(toFile: configuration, atomically: true, encoding: .utf8)
        let coordinator = try RunningDaemon(
            custodyd, ["coordinator", "serve", "--config", configuration], environment: environment)
        daemons.append(("coordinator", coordinator, configuration))
        guard let port = coordinator.awaitListening()?.port else {
            throw SetupFailure(description: "the coordinator did not start: \(coordinator.stderr)")
        }
        coordinatorPort = port
        let health = try LoopbackHTTP.request(port: port, "/healthz")
        guard let coordinatorKey = Self.json(health.body)["identityPublicKey"] as? String else {
            throw SetupFailure(description: "no identityPublicKey in the coordinator's /healthz: \(health.body)")
        }
        for signer in signers {
            let peers = signers.filter { $0.id != signer.id }.map {
                """
                {"id": "\($0.id)", "identityCurve": "p-256", "identityPublicKey": "\($0.key)"}
                """
            }
            let path = directory + "/signerd-\(signer.id).json"
            try """
            {"dataDirectory": "\(signer.data)", "listen": "127.0.0.1:\(signer.port)", "pin": {"file": "\(tokens.pinFile)"},
             "id": "\(signer.id)",
             "coordinator": {"id": "coordinator", "identityCurve": "p-256", "identityPublicKey": "\(coordinatorKey)"},
             "peers": [\(peers.joined(separator: ","))]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
            let daemon = try RunningDaemon(custodyd, ["signer", "serve", "--config", path], environment: environment)
            daemons.append((signer.id, daemon, path))
            guard daemon.awaitListening() != nil else {
                throw SetupFailure(description: "signer \(signer.id) did not start: \(daemon.stderr)")
            }
        }
    }

    /// `POST /v1/wallets`: the Taproot wallet `name` at `threshold`; its group key (x-only, 32 bytes).
    func createWallet(_ name: String, threshold: Int) throws -> [UInt8] {
        let ids = signerIDs.map { "\"\($0)\"" }.joined(separator: ",")
        let body = """
            {"name": "\(name)", "suite": "secp256k1-tr", "threshold": \(threshold), "signers": [\(ids)]}
            """
        let response = try LoopbackHTTP.request(
            port: coordinatorPort, "/v1/wallets", method: "POST", body: Array(body.utf8),
            headers: ["Content-Type": "application/json"], timeout: .seconds(120))
        guard response.status == 201, let groupKey = Self.json(response.body)["groupKey"] as? String,
            let bytes = try? Hex.decode(groupKey), bytes.count == 33
        else { throw SetupFailure(description: "the key ceremony failed: \(response.status) \(response.body)") }
        return Array(bytes.dropFirst())
    }

    /// The CPU time (user + system) each daemon has used so far, in seconds, from `/proc`.
    func cpuSeconds() -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, _, configuration) in daemons {
            if let pid = Self.pid(runningConfiguration: configuration), let seconds = Self.cpuSeconds(pid: pid) {
                result[name] = seconds
            }
        }
        return result
    }

    /// Stops every daemon with SIGTERM, then removes the cluster's files.
    func stop() {
        for (_, daemon, _) in daemons.reversed() {
            daemon.send(SIGTERM)
            _ = daemon.awaitExit(timeout: .seconds(10))
        }
        daemons = []
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func json(_ text: String) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
    }

    /// The process whose command line ends in `--config PATH`.
    static func pid(runningConfiguration path: String) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry),
                let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let arguments = line.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.suffix(2) == ["--config", path] { return pid }
        }
        return nil
    }

    /// utime + stime of `/proc/PID/stat`, in seconds.
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The fields after the command name (which may hold spaces) in parentheses.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // Fields 14 and 15 (utime, stime); `fields` starts at field 3.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
