import AuditLog
import Custody
import Encoding
import PeerProtocol
import Policy
import SignerStore

extension SigningService {
    /// `freeze`: verifies an officers' freeze or unfreeze against this signer's own policy,
    /// clock and first sight (``SignerAuthorizer/verifyFreeze(_:now:firstSeen:history:)``),
    /// appends `freeze.recorded` to its audit log, records it durably in its ledger
    /// (`signer_freezes`), then answers `freezeRecorded`. From then on every share request is decided with it in the
    /// history: a freeze in force refuses everything but a sweep to a colder tier. The same
    /// request again changes nothing and is answered with the event recorded first.
    func freezeReceived(_ payload: [UInt8], from sender: PeerID) async throws(SigningRefusal) -> PeerReply {
        let notice: FreezeNotice
        do {
            notice = try FreezeNotice(decoding: payload)
        } catch {
            throw SigningRefusal(.malformed, error.reason)
        }
        let request = notice.request.request
        let digest = request.digest
        // The same request again: the event recorded first, and nothing changes.
        do {
            if let recorded = try await ledger.recordedFreeze(request: request.id, digest: digest) {
                return PeerReply(
                    type: .freezeRecorded, payload: FreezeRecorded(event: recorded, wasRecordedBefore: true).encoded())
            }
        } catch let error as SignerStoreError where error.code == .conflictingSigning {
            throw SigningRefusal(.conflictingSigning, error.reason)
        } catch {
            throw SigningRefusal(.ledgerUnavailable, "the freeze records could not be read")
        }
        let history = try await recordedHistory()
        try await loadFirstSeen(digest)
        let now = clock()
        let decision: Result<History.FreezeEvent, AuthorizationRefusal>
        do {
            decision = .success(
                try authorizer.verifyFreeze(notice.bundle, now: now, firstSeen: &firstSeen, history: history))
        } catch {
            decision = .failure(error)
        }
        try await persistFirstSeen(digest, required: false)
        let event: History.FreezeEvent
        switch decision {
        case .success(let verified): event = verified
        case .failure(let refusal): throw SigningRefusal(refusal)
        }
        // Audited first, as every change is: a freeze in the ledger is always in the audit log.
        let payload = JSONWriter.canonical(
            .fields([
                "coordinator": .string(sender.value), "request": .string(request.id),
                "requestDigest": .string(Hex.encode(digest)), "kind": .string(event.kind.rawValue),
                "at": .string(event.at.rfc3339), "policy": .string(notice.policy.hex),
                "initiator": .string(request.initiator),
                "approvals": .array(notice.approvals.map { .string($0.statement.officer) }),
            ]))
        do {
            try await audit.append(type: .freezeRecorded, actor: me.value, payload: payload)
        } catch {
            throw SigningRefusal(.auditUnavailable, "the audit log could not record the freeze; it was not recorded")
        }
        let recorded: (event: History.FreezeEvent, wasRecordedBefore: Bool)
        do {
            recorded = try await ledger.recordFreeze(request: request.id, digest: digest, event: event)
            recordedFreezes = nil
        } catch let error as SignerStoreError where error.code == .conflictingSigning {
            throw SigningRefusal(.conflictingSigning, error.reason)
        } catch {
            throw SigningRefusal(.ledgerUnavailable, "the freeze could not be recorded")
        }
        return PeerReply(
            type: .freezeRecorded,
            payload: FreezeRecorded(event: recorded.event, wasRecordedBefore: recorded.wasRecordedBefore).encoded())
    }
}
