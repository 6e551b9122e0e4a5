import Bitcoin
import CoordinatorService
import Custody
import CustodyTestSupport
import Encoding
import FROST
import Foundation
import PKCS11
import PeerProtocol
import Secp256k1
import SecureMemory
import SignerService
import Testing

/// Key ceremonies run by the coordinator's `KeyCeremonyRunner` among three `KeyCeremonyService`
/// signers, each with its own SoftHSM2 token, SQLite vault and audit log, over sealed envelopes
/// in one process: the honest ceremony, and each attack a relay or a participant can make.
@Suite(.serialized) struct KeyCeremonyServiceTests {
    static let message = Array("pay 1 BTC from the new wallet".utf8)

    /// Every run of 32 or more hex digits in `text` is the ceremony's id: no share, secret or
    /// key bytes are ever printed.
    static func expectNothingSecret(_ text: String, ceremonyID: KeyCeremonyID? = nil) {
        let hex = Set("0123456789abcdefABCDEF")
        var run = ""
        for character in text + " " {
            if hex.contains(character) {
                run.append(character)
                continue
            }
            if run.count >= 32 {
                #expect(run.lowercased() == ceremonyID?.description, "a long hex string in: \(text)")
            }
            run = ""
        }
    }

    @Test func aTwoOfThreeCeremonyMakesSealedActiveSharesThatSign() async throws {
        let cluster = try await Cluster()
        let result = try await cluster.runner.run(
            wallet: "treasury-cold", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs,
            network: .mainnet)
        let group = result.walletKey.publicKeyPackage.groupPublicKey
        #expect(result.walletKey.publicKeyPackage.minSigners == 2)
        #expect(Set(result.walletKey.signers.keys) == Set(cluster.signerIDs))
        #expect(try await cluster.registry.wallet("treasury-cold") == result.walletKey)

        // Every vault holds one active share of the group key the coordinator registered.
        var shares: [KeyPackage] = []
        for signer in cluster.signers {
            let entries = try await signer.vault.entries()
            #expect(entries.count == 1)
            #expect(entries.first?.state == .active)
            #expect(entries.first?.groupPublicKey == group)
            #expect(entries.first?.transcriptHash == result.transcriptHash)
            let share = try #require(try await signer.vault.activeShare(wallet: "treasury-cold"))
            #expect(share.keyPackage.groupPublicKey == group)
            #expect(share.keyPackage.identifier == result.walletKey.signers[signer.id])
            shares.append(share.keyPackage)
            // The audit log says it started and completed with this group key.
            let records = try cluster.ceremonyRecords(signer)
            #expect(records.map { $0["event"] } == ["started", "completed"])
            #expect(records.last?["groupPublicKey"] == Hex.encode(try group.compressed()))
            #expect(records.last?["ceremony"] == result.ceremonyID.description)
        }

        // Nothing unsealed is on disk: no share's bytes in any vault or audit database file.
        for signer in cluster.signers {
            let files = try FileManager.default.contentsOfDirectory(atPath: cluster.directory).filter {
                $0.hasPrefix("custody-ceremony-\(signer.id.value)-")
            }
            #expect(files.count >= 2)
            for file in files {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: cluster.directory + file)))
                for share in shares {
                    let secret = Self.bytes(of: share.signingShare)
                    #expect(!Self.contains(bytes, secret), "a share in \(file)")
                }
            }
        }

        // Signers 1 and 3 sign with their unsealed shares; BIP-340 verifies for the address's key.
        let (first, third) = (shares[0], shares[2])
        let nonces1 = Secp256k1SHA256Taproot.commit(keyPackage: first)
        let nonces3 = Secp256k1SHA256Taproot.commit(keyPackage: third)
        let package = try SigningPackage(
            commitments: [nonces1.commitments, nonces3.commitments], message: Self.message,
            taprootSpend: .keyPathOnly)
        let share1 = try Secp256k1SHA256Taproot.sign(package, nonces: nonces1, keyPackage: first)
        let share3 = try Secp256k1SHA256Taproot.sign(package, nonces: nonces3, keyPackage: third)
        let signature = try Secp256k1SHA256Taproot.aggregate(
            package, shares: [share1, share3], publicKeyPackage: result.walletKey.publicKeyPackage)
        let outputKey = try Secp256k1SHA256Taproot.verifyingKey(groupPublicKey: group, spend: .keyPathOnly)
        #expect(Schnorr.verify(signature: signature.bytes, message: Self.message, publicKey: try outputKey.xOnly()))
        let address = try #require(result.address)
        #expect(address.program == (try outputKey.xOnly()))
        #expect(address.witnessVersion == 1)
        #expect(address.description.hasPrefix("bc1p"))
        #expect(try SegwitAddress(address.description, network: .mainnet) == address)

        // The wallet name is taken: a second ceremony for it is refused before anything is sent.
        let before = cluster.channel.delivered.withLock { $0.count }
        let error = await #expect(throws: KeyCeremonyRunError.self) {
            try await cluster.runner.run(
                wallet: "treasury-cold", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs)
        }
        #expect(error?.code == .walletExists)
        #expect(cluster.channel.delivered.withLock { $0.count } == before)
    }

    @Test func aRelayThatAltersARoundTwoCiphertextIsNamedAndNoShareIsActive() async throws {
        let cluster = try await Cluster()
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
            await #expect(throws: KeyCeremonyRunError.self) {
                try await cluster.runner.run(
                    wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs)
            })
        #expect(error.code == .aborted)
        #expect(error.signer == victim)
        #expect(error.ceremonyError?.code == .undecryptableShare)
        #expect(error.culprits == [cluster.signers[0].id], "the box's sender, signer-1, is named")
        #expect(error.description.contains("signer-2: aborted: it aborted the ceremony: undecryptable share"))
        Self.expectNothingSecret(error.description)
        #expect(try await cluster.noActiveShare())
        // Signer 1 had recorded its share pending: it is discarded, with the coordinator's reason.
        let entry = try #require(try await cluster.signers[0].vault.entries().first)
        #expect(entry.state == .discarded)
        #expect(entry.reason?.contains("the coordinator aborted the ceremony") == true)
        #expect(try cluster.ceremonyRecords(cluster.signers[1]).last?["code"] == "undecryptable share")
        #expect(try await cluster.registry.names().isEmpty)
    }

    @Test func aParticipantThatEquivocatesInRoundOneIsNamed() async throws {
        let cluster = try await Cluster()
        let equivocator = try Identifier(1)
        let target = cluster.signers[2].id
        cluster.channel.tamper(with: EnvelopeSealer(token: cluster.coordinatorToken, sender: cluster.coordinatorID)) {
            peer, type, payload in
            // Signer 3 is shown another round-one package of participant 1, with a valid proof.
            guard peer == target, type == .ceremonyRound1,
                var batch = try? KeyCeremonyWire.decodeBatch(payload, of: KeyCeremonyRound1.self),
                let index = batch.firstIndex(where: { $0.sender == equivocator }),
                let ceremony = try? DKG.Ceremony(
                    id: batch[0].ceremonyID.bytes,
                    participants: [try Identifier(1), try Identifier(2), try Identifier(3)]
                ),
                let other = try? Secp256k1SHA256Taproot.dkgPart1(
                    identifier: equivocator, maxSigners: 3, minSigners: 2, ceremony: ceremony)
            else { return nil }
            batch[index] = KeyCeremonyRound1(
                ceremonyID: batch[index].ceremonyID, sender: equivocator, package: other.package)
            return KeyCeremonyWire.encode(batch: batch)
        }
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) {
                try await cluster.runner.run(
                    wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs)
            })
        #expect(error.code == .aborted)
        #expect(error.ceremonyError?.code == .equivocation)
        #expect(error.signer == cluster.signers[0].id)
        #expect(error.culprits == [cluster.signers[0].id])
        #expect(error.description.contains("participant 1's round-one package"))
        Self.expectNothingSecret(error.description)
        #expect(try await cluster.noActiveShare())
        for signer in cluster.signers {
            #expect(try await signer.vault.entries().isEmpty, "no share was made")
            #expect(try cluster.ceremonyRecords(signer).last?["event"] == "aborted")
        }
    }

    @Test func aRelayThatDropsATranscriptSignatureActivatesNothing() async throws {
        let cluster = try await Cluster()
        let first = cluster.signers[0].id
        cluster.channel.tamper(with: EnvelopeSealer(token: cluster.coordinatorToken, sender: cluster.coordinatorID)) {
            peer, type, payload in
            guard peer == first, type == .ceremonyTranscript,
                let batch = try? KeyCeremonyWire.decodeBatch(payload, of: KeyCeremonyTranscriptSignature.self)
            else { return nil }
            return KeyCeremonyWire.encode(batch: Array(batch.dropLast()))
        }
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) {
                try await cluster.runner.run(
                    wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs)
            })
        #expect(error.code == .refused)
        #expect(error.signer == first)
        #expect(error.reason.contains("malformed_message: the batch must hold one transcript signature"))
        Self.expectNothingSecret(error.description)
        #expect(try await cluster.noActiveShare())
        for signer in cluster.signers {
            let entries = try await signer.vault.entries()
            #expect(entries.map(\.state) == [.discarded], "\(signer.id) recorded its share pending, then discarded it")
        }
    }

    @Test func aReplayedCeremonyStartIsRefusedAndChangesNothing() async throws {
        let cluster = try await Cluster()
        let result = try await cluster.runner.run(
            wallet: "treasury", suite: .secp256k1, threshold: 2, signers: cluster.signerIDs)
        #expect(result.address == nil)
        let signer = cluster.signers[0]
        let (_, _, start) = try #require(
            cluster.channel.delivered.withLock { $0.first { $0.0 == signer.id && $0.1 == .ceremonyStart } })
        // The same envelope again: the envelope's replay check refuses it.
        let replayed = await #expect(throws: PeerCallError.self) {
            try await cluster.channel.loopback.deliver(start, to: signer.id)
        }
        #expect(replayed?.code == .rejected)
        #expect(replayed?.reason.contains("replay") == true)
        // The same invitation in a fresh envelope and session: the ceremony id is known.
        let payload = try Envelope(parsing: start).payload
        let again = await #expect(throws: PeerCallError.self) {
            try await cluster.runner.caller.call(signer.id, session: .random(), type: .ceremonyStart, payload: payload)
        }
        #expect(again?.refusal?.code == "ceremony_known")
        // Another ceremony for the same wallet, bypassing the coordinator's registry: refused.
        let invitation = try KeyCeremonyInvitation(decoding: payload)
        let other = try KeyCeremonyInvitation(
            parameters: KeyCeremonyParameters(
                id: KeyCeremonyID(bytes: Array(repeating: 7, count: 32)), wallet: "treasury", suite: .secp256k1,
                threshold: 2, participants: invitation.parameters.participants),
            names: invitation.names)
        let sameWallet = await #expect(throws: PeerCallError.self) {
            try await cluster.runner.caller.call(
                signer.id, session: .random(), type: .ceremonyStart, payload: other.encoded())
        }
        #expect(sameWallet?.refusal?.code == "wallet_held")
        // Nothing changed: one active share, two audit records, and it still unseals.
        let entries = try await signer.vault.entries()
        #expect(entries.map(\.state) == [.active])
        #expect(try cluster.ceremonyRecords(signer).count == 2)
        #expect(try await signer.vault.activeShare(wallet: "treasury") != nil)
    }

    @Test func twoConcurrentStartsOfOneCeremonyStartItOnce() async throws {
        let cluster = try await Cluster()
        let signer = cluster.signers[0]
        let parameters = try KeyCeremonyParameters(
            id: KeyCeremonyID(bytes: Array(repeating: 5, count: 32)), wallet: "raced", suite: .secp256k1,
            threshold: 2,
            participants: try cluster.signers.enumerated().map {
                KeyCeremonyParticipant(identifier: try Identifier($0.offset + 1), identityKey: $0.element.key)
            })
        let invitation = try KeyCeremonyInvitation(
            parameters: parameters,
            names: Dictionary(
                uniqueKeysWithValues: try cluster.signers.enumerated().map {
                    (try Identifier($0.offset + 1), $0.element.id.value)
                }))
        let caller = cluster.runner.caller
        let payload = invitation.encoded()
        @Sendable func start() async -> Result<OpenedEnvelope, PeerCallError> {
            do {
                return .success(
                    try await caller.call(signer.id, session: .random(), type: .ceremonyStart, payload: payload))
            } catch {
                return .failure(error)
            }
        }
        async let first = start()
        async let second = start()
        let results = await [first, second]
        let started = results.filter { (try? $0.get())?.type == .ceremonyRound1 }
        #expect(started.count == 1)
        let refused = results.compactMap { result -> String? in
            guard case .failure(let error) = result else { return nil }
            return error.refusal?.code
        }
        #expect(refused.count == 1)
        #expect(refused.allSatisfy { $0 == "ceremony_known" || $0 == "wallet_held" })
        #expect(try cluster.ceremonyRecords(signer).count == 1)
    }

    @Test func anAbortMidWayLeavesNoActiveShareAndNamesTheUnreachableSigner() async throws {
        let cluster = try await Cluster()
        let lost = cluster.signers[1]
        let channel = cluster.channel
        channel.beforeDelivery.withLock {
            $0 = { peer, type in
                if peer == lost.id, type == .ceremonyRound2 { channel.loopback.set(nil, for: peer) }
            }
        }
        let error = try #require(
            await #expect(throws: KeyCeremonyRunError.self) {
                try await cluster.runner.run(
                    wallet: "treasury", suite: .secp256k1Taproot, threshold: 2, signers: cluster.signerIDs)
            })
        #expect(error.code == .unreachable)
        #expect(error.signer == lost.id)
        #expect(error.description.hasPrefix("signer-2: unreachable"))
        Self.expectNothingSecret(error.description)
        #expect(try await cluster.noActiveShare())
        // Signer 1 had recorded its share pending and was told to abort: discarded.
        #expect(try await cluster.signers[0].vault.entries().map(\.state) == [.discarded])
        #expect(try cluster.ceremonyRecords(cluster.signers[0]).last?["event"] == "aborted")
        // Signer 3 never reached round two: nothing recorded; its machine is aborted.
        #expect(try await cluster.signers[2].vault.entries().isEmpty)
        #expect(try cluster.ceremonyRecords(cluster.signers[2]).last?["event"] == "aborted")
    }

    @Test func aStrangerCannotDriveACeremonyAndAnUnpinnedParticipantIsRefused() async throws {
        let cluster = try await Cluster()
        // Signer 2 (pinned, but not the coordinator) tries to start a ceremony at signer 1.
        let signer2 = cluster.signers[1]
        let parameters = try KeyCeremonyParameters(
            id: KeyCeremonyID(bytes: Array(repeating: 3, count: 32)), wallet: "w", suite: .secp256k1, threshold: 2,
            participants: [
                KeyCeremonyParticipant(identifier: try Identifier(1), identityKey: cluster.signers[0].key),
                KeyCeremonyParticipant(identifier: try Identifier(2), identityKey: cluster.coordinatorKey),
            ])
        let invitation = try KeyCeremonyInvitation(
            parameters: parameters, names: [try Identifier(1): "signer-1", try Identifier(2): "mallory"])
        let caller = PeerCaller(
            sealer: EnvelopeSealer(token: signer2.token, sender: signer2.id),
            opener: EnvelopeOpener(
                me: signer2.id, peers: [cluster.signers[0].id: cluster.signers[0].key], clock: Cluster.clock),
            channel: cluster.channel, clock: Cluster.clock,
            sequence: SequenceCounter(microseconds: Cluster.microseconds))
        let notCoordinator = await #expect(throws: PeerCallError.self) {
            try await caller.call(
                cluster.signers[0].id, session: .random(), type: .ceremonyStart, payload: invitation.encoded())
        }
        #expect(notCoordinator?.refusal?.code == "not_coordinator")
        // From the coordinator, but naming a participant the signer has not pinned with that key.
        let unpinned = await #expect(throws: PeerCallError.self) {
            try await cluster.runner.caller.call(
                cluster.signers[0].id, session: .random(), type: .ceremonyStart, payload: invitation.encoded())
        }
        #expect(unpinned?.refusal?.code == "unpinned_participant")
        #expect(try await cluster.signers[0].vault.entries().isEmpty)
        #expect(try cluster.ceremonyRecords(cluster.signers[0]).isEmpty)
    }

    /// A copy of a share's secret bytes, for the test to look for them.
    static func bytes(of share: SigningShare) -> [UInt8] { share.secret.withUnsafeBytes { Array($0) } }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
