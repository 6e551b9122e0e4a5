import CustodyTestSupport
import Foundation
import Testing

/// TLS between the daemons: certificates made by `deploy/dev/make-tls.sh`.
extension PeerTransportTests {
    @Test func theCoordinatorReachesATLSSignerOnlyThroughItsCertificateAuthority() throws {
        let signer = try Self.signers.get()[1]
        let certificates = signer.directory + "/tls-\(UUID().uuidString)"
        let made = try ProcessRunner.run(
            "/bin/sh", [Repository.root.appendingPathComponent("deploy/dev/make-tls.sh").path, certificates, signer.id])
        try #require(made.status == 0, "\(made.stderr)")
        let url = "https://127.0.0.1:\(signer.port)"
        let coordinator = try Self.serve(
            "coordinator",
            try Self.coordinatorConfiguration(
                [(signer.id, url, signer.identityKey)], extra: #", "signerCA": "\#(certificates)/ca.pem""#))
        let (port, _) = try #require(coordinator.awaitListening(), "\(coordinator.stderr)")
        let health = try #require(
            try JSONSerialization.jsonObject(with: Data(try LoopbackHTTP.request(port: port, "/healthz").body.utf8))
                as? [String: String])
        let coordinatorKey = try #require(health["identityPublicKey"])
        let tls = """
            , "tls": {"certificate": "\(certificates)/\(signer.id).pem", "key": "\(certificates)/\(signer.id)-key.pem"}
            """
        let daemon = try Self.serve("signer", try signer.configuration(coordinatorKey: coordinatorKey, extra: tls))
        try #require(daemon.awaitListening() != nil, "\(daemon.stderr)")

        let statuses = try Self.signerStatuses(port)
        #expect(statuses.first?["reachable"] as? Bool == true, "\(statuses)")
        #expect(statuses.first?["url"] as? String == url)
        // The signer speaks TLS only: plain HTTP gets no HTTP answer.
        #expect((try? LoopbackHTTP.request(port: signer.port, "/healthz", timeout: .seconds(3)))?.status != 200)

        // A coordinator that does not trust the signers' CA (the system's roots) refuses the
        // signer's certificate before any envelope is sent.
        let untrusting = try Self.serve(
            "coordinator", try Self.coordinatorConfiguration([(signer.id, url, signer.identityKey)]))
        let (untrustingPort, _) = try #require(untrusting.awaitListening(), "\(untrusting.stderr)")
        let refused = try Self.signerStatuses(untrustingPort)
        #expect(refused.first?["reachable"] as? Bool == false)
        let reason = try #require(refused.first?["reason"] as? String)
        print("an untrusted signer certificate: \(reason)")
        #expect(
            reason
                == "unreachable: cannot reach \(url)/v1/peer: "
                + "TLS handshake failed: the peer's certificate does not verify against the trusted authorities",
            "\(reason)")
        Self.stop(untrusting)
        Self.stop(daemon)
        Self.stop(coordinator)
    }

    @Test func anUnreadableTLSKeyStopsTheSignerFromStarting() throws {
        let signer = try Self.signers.get()[1]
        let missing = signer.directory + "/no-such-key.pem"
        let tls = #", "tls": {"certificate": "\#(missing)", "key": "\#(missing)"}"#
        let daemon = try Self.serve(
            "signer", try signer.configuration(coordinatorKey: try Self.callers.get().coordinatorKey, extra: tls))
        let exit = try #require(daemon.awaitExit())
        #expect(exit.status == 78)
        #expect(exit.stderr.contains("cannot read the TLS certificate \(missing)"), "\(exit.stderr)")
        #expect(exit.stdout.isEmpty)
    }
}
