public import Bitcoin
import Custody
import Encoding
import FROST
public import PeerProtocol

extension KeyCeremonyRunner {
    /// Rebuilds the share `signer` held of the registered wallet `name` (docs/key-ceremony.md §
    /// Share repair), for the daemon of that name that lost it (its store or its HSM), with every
    /// other signer of the wallet as a helper: each splits its share's Lagrange-weighted part
    /// into deltas for the others, each sums the deltas it received for the participant, and the
    /// participant sums those, checks the share against its verifying share and records it. No
    /// helper learns the share; the key, the key version and the registry do not change.
    ///
    /// - Throws: ``KeyCeremonyRunError``: `unknownWallet` (nothing sent); `invalidRequest`
    ///   (nothing sent) when `signer` holds no share of the wallet, a signer is not pinned, or
    ///   fewer helpers than the threshold remain; otherwise the failure and the signer it names
    ///   (the helpers are sent `ceremonyAbort` and forget the repair; nothing is recorded).
    public func repair(wallet name: String, signer: PeerID, network: Network = .mainnet)
        async throws(KeyCeremonyRunError) -> Result
    {
        let key = try await registeredKey(name)
        let repair: ShareRepairInvitation
        do {
            guard let lost = key.signers[signer] else {
                throw KeyCeremonyError(.invalidParameters, "\(signer) holds no share of wallet \"\(name)\"")
            }
            var participants: [KeyCeremonyParticipant] = []
            for (peer, identifier) in key.signers {
                guard let identityKey = signers[peer] else {
                    throw KeyCeremonyError(.invalidParameters, "signer \(peer) of the wallet is not pinned")
                }
                participants.append(KeyCeremonyParticipant(identifier: identifier, identityKey: identityKey))
            }
            let names = Dictionary(uniqueKeysWithValues: key.signers.map { ($1, $0.value) })
            let salt = Array(Self.randomCeremonyID().bytes.prefix(16))
            let draft = try KeyCeremonyInvitation(
                parameters: try KeyCeremonyParameters(
                    id: try KeyCeremonyID(bytes: salt), wallet: name, suite: key.suite,
                    threshold: key.publicKeyPackage.minSigners, participants: participants),
                names: names)
            let id = try ShareRepairInvitation.ceremonyID(
                salt: salt, keyVersion: key.keyVersion, participant: lost, publicKeyPackage: key.publicKeyPackage,
                invitation: draft)
            let invitation = try KeyCeremonyInvitation(
                parameters: try KeyCeremonyParameters(
                    id: id, wallet: name, suite: key.suite, threshold: key.publicKeyPackage.minSigners,
                    participants: participants),
                names: names)
            repair = try ShareRepairInvitation(
                invitation: invitation, publicKeyPackage: key.publicKeyPackage, keyVersion: key.keyVersion,
                participant: lost)
        } catch let error as KeyCeremonyError {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, error.reason)
        } catch {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, "\(error)")
        }
        let parameters = repair.invitation.parameters
        let run = KeyCeremonyRun(
            caller: caller, parameters: parameters, invitation: repair.invitation, peers: key.signers,
            session: SessionID.random(), refresh: nil)
        let helpers = key.signers.filter { $0.value != repair.participant }.sorted { $0.value < $1.value }
        do throws(KeyCeremonyRunError) {
            // Step 1: each helper's deltas for the others.
            var deltas: [Identifier: [ShareBox]] = [:]
            for (peer, identifier) in helpers {
                let boxes = try await Self.boxes(
                    run, peer, .repairStart, repair.encoded(), answer: .repairDeltas, purpose: .repairDelta,
                    from: identifier, to: Set(repair.helpers).subtracting([identifier]))
                for box in boxes { deltas[box.recipient, default: []].append(box) }
            }
            // Step 2: each helper's sum for the participant.
            var sigmas: [ShareBox] = []
            for (peer, identifier) in helpers {
                sigmas += try await Self.boxes(
                    run, peer, .repairDeltas, KeyCeremonyWire.encode(batch: deltas[identifier] ?? []),
                    answer: .repairSigma, purpose: .repairSigma, from: identifier, to: [repair.participant])
            }
            // Step 3: the participant rebuilds, checks and records its share.
            let reply = try await run.call(
                signer, .repairShare, ShareRepairDelivery(repair: repair, sigmas: sigmas).encoded())
            guard reply.type == .ceremonyComplete else { throw run.failure(signer, reply, expected: .ceremonyComplete) }
            let completion: KeyCeremonyCompletion
            do {
                completion = try KeyCeremonyCompletion(decoding: reply.payload)
            } catch {
                throw KeyCeremonyRunError(.badAnswer, signer: signer, "its completion cannot be read: \(error.reason)")
            }
            guard completion.ceremonyID == parameters.id, completion.sender == repair.participant,
                completion.groupPublicKey == key.publicKeyPackage.groupPublicKey
            else {
                throw KeyCeremonyRunError(
                    .badAnswer, signer: signer, "its completion is not for this repair, participant and key")
            }
            var address: SegwitAddress?
            if key.suite == .secp256k1Taproot {
                address = try? TaprootWallet(groupKey: key.publicKeyPackage.groupPublicKey).address(on: network)
            }
            return Result(
                ceremonyID: parameters.id, walletKey: key, transcriptHash: completion.transcriptHash, address: address)
        } catch {
            await run.abortEverywhere(reason: error.description)
            throw error
        }
    }

    /// Sends one helper its request and reads its batch of boxes: exactly one of `purpose` from
    /// it to each of `recipients`.
    private static func boxes(
        _ run: KeyCeremonyRun, _ peer: PeerID, _ type: MessageType, _ payload: [UInt8], answer: MessageType,
        purpose: ShareBox.Purpose, from sender: Identifier, to recipients: Set<Identifier>
    ) async throws(KeyCeremonyRunError) -> [ShareBox] {
        let reply = try await run.call(peer, type, payload)
        guard reply.type == answer else { throw run.failure(peer, reply, expected: answer) }
        let boxes: [ShareBox]
        do {
            boxes = try KeyCeremonyWire.decodeBatch(reply.payload, of: ShareBox.self)
        } catch {
            throw KeyCeremonyRunError(.badAnswer, signer: peer, "its repair boxes cannot be read: \(error.reason)")
        }
        guard boxes.count == recipients.count, Set(boxes.map(\.recipient)) == recipients,
            boxes.allSatisfy({
                $0.sender == sender && $0.purpose == purpose && $0.ceremonyID == run.parameters.id
            })
        else {
            throw KeyCeremonyRunError(
                .badAnswer, signer: peer, "its repair boxes are not one from it to each of \(recipients.sorted())")
        }
        return boxes
    }
}
