import Bitcoin
import CSecp256k1
import Crypto
import CustodyTestSupport
import Encoding
import Foundation
import Policy
import Storage
import Testing

/// Three `custodyd signer` processes and a coordinator on loopback, each signer on its own
/// SoftHSM2 token and SQLite store: a key ceremony through `custody wallet create`, then robust
/// signing through `POST /v1/signatures`, every signature checked by the system's libsecp256k1.
@Suite(.serialized) struct ThresholdClusterTests {
    /// Officer and service keys from public seeds.
    static func key(_ id: String) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(
            rawRepresentation: Array(SHA256.hash(data: Array("custody-cluster-test:\(id)".utf8))))
    }

    static func publicKey(_ id: String) -> String {
        "ed25519:" + Hex.encode(Array(key(id).publicKey.rawRepresentation))
    }

    /// The signers' genesis policy: `engine` may send up to 1,000,000 from `hot` alone; more
    /// takes two of treasury.
    static let policyText = """
        version: 1
        name: cluster-test
        roles:
          treasury:
            - {id: alice, key: "\(publicKey("alice"))"}
            - {id: bob, key: "\(publicKey("bob"))"}
        services: [{id: engine, key: "\(publicKey("engine"))"}]
        wallets:
          hot: {asset: BTC, tier: hot, key: hot}
        rules:
          - id: small
            match: {wallets: [hot], amount: {max: 1_000_000}, initiators: [engine]}
            action: allow
          - id: large
            match: {wallets: [hot]}
            action: approve
            approvals: [{role: treasury, min: 2}]
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [treasury]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
        """

    static let policy = try! PolicyDecoder.decode(yaml: policyText, file: "cluster.yaml")

    /// One signer daemon's set-up.
    struct Signer {
        let id: String
        let data: String
        let identityKey: String
        let port: Int
    }

    /// The running cluster.
    final class Cluster {
        let directory: String
        let signers: [Signer]
        var daemons: [String: RunningDaemon] = [:]
        var coordinator: RunningDaemon
        var coordinatorPort: Int

        /// - Parameters:
        ///   - faults: each signer's fault switch (`fault` in its configuration, with
        ///     `CUSTODY_DEVELOPMENT=1` in its environment).
        ///   - policyText: the signers' genesis policy.
        ///   - apiServices: services of the service API, each with its API key: their request keys
        ///     are made in the coordinator's token first, and `SERVICE-KEY:<id>` in `policyText`
        ///     is replaced with each; the coordinator then serves the API with the policy.
        ///   - database: the coordinator's database (a PostgreSQL URL); nil: SQLite in the directory.
        ///   - coordinatorExtra: more keys of the coordinator's configuration, each after a comma.
        init(
            faults: [String: String] = [:], policyText: String = ThresholdClusterTests.policyText,
            apiServices: [(id: String, apiKey: String)] = [], database: String? = nil, coordinatorExtra: String = ""
        ) throws {
            directory =
                FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let label = try SoftHSM.makeToken("cluster-coordinator")
            var policyText = policyText
            for service in apiServices {
                let made = try ProcessRunner.run(
                    ProcessRunner.product("custodyd"),
                    [
                        "coordinator", "service-key", "--hsm-module", SoftHSM.modulePath, "--token", label,
                        "--pin-file", SoftHSM.pinFile, "--service", service.id,
                    ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
                try #require(made.status == 0, "\(made.stderr)")
                policyText = policyText.replacingOccurrences(
                    of: "SERVICE-KEY:\(service.id)", with: made.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let policyPath = directory + "/policy.yaml"
            try policyText.write(toFile: policyPath, atomically: true, encoding: .utf8)
            var made: [Signer] = []
            for id in ["s1", "s2", "s3"] {
                let label = try SoftHSM.makeToken("cluster-\(id)")
                let data = directory + "/\(id)"
                let result = try ProcessRunner.run(
                    ProcessRunner.product("custodyd"),
                    [
                        "signer", "init", "--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file",
                        SoftHSM.pinFile, "--data", data, "--identity-curve", "p-256", "--policy", policyPath,
                    ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
                try #require(result.status == 0, "\(result.stderr)")
                let key = try #require(
                    result.stdout.split(separator: "\n").last { $0.hasPrefix("identity public key") }?.split(
                        separator: " "
                    ).last)
                made.append(Signer(id: id, data: data, identityKey: String(key), port: LoopbackHTTP.freePort()))
            }
            signers = made
            let api =
                apiServices.isEmpty
                ? ""
                : #", "policy": "\#(policyPath)", "api": {"services": ["#
                    + apiServices.map {
                        #"{"id": "\#($0.id)", "keyHashes": ["sha256:\#(Hex.encode(Array(SHA256.hash(data: Array($0.apiKey.utf8)))))"]}"#
                    }.joined(separator: ",") + "]}"
            let signerList = made.map {
                """
                {"id": "\($0.id)", "url": "http://127.0.0.1:\($0.port)", "identityCurve": "p-256", "identityPublicKey": "\($0.identityKey)"}
                """
            }
            let configuration = directory + "/coordinator.json"
            try """
            {"listen": "127.0.0.1:0", "database": "\(database ?? directory + "/coordinator.sqlite")", "auditLog": "\(directory)/coordinator-audit.sqlite",
             "hsm": {"module": "\(SoftHSM.modulePath)", "token": "\(label)", "pin": {"file": "\(SoftHSM.pinFile)"}},
             "network": "regtest", "signers": [\(signerList.joined(separator: ","))]\(api)\(coordinatorExtra)}
            """.write(toFile: configuration, atomically: true, encoding: .utf8)
            coordinator = try ThresholdClusterTests.serve("coordinator", configuration)
            coordinatorPort = try #require(coordinator.awaitListening(), "\(coordinator.stderr)").port
            let health = try LoopbackHTTP.request(port: coordinatorPort, "/healthz")
            let document = try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any]
            let coordinatorKey = try #require(document?["identityPublicKey"] as? String, "\(health.body)")
            for signer in made {
                let peers = made.filter { $0.id != signer.id }.map {
                    """
                    {"id": "\($0.id)", "identityCurve": "p-256", "identityPublicKey": "\($0.identityKey)"}
                    """
                }
                let path = directory + "/signerd-\(signer.id).json"
                try """
                {"dataDirectory": "\(signer.data)", "listen": "127.0.0.1:\(signer.port)", "pin": {"file": "\(SoftHSM.pinFile)"},
                 "id": "\(signer.id)",
                 "coordinator": {"id": "coordinator", "identityCurve": "p-256", "identityPublicKey": "\(coordinatorKey)"},
                 "peers": [\(peers.joined(separator: ","))]\(faults[signer.id].map { #", "fault": "\#($0)""# } ?? "")}
                """.write(toFile: path, atomically: true, encoding: .utf8)
                let daemon = try ThresholdClusterTests.serve(
                    "signer", path, development: faults[signer.id] != nil)
                try #require(daemon.awaitListening() != nil, "\(daemon.stderr)")
                daemons[signer.id] = daemon
            }
        }

        /// Starts signer `id` again with its configuration (after a stop or a kill).
        func restart(_ id: String) throws {
            let daemon = try ThresholdClusterTests.serve("signer", directory + "/signerd-\(id).json")
            try #require(daemon.awaitListening() != nil, "\(daemon.stderr)")
            daemons[id] = daemon
        }

        /// Starts the coordinator again with its configuration (after a kill); it listens on a new
        /// port.
        func restartCoordinator() throws {
            coordinator = try ThresholdClusterTests.serve("coordinator", directory + "/coordinator.json")
            coordinatorPort = try #require(coordinator.awaitListening(), "\(coordinator.stderr)").port
        }

        /// Starts another coordinator on the same configuration, HSM token and database, with
        /// its own audit log (`coordinator-audit-<name>.sqlite`), on a port of its own.
        func startAnotherCoordinator(_ name: String) throws -> (daemon: RunningDaemon, port: Int) {
            let text = try String(contentsOfFile: directory + "/coordinator.json", encoding: .utf8)
            let path = directory + "/coordinator-\(name).json"
            try text.replacingOccurrences(of: "coordinator-audit.sqlite", with: "coordinator-audit-\(name).sqlite")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let daemon = try ThresholdClusterTests.serve("coordinator", path)
            let port = try #require(daemon.awaitListening(), "\(daemon.stderr)").port
            return (daemon, port)
        }

        /// The last `count` records of audit log `file` in the cluster's directory, readably.
        func audit(_ file: String, last count: Int = 200) throws -> String {
            try ProcessRunner.run(
                ProcessRunner.product("custody"),
                ["audit", "tail", "--db", directory + "/" + file, "-n", String(count)]
            ).stdout
        }

        /// The coordinator's database (wallets, signature records), read directly.
        func coordinatorDatabase() throws -> SQLiteDatabase {
            try SQLiteDatabase(path: directory + "/coordinator.sqlite")
        }

        /// Signer `id`'s store (nonce and signing ledgers), read directly.
        func ledger(_ id: String) throws -> SQLiteDatabase {
            try SQLiteDatabase(path: directory + "/\(id)/signer.sqlite")
        }

        /// Stops signer `id` with SIGTERM.
        func stop(_ id: String) {
            guard let daemon = daemons.removeValue(forKey: id) else { return }
            daemon.send(SIGTERM)
            _ = daemon.awaitExit(timeout: .seconds(10))
        }

        func stopAll() {
            for id in daemons.keys { stop(id) }
            coordinator.send(SIGTERM)
            _ = coordinator.awaitExit(timeout: .seconds(10))
        }

        /// The coordinator's last `count` audit records, readably (`custody audit tail`).
        func coordinatorAudit(last count: Int = 50) throws -> String {
            try ProcessRunner.run(
                ProcessRunner.product("custody"),
                ["audit", "tail", "--db", directory + "/coordinator-audit.sqlite", "-n", String(count)]
            ).stdout
        }

        /// `custody ARGUMENTS --coordinator URL`.
        func custody(_ arguments: [String]) throws -> ProcessRunner.Result {
            try ProcessRunner.run(
                ProcessRunner.product("custody"), arguments + ["--coordinator", "http://127.0.0.1:\(coordinatorPort)"])
        }

        /// `POST /v1/signatures` for a request of `amount` from `hot` asking for `message`.
        /// A retry passes the first attempt's `createdAt`, so that it is the same request.
        func sign(
            id: String, amount: Int64 = 500_000, message: [UInt8], createdAt: Int64? = nil, timeoutSeconds: Int = 10
        ) throws -> LoopbackHTTP.Response {
            let request = PolicyRequest(
                id: id, wallet: "hot", amount: amount, destination: .init(address: "bcrt1qcustomer"),
                initiator: "engine", createdAt: Instant(seconds: createdAt ?? Int64(Date().timeIntervalSince1970) - 5),
                payload: .init(kind: .digest, hash: message))
            let signed = SignedRequest(
                request: request,
                signature: Array(
                    try ThresholdClusterTests.key("engine").signature(
                        for: SignedRequest.signedBytes(digest: request.digest))))
            let body = """
                {"wallet": "hot", "request": \(String(decoding: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)), as: UTF8.self)),
                 "approvals": [], "policy": "\(ThresholdClusterTests.policy.hash.hex)",
                 "messages": ["\(Hex.encode(message))"], "timeoutSeconds": \(timeoutSeconds)}
                """
            return try LoopbackHTTP.request(
                port: coordinatorPort, "/v1/signatures", method: "POST", body: Array(body.utf8),
                headers: ["Content-Type": "application/json"], timeout: .seconds(timeoutSeconds + 20))
        }
    }

    static func serve(_ role: String, _ configuration: String, development: Bool = false) throws -> RunningDaemon {
        var environment = ["SOFTHSM2_CONF": SoftHSM.configurationPath]
        if development { environment["CUSTODY_DEVELOPMENT"] = "1" }
        return try RunningDaemon(
            ProcessRunner.product("custodyd"), [role, "serve", "--config", configuration], environment: environment)
    }

    static func json(_ text: String) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
    }

    /// BIP-340 verification by the system's libsecp256k1, an oracle independent of Custody's code.
    static func verify(signature: [UInt8], message: [UInt8], xOnly: [UInt8]) -> Bool {
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        defer { secp256k1_context_destroy(context) }
        var parsed = secp256k1_xonly_pubkey()
        return secp256k1_xonly_pubkey_parse(context, &parsed, xOnly) == 1
            && secp256k1_schnorrsig_verify(context, signature, message, message.count, &parsed) == 1
    }

    static func message(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    @Test func aKeyCeremonyAmongThreeSignerProcessesThenTwoOfThreeSignAndTwoStoppedFailWithinTheDeadline() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }

        // The key ceremony, from the officers' CLI.
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3", "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)\n\(cluster.coordinator.stderr)")
        let wallet = Self.json(created.stdout)
        let groupKey = try Hex.decode(try #require(wallet["groupKey"] as? String))
        #expect(groupKey.count == 33)
        #expect((wallet["address"] as? String)?.hasPrefix("bcrt1p") == true, "\(created.stdout)")
        #expect((wallet["threshold"] as? Int) == 2)
        #expect((wallet["transcriptHash"] as? String)?.count == 64)

        // A second ceremony for the same name is refused, and changes nothing.
        let again = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
        ])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already registered"), "\(again.stderr)")
        // A wallet the signers' policy does not declare: every signer refuses to make its key.
        let undeclared = try cluster.custody([
            "wallet", "create", "--name", "cold", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3",
        ])
        #expect(undeclared.status == 1)
        #expect(undeclared.stderr.contains("wallet_not_in_policy"), "\(undeclared.stderr)")
        #expect(undeclared.stderr.contains("has key \"cold\""), "\(undeclared.stderr)")
        let listed = try cluster.custody(["wallet", "list"])
        #expect(
            listed.status == 0 && listed.stdout.contains("hot") && listed.stdout.contains("2-of-3"), "\(listed.stdout)")
        #expect(!listed.stdout.contains("cold"), "\(listed.stdout)")

        // All three up: signed, and libsecp256k1 agrees.
        let first = Self.message("withdrawal one")
        let signedFirst = try cluster.sign(id: "tx-1", message: first)
        try #require(signedFirst.status == 200, "\(signedFirst.body)\n\(cluster.coordinator.stderr)")
        let signature = try Hex.decode(try #require((Self.json(signedFirst.body)["signatures"] as? [String])?.first))
        #expect(Self.verify(signature: signature, message: first, xOnly: Array(groupKey.dropFirst())))

        // The metrics count the request at the coordinator and the shares at the signers.
        let coordinatorMetrics = try LoopbackHTTP.request(port: cluster.coordinatorPort, "/metrics").body
        #expect(coordinatorMetrics.contains(#"custody_signing_requests_total{outcome="signed"} 1"#))
        #expect(coordinatorMetrics.contains(#"custody_signing_duration_seconds_count{outcome="signed"} 1"#))
        var shares = 0
        for signer in cluster.signers {
            let text = try LoopbackHTTP.request(port: signer.port, "/metrics").body
            let line = text.split(separator: "\n").first {
                $0.hasPrefix(#"custody_signer_share_requests_total{outcome="share"}"#)
            }
            shares += line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        #expect(shares >= 2, "shares counted: \(shares)")

        // One signer stopped: two of three still sign.
        cluster.stop("s3")
        let second = Self.message("withdrawal two")
        let signedSecond = try cluster.sign(id: "tx-2", message: second)
        try #require(signedSecond.status == 200, "\(signedSecond.body)")
        let secondSignature = try Hex.decode(
            try #require((Self.json(signedSecond.body)["signatures"] as? [String])?.first))
        #expect(Self.verify(signature: secondSignature, message: second, xOnly: Array(groupKey.dropFirst())))

        // Two stopped: a clear failure, well within the deadline, and no signature.
        cluster.stop("s2")
        let clock = ContinuousClock()
        let start = clock.now
        let refused = try cluster.sign(id: "tx-3", message: Self.message("withdrawal three"), timeoutSeconds: 8)
        #expect(clock.now - start < .seconds(12))
        #expect(refused.status == 503 || refused.status == 504, "\(refused.body)")
        let failure = Self.json(refused.body)
        #expect(failure["signatures"] == nil)
        #expect((failure["message"] as? String)?.isEmpty == false)
    }

    @Test func aRequestTheSignersPolicyDoesNotAllowIsRefusedByEverySigner() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        // 5,000,000 takes two of treasury; the coordinator brings none: each signer asked refuses
        // on its own policy, and the request fails once fewer than two could still sign.
        let refused = try cluster.sign(id: "tx-big", amount: 5_000_000, message: Self.message("too much"))
        #expect(refused.status == 503, "\(refused.body)")
        let failure = Self.json(refused.body)
        #expect(failure["signatures"] == nil)
        let refusals = failure["refusals"] as? [String: String] ?? [:]
        #expect(refusals.count >= 2, "\(refused.body)")
        #expect(refusals.values.allSatisfy { $0.contains("authorization.not_allowed") }, "\(refusals)")
        // Each refusal is filed under its signer, and says what was refused without repeating it.
        #expect(refusals.values.allSatisfy { $0.hasPrefix("refused: authorization.not_allowed: ") }, "\(refusals)")
    }

    @Test func aSignerAnsweringWrongSharesIsFlaggedAndExcludedAndTheSignatureStillComesOut() throws {
        let cluster = try Cluster(faults: ["s1": "wrong-share"])
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
            "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let groupKey = try Hex.decode(try #require(Self.json(created.stdout)["groupKey"] as? String))
        // The coordinator opens each session with the first two signers ready, so s1 may be left
        // out of a request; every request is signed, and s1 is flagged once it took part.
        var audit = ""
        for number in 1...8 where !audit.contains("signer.flagged") {
            let message = Self.message("withdrawal \(number) past a faulty signer")
            let signed = try cluster.sign(id: "tx-\(number)", message: message)
            try #require(signed.status == 200, "\(signed.body)")
            let signature = try Hex.decode(try #require((Self.json(signed.body)["signatures"] as? [String])?.first))
            #expect(Self.verify(signature: signature, message: message, xOnly: Array(groupKey.dropFirst())))
            audit = try cluster.coordinatorAudit()
        }
        #expect(audit.contains("signer.flagged"), "\(audit)")
        #expect(audit.contains("s1"), "\(audit)")
    }

    @Test func aStallingSignerIsPassedOverWithinTheDeadline() throws {
        let cluster = try Cluster(faults: ["s2": "stall"])
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
            "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let groupKey = try Hex.decode(try #require(Self.json(created.stdout)["groupKey"] as? String))
        let message = Self.message("withdrawal past a stalling signer")
        let signed = try cluster.sign(id: "tx-stall", message: message, timeoutSeconds: 20)
        try #require(signed.status == 200, "\(signed.body)")
        let signature = try Hex.decode(try #require((Self.json(signed.body)["signatures"] as? [String])?.first))
        #expect(Self.verify(signature: signature, message: message, xOnly: Array(groupKey.dropFirst())))
    }

    @Test func aSignerRestartedSinceTheCoordinatorKeptItsCommitmentStillSignsWithAnother() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
            "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let xOnly = Array(try Hex.decode(try #require(Self.json(created.stdout)["groupKey"] as? String)).dropFirst())
        // The first request leaves every signer's next commitment with the coordinator.
        let first = Self.message("before the restart")
        let signedFirst = try cluster.sign(id: "tx-restart-1", message: first)
        try #require(signedFirst.status == 200, "\(signedFirst.body)")
        // s2 restarts, burning the nonces it had issued; s3 stops.
        cluster.stop("s2")
        try cluster.restart("s2")
        cluster.stop("s3")
        let second = Self.message("after the restart")
        let signed = try cluster.sign(id: "tx-restart-2", message: second, timeoutSeconds: 20)
        try #require(signed.status == 200, "\(signed.body)\n\(cluster.coordinator.stderr)")
        let signature = try Hex.decode(try #require((Self.json(signed.body)["signatures"] as? [String])?.first))
        #expect(Self.verify(signature: signature, message: second, xOnly: xOnly))
    }

    @Test func aFaultSwitchIsRefusedWithoutTheDevelopmentFlag() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fault-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let label = try SoftHSM.makeToken("cluster-fault")
        let data = directory + "/data"
        let initialised = try ProcessRunner.run(
            ProcessRunner.product("custodyd"),
            [
                "signer", "init", "--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile,
                "--data", data, "--identity-curve", "p-256",
            ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let path = directory + "/signerd.json"
        try """
        {"dataDirectory": "\(data)", "listen": "127.0.0.1:0", "pin": {"file": "\(SoftHSM.pinFile)"}, "fault": "wrong-share"}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try ProcessRunner.run(
            ProcessRunner.product("custodyd"), ["signer", "serve", "--config", path],
            environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("fault: a fault switch is for tests only"), "\(refused.stderr)")
    }

    @Test func aRequestSignedBeforeIsAnsweredFromItsRecordAndItsIDWithAnotherMessageIsRefused() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let createdAt = Int64(Date().timeIntervalSince1970) - 5
        let message = Self.message("once")
        let first = try cluster.sign(id: "tx-once", message: message, createdAt: createdAt)
        try #require(first.status == 200, "\(first.body)")
        let consumed = try Self.settledConsumedNonces(cluster)
        // The same request again: the recorded signature, and no signer is asked.
        let again = try cluster.sign(id: "tx-once", message: message, createdAt: createdAt)
        #expect(again.status == 200)
        #expect(Self.json(again.body)["signatures"] as? [String] == Self.json(first.body)["signatures"] as? [String])
        #expect(try Self.consumedNonces(cluster) == consumed)
        // The same id for another message or another request: refused, nothing signed.
        let otherMessage = try cluster.sign(id: "tx-once", message: Self.message("other"), createdAt: createdAt)
        #expect(otherMessage.status == 409)
        #expect(Self.json(otherMessage.body)["error"] as? String == "request_conflict", "\(otherMessage.body)")
        #expect((Self.json(otherMessage.body)["message"] as? String)?.contains("message") == true)
        let otherRequest = try cluster.sign(id: "tx-once", message: message, createdAt: createdAt - 60)
        #expect(otherRequest.status == 409)
        #expect((Self.json(otherRequest.body)["message"] as? String)?.contains("request digest") == true)
        #expect(try Self.consumedNonces(cluster) == consumed)
        let audit = try cluster.coordinatorAudit()
        #expect(audit.components(separatedBy: "signing.started").count - 1 == 1, "\(audit)")
        #expect(audit.components(separatedBy: "signature.completed").count - 1 == 1, "\(audit)")
    }

    /// `POST /v1/freezes` for a `kind` request by `initiator`, approved by `officers`.
    /// `POST /v1/signatures` for input 0 of `psbt`, under a request from `hot` of `amount` to
    /// `address` binding the PSBT (as a coordinator would send it).
    static func signPSBT(
        _ cluster: Cluster, id: String, psbt: [UInt8], amount: Int64, address: String
    ) throws -> LoopbackHTTP.Response {
        let request = PolicyRequest(
            id: id, wallet: "hot", amount: amount, destination: .init(address: address), initiator: "engine",
            createdAt: Instant(seconds: Int64(Date().timeIntervalSince1970) - 5), payload: .psbt(document: psbt))
        let signed = SignedRequest(
            request: request,
            signature: Array(try key("engine").signature(for: SignedRequest.signedBytes(digest: request.digest))))
        let message = try PSBT(bytes: psbt).signatureHashes()[0]
        let body = """
            {"wallet": "hot", "request": \(String(decoding: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)), as: UTF8.self)),
             "approvals": [], "policy": "\(policy.hash.hex)", "document": "\(Hex.encode(psbt))", "spend": "key-path",
             "messages": ["\(Hex.encode(message))"], "timeoutSeconds": 10}
            """
        return try LoopbackHTTP.request(
            port: cluster.coordinatorPort, "/v1/signatures", method: "POST", body: Array(body.utf8),
            headers: ["Content-Type": "application/json"], timeout: .seconds(30))
    }

    @Test func aCoordinatorBindingAPSBTThatPaysElsewhereUnderAnApprovedRequestIsRefusedByEverySigner() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3", "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let address = try #require(Self.json(created.stdout)["address"] as? String)
        let walletScript = try SegwitAddress(address, network: .regtest).scriptPubKey
        let customer = try SegwitAddress(
            witnessVersion: 0, program: Array(repeating: 0x11, count: 20), network: .regtest)
        let attacker = try SegwitAddress(
            witnessVersion: 0, program: Array(repeating: 0x66, count: 20), network: .regtest)
        func psbt(paying script: [UInt8], _ amount: Int64) -> [UInt8] {
            ServiceAPITests.psbt(
                spending: [(0xC1, 1_000_000)], walletScript: walletScript,
                to: [(amount, script), (1_000_000 - amount - 1_000, walletScript)])
        }
        // The request says 500,000 to the customer; the PSBT pays the attacker, or pays more.
        for (index, forged) in [
            psbt(paying: attacker.scriptPubKey, 500_000), psbt(paying: customer.scriptPubKey, 900_000),
        ]
        .enumerated() {
            let refused = try Self.signPSBT(
                cluster, id: "psbt-forged-\(index)", psbt: forged, amount: 500_000, address: customer.description)
            #expect(refused.status == 503, "\(refused.body)")
            let refusals = Self.json(refused.body)["refusals"] as? [String: String] ?? [:]
            #expect(refusals.count >= 2, "more than the 3 - 2 signers that may be missing: \(refused.body)")
            #expect(refusals.values.allSatisfy { $0.contains("payload_mismatch") }, "\(refused.body)")
        }
        // A fee above the signers' ceiling (0.01 BTC) is refused, whatever the request allows.
        let expensive = ServiceAPITests.psbt(
            spending: [(0xC2, 5_000_000)], walletScript: walletScript, to: [(500_000, customer.scriptPubKey)])
        let refusedFee = try Self.signPSBT(
            cluster, id: "psbt-fee", psbt: expensive, amount: 500_000, address: customer.description)
        #expect(refusedFee.status == 503, "\(refusedFee.body)")
        #expect(
            refusedFee.body.contains("payload_mismatch") && refusedFee.body.contains("ceiling"), "\(refusedFee.body)")
        // The PSBT that moves what the request says is signed.
        let honest = try Self.signPSBT(
            cluster, id: "psbt-honest", psbt: psbt(paying: customer.scriptPubKey, 500_000), amount: 500_000,
            address: customer.description)
        #expect(honest.status == 200, "\(honest.body)")
    }

    @Test func aDigestRequestSignedWithATaprootKeyPathSpendIsRefusedByEverySigner() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        // A raw digest could be any transaction's signature hash: signed for the wallet's
        // Taproot output key, it would spend the wallet's coins outside every PSBT check.
        let request = PolicyRequest(
            id: "digest-key-path", wallet: "hot", amount: 500_000, destination: .init(address: "bcrt1qcustomer"),
            initiator: "engine", createdAt: Instant(seconds: Int64(Date().timeIntervalSince1970) - 5),
            payload: .init(kind: .digest, hash: Self.message("a sighash")))
        let signed = SignedRequest(
            request: request,
            signature: Array(try Self.key("engine").signature(for: SignedRequest.signedBytes(digest: request.digest))))
        let body = """
            {"wallet": "hot", "request": \(String(decoding: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)), as: UTF8.self)),
             "approvals": [], "policy": "\(Self.policy.hash.hex)", "spend": "key-path",
             "messages": ["\(Hex.encode(Self.message("a sighash")))"], "timeoutSeconds": 10}
            """
        let response = try LoopbackHTTP.request(
            port: cluster.coordinatorPort, "/v1/signatures", method: "POST", body: Array(body.utf8),
            headers: ["Content-Type": "application/json"], timeout: .seconds(30))
        #expect(response.status == 503, "\(response.body)")
        let refusals = Self.json(response.body)["refusals"] as? [String: String] ?? [:]
        #expect(
            refusals.count >= 2 && refusals.values.allSatisfy { $0.contains("invalid_package") }, "\(response.body)")
    }

    static func freezeBody(
        _ kind: PolicyRequest.Kind, _ id: String, by initiator: String, approvedBy officers: [String]
    )
        throws -> [UInt8]
    {
        let request = PolicyRequest(
            id: id, kind: kind, initiator: initiator,
            createdAt: Instant(seconds: Int64(Date().timeIntervalSince1970) - 5))
        let signed = SignedRequest(
            request: request,
            signature: Array(try key(initiator).signature(for: SignedRequest.signedBytes(digest: request.digest))))
        let approvals = try officers.map { officer in
            let statement = ApprovalStatement(
                requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: officer,
                at: request.createdAt)
            return SignedApproval(
                statement: statement, signature: Array(try key(officer).signature(for: statement.canonicalBytes)))
        }
        let body = """
            {"request": \(String(decoding: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)), as: UTF8.self)),
             "approvals": \(String(decoding: JSONWriter.canonical(PolicyInputEncoder.approvals(approvals)), as: UTF8.self)),
             "policy": "\(policy.hash.hex)"}
            """
        return Array(body.utf8)
    }

    @Test func aFreezeThroughTheCoordinatorStopsEverySignerAndAReplayChangesNothing() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let freeze = try Self.freezeBody(.freeze, "freeze-1", by: "alice", approvedBy: ["alice"])
        func post(_ body: [UInt8]) throws -> LoopbackHTTP.Response {
            try LoopbackHTTP.request(
                port: cluster.coordinatorPort, "/v1/freezes", method: "POST", body: body,
                headers: ["Content-Type": "application/json"], timeout: .seconds(20))
        }
        let frozen = try post(freeze)
        #expect(frozen.status == 200, "\(frozen.body)")
        let recorded = Self.json(frozen.body)["recorded"] as? [String: [String: Any]] ?? [:]
        #expect(recorded.keys.sorted() == ["s1", "s2", "s3"], "\(frozen.body)")
        #expect(
            recorded.values.allSatisfy { $0["kind"] as? String == "freeze" && $0["recordedBefore"] as? Bool == false })
        // Every signer refuses to sign while frozen.
        let refused = try cluster.sign(id: "tx-frozen", message: Self.message("frozen"))
        #expect(refused.status == 503, "\(refused.body)")
        let refusals = Self.json(refused.body)["refusals"] as? [String: String] ?? [:]
        #expect(refusals.values.contains { $0.contains("authorization.frozen") }, "\(refused.body)")
        // The same freeze again changes nothing; an unfreeze before its 12-hour delay is refused.
        let again = try post(freeze)
        #expect(again.status == 200)
        let againRecorded = Self.json(again.body)["recorded"] as? [String: [String: Any]] ?? [:]
        #expect(againRecorded.values.allSatisfy { $0["recordedBefore"] as? Bool == true }, "\(again.body)")
        let unfreeze = try post(
            try Self.freezeBody(.unfreeze, "unfreeze-1", by: "engine", approvedBy: ["alice", "bob"]))
        #expect(unfreeze.status == 502, "\(unfreeze.body)")
        let failed = Self.json(unfreeze.body)["failed"] as? [String: String] ?? [:]
        #expect(failed.count == 3 && failed.values.allSatisfy { $0.contains("authorization.time_locked") }, "\(failed)")
        // A transfer is no freeze: refused at the coordinator.
        let transfer = try post(Array(#"{"request": {"request": {}, "signature": ""}, "policy": "00"}"#.utf8))
        #expect(transfer.status == 400)
        #expect(try cluster.coordinatorAudit().contains("freeze.relayed"))
    }

    @Test func officersFreezeEverySignerAndProposeApproveAndSendAnUnfreezeWithTheCLI() throws {
        let (directory, passphrase, keys) = try OfficerKeyFixtures.make(["dave", "erin", "frank"], prefix: "freeze")
        // The policy gives dave's new key the risk role, which may freeze alone, and erin's and
        // frank's the treasury role, two of which unfreeze.
        let text = Self.policyText
            .replacingOccurrences(
                of: "services:",
                with: """
                        - {id: erin, key: "\(keys["erin"]!)"}
                        - {id: frank, key: "\(keys["frank"]!)"}
                      risk:
                        - {id: dave, key: "\(keys["dave"]!)"}
                    services:
                    """
            )
            .replacingOccurrences(of: "freeze: {roles: [treasury]}", with: "freeze: {roles: [risk]}")
        let policyPath = directory + "/policy.yaml"
        try text.write(toFile: policyPath, atomically: true, encoding: .utf8)
        let cluster = try Cluster(policyText: text)
        defer { cluster.stopAll() }
        let arguments = [
            "freeze", "--policy", policyPath, "--key", directory + "/dave.key", "--passphrase-file", passphrase,
            "--id", "freeze-by-dave", "--at", Instant(seconds: Int64(Date().timeIntervalSince1970) - 5).rfc3339,
            "--yes",
        ]
        let frozen = try cluster.custody(arguments)
        #expect(frozen.status == 0, "\(frozen.stderr)")
        let lines = frozen.stdout.split(separator: "\n")
        #expect(
            lines.count == 3 && lines.allSatisfy { $0.contains("  freeze  ") && !$0.contains("recorded before") },
            "\(frozen.stdout)")
        #expect(frozen.stderr.contains("You are about to freeze the policy"))
        // The same request again: every signer had recorded it, nothing changes.
        let again = try cluster.custody(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("(recorded before)") }, "\(again.stdout)")
        // The same id for another request (another time): every signer refuses it, exit 1.
        var relabelled = arguments
        relabelled[relabelled.firstIndex(of: "--at")! + 1] =
            Instant(seconds: Int64(Date().timeIntervalSince1970) - 60).rfc3339
        let conflicting = try cluster.custody(relabelled)
        #expect(conflicting.status == 1, "\(conflicting.stderr)")
        #expect(conflicting.stdout.contains("failed: refused: conflicting_signing"), "\(conflicting.stdout)")
        // Under a policy that gives the key to no officer: refused before anything is signed.
        try ThresholdClusterTests.policyText.write(toFile: directory + "/old.yaml", atomically: true, encoding: .utf8)
        let wrongPolicy = try cluster.custody([
            "freeze", "--policy", directory + "/old.yaml", "--key", directory + "/dave.key", "--passphrase-file",
            passphrase, "--yes",
        ])
        #expect(wrongPolicy.status == 6, "\(wrongPolicy.stderr)")

        // An unfreeze: dave proposes it, erin and frank approve it, it is sent; every signer
        // refuses it until twelve hours after it first saw it.
        let proposal = directory + "/unfreeze.json"
        let proposed = try ProcessRunner.run(
            ProcessRunner.product("custody"),
            [
                "unfreeze", "propose", "--policy", policyPath, "--key", directory + "/dave.key", "--passphrase-file",
                passphrase, "--out", proposal,
            ])
        #expect(proposed.status == 0, "\(proposed.stderr)")
        #expect(proposed.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 64)
        var approvalFiles: [String] = []
        for officer in ["erin", "frank"] {
            let out = directory + "/\(officer)-approval.json"
            let approved = try ProcessRunner.run(
                ProcessRunner.product("custody"),
                [
                    "approve", "--request", proposal, "--policy", policyPath, "--key", directory + "/\(officer).key",
                    "--passphrase-file", passphrase, "--yes", "--out", out,
                ])
            #expect(approved.status == 0, "\(approved.stderr)")
            approvalFiles += ["--approvals", out]
        }
        let sent = try cluster.custody(
            ["unfreeze", "send", "--request", proposal, "--policy", policyPath] + approvalFiles)
        #expect(sent.status == 1, "\(sent.stderr)")
        let refusals = sent.stdout.split(separator: "\n")
        #expect(
            refusals.count == 3 && refusals.allSatisfy { $0.contains("failed: refused: authorization.time_locked") },
            "\(sent.stdout)")
    }

    /// Every signer's consumed nonces once no share is being computed: ROAST may have opened a
    /// second session of a request that another session finished, whose shares arrive after
    /// the answer; the count is read until it stays the same for half a second (at most 10 s).
    static func settledConsumedNonces(_ cluster: Cluster) throws -> Int {
        var last = try consumedNonces(cluster)
        for _ in 0..<20 {
            Thread.sleep(forTimeInterval: 0.5)
            let now = try consumedNonces(cluster)
            if now == last { return now }
            last = now
        }
        return last
    }

    /// Every signer's consumed nonces.
    static func consumedNonces(_ cluster: Cluster) throws -> Int {
        try ["s1", "s2", "s3"].reduce(0) { total, id in
            let rows = try cluster.ledger(id).query("SELECT count(*) FROM signer_nonces WHERE state = 'consumed'")
            return total + Int(try rows[0][0].integer())
        }
    }

    @Test func theCoordinatorAndASignerKilledWithSIGKILLAtRandomPointsOf200SessionsFinishEveryRequestOnce() throws {
        let cluster = try Cluster()
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
            "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let groupKey = try Hex.decode(try #require(Self.json(created.stdout)["groupKey"] as? String))
        var random = SeededGenerator(seed: 20_261_203)
        let sessions = 200
        var signerKills = 0
        var coordinatorKills = 0
        var signatures: [String: String] = [:]
        var requests: [(id: String, message: [UInt8], createdAt: Int64)] = []
        for number in 1...sessions {
            // In about one session of five each, s3 and the coordinator are killed (SIGKILL) 0 to
            // 150 ms into the request: before, during or after a commitment, a share, the
            // signature or its record.
            let signerVictim = Int.random(in: 0..<5, using: &random) == 0 ? cluster.daemons["s3"] : nil
            let coordinatorVictim = Int.random(in: 0..<5, using: &random) == 0 ? cluster.coordinator : nil
            for victim in [signerVictim, coordinatorVictim].compactMap({ $0 }) {
                let delay = Int.random(in: 0...150, using: &random)
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) { victim.send(SIGKILL) }
            }
            let request = (
                id: "tx-\(number)", message: Self.message("session \(number)"),
                createdAt: Int64(Date().timeIntervalSince1970) - 5
            )
            requests.append(request)
            var answer = try? cluster.sign(id: request.id, message: request.message, createdAt: request.createdAt)
            if let signerVictim {
                _ = signerVictim.awaitExit(timeout: .seconds(10))
                cluster.daemons["s3"] = nil
                try cluster.restart("s3")
                signerKills += 1
            }
            if let coordinatorVictim {
                _ = coordinatorVictim.awaitExit(timeout: .seconds(10))
                try cluster.restartCoordinator()
                coordinatorKills += 1
            }
            // A client whose request a kill cut off submits it again; without a kill, the first
            // answer is the signature.
            if signerVictim == nil && coordinatorVictim == nil {
                #expect(answer?.status == 200, "session \(number): \(answer?.body ?? "no answer")")
            }
            var attempts = 1
            while answer?.status != 200 && attempts < 5 {
                answer = try? cluster.sign(id: request.id, message: request.message, createdAt: request.createdAt)
                attempts += 1
            }
            #expect(answer?.status == 200, "session \(number): \(answer?.body ?? "no answer")")
            if let text = (Self.json(answer?.body ?? "")["signatures"] as? [String])?.first {
                #expect(
                    Self.verify(
                        signature: try Hex.decode(text), message: request.message, xOnly: Array(groupKey.dropFirst())))
                signatures[request.id] = text
            }
        }
        #expect(
            signerKills > 20 && coordinatorKills > 20,
            "\(signerKills) signer kills, \(coordinatorKills) coordinator kills")
        #expect(signatures.count == sessions)

        // Exactly once: every request submitted again is answered with its one recorded signature,
        // and no signer is asked again.
        let consumed = try Self.settledConsumedNonces(cluster)
        for request in requests {
            let again = try cluster.sign(id: request.id, message: request.message, createdAt: request.createdAt)
            #expect((Self.json(again.body)["signatures"] as? [String])?.first == signatures[request.id])
        }
        #expect(try Self.consumedNonces(cluster) == consumed)
        let recorded = try cluster.coordinatorDatabase().query(
            "SELECT request_id, signature, attempts FROM coordinator_signatures")
        #expect(recorded.count == sessions)
        for row in recorded {
            #expect(Hex.encode(try row[1].blob()) == signatures[try row[0].text()])
        }
        // The coordinator's audit log says each request was signed once: one `signature.completed`
        // per request, whatever was cut off.
        let completed = try cluster.coordinatorAudit(last: 100_000).split(separator: "\n")
            .filter { $0.contains("  signature.completed  ") }
            .compactMap { line in
                line.firstRange(of: #""request":"tx-"#).map { line[$0.upperBound...].prefix { $0.isNumber } }
            }
            .reduce(into: [String: Int]()) { $0["tx-" + $1, default: 0] += 1 }
        #expect(
            completed.count == sessions && completed.values.allSatisfy { $0 == 1 },
            "\(completed.filter { $0.value != 1 })")
        // Some kills cut a run off: those requests were run again and finished once.
        let rerun = try recorded.filter { try $0[2].integer() > 1 }.count
        #expect(rerun > 0)

        // Restarted once more, s3 burns whatever it left issued.
        cluster.daemons.removeValue(forKey: "s3")?.send(SIGKILL)
        try cluster.restart("s3")
        for id in ["s1", "s2", "s3"] {
            let ledger = try cluster.ledger(id)
            let rows = try ledger.query("SELECT commitments, state, session FROM signer_nonces")
            let commitments = try rows.map { try $0[0].blob() }
            #expect(Set(commitments).count == commitments.count, "\(id): a commitment was issued twice")
            let sessionsUsed = try rows.filter { try $0[1].text() == "consumed" }.map { try $0[2].blob() }
            #expect(Set(sessionsUsed).count == sessionsUsed.count, "\(id): two nonces in one session")
            let signings = try ledger.query("SELECT request FROM signer_signatures").map { try $0[0].text() }
            #expect(Set(signings).count == signings.count)
            #expect(signings.count <= sessions)
            if id == "s3" {
                #expect(
                    try rows.filter { try $0[1].text() == "issued" }.isEmpty, "s3 left nonces issued after a restart")
            }
        }
        // Each request was signed by at least two signers.
        let counts = try ["s1", "s2", "s3"].flatMap { id in
            try cluster.ledger(id).query("SELECT request FROM signer_signatures").map { try $0[0].text() }
        }.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        #expect(counts.count == sessions)
        #expect(counts.values.allSatisfy { (2...3).contains($0) })
    }
}
