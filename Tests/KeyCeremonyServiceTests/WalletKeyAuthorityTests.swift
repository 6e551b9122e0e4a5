import CoordinatorService
import Custody
import Policy
import SignerService
import Testing

/// A signer makes a wallet key only for a wallet its policy in force declares
/// (docs/key-ceremony.md § Which wallets a signer makes a key for).
struct WalletKeyAuthorityTests {
    static let policy = try! PolicyDecoder.decode(
        yaml: """
            version: 1
            name: wallet-keys
            roles:
              treasury:
                - {id: alice, key: "ed25519:\(String(repeating: "11", count: 32))"}
            wallets:
              hot: {asset: BTC, tier: hot, key: hot-key}
            rules:
              - id: all
                match: {wallets: [hot]}
                action: approve
                approvals: [{role: treasury, min: 1}]
            governance:
              change: {approvals: [{role: treasury, min: 1}], activation-delay: 48h}
              freeze: {roles: [treasury]}
              unfreeze: {approvals: [{role: treasury, min: 1}], delay: 12h}
            """, file: "wallet-keys.yaml")

    static func keys(activatesAt: Int64 = 0, now: Int64 = 1_000) -> PolicyWalletKeys {
        PolicyWalletKeys(
            policies: { AdoptedPolicies(genesis: policy, activatesAt: Instant(seconds: activatesAt)) },
            clock: { Instant(seconds: now) })
    }

    @Test func onlyAKeyThatAWalletOfThePolicyInForceDeclaresIsMade() async {
        #expect(await Self.keys().refusal(forKey: "hot-key") == nil)
        // The wallet's id is not its key.
        #expect(await Self.keys().refusal(forKey: "hot")?.contains("has key \"hot\"") == true)
        #expect(await Self.keys(activatesAt: 2_000).refusal(forKey: "hot-key")?.contains("no policy version") == true)
        let none = PolicyWalletKeys(policies: { nil }, clock: { Instant(seconds: 0) })
        #expect(await none.refusal(forKey: "hot-key")?.contains("adopted no policy") == true)
    }

    @Test func aCeremonyForAKeyNoWalletOfThePolicyDeclaresIsRefusedAndNoShareIsMade() async throws {
        let cluster = try await Cluster(walletKeys: Self.keys(now: 1_800_000_000))
        do {
            _ = try await cluster.runner.run(
                wallet: "rogue", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs, network: .regtest)
            Issue.record("a ceremony for an undeclared key ran")
        } catch {
            #expect("\(error)".contains("wallet_not_in_policy"), "\(error)")
            #expect("\(error)".contains("has key \"rogue\""), "\(error)")
        }
        #expect(try await cluster.entries().values.allSatisfy(\.isEmpty))
        // Refused before the ceremony started anywhere: no signer audited a start.
        for signer in cluster.signers { #expect(try cluster.ceremonyRecords(signer).isEmpty) }
        #expect(try await cluster.registry.wallet("rogue") == nil)
        // The declared key is made.
        let made = try await cluster.runner.run(
            wallet: "hot-key", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs, network: .regtest)
        #expect(made.walletKey.name == "hot-key")
    }

    @Test func aPolicyThatFixesAWalletsSigningRefusesAnyOtherSuiteThresholdOrSigners() async throws {
        let fixed = try PolicyDecoder.decode(
            yaml: """
                version: 1
                name: wallet-signing
                roles:
                  treasury:
                    - {id: alice, key: "ed25519:\(String(repeating: "11", count: 32))"}
                wallets:
                  hot:
                    asset: BTC
                    tier: hot
                    key: hot-key
                    signing: {suite: secp256k1-tr, threshold: 2, signers: [signer-1, signer-2, signer-3]}
                rules:
                  - id: all
                    match: {wallets: [hot]}
                    action: approve
                    approvals: [{role: treasury, min: 1}]
                governance:
                  change: {approvals: [{role: treasury, min: 1}], activation-delay: 48h}
                  freeze: {roles: [treasury]}
                  unfreeze: {approvals: [{role: treasury, min: 1}], delay: 12h}
                """, file: "wallet-signing.yaml")
        #expect(fixed.hash != Self.policy.hash)
        let keys = PolicyWalletKeys(
            policies: { AdoptedPolicies(genesis: fixed, activatesAt: Instant(seconds: 0)) },
            clock: { Instant(seconds: 1_800_000_000) })
        let signers = ["signer-1", "signer-2", "signer-3"]
        #expect(
            await keys.refusal(
                forKey: "hot-key", shape: CeremonyShape(suite: .secp256k1Taproot, threshold: 2, signers: signers))
                == nil)
        for wrong in [
            CeremonyShape(suite: .secp256k1, threshold: 2, signers: signers),
            CeremonyShape(suite: .secp256k1Taproot, threshold: 3, signers: signers),
            CeremonyShape(suite: .secp256k1Taproot, threshold: 2, signers: ["signer-1", "signer-2"]),
            CeremonyShape(suite: .secp256k1Taproot, threshold: 2, signers: ["signer-2", "signer-1", "signer-3"]),
        ] {
            let refusal = await keys.refusal(forKey: "hot-key", shape: wrong)
            #expect(
                refusal?.contains("fixes key \"hot-key\" as 2-of-3 secp256k1-tr among signer-1,signer-2,signer-3")
                    == true, "\(refusal ?? "nil")")
        }
        // Through the daemons: a 3-of-3 ceremony of the key is refused before anything starts,
        // and the 2-of-3 the policy fixes is made.
        let cluster = try await Cluster(walletKeys: keys)
        let refused = await #expect(throws: KeyCeremonyRunError.self) {
            try await cluster.runner.run(
                wallet: "hot-key", suite: .secp256k1Taproot, threshold: 3, signers: cluster.signerIDs, network: .regtest
            )
        }
        #expect(refused.map { "\($0)".contains("wallet_not_in_policy") } == true)
        #expect(try await cluster.entries().values.allSatisfy(\.isEmpty))
        let made = try await cluster.runner.run(
            wallet: "hot-key", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs, network: .regtest)
        #expect(made.walletKey.publicKeyPackage.minSigners == 2)
    }

    @Test func aWalletsSigningIsReadStrictly() {
        func decode(_ signing: String) -> String? {
            do {
                _ = try PolicyDecoder.decode(
                    yaml: """
                        version: 1
                        name: wallet-signing
                        roles:
                          treasury:
                            - {id: alice, key: "ed25519:\(String(repeating: "11", count: 32))"}
                        wallets:
                          hot: {asset: BTC, tier: hot, key: hot-key, signing: \(signing)}
                        rules:
                          - id: all
                            match: {wallets: [hot]}
                            action: approve
                            approvals: [{role: treasury, min: 1}]
                        governance:
                          change: {approvals: [{role: treasury, min: 1}], activation-delay: 48h}
                          freeze: {roles: [treasury]}
                          unfreeze: {approvals: [{role: treasury, min: 1}], delay: 12h}
                        """, file: "w.yaml")
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(decode("{suite: secp256k1-tr, threshold: 2, signers: [a, b]}") == nil)
        #expect(decode("{suite: ed25519, threshold: 2, signers: [a, b]}")?.contains("suite must be") == true)
        #expect(decode("{suite: secp256k1, threshold: 3, signers: [a, b]}")?.contains("threshold must be") == true)
        #expect(decode("{suite: secp256k1, threshold: 2, signers: [a, a]}")?.contains("listed twice") == true)
        #expect(decode("{suite: secp256k1, threshold: 2, signers: [a]}")?.contains("at least 2 signers") == true)
        #expect(decode("{suite: secp256k1, threshold: 2, signers: [a, b], extra: 1}") != nil)
        #expect(decode("{suite: secp256k1, threshold: 2, signers: [a, 'b@c']}")?.contains("daemon id") == true)
    }
}
