import CustodyTestSupport
import Encoding
import Foundation
import PKCS11
import PeerProtocol
import Testing

/// The peer protocol over HTTP between real `custodyd` processes on loopback: the coordinator's
/// `GET /v1/signers` pings its signers, and a signer's `POST /v1/peer` refuses every envelope it
/// must not answer, with a clear reason, and stays healthy.
@Suite(.serialized) struct PeerTransportTests {
    /// A signer initialised on its own token with a P-256 identity key.
    struct Signer {
        let id: String
        let data: String
        let identityKey: String
        let directory: String
        let port: Int

        /// Its configuration, pinning `coordinatorKey` (P-256) as `coordinator`.
        func configuration(coordinatorKey: String, coordinatorID: String = "coordinator") throws -> String {
            let path = directory + "/signerd-\(id).json"
            try """
            {"dataDirectory": "\(data)", "listen": "127.0.0.1:\(port)", "pin": {"file": "\(SoftHSM.pinFile)"},
             "id": "\(id)",
             "coordinator": {"id": "\(coordinatorID)", "identityCurve": "p-256", "identityPublicKey": "\(coordinatorKey)"}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static func initializedSigner(_ id: String) throws -> Signer {
        let label = try SoftHSM.makeToken("peer-\(id)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let data = directory + "/data"
        let result = try ProcessRunner.run(
            ProcessRunner.product("custodyd"),
            [
                "signer", "init", "--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile,
                "--data", data, "--identity-curve", "p-256",
            ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        try #require(result.status == 0, "\(result.stderr)")
        let key = try #require(result.stdout.split(separator: " ").last).trimmingCharacters(in: .newlines)
        return Signer(id: id, data: data, identityKey: key, directory: directory, port: LoopbackHTTP.freePort())
    }

    /// Two signers for the whole suite (the process has a fixed number of SoftHSM2 tokens).
    static let signers = Result { [try initializedSigner("s1"), try initializedSigner("s2")] }

    /// The test itself as the coordinator, and a stranger nobody pinned, each on its own token.
    struct Callers {
        let coordinator: HSMToken
        let coordinatorKey: String
        let stranger: HSMToken
    }

    static let callers = Result {
        let coordinator = try SoftHSM.preparedToken("peer-test-coordinator", curve: .p256)
        let stranger = try SoftHSM.preparedToken("peer-test-stranger", curve: .p256)
        return Callers(
            coordinator: coordinator, coordinatorKey: Hex.encode(try coordinator.identityPublicKey().key),
            stranger: stranger)
    }

    static func serve(_ role: String, _ configuration: String) throws -> RunningDaemon {
        try RunningDaemon(
            ProcessRunner.product("custodyd"), [role, "serve", "--config", configuration],
            environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
    }

    static func stop(_ daemon: RunningDaemon) {
        daemon.send(SIGTERM)
        let exit = daemon.awaitExit(timeout: .seconds(10))
        #expect(exit?.status == 0, "\(exit?.stderr ?? "no exit within 10 s")")
    }

    /// A sealed `ping`, now, from `sender` on `token` to `recipient`.
    static func ping(
        from token: HSMToken, as sender: String = "coordinator", to recipient: String, payload: [UInt8] = []
    ) async throws -> [UInt8] {
        let now = UInt64(Date().timeIntervalSince1970)
        return try await EnvelopeSealer(token: token, sender: try PeerID(sender)).seal(
            to: try PeerID(recipient), session: .random(), sequence: now * 1_000_000, expiry: now + 60, type: .ping,
            payload: payload)
    }

    static func post(_ port: Int, _ body: [UInt8], headers: [String: String] = [:]) throws -> LoopbackHTTP.Response {
        try LoopbackHTTP.request(
            port: port, "/v1/peer", method: "POST", body: body,
            headers: ["Content-Type": "application/octet-stream"].merging(headers) { $1 })
    }

    /// The signer `s1` serving, pinning the test's coordinator key.
    static func servedSigner() throws -> (Signer, RunningDaemon, Int) {
        let signer = try signers.get()[0]
        let daemon = try serve("signer", try signer.configuration(coordinatorKey: try callers.get().coordinatorKey))
        let (port, _) = try #require(daemon.awaitListening(), "\(daemon.stderr)")
        return (signer, daemon, port)
    }

    @Test func theCoordinatorPingsBothSignersAndSeesAStoppedOneUnreachableQuickly() throws {
        let (s1, s2) = (try Self.signers.get()[0], try Self.signers.get()[1])
        let label = try SoftHSM.makeToken("peer-coordinator")
        let directory = s1.directory
        let signerList = [s1, s2].map {
            """
            {"id": "\($0.id)", "url": "http://127.0.0.1:\($0.port)", "identityCurve": "p-256", "identityPublicKey": "\($0.identityKey)"}
            """
        }
        let configuration = directory + "/coordinator.json"
        try """
        {"listen": "127.0.0.1:0", "database": "\(directory)/coordinator.sqlite", "auditLog": "\(directory)/coordinator-audit.sqlite",
         "hsm": {"module": "\(SoftHSM.modulePath)", "token": "\(label)", "pin": {"file": "\(SoftHSM.pinFile)"}},
         "signers": [\(signerList.joined(separator: ","))]}
        """.write(toFile: configuration, atomically: true, encoding: .utf8)
        let coordinator = try Self.serve("coordinator", configuration)
        let (port, _) = try #require(coordinator.awaitListening(), "\(coordinator.stderr)")
        // The coordinator made its identity key on its first start and shows it for pinning.
        let health = try #require(
            try JSONSerialization.jsonObject(with: Data(try LoopbackHTTP.request(port: port, "/healthz").body.utf8))
                as? [String: String])
        #expect(health["identityCurve"] == "p-256")
        let coordinatorKey = try #require(health["identityPublicKey"])

        let daemons = try [s1, s2].map {
            try Self.serve("signer", try $0.configuration(coordinatorKey: coordinatorKey))
        }
        for daemon in daemons { try #require(daemon.awaitListening() != nil, "\(daemon.stderr)") }

        func signers() throws -> [[String: Any]] {
            let response = try LoopbackHTTP.request(port: port, "/v1/signers")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let document = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            return try #require(document?["signers"] as? [[String: Any]], "\(response.body)")
        }
        let both = try signers()
        #expect(both.map { $0["id"] as? String } == ["s1", "s2"])
        for entry in both {
            #expect(entry["reachable"] as? Bool == true, "\(entry)")
            let latency = try #require(entry["latencyMs"] as? Double, "\(entry)")
            print("ping \(entry["id"] ?? ""): \(latency) ms (first call: connection set-up included)")
        }
        let again = try signers()
        print("ping, kept-alive connections: \(again.compactMap { $0["latencyMs"] as? Double }) ms")

        Self.stop(daemons[1])
        let start = ContinuousClock.now
        let one = try signers()
        let elapsed = ContinuousClock.now - start
        print("GET /v1/signers with s2 stopped: \(elapsed)")
        #expect(elapsed < .seconds(3), "a stopped signer must not hold the answer up: \(elapsed)")
        #expect(one[0]["reachable"] as? Bool == true, "\(one[0])")
        #expect(one[1]["reachable"] as? Bool == false, "\(one[1])")
        let reason = try #require(one[1]["reason"] as? String)
        #expect(reason.hasPrefix("unreachable: cannot reach http://127.0.0.1:\(s2.port)/v1/peer"), "\(reason)")
        #expect(one[1]["latencyMs"] == nil)

        Self.stop(daemons[0])
        Self.stop(coordinator)
    }

    @Test func aValidPingIsAnsweredWithAPongSignedByTheSigner() async throws {
        let (signer, daemon, port) = try Self.servedSigner()
        let callers = try Self.callers.get()
        let response = try Self.post(port, try await Self.ping(from: callers.coordinator, to: signer.id))
        #expect(response.status == 200, "\(response.body)")
        #expect(response.headers["content-type"] == "application/octet-stream")
        let metrics = try LoopbackHTTP.request(port: port, "/metrics").body
        #expect(metrics.contains(#"custody_peer_envelopes_total{outcome="reply"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"custody_http_requests_total{route="/v1/peer",method="POST",status="200"} 1"#))
        Self.stop(daemon)
    }

    @Test func garbageAndTruncatedEnvelopesAreRefusedAndTheSignerStaysHealthy() async throws {
        let (signer, daemon, port) = try Self.servedSigner()
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let refused = try Self.post(port, garbage)
        #expect(refused.status == 400)
        #expect(refused.body.hasPrefix("malformed: "), "\(refused.body)")
        #expect(refused.headers["content-type"]?.hasPrefix("text/plain") == true)

        let valid = try await Self.ping(from: try Self.callers.get().coordinator, to: signer.id)
        let truncated = try Self.post(port, Array(valid.dropLast(10)))
        #expect(truncated.status == 400)
        #expect(truncated.body.hasPrefix("malformed: "), "\(truncated.body)")
        #expect(try Self.post(port, []).status == 400)
        // The refusals recorded nothing: the whole envelope is still fresh and answered.
        #expect(try Self.post(port, valid).status == 200)
        #expect(try LoopbackHTTP.request(port: port, "/healthz").status == 200)
        let metrics = try LoopbackHTTP.request(port: port, "/metrics").body
        #expect(metrics.contains(#"custody_peer_envelopes_total{outcome="rejected"} 3"#), "\(metrics)")
        Self.stop(daemon)
    }

    @Test func anOversizedBodyIsRefusedWith413WithoutBeingRead() throws {
        let (_, daemon, port) = try Self.servedSigner()
        // Content-Length over the limit and only a few bytes sent: the answer comes at once.
        let start = ContinuousClock.now
        let declared = try Self.post(
            port, Array(repeating: 0, count: 16), headers: ["Content-Length": String(Envelope.maximumSize + 1)])
        #expect(declared.status == 413)
        #expect(declared.body.contains("an envelope is at most \(Envelope.maximumSize) bytes"), "\(declared.body)")
        #expect(ContinuousClock.now - start < .seconds(2))
        // A whole body one byte over the limit.
        let whole = try Self.post(port, Array(repeating: 0x63, count: Envelope.maximumSize + 1))
        #expect(whole.status == 413)
        #expect(try LoopbackHTTP.request(port: port, "/healthz").status == 200)
        Self.stop(daemon)
    }

    @Test func aReplayedPingIsRefused() async throws {
        let (signer, daemon, port) = try Self.servedSigner()
        let ping = try await Self.ping(from: try Self.callers.get().coordinator, to: signer.id)
        #expect(try Self.post(port, ping).status == 200)
        let replayed = try Self.post(port, ping)
        #expect(replayed.status == 400)
        #expect(replayed.body.hasPrefix("replayed: "), "\(replayed.body)")
        Self.stop(daemon)
    }

    @Test func aPingForAnotherSignerIsRefused() async throws {
        let (_, daemon, port) = try Self.servedSigner()
        let ping = try await Self.ping(from: try Self.callers.get().coordinator, to: "s2")
        let refused = try Self.post(port, ping)
        #expect(refused.status == 400)
        #expect(refused.body.hasPrefix(#"wrong recipient: the envelope is for "s2", not for "s1""#), "\(refused.body)")
        Self.stop(daemon)
    }

    @Test func aPingSignedByAnUnpinnedKeyIsRefused() async throws {
        let (signer, daemon, port) = try Self.servedSigner()
        let stranger = try Self.callers.get().stranger
        // The stranger's key under the coordinator's id: the signature is not the pinned key's.
        let impersonating = try Self.post(port, try await Self.ping(from: stranger, to: signer.id))
        #expect(impersonating.status == 400)
        #expect(impersonating.body.hasPrefix("bad authenticator: "), "\(impersonating.body)")
        // Under its own id: nobody pinned it.
        let unknown = try Self.post(port, try await Self.ping(from: stranger, as: "stranger", to: signer.id))
        #expect(unknown.status == 400)
        #expect(unknown.body.hasPrefix(#"unknown sender: sender "stranger" is not a pinned peer"#), "\(unknown.body)")
        #expect(try LoopbackHTTP.request(port: port, "/healthz").status == 200)
        Self.stop(daemon)
    }
}
