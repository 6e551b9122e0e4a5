import AuditLog
import AuditStorage
import CustodyTestSupport
import Encoding
import Foundation
import Testing

/// Two coordinators on one PostgreSQL database (docs/api.md § Lifecycle): a coordinator killed
/// while signing leaves its request to the other, which finishes it once its lease runs out;
/// with both running, each request is moved to signing by exactly one of them.
@Suite(.serialized) struct CoordinatorTakeoverTests {
    /// The `request.transition` records of audit log `file` into `to`, by request id.
    static func transitions(_ cluster: ThresholdClusterTests.Cluster, _ file: String, to state: String) throws
        -> [String]
    {
        let database = try AuditDatabase.openReadOnly(cluster.directory + "/" + file)
        return try AuditDatabase.tail(database: database, count: 10_000).filter { $0.type == .requestTransition }
            .compactMap { record in
                let payload = ThresholdClusterTests.json(String(decoding: record.payload, as: UTF8.self))
                return payload["to"] as? String == state ? payload["request"] as? String : nil
            }
    }

    static func state(_ port: Int, _ id: String) throws -> [String: Any] {
        let response = try LoopbackHTTP.request(
            port: port, "/custody.v1.CustodyService/GetRequest", method: "POST",
            body: Array(#"{"requestId": "\#(id)"}"#.utf8),
            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(ServiceAPITests.engineKey)"])
        return ThresholdClusterTests.json(response.body)["request"] as? [String: Any] ?? [:]
    }

    static func await(_ port: Int, _ id: String, _ state: String, seconds: Double) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = try Self.state(port, id)
            if last["state"] as? String == state { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("request \(id) is not \(state) after \(seconds) s: \(last)")
        return last
    }

    @Test func aCoordinatorKilledWhileSigningIsTakenOverByAnotherOnTheSamePostgreSQLAndEachRequestIsMovedOnce()
        throws
    {
        let database = try PostgresTestServer.shared.get().makeDatabase()
        let cluster = try ThresholdClusterTests.Cluster(
            policyText: ServiceAPITests.policyText,
            apiServices: [("engine", ServiceAPITests.engineKey), ("desk", ServiceAPITests.deskKey)], database: database)
        var others: [RunningDaemon] = []
        defer {
            for daemon in others { daemon.send(SIGKILL) }
            cluster.stopAll()
        }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3", "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let xOnly = Array(
            try Hex.decode(try #require(ThresholdClusterTests.json(created.stdout)["groupKey"] as? String)).dropFirst())

        // Two signers paused: coordinator A's signing run cannot finish.
        cluster.daemons["s2"]?.send(SIGSTOP)
        cluster.daemons["s3"]?.send(SIGSTOP)
        let digest = ThresholdClusterTests.message("taken over")
        let submitted = try ServiceAPITests.call(
            cluster, "CreateWithdrawal", ServiceAPITests.withdrawal("takeover-1", amount: 100_000, digest: digest))
        let id = try #require((submitted.json["request"] as? [String: Any])?["id"] as? String, "\(submitted.body)")
        _ = try Self.await(cluster.coordinatorPort, id, "REQUEST_STATE_SIGNING", seconds: 10)
        cluster.coordinator.send(SIGKILL)
        _ = cluster.coordinator.awaitExit(timeout: .seconds(10))
        cluster.daemons["s2"]?.send(SIGCONT)
        cluster.daemons["s3"]?.send(SIGCONT)

        // Coordinator B, on the same database, takes the request over when A's lease runs out.
        let (b, bPort) = try cluster.startAnotherCoordinator("b")
        others.append(b)
        let signed = try Self.await(bPort, id, "REQUEST_STATE_SIGNED", seconds: 60)
        let signature = Array(Data(base64Encoded: signed["signature"] as? String ?? "") ?? Data())
        #expect(ThresholdClusterTests.verify(signature: signature, message: digest, xOnly: xOnly), "\(b.stderr)")
        #expect(try Self.transitions(cluster, "coordinator-audit.sqlite", to: "REQUEST_STATE_SIGNING") == [id])
        #expect(try Self.transitions(cluster, "coordinator-audit-b.sqlite", to: "REQUEST_STATE_SIGNED") == [id])

        // Both running: every request is moved to signing by exactly one of them.
        let (c, cPort) = try cluster.startAnotherCoordinator("c")
        others.append(c)
        var ids: [String] = []
        for index in 0..<12 {
            let port = index.isMultiple(of: 2) ? bPort : cPort
            let response = try LoopbackHTTP.request(
                port: port, "/custody.v1.CustodyService/CreateWithdrawal", method: "POST",
                body: Array(
                    ServiceAPITests.withdrawal(
                        "both-\(index)", amount: 10_000, digest: ThresholdClusterTests.message("both \(index)")
                    ).utf8),
                headers: ["Content-Type": "application/json", "Authorization": "Bearer \(ServiceAPITests.engineKey)"])
            ids.append(
                try #require(
                    (ThresholdClusterTests.json(response.body)["request"] as? [String: Any])?["id"] as? String,
                    "\(response.body)"))
        }
        for id in ids { _ = try Self.await(cPort, id, "REQUEST_STATE_SIGNED", seconds: 60) }
        let moved =
            try Self.transitions(cluster, "coordinator-audit-b.sqlite", to: "REQUEST_STATE_SIGNING")
            + Self.transitions(cluster, "coordinator-audit-c.sqlite", to: "REQUEST_STATE_SIGNING")
        for id in ids { #expect(moved.filter { $0 == id }.count == 1, "\(id) moved to signing once: \(moved)") }
    }
}
