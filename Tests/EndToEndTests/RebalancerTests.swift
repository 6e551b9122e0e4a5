import Bitcoin
import CustodyTestSupport
import Encoding
import Foundation
import Policy
import Testing

/// The coordinator's rebalancer (docs/api.md § Rebalancing) with real daemons: a hot wallet above
/// its high watermark is swept to cold without approvals; once a withdrawal takes it below its
/// low watermark, a refill from cold is filed, waits for two officers, and is signed.
@Suite(.serialized) struct RebalancerTests {
    static let rebalancerKey = "rebalancer-api-key-0123456789"

    static let policyText = """
        version: 1
        name: rebalancer-test
        roles:
          treasury:
            - {id: alice, key: "\(ThresholdClusterTests.publicKey("alice"))"}
            - {id: bob, key: "\(ThresholdClusterTests.publicKey("bob"))"}
        services:
          - {id: engine, key: "SERVICE-KEY:engine"}
          - {id: rebalancer, key: "SERVICE-KEY:rebalancer"}
        wallets:
          hot: {asset: BTC, tier: hot, key: hot}
          cold: {asset: BTC, tier: cold, key: cold}
        rules:
          - id: small
            match: {wallets: [hot], amount: {max: 1_000_000}, initiators: [engine]}
            action: allow
          - id: large
            match: {wallets: [hot, cold]}
            action: approve
            approvals: [{role: treasury, min: 2}]
        rebalancing:
          BTC:
            hot: {wallet: hot, low: 1_000_000, target: 2_000_000, high: 3_000_000, cap: 5_000_000}
            cold: cold
            refill: {approvals: [{role: treasury, min: 2}], time-lock: 0}
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [treasury]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
        """

    /// The rebalancer's requests, through the service API (it is a service with an API key).
    static func rebalances(_ cluster: ThresholdClusterTests.Cluster) throws -> [[String: Any]] {
        let listed = try ServiceAPITests.call(cluster, "ListRequests", "{}", key: rebalancerKey)
        return listed.json["requests"] as? [[String: Any]] ?? []
    }

    static func awaitRebalance(_ cluster: ThresholdClusterTests.Cluster, count: Int, state: String) throws
        -> [String: Any]
    {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let found = try rebalances(cluster)
            if found.count >= count, let newest = found.first, newest["state"] as? String == state { return newest }
            Thread.sleep(forTimeInterval: 0.3)
        }
        Issue.record("no rebalance \(count) in state \(state): \(try rebalances(cluster))")
        return [:]
    }

    @Test func aHotWalletAboveItsHighWatermarkIsSweptAndOneBelowItsLowIsRefilledAfterTwoOfficers() throws {
        let cluster = try ThresholdClusterTests.Cluster(
            policyText: Self.policyText,
            apiServices: [("engine", ServiceAPITests.engineKey), ("rebalancer", Self.rebalancerKey)],
            coordinatorExtra: #", "rebalancer": {"service": "rebalancer", "intervalSeconds": 1}"#)
        defer { cluster.stopAll() }
        var scripts: [String: [UInt8]] = [:]
        for (wallet, threshold) in [("hot", 2), ("cold", 2)] {
            let created = try cluster.custody([
                "wallet", "create", "--name", wallet, "--suite", "secp256k1-tr", "--threshold", String(threshold),
                "--signers", "s1,s2,s3", "--json",
            ])
            try #require(created.status == 0, "\(created.stderr)")
            let address = try #require(ThresholdClusterTests.json(created.stdout)["address"] as? String)
            scripts[wallet] = try SegwitAddress(address, network: .regtest).scriptPubKey
        }
        // 6,000,000 sat arrive in hot, above its high watermark of 3,000,000.
        for (index, (wallet, amount)) in [("hot", 6_000_000), ("cold", 10_000_000)].enumerated() {
            let txid = String(repeating: index == 0 ? "a1" : "c0", count: 32)
            let registered = try ServiceAPITests.call(
                cluster, "RegisterDeposit",
                #"{"walletId": "\#(wallet)", "txid": "\#(txid)", "vout": 0, "amount": "\#(amount)"}"#)
            #expect(registered.status == 200, "\(registered.body)")
        }

        // A sweep of 4,000,000 to cold (back to the target of 2,000,000), signed without officers.
        let sweep = try Self.awaitRebalance(cluster, count: 1, state: "REQUEST_STATE_SIGNED")
        #expect(sweep["kind"] as? String == "rebalance", "\(sweep)")
        #expect(sweep["amount"] as? String == "4000000", "\(sweep)")
        let signedSweep = try PSBT(bytes: Array(Data(base64Encoded: sweep["signedPsbt"] as? String ?? "") ?? Data()))
        let sweepTransaction = try signedSweep.transaction()
        #expect(
            sweepTransaction.outputs.contains { $0.scriptPubKey == scripts["cold"]! && $0.amount == 4_000_000 },
            "the sweep pays cold's Taproot output")
        let change = try #require(
            sweepTransaction.outputs.firstIndex { $0.scriptPubKey == scripts["hot"]! }, "the rest back to hot")
        #expect(sweepTransaction.outputs[change].amount == 1_999_000)

        // The engine withdraws 1,000,000 from that change: hot falls to 998,000, below its low
        // watermark of 1,000,000.
        let customer = try SegwitAddress(
            witnessVersion: 0, program: Array(repeating: 0x11, count: 20), network: .regtest)
        let withdrawal = try PSBT.unsigned(
            spending: [
                .init(
                    outpoint: .init(txid: sweepTransaction.txid, index: UInt32(change)),
                    output: .init(amount: 1_999_000, scriptPubKey: scripts["hot"]!))
            ],
            to: [
                .init(amount: 1_000_000, scriptPubKey: customer.scriptPubKey),
                .init(amount: 998_000, scriptPubKey: scripts["hot"]!),
            ])
        let created = try ServiceAPITests.call(
            cluster, "CreateWithdrawal", ServiceAPITests.psbtWithdrawal("drain-1", withdrawal.serialized()))
        let withdrawalID = try #require(
            (created.json["request"] as? [String: Any])?["id"] as? String, "\(created.body)")
        #expect(try ServiceAPITests.awaitFinal(cluster, withdrawalID)["state"] as? String == "REQUEST_STATE_SIGNED")

        // A refill of 1,002,000 from cold, which waits for two officers.
        let refill = try Self.awaitRebalance(cluster, count: 2, state: "REQUEST_STATE_PENDING_APPROVAL")
        #expect(refill["amount"] as? String == "1002000", "\(refill)")
        #expect(refill["walletId"] as? String == "cold", "\(refill)")
        let id = try #require(refill["id"] as? String)
        let shown = ThresholdClusterTests.json(
            try LoopbackHTTP.request(port: cluster.coordinatorPort, "/v1/requests/\(id)").body)
        #expect(shown["label"] as? String == "rebalance")
        for officer in ["alice", "bob"] {
            let approved = try LoopbackHTTP.request(
                port: cluster.coordinatorPort, "/v1/requests/\(id)/approvals", method: "POST",
                body: Array(try ServiceAPITests.approval(officer, shown).utf8),
                headers: ["Content-Type": "application/json"])
            #expect(approved.status == 200, "\(approved.body)")
        }
        let signedRefill = try ServiceAPITests.awaitFinal(cluster, id, key: Self.rebalancerKey)
        #expect(
            signedRefill["state"] as? String == "REQUEST_STATE_SIGNED", "\(signedRefill)\n\(cluster.coordinator.stderr)"
        )
        let refillTransaction = try PSBT(
            bytes: Array(Data(base64Encoded: signedRefill["signedPsbt"] as? String ?? "") ?? Data())
        ).transaction()
        #expect(refillTransaction.outputs.contains { $0.scriptPubKey == scripts["hot"]! && $0.amount == 1_002_000 })
        // Nothing more: hot is back at its target.
        Thread.sleep(forTimeInterval: 3)
        #expect(try Self.rebalances(cluster).count == 2)
    }
}
