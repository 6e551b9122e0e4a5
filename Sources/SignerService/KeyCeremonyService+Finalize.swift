import Custody
import Encoding
import FROST
import PeerProtocol

/// The last step of a share refresh (docs/key-ceremony.md § Share refresh): once every
/// participant activated its new share and signed the activation, each retires its old share.
extension KeyCeremonyService {
    /// `ceremonyFinalize`: every participant's signature over the refresh's activation digest,
    /// checked against the identity keys of the refresh's recorded invitation; then every
    /// superseded share of the wallet is retired (its sealed bytes deleted). Answers
    /// `ceremonyComplete`; a finalize given again is answered again and retires nothing more.
    func finalize(_ message: OpenedEnvelope) async throws -> PeerReply {
        let batch = try decode {
            try KeyCeremonyWire.decodeBatch(message.payload, of: KeyCeremonyTranscriptSignature.self)
        }
        let id = batch[0].ceremonyID
        let (entry, invitation) = try await recorded(id)
        guard let entry, entry.state == .active, entry.keyVersion > 1 else {
            throw Refusal("not_active", "ceremony \(id) made no active refreshed share here")
        }
        guard let invitation else {
            throw Refusal("not_active", "ceremony \(id)'s invitation is not recorded here")
        }
        let digest = KeyCeremonyTranscript.activationDigest(ceremonyID: id, transcriptHash: entry.transcriptHash)
        try checkEveryParticipantSigned(batch, digest, invitation, kind: "activation", code: "invalid_activation")
        let retired: Int
        do {
            retired = try await vault.finalize(ceremonyID: id)
        } catch {
            throw Refusal("storage_failure", "the old share could not be retired: \(error)")
        }
        if retired > 0 {
            try await audit(
                "refresh finalized", invitation.parameters,
                ["keyVersion": String(entry.keyVersion), "retired": String(retired)])
        }
        let completion = KeyCeremonyCompletion(
            ceremonyID: id, sender: entry.identifier, transcriptHash: entry.transcriptHash,
            groupPublicKey: entry.groupPublicKey)
        return PeerReply(type: .ceremonyComplete, payload: completion.encoded())
    }

    /// `ceremonyFinish`: every participant's transcript signature of a refresh whose share is
    /// pending here, checked against the transcript hash and the identity keys the vault recorded
    /// with it; then the share is activated (the old one superseded) and the activation signed,
    /// as a completion in the ceremony's session would. A refresh already active here is answered
    /// with its activation again. Answers `ceremonyActivated`.
    func finish(_ message: OpenedEnvelope) async throws -> PeerReply {
        let batch = try decode {
            try KeyCeremonyWire.decodeBatch(message.payload, of: KeyCeremonyTranscriptSignature.self)
        }
        let id = batch[0].ceremonyID
        let (entry, invitation) = try await recorded(id)
        guard let entry, entry.keyVersion > 1, entry.state == .pending || entry.state == .active,
            let invitation
        else {
            throw Refusal("not_pending", "ceremony \(id) left no pending or active refreshed share here")
        }
        if entry.state == .pending {
            try checkEveryParticipantSigned(
                batch, entry.transcriptHash, invitation, kind: "transcript", code: "invalid_transcript_signature")
            var activatedHere = true
            do {
                try await vault.activate(ceremonyID: id, signatures: batch)
            } catch let error as SealedShareVaultError where error.code == .notPending {
                // Activated meanwhile by the completion in its session, or discarded meanwhile:
                // only the first is a success.
                guard await isActive(id, transcriptHash: entry.transcriptHash) else {
                    throw Refusal("not_pending", "ceremony \(id)'s share was discarded meanwhile")
                }
                activatedHere = false
            } catch {
                throw Refusal("storage_failure", "the share could not be made active: \(error)")
            }
            // A ceremony still waiting in memory for its completion is over: it takes nothing
            // more (one activating in its session finishes on its own).
            if let waiting = ceremonies[id], waiting.machine.phase != .completed, waiting.abort == nil {
                ceremonies[id]?.abort = KeyCeremonyError(.abandoned, "finished from the vault by ceremonyFinish")
            }
            if activatedHere {
                try await audit(
                    "refresh completed", invitation.parameters,
                    [
                        "keyVersion": String(entry.keyVersion), "transcriptHash": Hex.encode(entry.transcriptHash),
                        "groupPublicKey": Hex.encode((try? entry.groupPublicKey.compressed()) ?? []),
                    ])
            }
        }
        let digest = KeyCeremonyTranscript.activationDigest(ceremonyID: id, transcriptHash: entry.transcriptHash)
        let signature: [UInt8]
        do {
            signature = try await token.signWithIdentity(digest: digest)
        } catch {
            throw Refusal("hsm_failure", "the HSM could not sign the activation: \(error)")
        }
        let activated = KeyCeremonyTranscriptSignature(
            ceremonyID: id, sender: entry.identifier, transcriptHash: digest, signature: signature)
        return PeerReply(type: .ceremonyActivated, payload: KeyCeremonyWire.encode(batch: [activated]))
    }

    /// The vault's entry of ceremony `id` and the invitation recorded with it.
    private func recorded(_ id: KeyCeremonyID) async throws(Refusal) -> (VaultEntry?, KeyCeremonyInvitation?) {
        do {
            return (try await vault.entry(ceremonyID: id), try await vault.invitation(ceremonyID: id))
        } catch {
            throw Refusal("storage_failure", "the vault could not be read: \(error)")
        }
    }

    /// `batch` holds exactly one signature over `digest` from each participant of `invitation`,
    /// each verifying under that participant's recorded identity key.
    private func checkEveryParticipantSigned(
        _ batch: [KeyCeremonyTranscriptSignature], _ digest: [UInt8], _ invitation: KeyCeremonyInvitation,
        kind: String, code: String
    ) throws(Refusal) {
        let participants = invitation.parameters.participants
        guard batch.count == participants.count, Set(batch.map(\.sender)) == Set(participants.map(\.identifier))
        else {
            throw Refusal("malformed_message", "the batch must hold one \(kind) signature from each participant")
        }
        for signature in batch {
            let key = invitation.parameters.participant(signature.sender)!.identityKey
            guard signature.transcriptHash == digest, key.isValidSignature(signature.signature, digest: digest) else {
                throw Refusal(
                    code, "the \(kind) signature of participant \(signature.sender) does not verify for this refresh")
            }
        }
    }

    /// True when the share of ceremony `id` is active here with `transcriptHash`.
    func isActive(_ id: KeyCeremonyID, transcriptHash: [UInt8]) async -> Bool {
        guard let entry = try? await vault.entry(ceremonyID: id) else { return false }
        return entry.state == .active && entry.transcriptHash == transcriptHash
    }
}
