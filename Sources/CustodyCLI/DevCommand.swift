import ArgumentParser
import Crypto
import Encoding
import Foundation

/// `custody dev`: a whole local cluster for development and the demo (docs/dev-cluster.md):
/// SoftHSM2 tokens, configurations, officer keys, a policy, the daemons on loopback with SQLite,
/// two wallets by key ceremony and test deposits.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "A local cluster for development: up, down, and the demo's helpers.",
        subcommands: [DevUpCommand.self, DevDownCommand.self, DevPSBTCommand.self, DevVerifyCommand.self])
}

struct DevUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Create and start a local cluster in DIR: a coordinator and three signers on SoftHSM2 and SQLite.",
        discussion: """
            DIR must not exist or be empty. Writes SoftHSM2 tokens (DIR/hsm), three officer keys \
            (DIR/officers, passphrase in DIR/officers/passphrase), a policy (DIR/policy.yaml), the \
            daemons' configurations and data, an API key for the service `withdrawals` \
            (DIR/api-key), starts the daemons in the background (logs in DIR/logs, process ids in \
            DIR/run), runs the key ceremonies of a hot 2-of-3 and a cold 3-of-3 wallet, registers \
            a test deposit in each, and writes DIR/cluster.json. Development only: the keys are \
            in software tokens and the passphrase is on disk.
            """)

    @Argument(help: "The cluster's directory (created).")
    var directory: String
    @Option(help: "The coordinator's port; the signers listen on the next three.")
    var port: Int = 7400
    @Option(help: "The SoftHSM2 PKCS#11 module.")
    var hsmModule: String = "/usr/lib/softhsm/libsofthsm2.so"

    func validate() throws {
        guard (1024...65_530).contains(port) else { throw ValidationError("--port: 1024 to 65530") }
    }

    func run() throws {
        do {
            try DevCluster(directory: directory, port: port, module: hsmModule).up()
        } catch let error as DevFailure {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct DevDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop the daemons of the local cluster in DIR (SIGTERM, then SIGKILL).")

    @Argument(help: "The cluster's directory.")
    var directory: String

    func run() throws {
        let stopped = DevCluster.down(directory: directory)
        print(stopped.isEmpty ? "nothing was running in \(directory)" : "stopped \(stopped.joined(separator: ", "))")
    }
}

/// Why `custody dev up` stopped.
struct DevFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A local cluster's set-up, in its directory.
struct DevCluster {
    let directory: String
    let port: Int
    let module: String

    static let signers = ["s1", "s2", "s3"]
    static let officers = ["alice", "bob", "carol"]
    static let service = "withdrawals"
    static let passphrase = "custody dev cluster passphrase"
    /// The test deposits: wallet, and amount in satoshis.
    static let deposits: [(wallet: String, amount: Int64)] = [("hot", 200_000_000), ("cold", 1_000_000_000)]

    var hsm: String { directory + "/hsm" }
    var pinFile: String { hsm + "/user.pin" }
    var environment: [String: String] { ["SOFTHSM2_CONF": hsm + "/softhsm2.conf"] }
    var coordinatorURL: String { "http://127.0.0.1:\(port)" }

    /// The path of `custodyd`, beside this executable.
    static var custodyd: String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("custodyd").path
    }

    static var custody: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    func step(_ text: String) { FileHandle.standardError.write(Data("== \(text)\n".utf8)) }

    func up() throws {
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw DevFailure("\(directory) is not empty: run `custody dev down \(directory)` and remove it first")
        }
        for sub in ["hsm/tokens", "officers", "logs", "run"] {
            try files.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
        }
        guard files.isExecutableFile(atPath: Self.custodyd) else {
            throw DevFailure("custodyd is not beside custody (\(Self.custodyd)): build both")
        }

        step("SoftHSM2 tokens")
        try write(
            "directories.tokendir = \(hsm)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n",
            to: hsm + "/softhsm2.conf")
        try write(Self.randomHex(12), to: pinFile, mode: 0o600)
        try write(Self.randomHex(12), to: hsm + "/so.pin", mode: 0o600)
        let pin = try String(contentsOfFile: pinFile, encoding: .utf8)
        let soPin = try String(contentsOfFile: hsm + "/so.pin", encoding: .utf8)
        for label in Self.signers.map({ "custody-\($0)" }) + ["custody-coordinator"] {
            try run(
                "/usr/bin/env",
                ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin])
        }

        step("the service's request key and API key")
        let hsmOptions = ["--hsm-module", module, "--pin-file", pinFile]
        let serviceKey = try run(
            Self.custodyd,
            ["coordinator", "service-key", "--token", "custody-coordinator", "--service", Self.service] + hsmOptions
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let apiKey = Self.randomHex(32)
        try write(apiKey, to: directory + "/api-key", mode: 0o600)

        step("officer keys (alice, bob, carol)")
        try write(Self.passphrase, to: directory + "/officers/passphrase", mode: 0o600)
        var officerKeys: [String: String] = [:]
        for officer in Self.officers {
            officerKeys[officer] = try run(
                Self.custody,
                [
                    "officer", "keygen", "--out", "\(directory)/officers/\(officer).key", "--passphrase-file",
                    directory + "/officers/passphrase", "--scrypt-log2-n", "14",
                ]
            ).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        step("the policy")
        let policy = Self.policy(officers: officerKeys, service: serviceKey)
        try write(policy, to: directory + "/policy.yaml")

        step("signers: keys and genesis policy")
        var identities: [String: String] = [:]
        for signer in Self.signers {
            let output = try run(
                Self.custodyd,
                [
                    "signer", "init", "--token", "custody-\(signer)", "--data", "\(directory)/\(signer)",
                    "--identity-curve", "p-256", "--policy", directory + "/policy.yaml",
                ] + hsmOptions)
            guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("identity public key") }),
                let key = line.split(separator: " ").last
            else { throw DevFailure("custodyd signer init printed no identity key:\n\(output)") }
            identities[signer] = String(key)
        }

        step("the coordinator")
        let signerList = Self.signers.enumerated().map { index, signer in
            """
            {"id": "\(signer)", "url": "http://127.0.0.1:\(port + 1 + index)", "identityCurve": "p-256", "identityPublicKey": "\(identities[signer]!)"}
            """
        }
        let hash = Hex.encode(Array(SHA256.hash(data: Array(apiKey.utf8))))
        try write(
            """
            {"listen": "127.0.0.1:\(port)", "database": "\(directory)/coordinator.sqlite",
             "auditLog": "\(directory)/coordinator-audit.sqlite",
             "hsm": {"module": "\(module)", "token": "custody-coordinator", "pin": {"file": "\(pinFile)"}},
             "network": "regtest", "policy": "\(directory)/policy.yaml",
             "api": {"services": [{"id": "\(Self.service)", "keyHashes": ["sha256:\(hash)"]}]},
             "signers": [\(signerList.joined(separator: ",\n  "))]}

            """, to: directory + "/coordinator.json")
        try launch("coordinator", [Self.custodyd, "coordinator", "serve", "--config", directory + "/coordinator.json"])
        let health = try awaitHealth(port: port, name: "coordinator")
        guard let coordinatorKey = health["identityPublicKey"] as? String else {
            throw DevFailure("the coordinator's /healthz shows no identity key")
        }

        step("the signers")
        for (index, signer) in Self.signers.enumerated() {
            let peers = Self.signers.enumerated().filter { $0.element != signer }.map { _, peer in
                #"{"id": "\#(peer)", "identityCurve": "p-256", "identityPublicKey": "\#(identities[peer]!)"}"#
            }
            try write(
                """
                {"dataDirectory": "\(directory)/\(signer)", "listen": "127.0.0.1:\(port + 1 + index)",
                 "pin": {"file": "\(pinFile)"}, "id": "\(signer)",
                 "coordinator": {"id": "coordinator", "identityCurve": "p-256", "identityPublicKey": "\(coordinatorKey)"},
                 "peers": [\(peers.joined(separator: ", "))]}

                """, to: "\(directory)/\(signer)/signerd.json")
            try launch(signer, [Self.custodyd, "signer", "serve", "--config", "\(directory)/\(signer)/signerd.json"])
        }
        for index in Self.signers.indices { _ = try awaitHealth(port: port + 1 + index, name: Self.signers[index]) }

        step("key ceremonies: hot (2-of-3) and cold (3-of-3)")
        var addresses: [String: String] = [:]
        for (wallet, threshold) in [("hot", 2), ("cold", 3)] {
            let output = try run(
                Self.custody,
                [
                    "wallet", "create", "--name", wallet, "--threshold", String(threshold), "--signers",
                    Self.signers.joined(separator: ","), "--network", "regtest", "--coordinator", coordinatorURL,
                    "--json",
                ])
            let object = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
            guard let address = object["address"] as? String else {
                throw DevFailure("the key ceremony of \(wallet) gave no address:\n\(output)")
            }
            addresses[wallet] = address
        }

        step("test deposits")
        let client: CoordinatorClient
        do {
            client = try CoordinatorClient(url: coordinatorURL, timeout: 30)
        } catch {
            throw DevFailure(error.description)
        }
        var deposits: [[String: Any]] = []
        for (index, deposit) in Self.deposits.enumerated() {
            let txid = Hex.encode(Array(SHA256.hash(data: Array("custody dev deposit \(index)".utf8))))
            let body =
                #"{"walletId": "\#(deposit.wallet)", "txid": "\#(txid)", "vout": 0, "amount": "\#(deposit.amount)"}"#
            let answer: CoordinatorClient.Answer
            do {
                answer = try client.call(
                    "POST", "custody.v1.CustodyService/RegisterDeposit", body: Data(body.utf8),
                    headers: ["Authorization": "Bearer \(apiKey)"])
            } catch {
                throw DevFailure(error.description)
            }
            guard answer.status == 200 else { throw DevFailure("RegisterDeposit: \(answer.message)") }
            deposits.append([
                "wallet": deposit.wallet, "txid": txid, "vout": 0, "amount": deposit.amount,
                "address": addresses[deposit.wallet]!,
            ])
        }

        let cluster: [String: Any] = [
            "coordinator": coordinatorURL, "network": "regtest", "service": Self.service,
            "apiKeyFile": directory + "/api-key", "policy": directory + "/policy.yaml",
            "officers": Self.officers.map { ["id": $0, "key": "\(directory)/officers/\($0).key"] },
            "passphraseFile": directory + "/officers/passphrase", "wallets": addresses, "deposits": deposits,
            "auditLog": directory + "/coordinator-audit.sqlite",
            "auditGenesisKey": Self.genesisKey(log: directory + "/logs/coordinator.log") ?? "",
        ]
        let json = try JSONSerialization.data(withJSONObject: cluster, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: directory + "/cluster.json"))
        print(
            """
            The cluster is up in \(directory):
              coordinator  \(coordinatorURL) (service API: service \(Self.service), key in \(directory)/api-key)
              signers      \(Self.signers.enumerated().map { "\($0.element) :\(port + 1 + $0.offset)" }.joined(separator: ", "))
              wallets      hot (2-of-3) \(addresses["hot"]!)
                           cold (3-of-3) \(addresses["cold"]!)
              officers     \(Self.officers.joined(separator: ", ")) (keys in \(directory)/officers)
              described in \(directory)/cluster.json; stop it with `custody dev down \(directory)`
            """)
    }

    /// The demo policy: the service sends up to 1 BTC from hot alone; anything else takes two of
    /// treasury, and the cold wallet a 10-second time lock (seconds, for the demo).
    static func policy(officers: [String: String], service: String) -> String {
        """
        # The local cluster's policy (custody dev up): for development only.
        version: 1
        name: dev-cluster
        roles:
          treasury:
        \(Self.officers.map { "    - {id: \($0), key: \"\(officers[$0]!)\"}" }.joined(separator: "\n"))
        services:
          - {id: \(Self.service), key: "\(service)"}
        wallets:
          hot:
            asset: BTC
            tier: hot
            key: hot
            signing: {suite: secp256k1-tr, threshold: 2, signers: [\(Self.signers.joined(separator: ", "))]}
          cold:
            asset: BTC
            tier: cold
            key: cold
            signing: {suite: secp256k1-tr, threshold: 3, signers: [\(Self.signers.joined(separator: ", "))]}
        rules:
          - id: hot-small
            match: {wallets: [hot], amount: {max: 100_000_000}, initiators: [\(Self.service)]}
            action: allow
          - id: cold-out
            match: {wallets: [cold]}
            action: approve
            approvals: [{role: treasury, min: 2}]
            time-lock: 10s
          - id: hot-large
            match: {wallets: [hot]}
            action: approve
            approvals: [{role: treasury, min: 2}]
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [treasury]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 1h}

        """
    }

    /// The audit log's genesis key, from the coordinator's log line `audit log open`.
    static func genesisKey(log path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.contains("\"audit log open\"") {
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            if let key = (object?["metadata"] as? [String: Any])?["genesisKey"] as? String { return key }
        }
        return nil
    }

    func write(_ text: String, to path: String, mode: Int = 0o644) throws {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        else { throw DevFailure("cannot write \(path)") }
    }

    static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Runs a program to its end; its standard output, or a failure with its standard error.
    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DevFailure(
                "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(2).joined(separator: " ")) "
                    + "failed: \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Starts a daemon in the background (it outlives this command), its output in
    /// DIR/logs/NAME.log and its process id in DIR/run/NAME.pid.
    func launch(_ name: String, _ command: [String]) throws {
        let log = directory + "/logs/\(name).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: log) else { throw DevFailure("cannot write \(log)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try write(String(process.processIdentifier), to: directory + "/run/\(name).pid")
    }

    /// Waits until `GET /healthz` on `port` says ready; its JSON.
    func awaitHealth(port: Int, name: String) throws -> [String: Any] {
        let client: CoordinatorClient
        do {
            client = try CoordinatorClient(url: "http://127.0.0.1:\(port)", timeout: 2)
        } catch {
            throw DevFailure(error.description)
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let answer = try? client.call("GET", "healthz", body: nil), answer.status == 200 {
                return answer.object
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw DevFailure("\(name) did not become ready in 60 s: see \(directory)/logs/\(name).log")
    }

    /// Stops every daemon whose process id is in DIR/run: SIGTERM, then SIGKILL after 10 s.
    static func down(directory: String) -> [String] {
        let run = directory + "/run"
        var stopped: [String] = []
        for file in ((try? FileManager.default.contentsOfDirectory(atPath: run)) ?? []).sorted()
        where file.hasSuffix(".pid") {
            let path = run + "/" + file
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1, kill(pid, 0) == 0
            else { continue }
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
            stopped.append(String(file.dropLast(4)))
        }
        return stopped
    }
}
