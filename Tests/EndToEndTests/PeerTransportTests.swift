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
        func configuration(coordinatorKey: String, coordinatorID: String = "coordinator", extra: String = "") throws
            -> String
        {
            let path = directory + "/signerd-\(id).json"
            try """
            {"dataDirectory": "\(data)", "listen": "127.0.0.1:\(port)", "pin": {"file": "\(SoftHSM.pinFile)"},
             "id": "\(id)"\(extra),
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
        from token: HSMToken, as sender: String = "coordinator", to recipient: String, session: SessionID = .random(),
        payload: [UInt8] = []
    ) async throws -> [UInt8] {
        let now = Date().timeIntervalSince1970
        return try await EnvelopeSealer(token: token, sender: try PeerID(sender)).seal(
            to: try PeerID(recipient), session: session, sequence: UInt64(now * 1_000_000),
            expiry: UInt64(now) + 60, type: .ping, payload: payload)
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

    /// A coordinator configuration on a new token and directory, with `signers` as (id, URL, key).
    static func coordinatorConfiguration(_ signers: [(String, String, String)], extra: String = "") throws -> String {
        let label = try SoftHSM.makeToken("peer-coordinator")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let signerList = signers.map { id, url, key in
            """
            {"id": "\(id)", "url": "\(url)", "identityCurve": "p-256", "identityPublicKey": "\(key)"}
            """
        }
        let configuration = directory + "/coordinator.json"
        try """
        {"listen": "127.0.0.1:0", "database": "\(directory)/coordinator.sqlite", "auditLog": "\(directory)/audit.sqlite",
         "hsm": {"module": "\(SoftHSM.modulePath)", "token": "\(label)", "pin": {"file": "\(SoftHSM.pinFile)"}},
         "signers": [\(signerList.joined(separator: ","))]\(extra)}
        """.write(toFile: configuration, atomically: true, encoding: .utf8)
        return configuration
    }

    /// `GET /v1/signers`'s list.
    static func signerStatuses(_ port: Int) throws -> [[String: Any]] {
        let response = try LoopbackHTTP.request(port: port, "/v1/signers")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let document = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        return try #require(document?["signers"] as? [[String: Any]], "\(response.body)")
    }

    @Test func theCoordinatorPingsBothSignersAndSeesAStoppedOneUnreachableQuickly() throws {
        let (s1, s2) = (try Self.signers.get()[0], try Self.signers.get()[1])
        let coordinator = try Self.serve(
            "coordinator",
            try Self.coordinatorConfiguration(
                [s1, s2].map { ($0.id, "http://127.0.0.1:\($0.port)", $0.identityKey) }))
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

        let both = try Self.signerStatuses(port)
        #expect(both.map { $0["id"] as? String } == ["s1", "s2"])
        for entry in both {
            #expect(entry["reachable"] as? Bool == true, "\(entry)")
            let latency = try #require(entry["latencyMs"] as? Double, "\(entry)")
            print("ping \(entry["id"] ?? ""): \(latency) ms (first call: connection set-up included)")
        }
        let again = try Self.signerStatuses(port)
        print("ping, kept-alive connections: \(again.compactMap { $0["latencyMs"] as? Double }) ms")

        Self.stop(daemons[1])
        let start = ContinuousClock.now
        let one = try Self.signerStatuses(port)
        let elapsed = ContinuousClock.now - start
        print("GET /v1/signers with s2 stopped: \(elapsed)")
        #expect(elapsed < .seconds(1), "a stopped signer must not hold the answer up: \(elapsed)")
        #expect(one[0]["reachable"] as? Bool == true, "\(one[0])")
        #expect(one[1]["reachable"] as? Bool == false, "\(one[1])")
        let reason = try #require(one[1]["reason"] as? String)
        print("a stopped signer: \(reason)")
        #expect(
            reason == "unreachable: cannot reach http://127.0.0.1:\(s2.port)/v1/peer: connection refused", "\(reason)")
        #expect(one[1]["latencyMs"] == nil)

        Self.stop(daemons[0])
        Self.stop(coordinator)
    }

    @Test func aSignerThatAcceptsButNeverAnswersIsUnreachableWithinTheCallTimeout() throws {
        // A socket that listens (the kernel completes the handshakes) and never answers.
        let silent = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(silent) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(silent, $0, length) == 0 && getsockname(silent, $0, &length) == 0 && listen(silent, 8) == 0
            }
        }
        try #require(bound)
        let silentPort = Int(UInt16(bigEndian: address.sin_port))
        let s1 = try Self.signers.get()[0]
        let coordinator = try Self.serve(
            "coordinator",
            try Self.coordinatorConfiguration([("silent", "http://127.0.0.1:\(silentPort)", s1.identityKey)]))
        let (port, _) = try #require(coordinator.awaitListening(), "\(coordinator.stderr)")
        let start = ContinuousClock.now
        let statuses = try Self.signerStatuses(port)
        let elapsed = ContinuousClock.now - start
        print("GET /v1/signers with a signer that never answers: \(elapsed)")
        #expect(elapsed >= .seconds(4) && elapsed < .seconds(7), "\(elapsed)")
        #expect(statuses.first?["reachable"] as? Bool == false)
        let reason = try #require(statuses.first?["reason"] as? String)
        #expect(reason.hasSuffix("no answer in time"), "\(reason)")
        #expect(try LoopbackHTTP.request(port: port, "/healthz").status == 200)
        Self.stop(coordinator)
    }

    @Test func thePeerKeysOfBothConfigurationsAreValidatedWithLocatedErrors() throws {
        let signer = try Self.signers.get()[0]
        let key = try Self.callers.get().coordinatorKey
        let noID = signer.directory + "/no-id.json"
        try """
        {"dataDirectory": "\(signer.data)", "listen": "127.0.0.1:0", "pin": {"file": "\(SoftHSM.pinFile)"},
         "coordinator": {"id": "coordinator", "identityCurve": "p-256", "identityPublicKey": "\(key)"}}
        """.write(toFile: noID, atomically: true, encoding: .utf8)
        let refused = try #require(try Self.serve("signer", noID).awaitExit())
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("no-id.json: id: required when coordinator is given"), "\(refused.stderr)")

        let offCurve = signer.directory + "/off-curve.json"
        try """
        {"dataDirectory": "\(signer.data)", "listen": "127.0.0.1:0", "pin": {"file": "\(SoftHSM.pinFile)"}, "id": "s1",
         "coordinator": {"id": "coordinator", "identityCurve": "secp256k1", "identityPublicKey": "\(key)"}}
        """.write(toFile: offCurve, atomically: true, encoding: .utf8)
        let wrongCurve = try #require(try Self.serve("signer", offCurve).awaitExit())
        #expect(wrongCurve.status == 78)
        #expect(
            wrongCurve.stderr.contains("off-curve.json: coordinator.identityPublicKey: "), "\(wrongCurve.stderr)")

        let clash = try Self.coordinatorConfiguration(
            [("s1", "http://127.0.0.1:7401", signer.identityKey)], extra: #", "id": "s1""#)
        let coordinator = try #require(try Self.serve("coordinator", clash).awaitExit())
        #expect(coordinator.status == 78)
        #expect(
            coordinator.stderr.contains("coordinator.json: signers[0].id: the coordinator's own id, 's1'"),
            "\(coordinator.stderr)")
    }

    @Test func aValidPingIsAnsweredWithAPongSignedByTheSigner() async throws {
        let (signer, daemon, port) = try Self.servedSigner()
        let callers = try Self.callers.get()
        let session = SessionID.random()
        let response = try Self.post(
            port, try await Self.ping(from: callers.coordinator, to: signer.id, session: session))
        #expect(response.status == 200, "\(response.body)")
        #expect(response.headers["content-type"] == "application/octet-stream")
        // The answer opens as s1's, against its pinned key, in the ping's session.
        let signerKey = try IdentityPublicKey(curve: .p256, sec1: try Hex.decode(signer.identityKey))
        let opener = EnvelopeOpener(
            me: try PeerID("coordinator"), peers: [try PeerID(signer.id): signerKey],
            clock: { UInt64(Date().timeIntervalSince1970) })
        let pong = try opener.open(response.bodyBytes)
        #expect(pong.sender == (try PeerID(signer.id)) && pong.session == session)
        #expect(pong.type == .pong && pong.payload.isEmpty)
        // A ping with a payload is refused, in a signed refusal.
        let withPayload = try Self.post(
            port, try await Self.ping(from: callers.coordinator, to: signer.id, session: session, payload: [1, 2, 3]))
        let refusal = try opener.open(withPayload.bodyBytes)
        #expect(refusal.type == .refusal)
        #expect(try PeerRefusal(decoding: refusal.payload).code == "malformed_ping")
        let metrics = try LoopbackHTTP.request(port: port, "/metrics").body
        #expect(metrics.contains(#"custody_peer_envelopes_total{outcome="reply"} 2"#), "\(metrics)")
        #expect(metrics.contains(#"custody_http_requests_total{route="/v1/peer",method="POST",status="200"} 2"#))
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
        // Chunked, with no length announced: refused once the limit is passed while reading.
        let chunk = Array(repeating: UInt8(0x63), count: 65_536)
        var chunked: [UInt8] = []
        for _ in 0...(Envelope.maximumSize / chunk.count) { chunked += Array("10000\r\n".utf8) + chunk + [13, 10] }
        chunked += Array("0\r\n\r\n".utf8)
        let streamed = try Self.post(port, chunked, headers: ["Transfer-Encoding": "chunked"])
        #expect(streamed.status == 413)
        #expect(streamed.body == "an envelope is at most \(Envelope.maximumSize) bytes\n", "\(streamed.body)")
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
