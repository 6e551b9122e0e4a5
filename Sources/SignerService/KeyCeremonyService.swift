import AuditLog
public import AuditStorage
public import Custody
import Encoding
import FROST
import Foundation
public import PKCS11
public import PeerProtocol
import SecureMemory

/// The signer's side of key ceremonies: answers the coordinator's ceremony messages
/// (`ceremonyStart` to `ceremonyAbort`, docs/key-ceremony.md § The daemons' flow) by driving
/// one ``KeyCeremonyStateMachine`` per ceremony with the HSM (ECDH with the other participants,
/// sealing, the transcript signature), the ``SealedShareVault`` and the audit log.
///
/// The share is sealed and recorded pending before the transcript is signed, and made active
/// only when every participant's signature over the same transcript verified; an abort (this
/// signer's own check, or the coordinator's `ceremonyAbort`) discards it with the reason. Every
/// ceremony started, completed (with its group key) or aborted (with why) is a `key.ceremony`
/// record of the signer's audit log.
///
/// A message that cannot be taken (malformed, not from the coordinator, for an unknown ceremony
/// or session, at the wrong step, a batch that is not one message from each other participant)
/// is answered with a refusal and changes nothing. Misbehaviour the state machine detects
/// aborts the ceremony and is answered with `ceremonyAborted`.
public actor KeyCeremonyService {
    /// This signer's peer id.
    public nonisolated let me: PeerID
    /// The only peer that may convene and drive ceremonies.
    public nonisolated let coordinator: PeerID
    let token: HSMToken
    let identityKey: IdentityPublicKey
    let vault: SealedShareVault
    let auditLog: PersistentAuditLog
    let peers: [PeerID: IdentityPublicKey]
    let walletKeys: any WalletKeyAuthority
    var ceremonies: [KeyCeremonyID: Ceremony] = [:]
    /// The share repairs this signer helps in, between `repairStart` and `repairDeltas`.
    var repairs: [KeyCeremonyID: HelperRepair] = [:]
    /// The repairs whose `repairStart` is being checked here, by wallet.
    var startingRepairs: [KeyCeremonyID: String] = [:]

    struct Ceremony {
        var machine: KeyCeremonyStateMachine
        let invitation: KeyCeremonyInvitation
        let identifier: Identifier
        let session: SessionID
        /// For a share refresh, the new key version.
        let refreshing: UInt32?
        var abort: KeyCeremonyError?
        /// The answer given once the share was activated, given again to a repeated delivery.
        var completedReply: PeerReply?

        var parameters: KeyCeremonyParameters { invitation.parameters }
        var others: Set<Identifier> { Set(parameters.identifiers.filter { $0 != identifier }) }
    }

    /// - Parameters:
    ///   - me: this signer's peer id, as the invitations name it.
    ///   - token: this signer's HSM: its identity key (ECDH, transcript signature) and sealing key.
    ///   - vault: where shares are sealed and recorded.
    ///   - auditLog: this signer's audit log.
    ///   - coordinator: the coordinator's peer id.
    ///   - peers: the pinned identity keys of the other daemons: every other participant of a
    ///     ceremony must be one of them, with the key the invitation gives.
    ///   - walletKeys: which wallet keys a ceremony may make (``PolicyWalletKeys`` in the daemon).
    /// - Throws: `PKCS11Error` when the token has no readable identity key.
    public init(
        me: PeerID, token: HSMToken, vault: SealedShareVault, auditLog: PersistentAuditLog, coordinator: PeerID,
        peers: [PeerID: IdentityPublicKey], walletKeys: any WalletKeyAuthority
    ) throws {
        let (curve, key) = try token.identityPublicKey()
        self.me = me
        self.coordinator = coordinator
        self.token = token
        self.identityKey = try IdentityPublicKey(curve: curve, sec1: key)
        self.vault = vault
        self.auditLog = auditLog
        self.peers = peers
        self.walletKeys = walletKeys
    }

    /// The handler of each ceremony message type this signer answers, for its ``PeerEndpoint``.
    public nonisolated var handlers: [MessageType: any PeerMessageHandler] {
        let types: [MessageType] = [
            .ceremonyStart, .ceremonyRefreshStart, .ceremonyRound1, .ceremonyRound1Echo, .ceremonyRound2,
            .ceremonyTranscript, .ceremonyAbort, .repairStart, .repairDeltas, .repairShare, .ceremonyFinalize,
            .ceremonyFinish,
        ]
        return Dictionary(uniqueKeysWithValues: types.map { ($0, Handler(service: self) as any PeerMessageHandler) })
    }

    struct Handler: PeerMessageHandler {
        let service: KeyCeremonyService
        func answer(_ message: OpenedEnvelope) async -> PeerReply { await service.answer(message) }
    }

    /// The phase of ceremony `id` here, if known (for tests and operators).
    public func phase(of id: KeyCeremonyID) -> KeyCeremonyStateMachine.Phase? { ceremonies[id]?.machine.phase }

    // MARK: - Answering

    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        guard message.sender == coordinator else {
            return Self.refusal(
                "not_coordinator", "only the coordinator \(coordinator) drives key ceremonies, not \(message.sender)")
        }
        do {
            switch message.type {
            case .ceremonyStart: return try await start(message)
            case .ceremonyRefreshStart: return try await startRefresh(message)
            case .ceremonyRound1: return try await round1(message)
            case .ceremonyRound1Echo: return try await echoes(message)
            case .ceremonyRound2: return try await shares(message)
            case .ceremonyTranscript: return try await signatures(message)
            case .ceremonyAbort:
                if let reply = repairAborted(message) { return reply }
                return try await abortRequested(message)
            case .repairStart: return try await repairStart(message)
            case .repairDeltas: return try await repairDeltas(message)
            case .repairShare: return try await repairShare(message)
            case .ceremonyFinalize: return try await finalize(message)
            case .ceremonyFinish: return try await finish(message)
            default: return Self.refusal("unsupported_message", "not a ceremony message")
            }
        } catch let refusal as Refusal {
            return Self.refusal(refusal.code, refusal.reason)
        } catch {
            return Self.refusal("internal_error", "the signer could not take the message: \(error)")
        }
    }

    /// A refusal: nothing changed.
    struct Refusal: Error {
        let code: String
        let reason: String
        init(_ code: String, _ reason: String) {
            self.code = code
            self.reason = reason
        }
    }

    static func refusal(_ code: String, _ reason: String) -> PeerReply {
        // The codes are fixed lowercase text: always valid.
        .refusal(try! PeerRefusal(code: code, reason: reason))
    }

    private func start(_ message: OpenedEnvelope) async throws -> PeerReply {
        let invitation = try decode { try KeyCeremonyInvitation(decoding: message.payload) }
        let parameters = invitation.parameters
        try await checkNew(parameters)
        guard try await !vault.holds(wallet: parameters.wallet) else {
            throw Refusal(
                "wallet_held", "this signer already holds, or is making, a share of wallet \"\(parameters.wallet)\"")
        }
        let shape = CeremonyShape(
            suite: parameters.suite, threshold: parameters.threshold,
            signers: parameters.identifiers.map { invitation.names[$0]! })
        if let reason = await walletKeys.refusal(forKey: parameters.wallet, shape: shape) {
            throw Refusal("wallet_not_in_policy", reason)
        }
        let mine = try checkParticipants(invitation)
        let secrets = try await channelSecrets(parameters, mine: mine)
        var machine = KeyCeremonyStateMachine()
        let action: KeyCeremonyStateMachine.Action
        do {
            action = try machine.start(parameters, as: mine, channelSecrets: secrets)
        } catch {
            throw Refusal("invalid_parameters", error.description)
        }
        return try await begin(
            machine, action, invitation, mine: mine, message: message, refreshing: nil,
            fields: ["threshold": String(parameters.threshold)])
    }

    /// A share refresh (docs/key-ceremony.md § Share refresh): the checks of a start, and the
    /// key refreshed must be the one this signer holds for the wallet, refreshed to the next key
    /// version by every holder of it.
    private func startRefresh(_ message: OpenedEnvelope) async throws -> PeerReply {
        let refreshInvitation = try decode { try KeyCeremonyRefreshInvitation(decoding: message.payload) }
        let invitation = refreshInvitation.invitation
        let parameters = invitation.parameters
        let refresh = refreshInvitation.refresh
        try await checkNew(parameters)
        let held: (entry: VaultEntry, publicKeyPackage: PublicKeyPackage)?
        do {
            held = try await vault.activeKey(wallet: parameters.wallet)
        } catch {
            throw Refusal("storage_failure", "the vault could not be read: \(error)")
        }
        guard let held else {
            throw Refusal("no_share", "this signer holds no active share of wallet \"\(parameters.wallet)\" to refresh")
        }
        guard held.entry.suite == parameters.suite, held.publicKeyPackage == refresh.publicKeyPackage else {
            throw Refusal(
                "wrong_key",
                "the key the invitation refreshes is not the \(held.entry.suite.rawValue) key this signer holds for "
                    + "wallet \"\(parameters.wallet)\"")
        }
        guard refresh.keyVersion == held.entry.keyVersion + 1 else {
            throw Refusal(
                "wrong_key_version",
                "this signer holds key version \(held.entry.keyVersion); a refresh makes version "
                    + "\(held.entry.keyVersion + 1), not \(refresh.keyVersion)")
        }
        guard Set(parameters.identifiers) == Set(held.publicKeyPackage.verifyingShares.keys) else {
            throw Refusal(
                "not_every_holder",
                "a refresh is run by every holder of the key (\(held.publicKeyPackage.verifyingShares.count)), "
                    + "not \(parameters.participants.count)")
        }
        if let reason = await walletKeys.refusal(forKey: parameters.wallet) {
            throw Refusal("wallet_not_in_policy", reason)
        }
        let mine = try checkParticipants(invitation)
        guard mine == held.entry.identifier else {
            throw Refusal(
                "not_a_participant", "the invitation gives this signer another identifier than its share's")
        }
        let share: WalletShare
        do {
            guard let active = try await vault.activeShare(wallet: parameters.wallet) else {
                throw Refusal("no_share", "the share of wallet \"\(parameters.wallet)\" was retired meanwhile")
            }
            share = active
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal("unseal_failed", "the share of wallet \"\(parameters.wallet)\" could not be unsealed")
        }
        let secrets = try await channelSecrets(parameters, mine: mine)
        var machine = KeyCeremonyStateMachine()
        let action: KeyCeremonyStateMachine.Action
        do {
            action = try machine.startRefresh(
                parameters, refresh: refresh, share: share.keyPackage, channelSecrets: secrets)
        } catch {
            throw Refusal("invalid_parameters", error.description)
        }
        return try await begin(
            machine, action, invitation, mine: mine, message: message, refreshing: refresh.keyVersion,
            fields: ["threshold": String(parameters.threshold), "keyVersion": String(refresh.keyVersion)])
    }

    /// A ceremony id not seen here, for a wallet no ceremony runs for here.
    func checkNew(_ parameters: KeyCeremonyParameters) async throws {
        guard ceremonies[parameters.id] == nil, repairs[parameters.id] == nil, startingRepairs[parameters.id] == nil,
            try await vault.entry(ceremonyID: parameters.id) == nil
        else {
            throw Refusal(
                "ceremony_known", "ceremony \(parameters.id) was already started here; a ceremony id is never reused")
        }
        guard !isMaking(wallet: parameters.wallet) else {
            throw Refusal(
                "wallet_held", "this signer already holds, or is making, a share of wallet \"\(parameters.wallet)\"")
        }
    }

    /// This signer's identifier in the invitation, which must list it with its identity key and
    /// every other participant as a pinned peer with its pinned key.
    private func checkParticipants(_ invitation: KeyCeremonyInvitation) throws(Refusal) -> Identifier {
        let parameters = invitation.parameters
        guard let mine = invitation.names.first(where: { $0.value == me.value })?.key,
            parameters.participant(mine)?.identityKey == identityKey
        else {
            throw Refusal(
                "not_a_participant", "the invitation does not list \(me) with this signer's identity key")
        }
        for participant in parameters.participants where participant.identifier != mine {
            let name = invitation.names[participant.identifier]!
            guard let peer = try? PeerID(name), peers[peer] == participant.identityKey else {
                throw Refusal(
                    "unpinned_participant",
                    "participant \(participant.identifier) (\(name)) is not a pinned peer with the identity key given")
            }
        }
        return mine
    }

    /// The ECDH secret with each other participant, derived in the HSM.
    func channelSecrets(_ parameters: KeyCeremonyParameters, mine: Identifier) async throws
        -> [Identifier: SecretBytes]
    {
        var secrets: [Identifier: SecretBytes] = [:]
        for participant in parameters.participants where participant.identifier != mine {
            do {
                secrets[participant.identifier] = try await token.deriveSharedSecret(peer: participant.identityKey)
            } catch {
                throw Refusal("hsm_failure", "the HSM could not derive the channel secrets: \(error.reason)")
            }
        }
        return secrets
    }

    /// Takes a started ceremony, unless one for its id or wallet was taken meanwhile, audits its
    /// start and answers its round-one package.
    private func begin(
        _ machine: KeyCeremonyStateMachine, _ action: KeyCeremonyStateMachine.Action,
        _ invitation: KeyCeremonyInvitation, mine: Identifier, message: OpenedEnvelope, refreshing: UInt32?,
        fields: [String: String]
    ) async throws -> PeerReply {
        let parameters = invitation.parameters
        guard case .broadcastRound1(let round1) = action else {
            throw Refusal("internal_error", "the ceremony did not start")
        }
        // Checked again after the awaits before: a second start of this ceremony or wallet may
        // have been taken meanwhile (the actor is reentrant).
        guard ceremonies[parameters.id] == nil, !isMaking(wallet: parameters.wallet) else {
            throw Refusal("ceremony_known", "ceremony \(parameters.id) or its wallet was started here meanwhile")
        }
        ceremonies[parameters.id] = Ceremony(
            machine: machine, invitation: invitation, identifier: mine, session: message.session,
            refreshing: refreshing)
        var document = fields
        document["participants"] = parameters.identifiers.map { invitation.names[$0]! }.joined(separator: ",")
        document["coordinator"] = message.sender.value
        try await audit(refreshing == nil ? "started" : "refresh started", parameters, document)
        return PeerReply(type: .ceremonyRound1, payload: KeyCeremonyWire.encode(batch: [round1]))
    }

    private func round1(_ message: OpenedEnvelope) async throws -> PeerReply {
        let batch = try decode {
            try KeyCeremonyWire.decodeBatch(message.payload, of: KeyCeremonyRound1.self)
        }
        let ceremony = try ceremony(batch[0].ceremonyID, message, phase: .round1, kind: "round-one packages")
        try checkSenders(batch.map(\.sender), ceremony, kind: "round-one package")
        return try await feed(batch, ceremony.parameters.id) { machine, item in
            try machine.round1Received(item, from: item.sender)
        }
    }

    private func echoes(_ message: OpenedEnvelope) async throws -> PeerReply {
        let batch = try decode {
            try KeyCeremonyWire.decodeBatch(message.payload, of: KeyCeremonyEcho.self)
        }
        let ceremony = try ceremony(batch[0].ceremonyID, message, phase: .echo, kind: "echoes")
        try checkSenders(batch.map(\.sender), ceremony, kind: "echo")
        let everyone = Set(ceremony.parameters.identifiers)
        for echo in batch where Set(echo.packageHashes.keys) != everyone {
            throw Refusal(
                "malformed_message", "the echo of participant \(echo.sender) does not cover every participant")
        }
        return try await feed(batch, ceremony.parameters.id) { machine, item in
            try machine.echoReceived(item, from: item.sender)
        }
    }

    private func shares(_ message: OpenedEnvelope) async throws -> PeerReply {
        let batch = try decode {
            try KeyCeremonyWire.decodeBatch(message.payload, of: ShareBox.self)
        }
        let ceremony = try ceremony(batch[0].ceremonyID, message, phase: .round2, kind: "share boxes")
        try checkSenders(batch.map(\.sender), ceremony, kind: "share box")
        let purpose: ShareBox.Purpose = ceremony.refreshing == nil ? .dkgShare : .refreshShare
        for box in batch where box.recipient != ceremony.identifier || box.purpose != purpose {
            throw Refusal(
                "malformed_message",
                "the share box from participant \(box.sender) is not a \(purpose) for this signer")
        }
        return try await feed(batch, ceremony.parameters.id) { machine, item in
            try machine.shareReceived(item, from: item.sender)
        }
    }

    private func signatures(_ message: OpenedEnvelope) async throws -> PeerReply {
        let batch = try decode {
            try KeyCeremonyWire.decodeBatch(message.payload, of: KeyCeremonyTranscriptSignature.self)
        }
        if let done = ceremonies[batch[0].ceremonyID], done.session == message.session,
            done.machine.phase == .completed
        {
            // Given again: the same answer, or, while the share is being activated, a refusal
            // the coordinator tries again.
            guard let reply = done.completedReply else {
                throw Refusal("activating", "ceremony \(batch[0].ceremonyID)'s share is being activated; try again")
            }
            return reply
        }
        let ceremony = try ceremony(
            batch[0].ceremonyID, message, phase: .collectingSignatures, kind: "transcript signatures")
        try checkSenders(batch.map(\.sender), ceremony, kind: "transcript signature")
        return try await feed(batch, ceremony.parameters.id) { machine, item in
            try machine.transcriptSignatureReceived(item, from: item.sender)
        }
    }

    private func abortRequested(_ message: OpenedEnvelope) async throws -> PeerReply {
        let abort = try decode { try KeyCeremonyAbort(decoding: message.payload) }
        guard var ceremony = ceremonies[abort.ceremonyID] else {
            throw Refusal("unknown_ceremony", "no ceremony \(abort.ceremonyID) was started here")
        }
        guard message.session == ceremony.session else {
            throw Refusal("wrong_session", "ceremony \(abort.ceremonyID) runs in another session")
        }
        if let error = ceremony.abort { return Self.aborted(ceremony.parameters.id, error) }
        let action: KeyCeremonyStateMachine.Action
        do {
            action = try ceremony.machine.abandon(reason: "the coordinator aborted the ceremony: \(abort.reason)")
        } catch {
            throw Refusal("ceremony_finished", "ceremony \(abort.ceremonyID) completed here; its share is active")
        }
        ceremonies[abort.ceremonyID] = ceremony
        return try await perform(action, abort.ceremonyID)
    }

    /// True while a ceremony for `wallet` runs here.
    func isMaking(wallet: String) -> Bool {
        ceremonies.values.contains {
            $0.parameters.wallet == wallet && $0.abort == nil && $0.machine.phase != .completed
        } || repairs.values.contains { $0.repair.invitation.parameters.wallet == wallet }
            || startingRepairs.values.contains(wallet)
    }

    // MARK: - Driving the machine

    /// Feeds every message of a checked batch to the machine, then performs its last action.
    /// A refusal after part of the batch was taken cannot leave the machine half-fed: the
    /// ceremony is abandoned.
    private func feed<Message>(
        _ batch: [Message], _ id: KeyCeremonyID,
        _ event: (inout KeyCeremonyStateMachine, Message) throws -> KeyCeremonyStateMachine.Action
    ) async throws -> PeerReply {
        var ceremony = ceremonies[id]!
        var action = KeyCeremonyStateMachine.Action.wait
        for item in batch {
            do {
                action = try event(&ceremony.machine, item)
            } catch {
                action = (try? ceremony.machine.abandon(reason: "a relayed message was refused: \(error)")) ?? action
            }
            if case .aborted = action { break }
        }
        if case .wait = action {
            action = (try? ceremony.machine.abandon(reason: "the batch did not complete the step")) ?? action
        }
        ceremonies[id] = ceremony
        return try await perform(action, id)
    }

    /// Performs `action` and what follows it locally (record, sign), and returns the reply.
    private func perform(_ first: KeyCeremonyStateMachine.Action, _ id: KeyCeremonyID) async throws -> PeerReply {
        var action = first
        while true {
            switch action {
            case .sendEcho(let echo):
                return PeerReply(type: .ceremonyRound1Echo, payload: KeyCeremonyWire.encode(batch: [echo]))
            case .sendShares(let boxes):
                return PeerReply(type: .ceremonyRound2, payload: KeyCeremonyWire.encode(batch: boxes))
            case .recordPendingShare(let pending):
                do {
                    try await vault.recordPending(pending, invitation: ceremonies[id]!.invitation)
                } catch {
                    action = try abandon(id, "the share could not be recorded: \(error)")
                    continue
                }
                // An abort may have been taken while the share was being sealed and recorded:
                // its discard found nothing to discard then.
                if let error = ceremonies[id]!.abort {
                    try await vault.discard(ceremonyID: id, reason: error.description)
                    return Self.aborted(id, error)
                }
                action = try ceremonies[id]!.machine.pendingShareRecorded()
            case .signTranscript(let digest):
                do {
                    let signature = try await token.signWithIdentity(digest: digest)
                    action = try ceremonies[id]!.machine.transcriptSigned(signature)
                } catch {
                    action = try abandon(id, "the transcript could not be signed: \(error)")
                }
            case .sendTranscriptSignature(let signature):
                return PeerReply(type: .ceremonyTranscript, payload: KeyCeremonyWire.encode(batch: [signature]))
            case .activateShare(let outcome):
                do {
                    try await vault.activate(ceremonyID: id, signatures: outcome.transcriptSignatures)
                } catch {
                    // Activated meanwhile from the vault (ceremonyFinish): a success. Otherwise a
                    // refresh's share stays pending, for ceremonyFinish to activate later; a key
                    // ceremony's is discarded.
                    if await !isActive(id, transcriptHash: outcome.transcriptHash) {
                        guard ceremonies[id]?.refreshing == nil else {
                            throw Refusal("storage_failure", "the refreshed share could not be made active: \(error)")
                        }
                        let error = KeyCeremonyError(.abandoned, "the share could not be made active: \(error)")
                        return try await aborted(id, error)
                    }
                }
                var fields = [
                    "groupPublicKey": Hex.encode((try? outcome.groupPublicKey.compressed()) ?? []),
                    "transcriptHash": Hex.encode(outcome.transcriptHash),
                ]
                if let version = ceremonies[id]!.refreshing { fields["keyVersion"] = String(version) }
                try await audit(
                    ceremonies[id]!.refreshing == nil ? "completed" : "refresh completed", ceremonies[id]!.parameters,
                    fields)
                let completion = KeyCeremonyCompletion(
                    ceremonyID: id, sender: ceremonies[id]!.identifier, transcriptHash: outcome.transcriptHash,
                    groupPublicKey: outcome.groupPublicKey)
                var reply = PeerReply(type: .ceremonyComplete, payload: completion.encoded())
                if ceremonies[id]!.refreshing != nil {
                    // The activation, signed, so that every signer can retire its old share once
                    // all activated; without it the old share stays superseded.
                    let digest = KeyCeremonyTranscript.activationDigest(
                        ceremonyID: id, transcriptHash: outcome.transcriptHash)
                    var signature = try? await token.signWithIdentity(digest: digest)
                    if signature == nil { signature = try? await token.signWithIdentity(digest: digest) }
                    if let signature {
                        let activated = KeyCeremonyTranscriptSignature(
                            ceremonyID: id, sender: ceremonies[id]!.identifier, transcriptHash: digest,
                            signature: signature)
                        reply = PeerReply(type: .ceremonyActivated, payload: KeyCeremonyWire.encode(batch: [activated]))
                    }
                }
                ceremonies[id]!.completedReply = reply
                return reply
            case .aborted(let error, _):
                return try await aborted(id, error)
            case .broadcastRound1, .wait:
                action = try abandon(id, "the ceremony stopped at an unexpected step")
            }
        }
    }

    private func abandon(_ id: KeyCeremonyID, _ reason: String) throws -> KeyCeremonyStateMachine.Action {
        try ceremonies[id]!.machine.abandon(reason: reason)
    }

    /// The ceremony aborted here: discard its pending share, record why, report it.
    private func aborted(_ id: KeyCeremonyID, _ error: KeyCeremonyError) async throws -> PeerReply {
        ceremonies[id]!.abort = error
        try await vault.discard(ceremonyID: id, reason: error.description)
        try await audit(
            "aborted", ceremonies[id]!.parameters,
            [
                "code": error.code.description, "reason": error.reason,
                "culprits": error.culprits.map(\.description).joined(separator: ","),
            ])
        return Self.aborted(id, error)
    }

    static func aborted(_ id: KeyCeremonyID, _ error: KeyCeremonyError) -> PeerReply {
        PeerReply(type: .ceremonyAborted, payload: KeyCeremonyAbortReport(ceremonyID: id, error: error).encoded())
    }

    // MARK: - Checks

    func decode<T>(_ body: () throws -> T) throws(Refusal) -> T {
        do {
            return try body()
        } catch let error as KeyCeremonyError {
            throw Refusal("malformed_message", error.reason)
        } catch {
            throw Refusal("malformed_message", "\(error)")
        }
    }

    /// The ceremony `id`, running in the envelope's session, not finished, at `phase`.
    private func ceremony(
        _ id: KeyCeremonyID, _ message: OpenedEnvelope, phase: KeyCeremonyStateMachine.Phase, kind: String
    ) throws(Refusal) -> Ceremony {
        guard let ceremony = ceremonies[id] else {
            throw Refusal("unknown_ceremony", "no ceremony \(id) was started here")
        }
        guard message.session == ceremony.session else {
            throw Refusal("wrong_session", "ceremony \(id) runs in another session")
        }
        if let error = ceremony.abort {
            throw Refusal("ceremony_finished", "ceremony \(id) was aborted here (\(error.code))")
        }
        guard ceremony.machine.phase == phase else {
            throw Refusal(
                "unexpected_message", "\(kind) for ceremony \(id), which is at step \(ceremony.machine.phase)")
        }
        return ceremony
    }

    /// One message from each other participant, no more.
    private func checkSenders(_ senders: [Identifier], _ ceremony: Ceremony, kind: String) throws(Refusal) {
        let others = ceremony.others
        guard senders.count == others.count, Set(senders) == others else {
            let missing = others.subtracting(senders).sorted()
            let extra = Set(senders).subtracting(others).sorted()
            throw Refusal(
                "malformed_message",
                "the batch must hold one \(kind) from each other participant: \(senders.count) given, "
                    + "missing \(missing), not expected \(extra)")
        }
    }

    // MARK: - Audit

    func audit(_ event: String, _ parameters: KeyCeremonyParameters, _ fields: [String: String]) async throws {
        var document = fields
        document["event"] = event
        document["ceremony"] = parameters.id.description
        document["wallet"] = parameters.wallet
        document["suite"] = parameters.suite.rawValue
        let payload = Array(try DocumentJSON.data(document, layout: .compact))
        try await auditLog.append(type: .keyCeremony, actor: me.value, payload: payload)
    }
}
