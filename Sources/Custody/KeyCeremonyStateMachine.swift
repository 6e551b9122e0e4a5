public import FROST
public import SecureMemory

/// One participant's side of a key ceremony (a dealerless FROST DKG among signer daemons), as a
/// pure state machine: events in (the start, messages relayed by the coordinator, the driver's
/// reports that it recorded the pending share and signed the transcript), actions out
/// (broadcast this, send that, seal and record this share as pending, sign this hash, activate,
/// abort and discard). It does no I/O and holds no key of the HSM: the driver derives the ECDH
/// secrets with the other participants' identity keys before the start, seals and records the
/// share, and signs the transcript with the identity key. DKG part 1 draws its polynomial from
/// the system's generator (FROST's `dkgPart1`).
///
/// The steps: round one (broadcast the package, receive everyone else's, check their proofs of
/// knowledge), echo (send what was received, check that every participant received the same),
/// round two (send each other participant its share in a ``ShareBox``, open and check the
/// shares received against their senders' commitments), then the transcript: record the new
/// share as pending, sign the transcript hash, and activate the share only when every
/// participant's signature over the same hash verifies. Any failure aborts and discards the
/// pending share, so a failed or abandoned ceremony leaves no usable key.
///
/// A message the machine cannot take (another ceremony, an outsider, the wrong step, a
/// duplicate) is refused with a ``KeyCeremonyError`` and changes nothing; misbehaviour of a
/// participant (a bad proof, an equivocation, a share that does not open or does not match,
/// a transcript signature that does not verify) aborts the ceremony, naming the culprits.
/// Messages, checks and errors: docs/key-ceremony.md.
public struct KeyCeremonyStateMachine: Sendable {
    /// What the driver is to do after an event.
    public enum Action: Sendable, Equatable {
        /// Send this package to the coordinator, to be relayed to every other participant.
        case broadcastRound1(KeyCeremonyRound1)
        /// Nothing yet: wait for more events.
        case wait
        /// Send this echo to the coordinator, to be relayed to every other participant.
        case sendEcho(KeyCeremonyEcho)
        /// Send these boxes (one for each other participant) to the coordinator, to be relayed
        /// each to its recipient.
        case sendShares([ShareBox])
        /// Seal `keyPackage`'s share with the HSM under `sealContext` and record it durably as
        /// pending (never used to sign); then report ``pendingShareRecorded()``.
        case recordPendingShare(PendingKeyShare)
        /// Sign the 32-byte transcript hash with the HSM identity key; then report
        /// ``transcriptSigned(_:)``.
        case signTranscript(digest: [UInt8])
        /// Send this signature to the coordinator, to be relayed to every other participant.
        case sendTranscriptSignature(KeyCeremonyTranscriptSignature)
        /// The ceremony is complete: mark the pending share active. Every participant signed
        /// this outcome's transcript hash.
        case activateShare(KeyCeremonyOutcome)
        /// The ceremony is aborted, for the reason given (culprits named where known). When
        /// `discardPendingShare` is true, a pending share was asked to be recorded: delete it.
        case aborted(KeyCeremonyError, discardPendingShare: Bool)
    }

    /// Where the ceremony is, for drivers and tests.
    public enum Phase: Sendable, Equatable {
        /// Not started.
        case idle
        /// Waiting for every other participant's round-one package.
        case round1
        /// Waiting for every other participant's echo.
        case echo
        /// Waiting for every other participant's encrypted share.
        case round2
        /// Waiting for the driver to record the pending share.
        case recordingShare
        /// Waiting for the driver to sign the transcript.
        case signingTranscript
        /// Waiting for every other participant's transcript signature.
        case collectingSignatures
        /// Completed: the share is active.
        case completed
        /// Aborted: the share, if recorded, is discarded.
        case aborted
    }

    private struct Context: Sendable {
        let parameters: KeyCeremonyParameters
        let me: KeyCeremonyParticipant
        /// The ECDH secret with each other participant's identity key.
        let channelSecrets: [Identifier: SecretBytes]
        let ownPackage: DKG.Round1Package
        /// For a share refresh: the key refreshed, and this participant's current share of it.
        let refresh: (KeyCeremonyRefresh, share: KeyPackage)?

        var purpose: ShareBox.Purpose { refresh == nil ? .dkgShare : .refreshShare }

        var others: [KeyCeremonyParticipant] { parameters.participants.filter { $0.identifier != me.identifier } }
    }

    private enum FinishStep: Sendable {
        case recording
        case signing
        case signed(KeyCeremonyTranscriptSignature)
    }

    private enum State: Sendable {
        case idle
        case round1(Context, DKG.Round1Secret, received: [Identifier: DKG.Round1Package])
        case echo(
            Context, DKG.Round2Secret, round1: [Identifier: DKG.Round1Package],
            echoes: [Identifier: KeyCeremonyEcho])
        case round2(
            Context, DKG.Round2Secret, round1: [Identifier: DKG.Round1Package],
            received: [Identifier: DKG.Round2Package])
        case finishing(
            Context, PendingKeyShare, step: FinishStep, signatures: [Identifier: KeyCeremonyTranscriptSignature])
        case completed(KeyCeremonyOutcome)
        case aborted(KeyCeremonyError)
    }

    private var state: State = .idle

    /// A ceremony not yet started.
    public init() {}

    /// Where the ceremony is.
    public var phase: Phase {
        switch state {
        case .idle: .idle
        case .round1: .round1
        case .echo: .echo
        case .round2: .round2
        case .finishing(_, _, .recording, _): .recordingShare
        case .finishing(_, _, .signing, _): .signingTranscript
        case .finishing(_, _, .signed, _): .collectingSignatures
        case .completed: .completed
        case .aborted: .aborted
        }
    }

    /// Event: start the ceremony as participant `identifier`. Runs DKG part 1 and returns
    /// `broadcastRound1`.
    ///
    /// - Parameter channelSecrets: for each other participant, the ECDH secret of this
    ///   participant's identity key with theirs (`HSMToken.deriveSharedSecret(peer:)`), 32 bytes.
    /// - Throws: `alreadyStarted` unless idle; `unknownParticipant` when `identifier` is not a
    ///   participant; `invalidParameters` when `channelSecrets` does not hold one 32-byte secret
    ///   for exactly every other participant.
    public mutating func start(
        _ parameters: KeyCeremonyParameters, as identifier: Identifier, channelSecrets: [Identifier: SecretBytes]
    ) throws(KeyCeremonyError) -> Action {
        try start(parameters, as: identifier, channelSecrets: channelSecrets, refresh: nil)
    }

    /// Event: start a share refresh (docs/key-ceremony.md § Share refresh) as participant
    /// `share.identifier`: new shares of `refresh`'s key, made by every participant dealing a
    /// share of zero. Runs refresh part 1 and returns `broadcastRound1`; the steps that follow
    /// are the key ceremony's, with ``ShareBox/Purpose/refreshShare`` boxes, and the pending
    /// share has `refresh.keyVersion`.
    ///
    /// - Parameter share: this participant's current key package of `refresh`'s key.
    /// - Throws: as ``start(_:as:channelSecrets:)``; `invalidParameters` when the parameters'
    ///   threshold is not the key's, a participant holds no share of it, or `share` is not this
    ///   participant's share of it.
    public mutating func startRefresh(
        _ parameters: KeyCeremonyParameters, refresh: KeyCeremonyRefresh, share: KeyPackage,
        channelSecrets: [Identifier: SecretBytes]
    ) throws(KeyCeremonyError) -> Action {
        try refresh.check(parameters)
        let key = refresh.publicKeyPackage
        guard share.groupPublicKey == key.groupPublicKey, key.verifyingShares[share.identifier] == share.verifyingShare
        else {
            throw KeyCeremonyError(
                .invalidParameters,
                "the share given is not participant \(share.identifier)'s share of the key refreshed")
        }
        return try start(parameters, as: share.identifier, channelSecrets: channelSecrets, refresh: (refresh, share))
    }

    private mutating func start(
        _ parameters: KeyCeremonyParameters, as identifier: Identifier, channelSecrets: [Identifier: SecretBytes],
        refresh: (KeyCeremonyRefresh, share: KeyPackage)?
    ) throws(KeyCeremonyError) -> Action {
        guard case .idle = state else { throw KeyCeremonyError(.alreadyStarted, "the ceremony was already started") }
        guard let me = parameters.participant(identifier) else {
            throw KeyCeremonyError(
                .unknownParticipant, "\(identifier) is not a participant of ceremony \(parameters.id)")
        }
        let others = Set(parameters.identifiers.filter { $0 != identifier })
        guard Set(channelSecrets.keys) == others, channelSecrets.values.allSatisfy({ $0.count == 32 }) else {
            throw KeyCeremonyError(
                .invalidParameters,
                "the channel secrets must be one 32-byte ECDH secret for each other participant \(others.sorted())")
        }
        let secret: DKG.Round1Secret
        do {
            if let refresh {
                secret = try Self.refreshPart1(parameters, share: refresh.share)
            } else {
                secret = try Self.dkgPart1(parameters, identifier: identifier)
            }
        } catch {
            throw KeyCeremonyError(.invalidParameters, "DKG part 1 refused the ceremony: \(error.reason)")
        }
        let context = Context(
            parameters: parameters, me: me, channelSecrets: channelSecrets, ownPackage: secret.package,
            refresh: refresh)
        state = .round1(context, secret, received: [:])
        return .broadcastRound1(
            KeyCeremonyRound1(ceremonyID: parameters.id, sender: identifier, package: secret.package))
    }

    /// Event: `message` arrived from `sender` (the authenticated sender of the message). Returns
    /// `wait`; once every other participant's package is in, checks every proof of knowledge
    /// and returns `sendEcho`, or aborts.
    ///
    /// Aborts: `invalidProofOfKnowledge` or `invalidRound1Package` naming the senders.
    /// - Throws: the checks every message goes through (``KeyCeremonyError`` codes
    ///   `notStarted`, `ceremonyFinished`, `wrongCeremony`, `unknownParticipant`,
    ///   `misattributed`); `unexpectedMessage` after round one; `duplicateMessage` for a second
    ///   package from `sender` (the first stands).
    public mutating func round1Received(_ message: KeyCeremonyRound1, from sender: Identifier)
        throws(KeyCeremonyError) -> Action
    {
        let context = try check(message.ceremonyID, claimed: message.sender, from: sender, kind: "round-one package")
        guard case .round1(_, let secret, var received) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "a round-one package from \(sender) after round one")
        }
        guard received[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its round-one package; the first stands",
                culprits: [sender])
        }
        received[sender] = message.package
        guard received.count == context.others.count else {
            state = .round1(context, secret, received: received)
            return .wait
        }
        let round2: DKG.Round2Secret
        do {
            if context.refresh != nil {
                round2 = try Self.refreshPart2(context.parameters.suite, secret: secret, round1Packages: received)
            } else {
                round2 = try Self.dkgPart2(context.parameters.suite, secret: secret, round1Packages: received)
            }
        } catch {
            let code: KeyCeremonyError.Code =
                error.code == .invalidProofOfKnowledge ? .invalidProofOfKnowledge : .invalidRound1Package
            return abort(KeyCeremonyError(code, error.reason, culprits: error.culprits))
        }
        var hashes: [Identifier: [UInt8]] = [:]
        for (identifier, package) in received.merging(
            [context.me.identifier: context.ownPackage], uniquingKeysWith: { a, _ in a })
        {
            hashes[identifier] = KeyCeremonyTranscript.packageHash(
                package, sender: identifier, ceremonyID: context.parameters.id)
        }
        let echo = KeyCeremonyEcho(
            ceremonyID: context.parameters.id, sender: context.me.identifier, packageHashes: hashes)
        state = .echo(context, round2, round1: received, echoes: [context.me.identifier: echo])
        return .sendEcho(echo)
    }

    /// Event: `echo` arrived from `sender`. Returns `wait`; once every other participant's echo
    /// is in and all equal this participant's own, returns `sendShares`; otherwise aborts with
    /// `equivocation`, naming each participant whose package was seen differently and who saw
    /// what.
    ///
    /// - Throws: the checks every message goes through; `unexpectedMessage` outside the echo
    ///   step; `duplicateMessage`; `malformedMessage` for an echo that does not hold one 32-byte
    ///   hash for exactly every participant.
    public mutating func echoReceived(_ echo: KeyCeremonyEcho, from sender: Identifier) throws(KeyCeremonyError)
        -> Action
    {
        let context = try check(echo.ceremonyID, claimed: echo.sender, from: sender, kind: "echo")
        guard case .echo(_, let round2, let round1, var echoes) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "an echo from \(sender) outside the echo step")
        }
        guard echoes[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its echo; the first stands", culprits: [sender])
        }
        guard Set(echo.packageHashes.keys) == Set(context.parameters.identifiers),
            echo.packageHashes.values.allSatisfy({ $0.count == 32 })
        else {
            throw KeyCeremonyError(
                .malformedMessage, "the echo from \(sender) does not hold one 32-byte hash for every participant",
                culprits: [sender])
        }
        echoes[sender] = echo
        guard echoes.count == context.parameters.participants.count else {
            state = .echo(context, round2, round1: round1, echoes: echoes)
            return .wait
        }
        if let equivocation = KeyCeremonyTranscript.compare(echoes) { return abort(equivocation) }
        var boxes: [ShareBox] = []
        for recipient in context.others {
            guard let package = round2.packages[recipient.identifier],
                let box = try? ShareBox.seal(
                    package.signingShare.secret, purpose: context.purpose, ceremonyID: context.parameters.id,
                    from: context.me, to: recipient, sharedSecret: context.channelSecrets[recipient.identifier]!)
            else {
                return abort(KeyCeremonyError(.abandoned, "no share could be sealed for \(recipient.identifier)"))
            }
            boxes.append(box)
        }
        state = .round2(context, round2, round1: round1, received: [:])
        return .sendShares(boxes)
    }

    /// Event: `box` arrived from `sender`. Opens it (the share only ever in wiped memory) and
    /// returns `wait`; once every other participant's share is in, checks each against its
    /// sender's commitment, derives the key package and the group key, and returns
    /// `recordPendingShare`.
    ///
    /// Aborts: `undecryptableShare` naming the sender of a box whose tag fails;
    /// `invalidShare` naming every sender whose share does not match its commitment.
    /// - Throws: the checks every message goes through; `misdirected` for a box addressed to
    ///   another participant; `malformedMessage` for a box of the wrong shape;
    ///   `unexpectedMessage` outside round two; `duplicateMessage`.
    public mutating func shareReceived(_ box: ShareBox, from sender: Identifier) throws(KeyCeremonyError) -> Action {
        let context = try check(box.ceremonyID, claimed: box.sender, from: sender, kind: "share box")
        guard case .round2(_, let round2, let round1, var received) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "a share box from \(sender) outside round two")
        }
        guard received[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its share; the first stands", culprits: [sender])
        }
        let secret: SecretBytes
        do {
            secret = try box.open(
                purpose: context.purpose, ceremonyID: context.parameters.id,
                from: context.parameters.participant(sender)!,
                to: context.me, sharedSecret: context.channelSecrets[sender]!)
        } catch  where error.code == .undecryptableShare {
            return abort(error)
        }
        guard let share = try? SigningShare(secret: secret) else {
            return abort(
                KeyCeremonyError(
                    .invalidShare, "the share from \(sender) is not a scalar below the group order", culprits: [sender])
            )
        }
        received[sender] = DKG.Round2Package(signingShare: share)
        guard received.count == context.others.count else {
            state = .round2(context, round2, round1: round1, received: received)
            return .wait
        }
        let keyPackage: KeyPackage
        let publicKeyPackage: PublicKeyPackage
        do {
            if let refresh = context.refresh {
                (keyPackage, publicKeyPackage) = try Self.refreshPart3(
                    context.parameters.suite, secret: round2, round1Packages: round1, round2Packages: received,
                    share: refresh.share, key: refresh.0.publicKeyPackage)
            } else {
                (keyPackage, publicKeyPackage) = try Self.dkgPart3(
                    context.parameters.suite, secret: round2, round1Packages: round1, round2Packages: received)
            }
        } catch {
            return abort(KeyCeremonyError(.invalidShare, error.reason, culprits: error.culprits))
        }
        let allRound1 = round1.merging([context.me.identifier: context.ownPackage]) { a, _ in a }
        let hash = KeyCeremonyTranscript.hash(
            parameters: context.parameters, round1Packages: allRound1, publicKeyPackage: publicKeyPackage,
            refresh: context.refresh?.0)
        let pending = PendingKeyShare(
            ceremonyID: context.parameters.id, wallet: context.parameters.wallet, suite: context.parameters.suite,
            keyPackage: keyPackage, publicKeyPackage: publicKeyPackage, transcriptHash: hash,
            keyVersion: context.refresh?.0.keyVersion ?? 1)
        state = .finishing(context, pending, step: .recording, signatures: [:])
        return .recordPendingShare(pending)
    }

    /// Event: the driver sealed and durably recorded the pending share. Returns
    /// `signTranscript`.
    ///
    /// - Throws: `notStarted`; `ceremonyFinished`; `unexpectedMessage` unless a share is
    ///   waiting to be recorded.
    public mutating func pendingShareRecorded() throws(KeyCeremonyError) -> Action {
        _ = try activeContext()
        guard case .finishing(let context, let pending, .recording, let signatures) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "no share is waiting to be recorded")
        }
        state = .finishing(context, pending, step: .signing, signatures: signatures)
        return .signTranscript(digest: pending.transcriptHash)
    }

    /// Event: the driver signed the transcript hash with the identity key. Returns
    /// `sendTranscriptSignature`.
    ///
    /// - Throws: `notStarted`; `ceremonyFinished`; `unexpectedMessage` unless the transcript
    ///   is waiting to be signed; `invalidTranscriptSignature` when `signature` does not verify
    ///   under this participant's own identity key (nothing changes; sign again).
    public mutating func transcriptSigned(_ signature: [UInt8]) throws(KeyCeremonyError) -> Action {
        _ = try activeContext()
        guard case .finishing(let context, let pending, .signing, let signatures) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "no transcript is waiting to be signed")
        }
        guard context.me.identityKey.isValidSignature(signature, digest: pending.transcriptHash) else {
            throw KeyCeremonyError(
                .invalidTranscriptSignature,
                "the transcript signature the driver made does not verify under this participant's identity key")
        }
        let own = KeyCeremonyTranscriptSignature(
            ceremonyID: context.parameters.id, sender: context.me.identifier, transcriptHash: pending.transcriptHash,
            signature: signature)
        state = .finishing(context, pending, step: .signed(own), signatures: signatures)
        return .sendTranscriptSignature(own)
    }

    /// Event: `message` (another participant's transcript signature) arrived from `sender`.
    /// Returns `wait`; once this participant has signed and every other signature is in and
    /// verifies, `activateShare`.
    ///
    /// Aborts (the pending share discarded): `transcriptMismatch` when `sender` signed another
    /// hash; `invalidTranscriptSignature` when its signature does not verify under its identity
    /// key.
    /// - Throws: the checks every message goes through; `unexpectedMessage` before this
    ///   participant signed its own transcript; `duplicateMessage`.
    public mutating func transcriptSignatureReceived(_ message: KeyCeremonyTranscriptSignature, from sender: Identifier)
        throws(KeyCeremonyError) -> Action
    {
        let context = try check(
            message.ceremonyID, claimed: message.sender, from: sender, kind: "transcript signature")
        guard case .finishing(_, let pending, .signed(let own), var signatures) = state else {
            throw KeyCeremonyError(
                .unexpectedMessage,
                "a transcript signature from \(sender) before this participant signed its own transcript")
        }
        guard signatures[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its transcript signature; the first stands",
                culprits: [sender])
        }
        guard message.transcriptHash == pending.transcriptHash else {
            return abort(
                KeyCeremonyError(
                    .transcriptMismatch,
                    "participant \(sender) signed another transcript hash than this participant's: "
                        + "they saw another ceremony",
                    culprits: [sender]))
        }
        guard
            context.parameters.participant(sender)!.identityKey.isValidSignature(
                message.signature, digest: pending.transcriptHash)
        else {
            return abort(
                KeyCeremonyError(
                    .invalidTranscriptSignature,
                    "the transcript signature of participant \(sender) does not verify under its identity key",
                    culprits: [sender]))
        }
        signatures[sender] = message
        state = .finishing(context, pending, step: .signed(own), signatures: signatures)
        guard signatures.count == context.others.count else { return .wait }
        return complete()
    }

    /// Event: give up (a deadline passed, the operator or the coordinator aborted, another
    /// participant reported an abort, or the share could not be recorded). Returns `aborted`
    /// with code `abandoned`.
    ///
    /// - Throws: `notStarted`; `ceremonyFinished`.
    public mutating func abandon(reason: String) throws(KeyCeremonyError) -> Action {
        _ = try activeContext()
        return abort(KeyCeremonyError(.abandoned, reason))
    }

    // MARK: - Internals

    private mutating func complete() -> Action {
        guard case .finishing(let context, let pending, .signed(let own), let signatures) = state else {
            return .wait
        }
        let outcome = KeyCeremonyOutcome(
            ceremonyID: context.parameters.id, wallet: context.parameters.wallet, suite: context.parameters.suite,
            groupPublicKey: pending.publicKeyPackage.groupPublicKey, publicKeyPackage: pending.publicKeyPackage,
            transcriptHash: pending.transcriptHash,
            transcriptSignatures: (Array(signatures.values) + [own]).sorted { $0.sender < $1.sender })
        state = .completed(outcome)
        return .activateShare(outcome)
    }

    private mutating func abort(_ error: KeyCeremonyError) -> Action {
        let discard: Bool
        if case .finishing = state { discard = true } else { discard = false }
        state = .aborted(error)
        return .aborted(error, discardPendingShare: discard)
    }

    private var context: Context? {
        switch state {
        case .round1(let context, _, _), .echo(let context, _, _, _), .round2(let context, _, _, _),
            .finishing(let context, _, _, _):
            context
        case .idle, .completed, .aborted: nil
        }
    }

    private func activeContext() throws(KeyCeremonyError) -> Context {
        switch state {
        case .idle: throw KeyCeremonyError(.notStarted, "the ceremony has not been started")
        case .completed: throw KeyCeremonyError(.ceremonyFinished, "the ceremony is complete")
        case .aborted(let error): throw KeyCeremonyError(.ceremonyFinished, "the ceremony was aborted (\(error))")
        default: return context!
        }
    }

    /// The checks every message goes through, in this order: the machine is active, the
    /// message is for this ceremony, the sender is another participant, and the message names
    /// its sender.
    private func check(_ ceremonyID: KeyCeremonyID, claimed: Identifier, from sender: Identifier, kind: String)
        throws(KeyCeremonyError) -> Context
    {
        let context = try activeContext()
        guard ceremonyID == context.parameters.id else {
            throw KeyCeremonyError(
                .wrongCeremony, "a \(kind) for ceremony \(ceremonyID), not this ceremony \(context.parameters.id)")
        }
        guard sender != context.me.identifier, context.parameters.participant(sender) != nil else {
            throw KeyCeremonyError(
                .unknownParticipant, "a \(kind) from \(sender), who is not another participant of this ceremony",
                culprits: [sender])
        }
        guard claimed == sender else {
            throw KeyCeremonyError(
                .misattributed, "participant \(sender) sent a \(kind) naming participant \(claimed)",
                culprits: [sender])
        }
        return context
    }

    private static func dkgPart1(_ parameters: KeyCeremonyParameters, identifier: Identifier) throws(FROSTError)
        -> DKG.Round1Secret
    {
        let count = parameters.participants.count
        let ceremony = parameters.frostCeremony
        switch parameters.suite {
        case .secp256k1:
            return try Secp256k1SHA256.dkgPart1(
                identifier: identifier, maxSigners: count, minSigners: parameters.threshold, ceremony: ceremony)
        case .secp256k1Taproot:
            return try Secp256k1SHA256Taproot.dkgPart1(
                identifier: identifier, maxSigners: count, minSigners: parameters.threshold, ceremony: ceremony)
        }
    }

    private static func dkgPart2(
        _ suite: SigningSuite, secret: DKG.Round1Secret, round1Packages: [Identifier: DKG.Round1Package]
    ) throws(FROSTError) -> DKG.Round2Secret {
        switch suite {
        case .secp256k1: try Secp256k1SHA256.dkgPart2(secret: secret, round1Packages: round1Packages)
        case .secp256k1Taproot: try Secp256k1SHA256Taproot.dkgPart2(secret: secret, round1Packages: round1Packages)
        }
    }

    private static func dkgPart3(
        _ suite: SigningSuite, secret: DKG.Round2Secret, round1Packages: [Identifier: DKG.Round1Package],
        round2Packages: [Identifier: DKG.Round2Package]
    ) throws(FROSTError) -> (keyPackage: KeyPackage, publicKeyPackage: PublicKeyPackage) {
        switch suite {
        case .secp256k1:
            try Secp256k1SHA256.dkgPart3(secret: secret, round1Packages: round1Packages, round2Packages: round2Packages)
        case .secp256k1Taproot:
            try Secp256k1SHA256Taproot.dkgPart3(
                secret: secret, round1Packages: round1Packages, round2Packages: round2Packages)
        }
    }

    private static func refreshPart1(_ parameters: KeyCeremonyParameters, share: KeyPackage) throws(FROSTError)
        -> DKG.Round1Secret
    {
        switch parameters.suite {
        case .secp256k1:
            try Secp256k1SHA256.refreshPart1(keyPackage: share, ceremony: parameters.frostCeremony)
        case .secp256k1Taproot:
            try Secp256k1SHA256Taproot.refreshPart1(keyPackage: share, ceremony: parameters.frostCeremony)
        }
    }

    private static func refreshPart2(
        _ suite: SigningSuite, secret: DKG.Round1Secret, round1Packages: [Identifier: DKG.Round1Package]
    ) throws(FROSTError) -> DKG.Round2Secret {
        switch suite {
        case .secp256k1: try Secp256k1SHA256.refreshPart2(secret: secret, round1Packages: round1Packages)
        case .secp256k1Taproot: try Secp256k1SHA256Taproot.refreshPart2(secret: secret, round1Packages: round1Packages)
        }
    }

    private static func refreshPart3(
        _ suite: SigningSuite, secret: DKG.Round2Secret, round1Packages: [Identifier: DKG.Round1Package],
        round2Packages: [Identifier: DKG.Round2Package], share: KeyPackage, key: PublicKeyPackage
    ) throws(FROSTError) -> (keyPackage: KeyPackage, publicKeyPackage: PublicKeyPackage) {
        switch suite {
        case .secp256k1:
            try Secp256k1SHA256.refreshPart3(
                secret: secret, round1Packages: round1Packages, round2Packages: round2Packages, keyPackage: share,
                publicKeyPackage: key)
        case .secp256k1Taproot:
            try Secp256k1SHA256Taproot.refreshPart3(
                secret: secret, round1Packages: round1Packages, round2Packages: round2Packages, keyPackage: share,
                publicKeyPackage: key)
        }
    }
}
