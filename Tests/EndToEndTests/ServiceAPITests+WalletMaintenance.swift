import CustodyTestSupport
import Encoding
import Foundation
import Testing

/// `custody wallet refresh` and `custody wallet repair` against a real coordinator and three
/// signer processes, each with its own SoftHSM2 token (docs/key-ceremony.md § Share refresh, §
/// Share repair): the wallet keeps its key and address, signs before, during and after a
/// refresh, and with a signer that lost its store once it is repaired; every signature is checked
/// by the system's libsecp256k1.
///
/// An extension of `ServiceAPITests` (serialized), so that its clusters of processes do not run
/// beside that suite's.
extension ServiceAPITests {
    /// Creates an automatic withdrawal of `amount` from `hot` and waits for it; true when it was
    /// signed with a signature libsecp256k1 verifies.
    static func withdraw(_ cluster: ThresholdClusterTests.Cluster, _ name: String, xOnly: [UInt8]) throws -> Bool {
        let digest = ThresholdClusterTests.message(name)
        let created = try ServiceAPITests.call(
            cluster, "CreateWithdrawal",
            ServiceAPITests.withdrawal(name.replacingOccurrences(of: " ", with: "-"), amount: 100_000, digest: digest))
        let id = try #require((created.json["request"] as? [String: Any])?["id"] as? String, "\(created.body)")
        let finished = try ServiceAPITests.awaitFinal(cluster, id)
        let signature = Array(Data(base64Encoded: finished["signature"] as? String ?? "") ?? Data())
        let verified =
            finished["state"] as? String == "REQUEST_STATE_SIGNED"
            && ThresholdClusterTests.verify(signature: signature, message: digest, xOnly: xOnly)
        if !verified {
            Issue.record("\(name): \(finished)\n\(String(cluster.coordinator.stderr.suffix(4000)))")
        }
        return verified
    }

    @Test func aRefreshKeepsTheWalletAndItSignsBeforeDuringAndAfter() throws {
        let (cluster, xOnly) = try ServiceAPITests.makeCluster()
        defer { cluster.stopAll() }
        let before = try cluster.custody(["wallet", "show", "hot", "--json"])
        let described = ThresholdClusterTests.json(before.stdout)
        #expect(described["keyVersion"] as? Int == 1, "\(before.stdout)")
        #expect(try Self.withdraw(cluster, "before the refresh", xOnly: xOnly))

        // A refresh while withdrawals are made: the withdrawals wait for it, then sign.
        let answerBox = RefreshAnswer()
        let group = DispatchGroup()
        nonisolated(unsafe) let running = cluster
        DispatchQueue.global().async(group: group) {
            answerBox.result = try? running.custody(["wallet", "refresh", "--name", "hot", "--json"])
        }
        var during: [Bool] = []
        for index in 0..<3 { during.append(try Self.withdraw(cluster, "during the refresh \(index)", xOnly: xOnly)) }
        group.wait()
        #expect(during == [true, true, true])
        let answer = try #require(answerBox.result)
        #expect(answer.status == 0, "\(answer.stderr)\n\(cluster.coordinator.stderr)")
        let after = ThresholdClusterTests.json(answer.stdout)
        #expect(after["keyVersion"] as? Int == 2)
        #expect(after["groupKey"] as? String == described["groupKey"] as? String)
        #expect(after["address"] as? String == described["address"] as? String)
        #expect((after["transcriptHash"] as? String)?.count == 64)
        #expect(try Self.withdraw(cluster, "after the refresh", xOnly: xOnly))

        let shown = try cluster.custody(["wallet", "show", "hot"])
        #expect(shown.stdout.contains("key version  2"), "\(shown.stdout)")

        // An unknown wallet: exit status 1 and the coordinator's reason.
        let unknown = try cluster.custody(["wallet", "refresh", "--name", "nowhere"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no wallet named \"nowhere\" is registered"), "\(unknown.stderr)")
    }
}

extension ServiceAPITests {
    @Test func aSignerThatLostItsStoreIsRepairedAndSignsWithAnother() throws {
        let (cluster, xOnly) = try ServiceAPITests.makeCluster()
        defer { cluster.stopAll() }
        #expect(try Self.withdraw(cluster, "before the loss", xOnly: xOnly))
        // s2 loses its store: the same HSM token, set up again on an empty data directory.
        let lost = try #require(cluster.signers.first { $0.id == "s2" })
        cluster.stop("s2")
        let configuration = ThresholdClusterTests.json(
            try String(contentsOfFile: lost.data + "/signer.json", encoding: .utf8))
        let label = try #require((configuration["hsm"] as? [String: Any])?["tokenLabel"] as? String)
        try FileManager.default.removeItem(atPath: lost.data)
        let initialized = try ProcessRunner.run(
            ProcessRunner.product("custodyd"),
            [
                "signer", "init", "--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile,
                "--data", lost.data, "--identity-curve", "p-256", "--policy", cluster.directory + "/policy.yaml",
            ], environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        try #require(initialized.status == 0, "\(initialized.stderr)")
        try cluster.restart("s2")

        cluster.stop("s3")
        let repaired = try cluster.custody(["wallet", "repair", "--name", "hot", "--signer", "s2", "--json"])
        // The repair needs every other signer: s3 is stopped, so it fails and names it.
        #expect(repaired.status == 1)
        #expect(repaired.stderr.contains("s3"), "\(repaired.stderr)")
        try cluster.restart("s3")
        let again = try cluster.custody(["wallet", "repair", "--name", "hot", "--signer", "s2", "--json"])
        #expect(again.status == 0, "\(again.stderr)\n\(cluster.coordinator.stderr)")
        #expect(ThresholdClusterTests.json(again.stdout)["keyVersion"] as? Int == 1)
        // s1 and s2 alone sign again.
        cluster.stop("s3")
        #expect(try Self.withdraw(cluster, "after the repair", xOnly: xOnly))
        // A second repair is refused: s2 holds its share.
        try cluster.restart("s3")
        let twice = try cluster.custody(["wallet", "repair", "--name", "hot", "--signer", "s2"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("wallet_held"), "\(twice.stderr)")
    }
}

/// The refresh command's result, written by the thread that ran it before the group is left.
private final class RefreshAnswer: @unchecked Sendable {
    var result: ProcessRunner.Result?
}
