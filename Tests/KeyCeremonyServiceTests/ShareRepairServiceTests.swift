import CoordinatorService
import Custody
import CustodyTestSupport
import FROST
import Foundation
import PKCS11
import PeerProtocol
import SignerService
import Testing

/// Share repair (docs/key-ceremony.md § Share repair) run by the coordinator's
/// `KeyCeremonyRunner` among `KeyCeremonyService` signers on SoftHSM2 tokens: a signer that lost
/// its store gets its share back from the others, who never learn it; and what a coordinator or
/// a relay can try with a repair.
@Suite(.serialized) struct ShareRepairServiceTests {
    /// A cluster of `count` signers with a 2-of-3 Taproot wallet "treasury" on the first three.
    static func cluster(count: Int = 3) async throws -> (Cluster, WalletKey, [KeyPackage]) {
        let cluster = try await Cluster(signerCount: count)
        let made = try await cluster.runner.run(
            wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, signers: Array(cluster.signerIDs.prefix(3)))
        return (cluster, made.walletKey, try await ShareRefreshServiceTests.shares(cluster))
    }

    static func events(_ cluster: Cluster, _ index: Int) throws -> [String?] {
        try cluster.ceremonyRecords(cluster.signers[index]).map { $0["event"] }
    }

    @Test func aSignerThatLostItsStoreGetsItsShareBackAndSigns() async throws {
        let (cluster, key, old) = try await Self.cluster()
        try await cluster.loseStore(of: 1)
        #expect(try await cluster.signers[1].vault.activeShare(wallet: "treasury") == nil)
        let repaired = try await cluster.runner.repair(wallet: "treasury", signer: cluster.signers[1].id)
        #expect(repaired.walletKey == key, "the key and the registry do not change")
        #expect(try await cluster.registry.wallet("treasury") == key)
        let share = try #require(try await cluster.signers[1].vault.activeShare(wallet: "treasury")).keyPackage
        #expect(share == old[1])
        let entries = try await cluster.signers[1].vault.entries()
        #expect(entries.map(\.state) == [.active])
        #expect(entries.map(\.keyVersion) == [1])
        #expect(try ShareRefreshServiceTests.sign([old[0], share], key.publicKeyPackage))
        #expect(try ShareRefreshServiceTests.sign([share, old[2]], key.publicKeyPackage))
        #expect(try Self.events(cluster, 1) == ["repair completed"])
        for helper in [0, 2] {
            #expect(try Self.events(cluster, helper) == ["started", "completed", "repair started", "repair helped"])
        }
        // The repaired signer can take part in a refresh at once.
        #expect(try await cluster.runner.refresh(wallet: "treasury").walletKey.keyVersion == 2)
    }

    @Test func aShareRepairedAfterARefreshIsTheRefreshedOne() async throws {
        let (cluster, _, _) = try await Self.cluster()
        let refreshed = try await cluster.runner.refresh(wallet: "treasury").walletKey
        let current = try await ShareRefreshServiceTests.shares(cluster)
        try await cluster.loseStore(of: 2)
        _ = try await cluster.runner.repair(wallet: "treasury", signer: cluster.signers[2].id)
        let share = try #require(try await cluster.signers[2].vault.activeShare(wallet: "treasury")).keyPackage
        #expect(share == current[2])
        #expect(try await cluster.signers[2].vault.entries().map(\.keyVersion) == [2])
        #expect(try ShareRefreshServiceTests.sign([current[0], share], refreshed.publicKeyPackage))
    }

    /// A repair invitation as a coordinator could make it, with its binding ceremony id.
    static func invitation(
        _ cluster: Cluster, _ key: WalletKey, participant: Int, holder: Int, helpers: [Int], version: UInt32 = 1
    ) throws -> ShareRepairInvitation {
        var entries: [(Identifier, Int)] = helpers.map { (try! Identifier($0 + 1), $0) }
        entries.append((try Identifier(participant + 1), holder))
        let participants = entries.map {
            KeyCeremonyParticipant(identifier: $0.0, identityKey: cluster.signers[$0.1].key)
        }
        let names = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, cluster.signers[$0.1].id.value) })
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        func parameters(_ id: KeyCeremonyID) throws -> KeyCeremonyInvitation {
            try KeyCeremonyInvitation(
                parameters: KeyCeremonyParameters(
                    id: id, wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, participants: participants),
                names: names)
        }
        let draft = try parameters(try KeyCeremonyID(bytes: salt))
        let id = try ShareRepairInvitation.ceremonyID(
            salt: salt, keyVersion: version, participant: try Identifier(participant + 1),
            publicKeyPackage: key.publicKeyPackage, invitation: draft)
        return try ShareRepairInvitation(
            invitation: try parameters(id), publicKeyPackage: key.publicKeyPackage, keyVersion: version,
            participant: try Identifier(participant + 1))
    }

    @Test func aShareGoesBackOnlyToTheDaemonThatHeldItAndOnlyForTheKeyHeld() async throws {
        let (cluster, key, old) = try await Self.cluster(count: 4)
        // Signer 4 is pinned by everyone but held no share: a coordinator asks the helpers to
        // rebuild participant 2's share for it.
        let diverted = try Self.invitation(cluster, key, participant: 1, holder: 3, helpers: [0, 2])
        let stale = try Self.invitation(cluster, key, participant: 1, holder: 1, helpers: [0, 2], version: 2)
        for (repair, code) in [(diverted, "not_the_holder"), (stale, "wrong_key_version")] {
            let refused = await #expect(throws: PeerCallError.self) {
                try await cluster.runner.caller.call(
                    cluster.signers[0].id, session: .random(), type: .repairStart, payload: repair.encoded())
            }
            #expect(refused?.refusal?.code == code)
        }
        // The id binds the invitation: renaming a participant afterwards ("signer-3" to
        // "signer-5", the last bytes) breaks the binding.
        var bytes = diverted.encoded()
        bytes[bytes.count - 1] = UInt8(ascii: "5")
        let rebound = await #expect(throws: PeerCallError.self) {
            try await cluster.runner.caller.call(
                cluster.signers[0].id, session: .random(), type: .repairStart, payload: bytes)
        }
        #expect(rebound?.refusal?.code == "malformed_message")
        #expect(try Self.events(cluster, 0) == ["started", "completed"])
        #expect(try await ShareRefreshServiceTests.shares(cluster) == old)
    }

    @Test func aRepairOfASignerThatStillHoldsItsShareIsRefusedAndChangesNothing() async throws {
        let (cluster, _, old) = try await Self.cluster()
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) {
                try await cluster.runner.repair(wallet: "treasury", signer: cluster.signers[1].id)
            })
        #expect(error.code == .refused)
        #expect(error.signer == cluster.signers[1].id)
        #expect(error.reason.contains("wallet_held"))
        KeyCeremonyServiceTests.expectNothingSecret(error.description)
        #expect(try await ShareRefreshServiceTests.shares(cluster) == old)
        for signer in cluster.signers { #expect(try await signer.vault.entries().count == 1) }
        let unknown = await #expect(throws: KeyCeremonyRunError.self) {
            try await cluster.runner.repair(wallet: "treasury", signer: try PeerID("signer-9"))
        }
        #expect(unknown?.code == .invalidRequest)
    }

    @Test func aRelayThatAltersARepairSumIsRefusedAndNothingIsRecorded() async throws {
        let (cluster, _, _) = try await Self.cluster()
        try await cluster.loseStore(of: 1)
        let victim = cluster.signers[1].id
        cluster.channel.tamper(with: EnvelopeSealer(token: cluster.coordinatorToken, sender: cluster.coordinatorID)) {
            peer, type, payload in
            guard peer == victim, type == .repairShare, let delivery = try? ShareRepairDelivery(decoding: payload)
            else { return nil }
            var sigmas = delivery.sigmas
            sigmas[0] = sigmas[0].withAlteredCiphertext()
            return ShareRepairDelivery(repair: delivery.repair, sigmas: sigmas).encoded()
        }
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) {
                try await cluster.runner.repair(wallet: "treasury", signer: victim)
            })
        #expect(error.signer == victim)
        #expect(error.reason.contains("undecryptable_share"))
        KeyCeremonyServiceTests.expectNothingSecret(error.description)
        #expect(try await cluster.signers[1].vault.entries().isEmpty)
        #expect(try Self.events(cluster, 1).isEmpty)
    }
}
