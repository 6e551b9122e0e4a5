import Bitcoin
import CustodyTestSupport
import Foundation
import Testing

/// Officers review and approve a service's PSBT withdrawal from the CLI, through the
/// coordinator (docs/officer-cli.md § Requests): `custody requests list` and `show`, then
/// `custody approve --id` twice; the policy's time lock is honoured, then the signers sign.
@Suite(.serialized) struct OfficerRequestsCLITests {
    @Test func officersApproveAServiceWithdrawalFromTheCLIAndItIsSignedOnlyAfterItsTimeLock() throws {
        let (directory, passphrase, keys) = try OfficerKeyFixtures.make(["alice", "bob"], prefix: "officers")
        let policyText = ServiceAPITests.policyText
            .replacingOccurrences(of: ThresholdClusterTests.publicKey("alice"), with: keys["alice"]!)
            .replacingOccurrences(of: ThresholdClusterTests.publicKey("bob"), with: keys["bob"]!)
            .replacingOccurrences(
                of: "approvals: [{role: treasury, min: 2}]\ngovernance",
                with: "approvals: [{role: treasury, min: 2}]\n    time-lock: 8s\ngovernance")
        #expect(policyText.contains("time-lock: 8s"), "\(policyText)")
        let cluster = try ThresholdClusterTests.Cluster(
            policyText: policyText,
            apiServices: [("engine", ServiceAPITests.engineKey), ("desk", ServiceAPITests.deskKey)])
        defer { cluster.stopAll() }
        let policyPath = directory + "/policy.yaml"
        try String(contentsOfFile: cluster.directory + "/policy.yaml", encoding: .utf8).write(
            toFile: policyPath, atomically: true, encoding: .utf8)
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3", "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let address = try #require(ThresholdClusterTests.json(created.stdout)["address"] as? String)
        let walletScript = try SegwitAddress(address, network: .regtest).scriptPubKey
        let customer = try SegwitAddress(
            witnessVersion: 0, program: Array(repeating: 0x11, count: 20), network: .regtest)

        // A service withdraws 2,000,000 sat with a PSBT: more than it may alone.
        let psbt = ServiceAPITests.psbt(
            spending: [(0xD1, 5_000_000)], walletScript: walletScript,
            to: [(2_000_000, customer.scriptPubKey), (2_999_000, walletScript)])
        let submitted = try ServiceAPITests.call(
            cluster, "CreateWithdrawal", ServiceAPITests.psbtWithdrawal("officers-1", psbt))
        let id = try #require((submitted.json["request"] as? [String: Any])?["id"] as? String, "\(submitted.body)")

        let listed = try cluster.custody(["requests", "list"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains(id) && listed.stdout.contains("pending_approval"), "\(listed.stdout)")
        #expect(listed.stdout.contains("0.02000000 BTC"), "\(listed.stdout)")
        let shown = try cluster.custody(["requests", "show", id, "--network", "regtest", "--policy", policyPath])
        #expect(shown.status == 0, "\(shown.stderr)")
        for fragment in [
            "2000000 sat (0.02000000 BTC)", customer.description, "fee:", "1000 sat", "output 1:",
            "change (back to the inputs' script)",
            "approvals:", "none yet", "request digest:",
        ] {
            #expect(shown.stdout.contains(fragment), "\(fragment): \(shown.stdout)")
        }

        func approve(_ officer: String) throws -> ProcessRunner.Result {
            try cluster.custody([
                "approve", "--id", id, "--policy", policyPath, "--key", directory + "/\(officer).key",
                "--passphrase-file", passphrase, "--network", "regtest", "--yes",
            ])
        }
        let first = try approve("alice")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("the request is now REQUEST_STATE_PENDING_APPROVAL"), "\(first.stderr)")
        #expect(first.stderr.contains("2000000 sat"), "what is signed is shown: \(first.stderr)")
        let second = try approve("bob")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("the request is now REQUEST_STATE_APPROVED"), "\(second.stderr)")
        let approvedAt = Date()

        // The time lock runs from the quorum: not signed before it ends, signed after.
        Thread.sleep(forTimeInterval: 4)
        let locked = try cluster.custody(["requests", "show", id, "--network", "regtest"])
        #expect(locked.stdout.contains("state:") && locked.stdout.contains("approved"), "\(locked.stdout)")
        #expect(locked.stdout.contains("time lock until:"), "\(locked.stdout)")
        let finished = try ServiceAPITests.awaitFinal(cluster, id)
        #expect(finished["state"] as? String == "REQUEST_STATE_SIGNED", "\(finished)")
        #expect(Date().timeIntervalSince(approvedAt) >= 7, "signed only after the 8 s time lock")
        let signed = try PSBT(bytes: Array(Data(base64Encoded: finished["signedPsbt"] as? String ?? "") ?? Data()))
        #expect(try signed.extractTransactionHex().count > 0)
    }
}
