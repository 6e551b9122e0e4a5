import CustodyTestSupport
import Foundation
import Testing

/// `custodyd signer serve` as a real process: a SoftHSM2 token set up by `custodyd signer init`,
/// its own SQLite store and audit log, on a loopback port the system chooses.
@Suite(.serialized) struct SignerServeTests {
    /// A signer initialised on a token of its own, and a directory for its configuration.
    struct Signer {
        let label: String
        let data: String
        let identityKey: String
        let directory: String

        /// Writes `document` as the configuration file; returns its path.
        func writeConfiguration(_ document: String, name: String = "signerd.json") throws -> String {
            let path = directory + "/" + name
            try document.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// The minimal valid configuration, listening on a port the system chooses.
        var minimalConfiguration: String {
            """
            {"dataDirectory": "\(data)", "listen": "127.0.0.1:0", "pin": {"file": "\(SoftHSM.pinFile)"}}
            """
        }
    }

    /// One signer for the tests that do not change its files: the test process has a fixed
    /// number of SoftHSM2 tokens (`SoftHSM.tokenCount`) for every suite.
    static let shared = Result { try initializedSigner("serve") }

    static func initializedSigner(_ purpose: String) throws -> Signer {
        let label = try SoftHSM.makeToken(purpose)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signerd-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let data = directory + "/data"
        let result = try ProcessRunner.run(
            ProcessRunner.product("custodyd"),
            [
                "signer", "init", "--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile,
                "--data", data,
            ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        try #require(result.status == 0, "\(result.stderr)")
        let key = try #require(result.stdout.split(separator: " ").last).trimmingCharacters(in: .newlines)
        return Signer(label: label, data: data, identityKey: key, directory: directory)
    }

    static func serve(_ configuration: String, environment: [String: String] = [:]) throws -> RunningDaemon {
        try RunningDaemon(
            ProcessRunner.product("custodyd"), ["signer", "serve", "--config", configuration],
            environment: environment.merging(["SOFTHSM2_CONF": SoftHSM.configurationPath]) { $1 })
    }

    /// Every line on standard error is one JSON object with time, level, logger and message.
    static func expectJSONLogLines(_ stderr: String) {
        for line in stderr.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["time"] is String && object?["level"] is String && object?["message"] is String, "\(line)")
        }
    }

    @Test func servesHealthAndMetricsThenStopsOnSIGTERM() throws {
        let signer = try Self.shared.get()
        let daemon = try Self.serve(try signer.writeConfiguration(signer.minimalConfiguration))
        let (port, startup) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        print("signer start-up to the listening line: \(startup)")

        let health = try LoopbackHTTP.request(port: port, "/healthz")
        #expect(health.status == 200)
        #expect(health.headers["content-type"] == "application/json")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: String])
        #expect(document["role"] == "signer")
        #expect(document["status"] == "ready")
        #expect(document["identityPublicKey"] == signer.identityKey)
        #expect(document["identityCurve"] == "secp256k1")
        #expect(document["version"]?.isEmpty == false)

        #expect(try LoopbackHTTP.request(port: port, "/no-such-route").status == 404)
        let metrics = try LoopbackHTTP.request(port: port, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        for name in [
            "custody_http_requests_total", "custody_http_request_duration_seconds_bucket",
            "custody_http_request_duration_seconds_count", "custody_http_requests_in_flight", "custody_failures_total",
            "custody_daemon_info",
        ] {
            #expect(metrics.body.contains(name), "\(name) missing from /metrics")
        }
        #expect(metrics.body.contains(#"custody_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
        #expect(metrics.body.contains(#"custody_failures_total{cause="not_found"} 1"#))
        #expect(metrics.body.contains(#"custody_daemon_info{role="signer""#))

        daemon.send(SIGTERM)
        let exit = try #require(daemon.awaitExit(timeout: .seconds(10)), "no exit within 10 s after SIGTERM")
        #expect(exit.status == 0, "signal \(String(describing: exit.signal)); \(exit.stderr)")
        #expect(exit.stdout == "listening on 127.0.0.1:\(port)\n")
        Self.expectJSONLogLines(exit.stderr)
        #expect(exit.stderr.contains("finalizing the PKCS#11 module"))
    }

    @Test func restartsOnItsOwnStoreAndStopsOnSIGINT() throws {
        let signer = try Self.shared.get()
        let configuration = try signer.writeConfiguration(signer.minimalConfiguration)
        for signal in [SIGINT, SIGTERM] {
            let daemon = try Self.serve(configuration)
            let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
            #expect(try LoopbackHTTP.request(port: port, "/healthz").status == 200)
            daemon.send(signal)
            let exit = try #require(daemon.awaitExit(timeout: .seconds(10)), "no exit within 10 s after \(signal)")
            #expect(exit.status == 0, "signal \(String(describing: exit.signal)); \(exit.stderr)")
        }
        // The first start created the audit log with its first record; the second reopened and
        // verified it.
        #expect(FileManager.default.fileExists(atPath: signer.data + "/audit.sqlite"))
        #expect(FileManager.default.fileExists(atPath: signer.data + "/signer.sqlite"))
        let verify = try ProcessRunner.run(
            ProcessRunner.product("custody"), ["audit", "tail", "--db", signer.data + "/audit.sqlite"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("signer.log.created"), "\(verify.stdout)")
    }

    @Test func anEnvironmentOverrideBeatsTheFile() throws {
        let signer = try Self.shared.get()
        let port = LoopbackHTTP.freePort()
        let configuration = try signer.writeConfiguration(
            """
            {"dataDirectory": "\(signer.data)", "listen": "127.0.0.1:0", "pin": {"file": "/nonexistent/pin"},
             "logLevel": "trace"}
            """)
        let daemon = try Self.serve(
            configuration,
            environment: [
                "CUSTODY_SIGNER_LISTEN": "127.0.0.1:\(port)", "CUSTODY_SIGNER_PIN_FILE": SoftHSM.pinFile,
                "CUSTODY_SIGNER_LOG_LEVEL": "warning",
            ])
        let listening = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        #expect(listening.port == port)
        daemon.send(SIGTERM)
        let exit = try #require(daemon.awaitExit())
        #expect(exit.status == 0, "\(exit.stderr)")
        // At level warning, a clean start and stop logs nothing.
        #expect(exit.stderr.isEmpty, "\(exit.stderr)")

        let bad = try Self.serve(configuration, environment: ["CUSTODY_SIGNER_LISTEN": "localhost:80"])
        let refused = try #require(bad.awaitExit())
        #expect(refused.status == 78)
        #expect(
            refused.stderr.contains("environment variable CUSTODY_SIGNER_LISTEN: 'localhost' is not an IPv4 address"))
    }

    @Test func aPINNeverReachesLogsOrOutput() throws {
        let signer = try Self.shared.get()
        let configuration = try signer.writeConfiguration(
            """
            {"dataDirectory": "\(signer.data)", "listen": "127.0.0.1:0", "pin": {"environment": "SIGNER_TOKEN_PIN"},
             "logLevel": "trace"}
            """)
        let daemon = try Self.serve(configuration, environment: ["SIGNER_TOKEN_PIN": SoftHSM.userPIN])
        let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        _ = try LoopbackHTTP.request(port: port, "/healthz")
        _ = try LoopbackHTTP.request(port: port, "/metrics")
        daemon.send(SIGTERM)
        let exit = try #require(daemon.awaitExit())
        #expect(exit.status == 0, "\(exit.stderr)")
        #expect(exit.stderr.contains(#""level":"trace""#) || exit.stderr.contains(#""level":"debug""#))
        #expect(!exit.stdout.contains(SoftHSM.userPIN) && !exit.stderr.contains(SoftHSM.userPIN))

        // A wrong PIN: refused, and neither PIN is printed.
        let wrongPIN = "9876-wrong-pin"
        let refused = try Self.serve(configuration, environment: ["SIGNER_TOKEN_PIN": wrongPIN])
        let refusal = try #require(refused.awaitExit())
        #expect(refusal.status == 78)
        #expect(refusal.stderr.contains("CKR_PIN_INCORRECT"), "\(refusal.stderr)")
        for output in [refusal.stdout, refusal.stderr] {
            #expect(!output.contains(wrongPIN) && !output.contains(SoftHSM.userPIN))
        }
    }

    @Test func aClientCannotCreateMetricSeriesWithPathsOrMethods() throws {
        let signer = try Self.shared.get()
        let daemon = try Self.serve(try signer.writeConfiguration(signer.minimalConfiguration))
        let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        for index in 0..<5 { _ = try LoopbackHTTP.request(port: port, "/attacker-path-\(index)") }
        _ = try LoopbackHTTP.request(port: port, "/healthz", method: "PROPFIND")
        let metrics = try LoopbackHTTP.request(port: port, "/metrics").body
        #expect(!metrics.contains("attacker-path"))
        #expect(!metrics.contains("PROPFIND"))
        #expect(metrics.contains(#"method="other""#), "\(metrics)")
        #expect(metrics.contains(#"custody_http_requests_total{route="unmatched",method="GET",status="404"} 5"#))
        daemon.send(SIGTERM)
        #expect(daemon.awaitExit()?.status == 0)
    }

    @Test func aTokenThatIsNotTheOneSignerJSONNamesIsRefused() throws {
        let signer = try Self.initializedSigner("mismatch")
        let other = try Self.initializedSigner("mismatch-other")
        // signer.json of the first signer, with the other's identity key: the token's key differs.
        let path = signer.data + "/signer.json"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try original.replacingOccurrences(of: signer.identityKey, with: other.identityKey).write(
            toFile: path, atomically: true, encoding: .utf8)
        let daemon = try Self.serve(try signer.writeConfiguration(signer.minimalConfiguration))
        let exit = try #require(daemon.awaitExit())
        #expect(exit.status == 78)
        #expect(exit.stderr.contains("the token's identity key is not the one signer.json records"), "\(exit.stderr)")
    }

    @Test func badConfigurationsExit78WithALocatedMessage() throws {
        let signer = try Self.shared.get()
        let data = signer.data
        let pin = #""pin": {"file": "\#(SoftHSM.pinFile)"}"#
        let cases: [(String, String)] = [
            (#"{"dataDirectory": "\#(data)", \#(pin), "colour": "red"}"#, "signerd.json: colour: unknown key"),
            (
                #"{"dataDirectory": "\#(data)", "pin": {"file": "/x", "mode": 1}}"#,
                "signerd.json: pin.mode: unknown key"
            ),
            (#"{"dataDirectory": "\#(data)", \#(pin), "listen": 7401}"#, "signerd.json: listen: wrong type"),
            (#"{\#(pin)}"#, "signerd.json: dataDirectory: missing required key"),
            (#"{"dataDirectory": "\#(data)"}"#, "signerd.json: pin: missing required key"),
            (#"{"dataDirectory": "\#(data)", "pin": {}}"#, "signerd.json: pin: give file or environment"),
            (
                #"{"dataDirectory": "\#(data)", \#(pin), "listen": "localhost:7401"}"#,
                "signerd.json: listen: 'localhost' is not an IPv4 address"
            ),
            (#"{"dataDirectory": "\#(data)", \#(pin), "listen": "127.0.0.1:70000"}"#, "listen: '70000' is not a port"),
            (#"{"dataDirectory": "\#(data)", \#(pin), "listen": "[::1]:99999"}"#, "listen: '99999' is not a port"),
            (
                #"{"dataDirectory": "\#(data)", \#(pin), "listen": "127.0.0.1:0", "li\u0073ten": "127.0.0.1:1"}"#,
                "signerd.json: listen: a key given twice in one object"
            ),
            (
                #"{"dataDirectory": "\#(data)", "pin": {"file": "/a", "file": "/b"}}"#,
                "signerd.json: pin.file: a key given twice in one object"
            ),
            (#"{"dataDirectory": "\#(data)", \#(pin), "logLevel": "loud"}"#, "logLevel: 'loud' is not a log level"),
            (
                #"{"dataDirectory": "\#(data)", \#(pin), "store": "/nonexistent/dir/s.sqlite"}"#,
                "store: the directory of /nonexistent/dir/s.sqlite does not exist"
            ),
            (#"{"dataDirectory": "/nonexistent", \#(pin)}"#, "dataDirectory: /nonexistent is not a directory"),
            (#"{"dataDirectory": "\#(data)", \#(pin)"#, "signerd.json: not JSON"),
            ("[" + String(repeating: "[", count: 40) + "]", "signerd.json: not a configuration: JSON nested deeper"),
        ]
        for (document, expected) in cases {
            let daemon = try Self.serve(try signer.writeConfiguration(document))
            let exit = try #require(daemon.awaitExit())
            #expect(exit.status == 78, "\(document)")
            #expect(exit.stderr.contains("custodyd: configuration error: "), "\(exit.stderr)")
            #expect(exit.stderr.contains(expected), "\(document): \(exit.stderr)")
            #expect(exit.stdout.isEmpty)
        }

        let missing = try Self.serve(signer.directory + "/absent.json")
        let missingExit = try #require(missing.awaitExit())
        #expect(missingExit.status == 78)
        #expect(missingExit.stderr.contains("absent.json: cannot read the configuration file"), "\(missingExit.stderr)")
    }

    @Test func aPortInUseExits78() throws {
        let signer = try Self.shared.get()
        let configuration = try signer.writeConfiguration(signer.minimalConfiguration)
        let first = try Self.serve(configuration)
        let (port, _) = try #require(first.awaitListening(), "\(first.stderr)")
        let second = try Self.serve(
            configuration,
            environment: [
                "CUSTODY_SIGNER_LISTEN": "127.0.0.1:\(port)",
                "CUSTODY_SIGNER_STORE": signer.directory + "/second.sqlite",
                "CUSTODY_SIGNER_AUDIT_LOG": signer.directory + "/second-audit.sqlite",
            ])
        let exit = try #require(second.awaitExit())
        #expect(exit.status == 78, "\(exit.stderr)")
        #expect(exit.stderr.contains("cannot listen on 127.0.0.1:\(port)"), "\(exit.stderr)")
        #expect(exit.stdout.isEmpty)
        first.send(SIGTERM)
        #expect(first.awaitExit()?.status == 0)
    }
}
