import Bitcoin
import CustodyTestSupport
import Encoding
import Foundation
import Testing

/// A stock Connect client, generated from `docs/api/custody/v1/custody.proto` by the Connect
/// project's Python generator (`Tests/ConnectClient`, committed, unchanged), drives a real
/// coordinator with its JSON codec: what works for it works for any client a service generates.
@Suite(.serialized) struct ConnectClientTests {
    /// The package's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The virtual environment `make connect-client` makes (`make test` makes it first).
    static var python: String {
        ProcessInfo.processInfo.environment["CUSTODY_CONNECT_PYTHON"] ?? root + "/.build/connect-client-venv/bin/python"
    }

    /// Calls through `drive.py`: one JSON line per call in, one per call out.
    static func drive(
        _ cluster: ThresholdClusterTests.Cluster, key: String?, _ calls: [(String, String)]
    ) throws -> [[String: Any]] {
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "no Python environment for the Connect client at \(python): run `make connect-client`")
        let input =
            calls.map { #"{"method": "\#($0.0)", "request": \#($0.1.replacingOccurrences(of: "\n", with: " "))}"# }
            .joined(separator: "\n") + "\n"
        var arguments = [
            root + "/Tests/ConnectClient/drive.py", "--url", "http://127.0.0.1:\(cluster.coordinatorPort)",
        ]
        if let key { arguments += ["--api-key", key] }
        let result = try ProcessRunner.run(python, arguments, input: Array(input.utf8))
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { ThresholdClusterTests.json(String($0)) }
        try #require(lines.count == calls.count, "\(result.stdout)\n\(result.stderr)")
        return lines
    }

    static func ok(_ line: [String: Any]) -> [String: Any] { line["ok"] as? [String: Any] ?? [:] }
    static func errorCode(_ line: [String: Any]) -> String? { (line["error"] as? [String: Any])?["code"] as? String }

    @Test func theGeneratedPythonClientWithdrawsPollsRetriesAndGetsConnectErrorsWithTheirCodes() throws {
        let (cluster, xOnly) = try ServiceAPITests.makeCluster()
        defer { cluster.stopAll() }
        let digest = ThresholdClusterTests.message("python client withdrawal")
        let withdrawal = ServiceAPITests.withdrawal("py-1", amount: 400_000, digest: digest, memo: "from Python")

        let first = try Self.drive(
            cluster, key: ServiceAPITests.engineKey,
            [
                ("ListWallets", "{}"), ("GetWallet", #"{"walletId": "hot"}"#), ("CreateWithdrawal", withdrawal),
                ("CreateWithdrawal", withdrawal), ("GetWallet", #"{"walletId": "cold"}"#),
                ("CancelRequest", #"{"requestId": "req_none"}"#),
            ])
        #expect((Self.ok(first[0])["wallets"] as? [Any])?.count == 2, "hot and vault: \(first[0])")
        #expect((Self.ok(first[1])["wallet"] as? [String: Any])?["tier"] as? String == "WALLET_TIER_HOT")
        let created = Self.ok(first[2])
        #expect(created["created"] as? Bool == true, "\(first[2])")
        let id = try #require((created["request"] as? [String: Any])?["id"] as? String)
        #expect(Self.ok(first[3])["created"] == nil, "a retry: created false, left out of the JSON")
        #expect((Self.ok(first[3])["request"] as? [String: Any])?["id"] as? String == id)
        #expect(Self.errorCode(first[4]) == "not_found", "\(first[4])")
        #expect(Self.errorCode(first[5]) == "not_found", "\(first[5])")

        // Long-poll until it is signed.
        var cursor = ""
        var signature: [UInt8] = []
        for _ in 0..<20 where signature.isEmpty {
            let watched = try Self.drive(
                cluster, key: ServiceAPITests.engineKey,
                [("WatchRequests", #"{"cursor": "\#(cursor)", "waitSeconds": 5}"#)])
            let answer = Self.ok(watched[0])
            cursor = answer["cursor"] as? String ?? cursor
            for request in answer["requests"] as? [[String: Any]] ?? []
            where request["id"] as? String == id && request["state"] as? String == "REQUEST_STATE_SIGNED" {
                signature = Array(Data(base64Encoded: request["signature"] as? String ?? "") ?? Data())
            }
        }
        #expect(ThresholdClusterTests.verify(signature: signature, message: digest, xOnly: xOnly))

        // Another service, a wrong key, no key.
        let foreign = try Self.drive(
            cluster, key: ServiceAPITests.deskKey, [("GetRequest", #"{"requestId": "\#(id)"}"#)])
        #expect(Self.errorCode(foreign[0]) == "not_found")
        let wrong = try Self.drive(cluster, key: "wrong", [("ListWallets", "{}")])
        #expect(Self.errorCode(wrong[0]) == "unauthenticated")
        let none = try Self.drive(cluster, key: nil, [("ListWallets", "{}")])
        #expect(Self.errorCode(none[0]) == "unauthenticated")
        // A reused key with another body, and a PSBT that is not one.
        let refused = try Self.drive(
            cluster, key: ServiceAPITests.engineKey,
            [
                ("CreateWithdrawal", ServiceAPITests.withdrawal("py-1", amount: 1, digest: digest)),
                ("CreateWithdrawal", #"{"idempotencyKey": "py-2", "walletId": "hot", "psbt": "cHNidP8A"}"#),
            ])
        #expect(Self.errorCode(refused[0]) == "already_exists", "\(refused[0])")
        #expect(Self.errorCode(refused[1]) == "invalid_argument", "\(refused[1])")
    }
}
