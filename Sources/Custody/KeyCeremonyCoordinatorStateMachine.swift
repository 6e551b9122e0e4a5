public import FROST

/// One key ceremony at the coordinator, as a pure state machine: it collects each step's
/// messages from every participant and relays them, and checks what it can without any
/// secret. It is not trusted: it holds no share and cannot open a ``ShareBox``; every
/// participant checks everything for itself (``KeyCeremonyStateMachine``). What it adds is an
/// early, attributable view: it aborts on an equivocation it sees in the echoes, and it
/// completes only when every participant signed the transcript hash it computed itself from
/// the round-one packages it relayed, so the wallet's group key it reports is the one every
/// participant signed.
///
/// A message the machine cannot take is refused with a ``KeyCeremonyError`` and changes
/// nothing. Messages, checks and errors: docs/key-ceremony.md.
public struct KeyCeremonyCoordinatorStateMachine: Sendable {
    /// What the driver is to do after an event.
    public enum Action: Sendable, Equatable {
        /// Send the parameters to every participant: each starts its ``KeyCeremonyStateMachine``.
        case invite(KeyCeremonyParameters)
        /// Nothing yet: wait for more events.
        case wait
        /// Deliver to each participant (the key) every other participant's round-one package.
        case relayRound1([Identifier: [KeyCeremonyRound1]])
        /// Deliver to each participant every other participant's echo.
        case relayEchoes([Identifier: [KeyCeremonyEcho]])
        /// Deliver to each participant the boxes addressed to it.
        case relayShares([Identifier: [ShareBox]])
        /// Deliver to each participant every other participant's transcript signature; the
        /// ceremony is complete: every signature verified over the transcript hash the
        /// coordinator computed.
        case completed(KeyCeremonyOutcome, relay: [Identifier: [KeyCeremonyTranscriptSignature]])
        /// The ceremony is aborted: tell `notify` (every participant), so that each discards
        /// its pending share.
        case aborted(KeyCeremonyError, notify: [Identifier])
    }

    /// Where the ceremony is, for drivers and tests.
    public enum Phase: Sendable, Equatable {
        case idle, round1, echo, round2, transcript, completed, aborted
    }

    private enum State: Sendable {
        case idle
        case round1(KeyCeremonyParameters, received: [Identifier: KeyCeremonyRound1])
        case echo(KeyCeremonyParameters, Expected, received: [Identifier: KeyCeremonyEcho])
        case round2(KeyCeremonyParameters, Expected, received: [Identifier: [ShareBox]])
        case transcript(KeyCeremonyParameters, Expected, received: [Identifier: KeyCeremonyTranscriptSignature])
        case completed(KeyCeremonyOutcome)
        case aborted(KeyCeremonyError)
    }

    /// What the coordinator derived from the round-one packages it relayed.
    private struct Expected: Sendable {
        let publicKeyPackage: PublicKeyPackage
        let transcriptHash: [UInt8]
    }

    private var state: State = .idle
    /// For a share refresh, the key refreshed.
    private var refresh: KeyCeremonyRefresh?

    /// A ceremony not yet started.
    public init() {}

    /// Where the ceremony is.
    public var phase: Phase {
        switch state {
        case .idle: .idle
        case .round1: .round1
        case .echo: .echo
        case .round2: .round2
        case .transcript: .transcript
        case .completed: .completed
        case .aborted: .aborted
        }
    }

    /// Event: start the ceremony. Returns `invite`.
    ///
    /// - Throws: `alreadyStarted` unless idle.
    public mutating func start(_ parameters: KeyCeremonyParameters) throws(KeyCeremonyError) -> Action {
        guard case .idle = state else { throw KeyCeremonyError(.alreadyStarted, "the ceremony was already started") }
        state = .round1(parameters, received: [:])
        return .invite(parameters)
    }

    /// Event: start a share refresh of `refresh`'s key (docs/key-ceremony.md § Share refresh).
    /// Returns `invite`; the steps are the key ceremony's, the public key package it expects the
    /// refreshed one (the same group key).
    ///
    /// - Throws: `alreadyStarted` unless idle; `invalidParameters` when the parameters'
    ///   threshold is not the key's or a participant holds no share of it.
    public mutating func startRefresh(_ parameters: KeyCeremonyParameters, refresh: KeyCeremonyRefresh)
        throws(KeyCeremonyError) -> Action
    {
        guard case .idle = state else { throw KeyCeremonyError(.alreadyStarted, "the ceremony was already started") }
        try refresh.check(parameters)
        self.refresh = refresh
        state = .round1(parameters, received: [:])
        return .invite(parameters)
    }

    /// Event: `message` arrived from `sender`. Returns `wait`, or `relayRound1` once every
    /// participant's package is in; aborts with `invalidRound1Package` when the packages make
    /// no key (a group key or verifying share at the identity).
    ///
    /// - Throws: `notStarted`, `ceremonyFinished`, `wrongCeremony`, `unknownParticipant`,
    ///   `misattributed`; `unexpectedMessage` after round one; `duplicateMessage`.
    public mutating func round1Received(_ message: KeyCeremonyRound1, from sender: Identifier)
        throws(KeyCeremonyError) -> Action
    {
        let parameters = try check(message.ceremonyID, claimed: message.sender, from: sender, kind: "round-one package")
        guard case .round1(_, var received) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "a round-one package from \(sender) after round one")
        }
        guard received[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its round-one package; the first stands",
                culprits: [sender])
        }
        received[sender] = message
        guard received.count == parameters.participants.count else {
            state = .round1(parameters, received: received)
            return .wait
        }
        let packages = received.mapValues(\.package)
        let coefficients = refresh == nil ? parameters.threshold : parameters.threshold - 1
        let wrongSize = packages.filter { $0.value.commitment.coefficients.count != coefficients }.keys
        guard wrongSize.isEmpty else {
            return abort(
                KeyCeremonyError(
                    .invalidRound1Package,
                    "the commitments of \(wrongSize.sorted()) do not have \(coefficients) coefficients",
                    culprits: Array(wrongSize)), parameters)
        }
        let publicKeyPackage: PublicKeyPackage
        do {
            publicKeyPackage = try KeyCeremonyTranscript.publicKeyPackage(
                round1Packages: packages, threshold: parameters.threshold, refresh: refresh)
        } catch {
            return abort(error, parameters)
        }
        let expected = Expected(
            publicKeyPackage: publicKeyPackage,
            transcriptHash: KeyCeremonyTranscript.hash(
                parameters: parameters, round1Packages: packages, publicKeyPackage: publicKeyPackage,
                refresh: refresh))
        state = .echo(parameters, expected, received: [:])
        return .relayRound1(relay(received, parameters))
    }

    /// Event: `echo` arrived from `sender`. Returns `wait`, or once every echo is in,
    /// `relayEchoes` when all are equal, otherwise aborts with `equivocation` naming each
    /// participant whose package was seen differently and who saw what.
    ///
    /// - Throws: the checks of every message; `unexpectedMessage` outside the echo step;
    ///   `duplicateMessage`; `malformedMessage` for an echo that does not hold one 32-byte hash
    ///   for exactly every participant.
    public mutating func echoReceived(_ echo: KeyCeremonyEcho, from sender: Identifier) throws(KeyCeremonyError)
        -> Action
    {
        let parameters = try check(echo.ceremonyID, claimed: echo.sender, from: sender, kind: "echo")
        guard case .echo(_, let expected, var received) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "an echo from \(sender) outside the echo step")
        }
        guard received[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its echo; the first stands", culprits: [sender])
        }
        guard Set(echo.packageHashes.keys) == Set(parameters.identifiers),
            echo.packageHashes.values.allSatisfy({ $0.count == 32 })
        else {
            throw KeyCeremonyError(
                .malformedMessage, "the echo from \(sender) does not hold one 32-byte hash for every participant",
                culprits: [sender])
        }
        received[sender] = echo
        guard received.count == parameters.participants.count else {
            state = .echo(parameters, expected, received: received)
            return .wait
        }
        if let equivocation = KeyCeremonyTranscript.compare(received) { return abort(equivocation, parameters) }
        state = .round2(parameters, expected, received: [:])
        return .relayEchoes(relay(received, parameters))
    }

    /// Event: `boxes` (one for each other participant) arrived from `sender`. Returns `wait`,
    /// or `relayShares` once every participant's boxes are in.
    ///
    /// - Throws: the checks of every message (on each box); `unexpectedMessage` outside round
    ///   two; `duplicateMessage`; `malformedMessage` unless there is exactly one box for each
    ///   other participant.
    public mutating func sharesReceived(_ boxes: [ShareBox], from sender: Identifier) throws(KeyCeremonyError)
        -> Action
    {
        guard let first = boxes.first else {
            throw KeyCeremonyError(
                .malformedMessage, "an empty batch of share boxes from \(sender)", culprits: [sender])
        }
        let parameters = try check(first.ceremonyID, claimed: first.sender, from: sender, kind: "share box")
        for box in boxes.dropFirst() {
            _ = try check(box.ceremonyID, claimed: box.sender, from: sender, kind: "share box")
        }
        guard case .round2(_, let expected, var received) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "share boxes from \(sender) outside round two")
        }
        guard received[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its share boxes; the first stand",
                culprits: [sender])
        }
        let recipients = boxes.map(\.recipient)
        let others = parameters.identifiers.filter { $0 != sender }
        guard recipients.count == others.count, Set(recipients) == Set(others) else {
            throw KeyCeremonyError(
                .malformedMessage,
                "participant \(sender) sent share boxes for \(recipients.sorted()), not one for each of \(others)",
                culprits: [sender])
        }
        received[sender] = boxes
        guard received.count == parameters.participants.count else {
            state = .round2(parameters, expected, received: received)
            return .wait
        }
        var relay: [Identifier: [ShareBox]] = [:]
        for box in received.values.flatMap({ $0 }) { relay[box.recipient, default: []].append(box) }
        state = .transcript(parameters, expected, received: [:])
        return .relayShares(relay.mapValues { $0.sorted { $0.sender < $1.sender } })
    }

    /// Event: `message` arrived from `sender`. Returns `wait`, or `completed` once every
    /// participant's signature is in.
    ///
    /// Aborts: `transcriptMismatch` when `sender` signed another hash than the one the
    /// coordinator computed from the round-one packages it relayed; `invalidTranscriptSignature`
    /// when the signature does not verify under `sender`'s identity key.
    /// - Throws: the checks of every message; `unexpectedMessage` before round two is relayed;
    ///   `duplicateMessage`.
    public mutating func transcriptSignatureReceived(_ message: KeyCeremonyTranscriptSignature, from sender: Identifier)
        throws(KeyCeremonyError) -> Action
    {
        let parameters = try check(
            message.ceremonyID, claimed: message.sender, from: sender, kind: "transcript signature")
        guard case .transcript(_, let expected, var received) = state else {
            throw KeyCeremonyError(.unexpectedMessage, "a transcript signature from \(sender) before round two ended")
        }
        guard received[sender] == nil else {
            throw KeyCeremonyError(
                .duplicateMessage, "participant \(sender) already sent its transcript signature; the first stands",
                culprits: [sender])
        }
        guard message.transcriptHash == expected.transcriptHash else {
            return abort(
                KeyCeremonyError(
                    .transcriptMismatch,
                    "participant \(sender) signed another transcript hash than the one the relayed packages make",
                    culprits: [sender]), parameters)
        }
        guard
            parameters.participant(sender)!.identityKey.isValidSignature(
                message.signature, digest: expected.transcriptHash)
        else {
            return abort(
                KeyCeremonyError(
                    .invalidTranscriptSignature,
                    "the transcript signature of participant \(sender) does not verify under its identity key",
                    culprits: [sender]), parameters)
        }
        received[sender] = message
        guard received.count == parameters.participants.count else {
            state = .transcript(parameters, expected, received: received)
            return .wait
        }
        let outcome = KeyCeremonyOutcome(
            ceremonyID: parameters.id, wallet: parameters.wallet, suite: parameters.suite,
            groupPublicKey: expected.publicKeyPackage.groupPublicKey, publicKeyPackage: expected.publicKeyPackage,
            transcriptHash: expected.transcriptHash,
            transcriptSignatures: received.values.sorted { $0.sender < $1.sender })
        state = .completed(outcome)
        return .completed(outcome, relay: relay(received, parameters))
    }

    /// Event: `participant` reported that it aborted, with its error. Aborts the ceremony with
    /// `abandoned`; the culprits are the ones the participant named (its claim, which the
    /// reason attributes to it).
    ///
    /// - Throws: `notStarted`; `ceremonyFinished`; `unknownParticipant`.
    public mutating func participantAborted(_ participant: Identifier, error: KeyCeremonyError)
        throws(KeyCeremonyError) -> Action
    {
        let parameters = try activeParameters()
        guard parameters.participant(participant) != nil else {
            throw KeyCeremonyError(
                .unknownParticipant, "an abort reported by \(participant), who is not a participant",
                culprits: [participant])
        }
        return abort(
            KeyCeremonyError(
                .abandoned, "participant \(participant) aborted the ceremony: \(error)", culprits: error.culprits),
            parameters)
    }

    /// Event: give up (a deadline passed, the operator gave up). Aborts with `abandoned`.
    ///
    /// - Throws: `notStarted`; `ceremonyFinished`.
    public mutating func abandon(reason: String) throws(KeyCeremonyError) -> Action {
        abort(KeyCeremonyError(.abandoned, reason), try activeParameters())
    }

    // MARK: - Internals

    /// For each participant, every other participant's message, in ascending order of sender.
    private func relay<Message>(_ messages: [Identifier: Message], _ parameters: KeyCeremonyParameters)
        -> [Identifier: [Message]]
    {
        var out: [Identifier: [Message]] = [:]
        for recipient in parameters.identifiers {
            out[recipient] = messages.filter { $0.key != recipient }.sorted { $0.key < $1.key }.map(\.value)
        }
        return out
    }

    private mutating func abort(_ error: KeyCeremonyError, _ parameters: KeyCeremonyParameters) -> Action {
        state = .aborted(error)
        return .aborted(error, notify: parameters.identifiers)
    }

    private func activeParameters() throws(KeyCeremonyError) -> KeyCeremonyParameters {
        switch state {
        case .idle: throw KeyCeremonyError(.notStarted, "the ceremony has not been started")
        case .completed: throw KeyCeremonyError(.ceremonyFinished, "the ceremony is complete")
        case .aborted(let error): throw KeyCeremonyError(.ceremonyFinished, "the ceremony was aborted (\(error))")
        case .round1(let parameters, _), .echo(let parameters, _, _), .round2(let parameters, _, _),
            .transcript(let parameters, _, _):
            return parameters
        }
    }

    private func check(_ ceremonyID: KeyCeremonyID, claimed: Identifier, from sender: Identifier, kind: String)
        throws(KeyCeremonyError) -> KeyCeremonyParameters
    {
        let parameters = try activeParameters()
        guard ceremonyID == parameters.id else {
            throw KeyCeremonyError(
                .wrongCeremony, "a \(kind) for ceremony \(ceremonyID), not this ceremony \(parameters.id)")
        }
        guard parameters.participant(sender) != nil else {
            throw KeyCeremonyError(
                .unknownParticipant, "a \(kind) from \(sender), who is not a participant of this ceremony",
                culprits: [sender])
        }
        guard claimed == sender else {
            throw KeyCeremonyError(
                .misattributed, "participant \(sender) sent a \(kind) naming participant \(claimed)",
                culprits: [sender])
        }
        return parameters
    }
}
