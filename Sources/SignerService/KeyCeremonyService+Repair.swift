import Custody
import Encoding
import FROST
import PKCS11
import PeerProtocol
import SecureMemory

/// One share repair this signer helps in: what it keeps between `repairStart` and
/// `repairDeltas`.
struct HelperRepair {
    let repair: ShareRepairInvitation
    let session: SessionID
    let identifier: Identifier
    /// This helper's own delta (Repair step 1 keeps one for itself).
    let ownDelta: Repair.Contribution
    let secrets: [Identifier: SecretBytes]
}

/// Share repair (docs/key-ceremony.md § Share repair): as a helper, this signer splits its
/// Lagrange-weighted share into deltas for the other helpers (`repairStart`), then sums the
/// deltas it received for the participant (`repairDeltas`); as the daemon that is to hold the
/// repaired share, it sums the helpers' boxes, checks the share against the key and records it
/// (`repairShare`). No helper learns the share or another helper's share.
extension KeyCeremonyService {
    /// The most repairs a signer helps in at once; beyond, one of them is forgotten.
    static let maximumRepairs = 16

    func repairStart(_ message: OpenedEnvelope) async throws -> PeerReply {
        let repair = try decode { try ShareRepairInvitation(decoding: message.payload) }
        let parameters = repair.invitation.parameters
        try await checkNew(parameters)
        // Taken at once: no refresh or other repair of the wallet starts here meanwhile.
        startingRepairs[parameters.id] = parameters.wallet
        defer { startingRepairs[parameters.id] = nil }
        let held = try await heldKey(parameters.wallet)
        guard held.entry.suite == parameters.suite, held.publicKeyPackage == repair.publicKeyPackage else {
            throw Refusal(
                "wrong_key",
                "the key the repair names is not the \(held.entry.suite.rawValue) key this signer holds for wallet "
                    + "\"\(parameters.wallet)\"")
        }
        guard held.entry.keyVersion == repair.keyVersion else {
            throw Refusal(
                "wrong_key_version",
                "this signer holds key version \(held.entry.keyVersion), not \(repair.keyVersion)")
        }
        if let reason = await walletKeys.refusal(forKey: parameters.wallet) {
            throw Refusal("wallet_not_in_policy", reason)
        }
        let mine = try listedAs(repair.invitation)
        guard mine == held.entry.identifier, mine != repair.participant else {
            throw Refusal(
                "not_a_participant", "the repair does not list this signer as a helper with its share's identifier")
        }
        try checkPinned(repair.invitation, except: mine)
        let recorded: String?
        do {
            recorded = try await vault.holderName(wallet: parameters.wallet, identifier: repair.participant)
        } catch {
            throw Refusal("storage_failure", "the vault could not be read: \(error)")
        }
        guard let recorded, recorded == repair.invitation.names[repair.participant] else {
            throw Refusal(
                "not_the_holder",
                "the share of \(repair.participant) goes back only to the daemon that held it"
                    + (recorded.map { " (\($0))" } ?? ", which this signer did not record"))
        }
        let share = try await unsealedShare(parameters.wallet)
        guard share.keyPackage.verifyingShare == repair.publicKeyPackage.verifyingShares[mine] else {
            throw Refusal("wrong_key", "this signer's share is not its share of the key the repair names")
        }
        let secrets = try await channelSecrets(parameters, mine: mine)
        let deltas: [Identifier: Repair.Contribution]
        do {
            deltas = try Repair.step1(
                helpers: repair.helpers, keyPackage: share.keyPackage, participant: repair.participant)
        } catch {
            throw Refusal("invalid_parameters", error.description)
        }
        var boxes: [ShareBox] = []
        for helper in repair.helpers where helper != mine {
            boxes.append(try seal(deltas[helper]!.secret, .repairDelta, repair, from: mine, to: helper, secrets))
        }
        guard repairs[parameters.id] == nil else {
            throw Refusal("ceremony_known", "repair \(parameters.id) was started here meanwhile")
        }
        if repairs.count >= Self.maximumRepairs, let oldest = repairs.keys.first { repairs[oldest] = nil }
        repairs[parameters.id] = HelperRepair(
            repair: repair, session: message.session, identifier: mine, ownDelta: deltas[mine]!, secrets: secrets)
        try await audit(
            "repair started", parameters,
            [
                "role": "helper", "participant": repair.invitation.names[repair.participant] ?? "",
                "keyVersion": String(repair.keyVersion), "coordinator": message.sender.value,
            ])
        return PeerReply(type: .repairDeltas, payload: KeyCeremonyWire.encode(batch: boxes))
    }

    func repairDeltas(_ message: OpenedEnvelope) async throws -> PeerReply {
        let boxes = try decode { try KeyCeremonyWire.decodeBatch(message.payload, of: ShareBox.self) }
        let id = boxes[0].ceremonyID
        guard let helping = repairs[id] else { throw Refusal("unknown_ceremony", "no repair \(id) was started here") }
        guard message.session == helping.session else {
            throw Refusal("wrong_session", "repair \(id) runs in another session")
        }
        let others = Set(helping.repair.helpers.filter { $0 != helping.identifier })
        guard boxes.count == others.count, Set(boxes.map(\.sender)) == others,
            boxes.allSatisfy({ $0.recipient == helping.identifier && $0.purpose == .repairDelta })
        else {
            throw Refusal(
                "malformed_message", "the batch must hold one repair delta for this signer from each other helper")
        }
        repairs[id] = nil
        var deltas = [helping.ownDelta]
        for box in boxes {
            deltas.append(try open(box, .repairDelta, helping.repair, to: helping.identifier, helping.secrets))
        }
        let sigma = Repair.step2(deltas: deltas)
        let box = try seal(
            sigma.secret, .repairSigma, helping.repair, from: helping.identifier, to: helping.repair.participant,
            helping.secrets)
        try await audit(
            "repair helped", helping.repair.invitation.parameters,
            ["participant": helping.repair.invitation.names[helping.repair.participant] ?? ""])
        return PeerReply(type: .repairSigma, payload: KeyCeremonyWire.encode(batch: [box]))
    }

    func repairShare(_ message: OpenedEnvelope) async throws -> PeerReply {
        let delivery = try decode { try ShareRepairDelivery(decoding: message.payload) }
        let repair = delivery.repair
        let parameters = repair.invitation.parameters
        try await checkNew(parameters)
        guard try await !vault.holds(wallet: parameters.wallet) else {
            throw Refusal(
                "wallet_held", "this signer already holds a share of wallet \"\(parameters.wallet)\"; none is repaired")
        }
        if let reason = await walletKeys.refusal(forKey: parameters.wallet) {
            throw Refusal("wallet_not_in_policy", reason)
        }
        let mine = try listedAs(repair.invitation)
        guard mine == repair.participant else {
            throw Refusal("not_a_participant", "the repair does not rebuild this signer's share")
        }
        try checkPinned(repair.invitation, except: mine)
        let helpers = Set(repair.helpers)
        guard delivery.sigmas.count == helpers.count, Set(delivery.sigmas.map(\.sender)) == helpers,
            delivery.sigmas.allSatisfy({ $0.recipient == mine && $0.purpose == .repairSigma })
        else {
            throw Refusal("malformed_message", "the delivery must hold one repair sum for this signer from each helper")
        }
        let secrets = try await channelSecrets(parameters, mine: mine)
        var sigmas: [Repair.Contribution] = []
        for box in delivery.sigmas {
            sigmas.append(try open(box, .repairSigma, repair, to: mine, secrets))
        }
        let keyPackage: KeyPackage
        do {
            keyPackage = try Repair.step3(
                sigmas: sigmas, participant: mine, publicKeyPackage: repair.publicKeyPackage)
        } catch {
            throw Refusal("invalid_share", "the repaired share does not match this signer's verifying share in the key")
        }
        let transcriptHash = Array(parameters.id.bytes.suffix(32))
        let share = PendingKeyShare(
            ceremonyID: parameters.id, wallet: parameters.wallet, suite: parameters.suite, keyPackage: keyPackage,
            publicKeyPackage: repair.publicKeyPackage, transcriptHash: transcriptHash, keyVersion: repair.keyVersion)
        do {
            try await vault.recordRepaired(share, invitation: repair.invitation)
        } catch let error as SealedShareVaultError {
            throw Refusal("storage_failure", "the repaired share could not be recorded: \(error)")
        }
        try await audit(
            "repair completed", parameters,
            [
                "role": "participant", "keyVersion": String(repair.keyVersion),
                "helpers": repair.helpers.compactMap { repair.invitation.names[$0] }.joined(separator: ","),
                "groupPublicKey": Hex.encode((try? repair.publicKeyPackage.groupPublicKey.compressed()) ?? []),
                "coordinator": message.sender.value,
            ])
        let completion = KeyCeremonyCompletion(
            ceremonyID: parameters.id, sender: mine, transcriptHash: transcriptHash,
            groupPublicKey: repair.publicKeyPackage.groupPublicKey)
        return PeerReply(type: .ceremonyComplete, payload: completion.encoded())
    }

    /// A `ceremonyAbort` for a repair this signer helps in: forgets it. Nil when the abort is
    /// for no repair here.
    func repairAborted(_ message: OpenedEnvelope) -> PeerReply? {
        guard let abort = try? KeyCeremonyAbort(decoding: message.payload), let helping = repairs[abort.ceremonyID],
            helping.session == message.session
        else { return nil }
        repairs[abort.ceremonyID] = nil
        return Self.aborted(abort.ceremonyID, KeyCeremonyError(.abandoned, "the coordinator aborted the repair"))
    }

    // MARK: - Helpers

    private func heldKey(_ wallet: String) async throws -> (entry: VaultEntry, publicKeyPackage: PublicKeyPackage) {
        let held: (entry: VaultEntry, publicKeyPackage: PublicKeyPackage)?
        do {
            held = try await vault.activeKey(wallet: wallet)
        } catch {
            throw Refusal("storage_failure", "the vault could not be read: \(error)")
        }
        guard let held else { throw Refusal("no_share", "this signer holds no active share of wallet \"\(wallet)\"") }
        return held
    }

    private func unsealedShare(_ wallet: String) async throws -> WalletShare {
        do {
            guard let share = try await vault.activeShare(wallet: wallet) else {
                throw Refusal("no_share", "the share of wallet \"\(wallet)\" was retired meanwhile")
            }
            return share
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal("unseal_failed", "the share of wallet \"\(wallet)\" could not be unsealed")
        }
    }

    /// This signer's identifier in `invitation`, which must list it with its identity key.
    private func listedAs(_ invitation: KeyCeremonyInvitation) throws(Refusal) -> Identifier {
        guard let mine = invitation.names.first(where: { $0.value == me.value })?.key,
            invitation.parameters.participant(mine)?.identityKey == identityKey
        else {
            throw Refusal("not_a_participant", "the invitation does not list \(me) with this signer's identity key")
        }
        return mine
    }

    /// Every participant but `mine` is a pinned peer with the listed identity key.
    private func checkPinned(_ invitation: KeyCeremonyInvitation, except mine: Identifier) throws(Refusal) {
        for participant in invitation.parameters.participants where participant.identifier != mine {
            let name = invitation.names[participant.identifier]!
            guard let peer = try? PeerID(name), peers[peer] == participant.identityKey else {
                throw Refusal(
                    "unpinned_participant",
                    "participant \(participant.identifier) (\(name)) is not a pinned peer with the identity key given")
            }
        }
    }

    private func seal(
        _ secret: SecretBytes, _ purpose: ShareBox.Purpose, _ repair: ShareRepairInvitation, from sender: Identifier,
        to recipient: Identifier, _ secrets: [Identifier: SecretBytes]
    ) throws(Refusal) -> ShareBox {
        let parameters = repair.invitation.parameters
        do {
            return try ShareBox.seal(
                secret, purpose: purpose, ceremonyID: parameters.id, from: parameters.participant(sender)!,
                to: parameters.participant(recipient)!, sharedSecret: secrets[recipient]!)
        } catch {
            throw Refusal("internal_error", "a repair box could not be sealed")
        }
    }

    private func open(
        _ box: ShareBox, _ purpose: ShareBox.Purpose, _ repair: ShareRepairInvitation, to me: Identifier,
        _ secrets: [Identifier: SecretBytes]
    ) throws(Refusal) -> Repair.Contribution {
        let parameters = repair.invitation.parameters
        let secret: SecretBytes
        do {
            secret = try box.open(
                purpose: purpose, ceremonyID: parameters.id, from: parameters.participant(box.sender)!,
                to: parameters.participant(me)!, sharedSecret: secrets[box.sender]!)
        } catch {
            throw Refusal("undecryptable_share", "the repair box from \(box.sender) does not open: \(error.code)")
        }
        do {
            return try Repair.Contribution(secret: secret)
        } catch {
            throw Refusal("invalid_share", "the repair box from \(box.sender) does not hold a scalar")
        }
    }
}
