import CoordinatorService
import Custody
import CustodyTestSupport
import Encoding
import FROST
import Foundation
import PKCS11
import PeerProtocol
import Secp256k1
import SignerService
import Testing

/// Share refresh (docs/key-ceremony.md § Share refresh) run by the coordinator's
/// `KeyCeremonyRunner` among three `KeyCeremonyService` signers on SoftHSM2 tokens: the honest
/// refresh, and what a relay or a coordinator can try with it.
@Suite(.serialized) struct ShareRefreshServiceTests {
    static let message = Array("pay 1 BTC after the refresh".utf8)

    /// A cluster with a 2-of-3 Taproot wallet "treasury" and each signer's share of it.
    static func clusterWithWallet() async throws -> (Cluster, KeyCeremonyRunner.Result, [KeyPackage]) {
        let cluster = try await Cluster()
        let made = try await cluster.runner.run(
            wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs)
        return (cluster, made, try await shares(cluster))
    }

    /// The active shares of "treasury" of the cluster's first three signers.
    static func shares(_ cluster: Cluster) async throws -> [KeyPackage] {
        var shares: [KeyPackage] = []
        for signer in cluster.signers.prefix(3) {
            shares.append(try #require(try await signer.vault.activeShare(wallet: "treasury")).keyPackage)
        }
        return shares
    }

    /// Signs with `keys` in memory and verifies the BIP-340 signature for the wallet's output key.
    static func sign(_ keys: [KeyPackage], _ key: PublicKeyPackage) throws -> Bool {
        let pools = keys.map { Secp256k1SHA256Taproot.preprocess(count: 1, keyPackage: $0) }
        let package = try SigningPackage(
            commitments: pools.map { $0.commitments[0] }, message: message, taprootSpend: .keyPathOnly)
        var signatureShares: [SignatureShare] = []
        for (pool, keyPackage) in zip(pools, keys) {
            signatureShares.append(
                try Secp256k1SHA256Taproot.sign(
                    package, nonces: pool.take(for: pool.commitments[0])!, keyPackage: keyPackage))
        }
        let signature = try Secp256k1SHA256Taproot.aggregate(package, shares: signatureShares, publicKeyPackage: key)
        let output = try Secp256k1SHA256Taproot.verifyingKey(groupPublicKey: key.groupPublicKey, spend: .keyPathOnly)
        return Schnorr.verify(signature: signature.bytes, message: message, publicKey: try output.xOnly())
    }

    @Test func aRefreshKeepsTheKeyAndAddressChangesEveryShareAndRetiresTheOldOnes() async throws {
        let (cluster, made, old) = try await Self.clusterWithWallet()
        let refreshed = try await cluster.runner.refresh(wallet: "treasury")
        let key = refreshed.walletKey
        #expect(key.keyVersion == 2)
        #expect(key.publicKeyPackage.groupPublicKey == made.walletKey.publicKeyPackage.groupPublicKey)
        #expect(key.publicKeyPackage.minSigners == 2)
        #expect(key.signers == made.walletKey.signers)
        #expect(refreshed.address == made.address)
        #expect(try await cluster.registry.wallet("treasury") == key)
        let new = try await Self.shares(cluster)
        for (signer, (before, after)) in zip(cluster.signers, zip(old, new)) {
            #expect(after.identifier == before.identifier)
            #expect(after.signingShare != before.signingShare)
            #expect(after.verifyingShare == key.publicKeyPackage.verifyingShares[after.identifier])
            let entries = try await signer.vault.entries()
            #expect(entries.map(\.state) == [.retired, .active])
            #expect(entries.map(\.keyVersion) == [1, 2])
            #expect(entries.last?.transcriptHash == refreshed.transcriptHash)
            let records = try cluster.ceremonyRecords(signer)
            #expect(
                records.map { $0["event"] } == [
                    "started", "completed", "refresh started", "refresh completed", "refresh finalized",
                ])
            #expect(records.last?["keyVersion"] == "2")
            #expect(records.last?["retired"] == "1")
        }
        // Any two new shares sign for the same output key; an old share with a new one does not.
        #expect(try Self.sign([new[0], new[2]], key.publicKeyPackage))
        #expect(try Self.sign([new[1], new[2]], key.publicKeyPackage))
        #expect(throws: FROSTError.self) { try Self.sign([old[0], new[2]], key.publicKeyPackage) }
        // A second refresh makes version 3.
        let again = try await cluster.runner.refresh(wallet: "treasury")
        #expect(again.walletKey.keyVersion == 3)
        #expect(try Self.sign(try await Array(Self.shares(cluster).prefix(2)), again.walletKey.publicKeyPackage))
    }

    @Test func aRelayThatAltersARefreshBoxIsNamedAndTheOldSharesStayActive() async throws {
        let (cluster, made, old) = try await Self.clusterWithWallet()
        let victim = cluster.signers[1].id
        cluster.channel.tamper(with: EnvelopeSealer(token: cluster.coordinatorToken, sender: cluster.coordinatorID)) {
            peer, type, payload in
            guard peer == victim, type == .ceremonyRound2,
                var boxes = try? KeyCeremonyWire.decodeBatch(payload, of: ShareBox.self)
            else { return nil }
            boxes[0] = boxes[0].withAlteredCiphertext()
            return KeyCeremonyWire.encode(batch: boxes)
        }
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) { try await cluster.runner.refresh(wallet: "treasury") })
        #expect(error.code == .aborted)
        #expect(error.signer == victim)
        #expect(error.ceremonyError?.code == .undecryptableShare)
        #expect(error.culprits == [cluster.signers[0].id])
        KeyCeremonyServiceTests.expectNothingSecret(error.description)
        // Nothing changed: the old shares are active, the registry keeps version 1.
        #expect(try await Self.shares(cluster) == old)
        #expect(try await cluster.registry.wallet("treasury") == made.walletKey)
        for signer in cluster.signers {
            #expect(try await signer.vault.entries().filter { $0.state == .pending }.isEmpty)
        }
        #expect(try Self.sign([old[0], old[1]], made.walletKey.publicKeyPackage))
        // With an honest relay, the next refresh goes through.
        cluster.channel.tamper(with: EnvelopeSealer(token: cluster.coordinatorToken, sender: cluster.coordinatorID)) {
            _, _, _ in nil
        }
        #expect(try await cluster.runner.refresh(wallet: "treasury").walletKey.keyVersion == 2)
    }

    @Test func aRefreshOfAnotherKeyOrVersionOrWithoutEveryHolderIsRefusedAndChangesNothing() async throws {
        let (cluster, made, old) = try await Self.clusterWithWallet()
        let key = made.walletKey
        let target = cluster.signers[0]
        func invitation(
            wallet: String = "treasury", package: PublicKeyPackage? = nil, version: UInt32 = 2,
            signers: [PeerID]? = nil
        ) throws -> [UInt8] {
            let chosen = signers ?? cluster.signerIDs
            let participants = try chosen.map { peer in
                KeyCeremonyParticipant(
                    identifier: try #require(key.signers[peer]),
                    identityKey: try #require(cluster.signers.first { $0.id == peer }).key)
            }
            let parameters = try KeyCeremonyParameters(
                id: KeyCeremonyID(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) }), wallet: wallet,
                suite: .secp256k1Taproot, threshold: 2, participants: participants)
            let names = Dictionary(uniqueKeysWithValues: chosen.map { (key.signers[$0]!, $0.value) })
            // Written by hand: the encoder refuses a refresh that leaves a holder out.
            let packageBytes = KeyCeremonyWire.encode(package ?? key.publicKeyPackage)
            return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: version >> $0) }
                + [UInt8(packageBytes.count >> 8), UInt8(packageBytes.count & 0xFF)] + packageBytes
                + (try KeyCeremonyInvitation(parameters: parameters, names: names)).encoded()
        }
        let (_, other) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        let otherKey = try PublicKeyPackage(
            verifyingShares: Dictionary(
                uniqueKeysWithValues: key.publicKeyPackage.verifyingShares.keys.sorted().enumerated().map {
                    ($1, other.verifyingShares[other.verifyingShares.keys.sorted()[$0]]!)
                }),
            groupPublicKey: other.groupPublicKey, minSigners: 2)
        let attempts: [(String, [UInt8])] = [
            ("wrong_key", try invitation(package: otherKey)),
            ("wrong_key_version", try invitation(version: 3)),
            ("malformed_message", try invitation(signers: Array(cluster.signerIDs.prefix(2)))),
            ("no_share", try invitation(wallet: "another")),
        ]
        for (code, payload) in attempts {
            let refused = await #expect(throws: PeerCallError.self) {
                try await cluster.runner.caller.call(
                    target.id, session: .random(), type: .ceremonyRefreshStart, payload: payload)
            }
            #expect(refused?.refusal?.code == code)
        }
        #expect(try await target.vault.entries().map(\.state) == [.active])
        #expect(try await Self.shares(cluster) == old)
        #expect(try cluster.ceremonyRecords(target).map { $0["event"] } == ["started", "completed"])
        // The coordinator refuses an unknown wallet before sending anything.
        let before = cluster.channel.delivered.withLock { $0.count }
        let unknown = await #expect(throws: KeyCeremonyRunError.self) {
            try await cluster.runner.refresh(wallet: "nowhere")
        }
        #expect(unknown?.code == .unknownWallet)
        #expect(cluster.channel.delivered.withLock { $0.count } == before)
    }

    @Test func aRefreshThatCompletesAtSomeSignersOnlyRegistersTheNewKeyAndNamesTheOthers() async throws {
        let (cluster, made, old) = try await Self.clusterWithWallet()
        let lost = cluster.signers[2]
        let channel = cluster.channel
        channel.beforeDelivery.withLock {
            $0 = { peer, type in
                if peer == lost.id, type == .ceremonyTranscript { channel.loopback.set(nil, for: peer) }
            }
        }
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) { try await cluster.runner.refresh(wallet: "treasury") })
        #expect(error.code == .incomplete)
        #expect(error.culprits == [lost.id])
        #expect(error.description.contains("completed at signer-1, signer-2 but not at signer-3"))
        let key = try #require(try await cluster.registry.wallet("treasury"))
        #expect(key.keyVersion == 2)
        #expect(key.publicKeyPackage.groupPublicKey == made.walletKey.publicKeyPackage.groupPublicKey)
        // Signers 1 and 2 hold the new shares and sign with the registered key.
        let first = try #require(try await cluster.signers[0].vault.activeShare(wallet: "treasury")).keyPackage
        let second = try #require(try await cluster.signers[1].vault.activeShare(wallet: "treasury")).keyPackage
        #expect(try Self.sign([first, second], key.publicKeyPackage))
        // Signer 3 was cut off before it activated, and tried three times: its new share is
        // pending, its old one active. Nothing was aborted, and the signers that activated keep
        // their old shares sealed, superseded: no share is lost.
        #expect(try await lost.vault.entries().map(\.state) == [.active, .pending])
        #expect(try await lost.vault.activeShare(wallet: "treasury")?.keyPackage == old[2])
        for signer in cluster.signers.prefix(2) {
            #expect(try await signer.vault.entries().map(\.state) == [.superseded, .active])
            #expect(try cluster.ceremonyRecords(signer).last?["event"] == "refresh completed")
        }
        // One completion for the key ceremony, three tries for the refresh.
        #expect(
            cluster.channel.delivered.withLock { $0.filter { $0.0 == lost.id && $0.1 == .ceremonyTranscript }.count }
                == 4)

        // Signer 3 comes back, restarted (the ceremony is gone from its memory; its pending
        // share is in its vault). The next refresh finishes this one instead of starting another.
        channel.beforeDelivery.withLock { $0 = nil }
        try cluster.restart(of: 2)
        let finished = try await cluster.runner.refresh(wallet: "treasury")
        #expect(finished.walletKey == key)
        #expect(finished.transcriptHash == (try await cluster.signers[0].vault.entries().last?.transcriptHash))
        for signer in cluster.signers {
            #expect(try await signer.vault.entries().map(\.state) == [.retired, .active])
            #expect(try cluster.ceremonyRecords(signer).last?["event"] == "refresh finalized")
        }
        let third = try #require(try await lost.vault.activeShare(wallet: "treasury")).keyPackage
        #expect(try Self.sign([first, third], key.publicKeyPackage))
        // Finished: the next refresh is a new one.
        #expect(try await cluster.runner.refresh(wallet: "treasury").walletKey.keyVersion == 3)
    }

    @Test func aFinalizeWithoutEverySignersActivationRetiresNothing() async throws {
        let (cluster, _, _) = try await Self.clusterWithWallet()
        let lost = cluster.signers[2]
        let channel = cluster.channel
        channel.beforeDelivery.withLock {
            $0 = { peer, type in
                if peer == lost.id, type == .ceremonyTranscript { channel.loopback.set(nil, for: peer) }
            }
        }
        _ = await #expect(throws: KeyCeremonyRunError.self) { try await cluster.runner.refresh(wallet: "treasury") }
        let refreshed = try #require(try await cluster.signers[0].vault.entries().last)
        // The coordinator tells signer 1 to retire its old share with the two activations it has,
        // then with the third forged by its own identity key.
        let digest = KeyCeremonyTranscript.activationDigest(
            ceremonyID: refreshed.ceremonyID, transcriptHash: refreshed.transcriptHash)
        var activations: [KeyCeremonyTranscriptSignature] = []
        for (index, signer) in cluster.signers.prefix(2).enumerated() {
            activations.append(
                KeyCeremonyTranscriptSignature(
                    ceremonyID: refreshed.ceremonyID, sender: try Identifier(index + 1), transcriptHash: digest,
                    signature: try await signer.token.signWithIdentity(digest: digest)))
        }
        let forged = KeyCeremonyTranscriptSignature(
            ceremonyID: refreshed.ceremonyID, sender: try Identifier(3), transcriptHash: digest,
            signature: try await cluster.coordinatorToken.signWithIdentity(digest: digest))
        for (batch, code) in [(activations, "malformed_message"), (activations + [forged], "invalid_activation")] {
            let refused = await #expect(throws: PeerCallError.self) {
                try await cluster.runner.caller.call(
                    cluster.signers[0].id, session: .random(), type: .ceremonyFinalize,
                    payload: KeyCeremonyWire.encode(batch: batch))
            }
            #expect(refused?.refusal?.code == code)
        }
        #expect(try await cluster.signers[0].vault.entries().map(\.state) == [.superseded, .active])
    }
}
