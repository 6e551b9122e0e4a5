import Custody
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
        let entry: VaultEntry?
        let invitation: KeyCeremonyInvitation?
        do {
            entry = try await vault.entry(ceremonyID: id)
            invitation = try await vault.invitation(ceremonyID: id)
        } catch {
            throw Refusal("storage_failure", "the vault could not be read: \(error)")
        }
        guard let entry, entry.state == .active, entry.keyVersion > 1 else {
            throw Refusal("not_active", "ceremony \(id) made no active refreshed share here")
        }
        guard let invitation else {
            throw Refusal("not_active", "ceremony \(id)'s invitation is not recorded here")
        }
        let digest = KeyCeremonyTranscript.activationDigest(ceremonyID: id, transcriptHash: entry.transcriptHash)
        let participants = invitation.parameters.participants
        guard batch.count == participants.count, Set(batch.map(\.sender)) == Set(participants.map(\.identifier))
        else {
            throw Refusal("malformed_message", "the batch must hold one activation signature from each participant")
        }
        for signature in batch {
            let key = invitation.parameters.participant(signature.sender)!.identityKey
            guard signature.transcriptHash == digest, key.isValidSignature(signature.signature, digest: digest) else {
                throw Refusal(
                    "invalid_activation",
                    "the activation signature of participant \(signature.sender) does not verify for this refresh")
            }
        }
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
}
