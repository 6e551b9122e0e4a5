import CustodyTestSupport
import Foundation
import Testing

/// `custodyd coordinator serve` as a real process: its own SoftHSM2 token, SQLite or PostgreSQL,
/// and the signers' identity keys pinned in its configuration.
@Suite(.serialized) struct CoordinatorServeTests {
    /// The generator of secp256k1 and of P-256, uncompressed: valid points of their curves.
    static let secp256k1Key =
        "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
    static let p256Key =
        "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"

    struct Setup {
        let label: String
        let directory: String

        func writeConfiguration(_ document: String) throws -> String {
            let path = directory + "/coordinator.json"
            try document.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// A configuration with `database`, `auditLog` and `signers` as given (JSON text).
        func configuration(
            database: String? = nil, auditLog: String? = nil, signers: String? = nil, extra: String = ""
        ) -> String {
            """
            {
              "listen": "127.0.0.1:0",
              "database": "\(database ?? directory + "/coordinator.sqlite")",
              "auditLog": "\(auditLog ?? directory + "/audit.sqlite")",
              "hsm": {"module": "\(SoftHSM.modulePath)", "token": "\(label)", "pin": {"file": "\(SoftHSM.pinFile)"}},
              "signers": \(signers ?? CoordinatorServeTests.signers)\(extra)
            }
            """
        }
    }

    static let signers = """
        [{"id": "s1", "url": "http://127.0.0.1:7401", "identityCurve": "secp256k1", "identityPublicKey": "\(secp256k1Key)"},
         {"id": "s2", "url": "https://signer-2.example:7401", "identityCurve": "p-256", "identityPublicKey": "\(p256Key)"}]
        """

    /// One token and directory for every test: the test process has a fixed number of SoftHSM2
    /// tokens (`SoftHSM.tokenCount`) for every suite.
    static let shared = Result { try makeSetup() }

    static func setup(_ purpose: String) throws -> Setup { try shared.get() }

    static func makeSetup() throws -> Setup {
        let label = try SoftHSM.makeToken("coordinator")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "coordinator-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return Setup(label: label, directory: directory)
    }

    static func serve(_ configuration: String, environment: [String: String] = [:]) throws -> RunningDaemon {
        try RunningDaemon(
            ProcessRunner.product("custodyd"), ["coordinator", "serve", "--config", configuration],
            environment: environment.merging(["SOFTHSM2_CONF": SoftHSM.configurationPath]) { $1 })
    }

    @Test func servesHealthAndMetricsOnSQLiteThenStopsOnSIGTERMAndSIGINT() throws {
        let setup = try Self.setup("coordinator")
        let configuration = try setup.writeConfiguration(setup.configuration())
        for signal in [SIGTERM, SIGINT] {
            let daemon = try Self.serve(configuration)
            let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
            let health = try LoopbackHTTP.request(port: port, "/healthz")
            #expect(health.status == 200)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: String])
            #expect(document["role"] == "coordinator")
            #expect(document["status"] == "ready")
            #expect(document["signers"] == "2")
            let metrics = try LoopbackHTTP.request(port: port, "/metrics").body
            #expect(metrics.contains(#"custody_daemon_info{role="coordinator""#))
            #expect(metrics.contains("custody_http_requests_total"))
            daemon.send(signal)
            let exit = try #require(daemon.awaitExit(timeout: .seconds(10)), "no exit within 10 s after \(signal)")
            #expect(exit.status == 0, "signal \(String(describing: exit.signal)); \(exit.stderr)")
            #expect(exit.stdout == "listening on 127.0.0.1:\(port)\n")
            #expect(!exit.stderr.contains(SoftHSM.userPIN))
        }
        let tail = try ProcessRunner.run(
            ProcessRunner.product("custody"), ["audit", "tail", "--db", setup.directory + "/audit.sqlite"])
        #expect(tail.status == 0, "\(tail.stderr)")
        #expect(tail.stdout.contains("coordinator.log.created"), "\(tail.stdout)")
    }

    @Test func servesOnPostgreSQL() throws {
        let server = try PostgresTestServer.shared.get()
        let database = try server.makeDatabase()
        let setup = try Self.setup("coordinator-pg")
        let configuration = try setup.writeConfiguration(setup.configuration(database: database, auditLog: database))
        let daemon = try Self.serve(configuration)
        let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        #expect(try LoopbackHTTP.request(port: port, "/healthz").status == 200)
        daemon.send(SIGTERM)
        let exit = try #require(daemon.awaitExit())
        #expect(exit.status == 0, "\(exit.stderr)")
    }

    @Test func anEnvironmentOverrideBeatsTheFile() throws {
        let setup = try Self.setup("coordinator-env")
        let port = LoopbackHTTP.freePort()
        let configuration = try setup.writeConfiguration(
            setup.configuration(database: setup.directory + "/file.sqlite"))
        let daemon = try Self.serve(
            configuration,
            environment: [
                "CUSTODY_COORDINATOR_LISTEN": "127.0.0.1:\(port)",
                "CUSTODY_COORDINATOR_DATABASE": setup.directory + "/from-environment.sqlite",
            ])
        let listening = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        #expect(listening.port == port)
        daemon.send(SIGTERM)
        #expect(daemon.awaitExit()?.status == 0)
        #expect(FileManager.default.fileExists(atPath: setup.directory + "/from-environment.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: setup.directory + "/file.sqlite"))
    }

    @Test func aPasswordInADatabaseURLIsRefusedAndNeverEchoed() throws {
        let setup = try Self.setup("coordinator-password")
        let password = "s3cret-db-password"
        let configuration = try setup.writeConfiguration(
            setup.configuration(database: "postgres://custody:\(password)@127.0.0.1:5432/custody"))
        let exit = try #require(try Self.serve(configuration).awaitExit())
        #expect(exit.status == 78)
        #expect(exit.stderr.contains("coordinator.json: database: a password in the PostgreSQL URL is refused"))
        #expect(!exit.stderr.contains(password) && !exit.stdout.contains(password))

        let fromEnvironment = try #require(
            try Self.serve(
                try setup.writeConfiguration(setup.configuration()),
                environment: ["CUSTODY_COORDINATOR_DATABASE": "postgresql://u:\(password)@db/custody"]
            ).awaitExit())
        #expect(fromEnvironment.status == 78)
        #expect(fromEnvironment.stderr.contains("environment variable CUSTODY_COORDINATOR_DATABASE: a password"))
        #expect(!fromEnvironment.stderr.contains(password))
    }

    @Test func aSignerKeyOffItsCurveIsALocatedConfigurationError() throws {
        let setup = try Self.setup("coordinator-badkey")
        // The secp256k1 generator with its last byte changed: not a point of the curve.
        let offCurve = String(Self.secp256k1Key.dropLast(2)) + "b9"
        let signer = { (curve: String, key: String, url: String) in
            #"[{"id": "s1", "url": "\#(url)", "identityCurve": "\#(curve)", "identityPublicKey": "\#(key)"}]"#
        }
        let cases: [(String, String)] = [
            (
                signer("secp256k1", offCurve, "http://127.0.0.1:1"),
                "signers[0].identityPublicKey: the identity public key is not a point of secp256k1"
            ),
            (
                signer("p-256", Self.secp256k1Key, "http://127.0.0.1:1"),
                "signers[0].identityPublicKey: the identity public key is not a point of p-256"
            ),
            (
                signer("secp384r1", Self.p256Key, "http://127.0.0.1:1"),
                "signers[0].identityCurve: 'secp384r1' is not an identity curve"
            ),
            (signer("secp256k1", "04zz", "http://127.0.0.1:1"), "signers[0].identityPublicKey: not hex"),
            (
                signer("secp256k1", Self.secp256k1Key, "ftp://127.0.0.1:1"),
                "signers[0].url: 'ftp://127.0.0.1:1' is not an http or https URL"
            ),
            (signer("secp256k1", Self.secp256k1Key, "http://"), "signers[0].url: "),
            (
                signer("secp256k1", Self.secp256k1Key, "http://user:pw@host:1"),
                "signers[0].url: a signer's URL cannot hold user information"
            ),
            (
                #"[{"id": "s1", "url": "http://a:1", "identityCurve": "p-256", "identityPublicKey": "\#(Self.p256Key)"}, {"id": "s1", "url": "http://b:1", "identityCurve": "secp256k1", "identityPublicKey": "\#(Self.secp256k1Key)"}]"#,
                "signers[1].id: a second signer with this id"
            ),
            (
                #"[{"id": "s1", "url": "http://a:1", "identityCurve": "p-256"}]"#,
                "signers[0].identityPublicKey: missing required key"
            ),
            (
                #"[{"id": "s1", "url": "http://a:1", "identityCurve": "p-256", "identityPublicKey": "\#(Self.p256Key)", "weight": 1}]"#,
                "signers[0].weight: unknown key"
            ),
            (#"[]"#, "signers: at least one signer is needed"),
            (#"{"id": "s1"}"#, "signers: wrong type: expected an array"),
        ]
        for (signers, expected) in cases {
            let exit = try #require(
                try Self.serve(try setup.writeConfiguration(setup.configuration(signers: signers))).awaitExit())
            #expect(exit.status == 78, "\(signers)")
            #expect(exit.stderr.contains("coordinator.json: " + expected), "\(signers): \(exit.stderr)")
        }
        let others: [(String, String)] = [
            (#", "hsm2": {}"#, "coordinator.json: hsm2: unknown key"),
            (
                #", "logLevel": "info", "logLevel": "trace""#,
                "coordinator.json: logLevel: a key given twice in one object"
            ),
            (#", "hsm": {"module": "/m", "module": "/n"}"#, "coordinator.json: hsm: a key given twice in one object"),
        ]
        for (extra, expected) in others {
            let exit = try #require(
                try Self.serve(try setup.writeConfiguration(setup.configuration(extra: extra))).awaitExit())
            #expect(exit.status == 78)
            #expect(exit.stderr.contains(expected), "\(extra): \(exit.stderr)")
        }
    }

    @Test func aPortInUseExits78() throws {
        let setup = try Self.setup("coordinator-port")
        let first = try Self.serve(try setup.writeConfiguration(setup.configuration()))
        let (port, _) = try #require(first.awaitListening(), "\(first.stderr)")
        let second = try Self.serve(
            setup.directory + "/coordinator.json",
            environment: [
                "CUSTODY_COORDINATOR_LISTEN": "127.0.0.1:\(port)",
                "CUSTODY_COORDINATOR_DATABASE": setup.directory + "/second.sqlite",
                "CUSTODY_COORDINATOR_AUDIT_LOG": setup.directory + "/second-audit.sqlite",
            ])
        let exit = try #require(second.awaitExit())
        #expect(exit.status == 78, "\(exit.stderr)")
        #expect(exit.stderr.contains("cannot listen on 127.0.0.1:\(port)"), "\(exit.stderr)")
        first.send(SIGTERM)
        #expect(first.awaitExit()?.status == 0)
    }
}
