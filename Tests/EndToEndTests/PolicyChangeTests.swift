import CustodyTestSupport
import Foundation
import Policy
import Testing

/// A governed policy change from the officers' CLI to every signer through the coordinator
/// (`custody policy propose`, `custody approve`, `custody policy send`; `POST /v1/policies`):
/// a wallet the genesis policy did not declare is added, and its key ceremony then runs.
@Suite(.serialized) struct PolicyChangeTests {
    @Test func officersAddAWalletByAGovernedPolicyChangeAndItsKeyCeremonyRunsOnceItIsInForce() throws {
        let (directory, passphrase, keys) = try OfficerKeyFixtures.make(["alice", "bob", "carol"], prefix: "change")
        let genesis = """
            version: 1
            name: change-test
            roles:
              treasury:
                - {id: alice, key: "\(keys["alice"]!)"}
                - {id: bob, key: "\(keys["bob"]!)"}
                - {id: carol, key: "\(keys["carol"]!)"}
            services: [{id: engine, key: "\(ThresholdClusterTests.publicKey("engine"))"}]
            wallets:
              hot: {asset: BTC, tier: hot, key: hot}
            rules:
              - id: large
                match: {wallets: [hot]}
                action: approve
                approvals: [{role: treasury, min: 2}]
            governance:
              change: {approvals: [{role: treasury, min: 2}], activation-delay: 3s}
              freeze: {roles: [treasury]}
              unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
            """
        let proposed = genesis.replacingOccurrences(
            of: "  hot: {asset: BTC, tier: hot, key: hot}",
            with: "  hot: {asset: BTC, tier: hot, key: hot}\n  cold: {asset: BTC, tier: cold, key: cold}")
        try genesis.write(toFile: directory + "/v1.yaml", atomically: true, encoding: .utf8)
        try proposed.write(toFile: directory + "/v2.yaml", atomically: true, encoding: .utf8)
        let cluster = try ThresholdClusterTests.Cluster(policyText: genesis)
        defer { cluster.stopAll() }
        let create = [
            "wallet", "create", "--name", "cold", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3",
        ]
        let early = try cluster.custody(create)
        #expect(early.status == 1 && early.stderr.contains("wallet_not_in_policy"), "\(early.stderr)")

        func custody(_ arguments: [String]) throws -> ProcessRunner.Result {
            try ProcessRunner.run(ProcessRunner.product("custody"), arguments)
        }
        let proposal = try custody([
            "policy", "propose", "--policy", directory + "/v1.yaml", "--new", directory + "/v2.yaml", "--key",
            directory + "/alice.key", "--passphrase-file", passphrase, "--out", directory + "/change.json",
        ])
        try #require(proposal.status == 0, "\(proposal.stderr)")
        for officer in ["bob", "carol"] {
            let approved = try custody([
                "approve", "--request", directory + "/change.json", "--policy", directory + "/v1.yaml", "--key",
                directory + "/\(officer).key", "--passphrase-file", passphrase, "--yes", "--out",
                directory + "/\(officer).json",
            ])
            try #require(approved.status == 0, "\(approved.stderr)")
        }
        let activation = Instant(seconds: Int64(Date().timeIntervalSince1970) + 6)
        let send = [
            "policy", "send", "--request", directory + "/change.json", "--approvals", directory + "/bob.json",
            "--approvals", directory + "/carol.json", "--policy", directory + "/v1.yaml", "--new",
            directory + "/v2.yaml", "--activates-at", activation.rfc3339,
        ]
        // One approval is short of the quorum: every signer refuses, and adopts nothing.
        var short = send
        short.removeSubrange(
            short.firstIndex(of: directory + "/carol.json")! - 1...short.firstIndex(
                of: directory + "/carol.json")!)
        let refused = try cluster.custody(short)
        #expect(refused.status == 1, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stdout.contains("failed:") && refused.stdout.contains("not_allowed"), "\(refused.stdout)")
        let sent = try cluster.custody(send)
        #expect(sent.status == 0, "\(sent.stdout)\n\(sent.stderr)")
        #expect(
            sent.stdout.split(separator: "\n").filter { $0.contains("adopted version 2") }.count == 3, "\(sent.stdout)")
        // The same change again is refused: a change is adopted once.
        let again = try cluster.custody(send)
        #expect(again.status == 1 && again.stdout.contains("change_already_adopted"), "\(again.stdout)")

        // In force at its activation: the new wallet's key ceremony runs.
        Thread.sleep(forTimeInterval: max(0, Double(activation.seconds) - Date().timeIntervalSince1970 + 1))
        let made = try cluster.custody(create)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try cluster.coordinatorAudit().contains("policy.relayed"))
    }
}
