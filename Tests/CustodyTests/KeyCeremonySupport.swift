import Custody
import CustodyTestSupport
import FROST
import PKCS11
import SecureMemory
import Synchronization
import Testing

/// Six SoftHSM2 tokens with Custody's keys, made once for every ceremony test of the process:
/// five participants and one more (an outsider, or the coordinator's own token).
enum CeremonyTokens {
    private static let made: Mutex<[HSMToken]?> = Mutex(nil)

    static func all() throws -> [HSMToken] {
        try made.withLock { (tokens: inout [HSMToken]?) throws -> [HSMToken] in
            if let tokens { return tokens }
            let fresh = try (0..<6).map { try SoftHSM.preparedToken("ceremony-\($0)") }
            tokens = fresh
            return fresh
        }
    }
}

/// What one participant's driver stores: the sealed share, pending or active.
struct ShareLedger {
    var pending: [UInt8]?
    var active: [UInt8]?
    var context: SealContext?
}

/// How a test interferes with a ceremony: what a malicious participant sends, or what a relay
/// delivers. Each hook returns the message to use.
struct Interference {
    /// A participant's round-one message as it leaves the participant.
    var outgoingRound1: (KeyCeremonyRound1) -> KeyCeremonyRound1 = { $0 }
    /// A round-one message as delivered to `recipient`.
    var round1ToRecipient: (KeyCeremonyRound1, Identifier) throws -> KeyCeremonyRound1 = { message, _ in message }
    /// A participant's share boxes as they leave it (the harness gives access to the sender's
    /// channel secrets, as a malicious sender's driver has).
    var outgoingShares: ([ShareBox], CeremonyHarness) throws -> [ShareBox] = { boxes, _ in boxes }
    /// A share box as delivered to `recipient`.
    var shareToRecipient: (ShareBox, Identifier) -> ShareBox = { box, _ in box }
    /// A participant's transcript signature as it leaves it; nil: never sent.
    var outgoingSignature: (KeyCeremonyTranscriptSignature) -> KeyCeremonyTranscriptSignature? = { $0 }
    /// A relay that carries on even when the coordinator's machine aborted (a compromised
    /// coordinator): the participants' own checks are all that stands.
    var relayDespiteCoordinator = false
}

/// A key ceremony among participants whose drivers use real SoftHSM2 tokens (ECDH, sealing,
/// identity signatures), relayed through the coordinator's machine, with the messages carried
/// by hand as the daemons would carry them.
struct CeremonyHarness {
    let parameters: KeyCeremonyParameters
    let tokens: [Identifier: HSMToken]
    let channelSecrets: [Identifier: [Identifier: SecretBytes]]
    var participants: [Identifier: KeyCeremonyStateMachine] = [:]
    var coordinator = KeyCeremonyCoordinatorStateMachine()
    var ledgers: [Identifier: ShareLedger] = [:]
    /// Every participant's last abort, and every refusal it threw.
    var aborts: [Identifier: KeyCeremonyError] = [:]
    var refusals: [Identifier: [KeyCeremonyError]] = [:]
    var coordinatorAbort: KeyCeremonyError?
    var coordinatorRefusals: [KeyCeremonyError] = []
    var coordinatorOutcome: KeyCeremonyOutcome?
    var outcomes: [Identifier: KeyCeremonyOutcome] = [:]
    /// Every message sent, by kind, for replays.
    var sentRound1: [Identifier: KeyCeremonyRound1] = [:]
    var sentEchoes: [Identifier: KeyCeremonyEcho] = [:]
    var sentShares: [Identifier: [ShareBox]] = [:]
    var sentSignatures: [Identifier: KeyCeremonyTranscriptSignature] = [:]

    static func id(_ number: Int) -> Identifier { try! Identifier(number) }

    static func ceremonyID(_ byte: UInt8) -> KeyCeremonyID {
        try! KeyCeremonyID(bytes: Array(repeating: byte, count: 32))
    }

    /// `count` participants (identifiers 1…count, tokens 0…count-1), threshold `threshold`.
    init(_ suite: SigningSuite = .secp256k1Taproot, threshold: Int, of count: Int, ceremony: UInt8 = 1) throws {
        let tokens = try CeremonyTokens.all()
        var byIdentifier: [Identifier: HSMToken] = [:]
        var participants: [KeyCeremonyParticipant] = []
        for number in 1...count {
            let token = tokens[number - 1]
            byIdentifier[Self.id(number)] = token
            participants.append(
                KeyCeremonyParticipant(
                    identifier: Self.id(number),
                    identityKey: try IdentityPublicKey(curve: .secp256k1, sec1: token.identityPublicKey().key)))
        }
        let parameters = try KeyCeremonyParameters(
            id: Self.ceremonyID(ceremony), wallet: "treasury-cold", suite: suite, threshold: threshold,
            participants: participants)
        var secrets: [Identifier: [Identifier: SecretBytes]] = [:]
        for me in participants {
            for peer in participants where peer.identifier != me.identifier {
                secrets[me.identifier, default: [:]][peer.identifier] = try byIdentifier[me.identifier]!
                    .deriveSharedSecret(peer: peer.identityKey)
            }
        }
        self.parameters = parameters
        self.tokens = byIdentifier
        self.channelSecrets = secrets
    }

    var identifiers: [Identifier] { parameters.identifiers }

    /// Runs the whole ceremony with `interference`; stops when it completes or aborts everywhere.
    mutating func run(_ interference: Interference = Interference()) throws {
        guard case .invite(let invited) = try coordinator.start(parameters) else { throw HarnessError("no invite") }
        // Round one.
        for identifier in identifiers {
            var machine = KeyCeremonyStateMachine()
            let action = try machine.start(invited, as: identifier, channelSecrets: channelSecrets[identifier]!)
            participants[identifier] = machine
            guard case .broadcastRound1(let message) = action else { throw HarnessError("no round one: \(action)") }
            sentRound1[identifier] = interference.outgoingRound1(message)
        }
        var relayed = collect(sentRound1, interference) { try $0.round1Received($1, from: $2) }
        guard Self.relays(relayed) || interference.relayDespiteCoordinator else { return finish() }
        for recipient in identifiers {
            for sender in identifiers where sender != recipient {
                let message = try interference.round1ToRecipient(sentRound1[sender]!, recipient)
                deliver(to: recipient) { try $0.round1Received(message, from: sender) }
            }
        }
        if abortedSomewhere() { return finish() }
        // Echo.
        relayed = collect(sentEchoes, interference) { try $0.echoReceived($1, from: $2) }
        guard Self.relays(relayed) || interference.relayDespiteCoordinator else { return finish() }
        for recipient in identifiers {
            for sender in identifiers where sender != recipient {
                guard let echo = sentEchoes[sender] else { continue }
                deliver(to: recipient) { try $0.echoReceived(echo, from: sender) }
            }
        }
        if abortedSomewhere() { return finish() }
        // Round two.
        for sender in identifiers {
            guard let boxes = sentShares[sender] else { continue }
            sentShares[sender] = try interference.outgoingShares(boxes, self)
        }
        relayed = collect(sentShares, interference) { try $0.sharesReceived($1, from: $2) }
        guard Self.relays(relayed) || interference.relayDespiteCoordinator else { return finish() }
        for recipient in identifiers {
            for sender in identifiers where sender != recipient {
                guard let box = sentShares[sender]?.first(where: { $0.recipient == recipient }) else { continue }
                let delivered = interference.shareToRecipient(box, recipient)
                deliver(to: recipient) { try $0.shareReceived(delivered, from: sender) }
            }
        }
        if abortedSomewhere() { return finish() }
        // Transcript.
        var signatures: [Identifier: KeyCeremonyTranscriptSignature] = [:]
        for (sender, signature) in sentSignatures {
            if let sent = interference.outgoingSignature(signature) { signatures[sender] = sent }
        }
        sentSignatures = signatures
        relayed = collect(sentSignatures, interference) { try $0.transcriptSignatureReceived($1, from: $2) }
        if case .completed(let outcome, _) = relayed { coordinatorOutcome = outcome }
        guard Self.relays(relayed) || interference.relayDespiteCoordinator else { return finish() }
        for recipient in identifiers {
            for (sender, signature) in sentSignatures.sorted(by: { $0.key < $1.key }) where sender != recipient {
                deliver(to: recipient) { try $0.transcriptSignatureReceived(signature, from: sender) }
            }
        }
        finish()
    }

    /// Feeds every message to the coordinator; returns its last action. Refusals are recorded.
    private mutating func collect<Message>(
        _ messages: [Identifier: Message], _ interference: Interference,
        _ event: (inout KeyCeremonyCoordinatorStateMachine, Message, Identifier) throws ->
            KeyCeremonyCoordinatorStateMachine.Action
    ) -> KeyCeremonyCoordinatorStateMachine.Action? {
        var last = KeyCeremonyCoordinatorStateMachine.Action.wait
        for (sender, message) in messages.sorted(by: { $0.key < $1.key }) {
            guard coordinatorAbort == nil else { break }
            do {
                last = try event(&coordinator, message, sender)
            } catch {
                coordinatorRefusals.append(Self.ceremonyError(error))
                continue
            }
            if case .aborted(let error, _) = last { coordinatorAbort = error }
        }
        return last
    }

    /// Delivers one event to `recipient` and performs what its machine asks, as its driver would.
    private mutating func deliver(
        to recipient: Identifier,
        _ event: (inout KeyCeremonyStateMachine) throws -> KeyCeremonyStateMachine.Action
    ) {
        guard aborts[recipient] == nil else { return }
        var action: KeyCeremonyStateMachine.Action
        do {
            action = try event(&participants[recipient]!)
        } catch {
            refusals[recipient, default: []].append(Self.ceremonyError(error))
            return
        }
        perform(action, for: recipient)
    }

    private mutating func perform(_ first: KeyCeremonyStateMachine.Action, for identifier: Identifier) {
        var action = first
        let token = tokens[identifier]!
        do {
            while true {
                switch action {
                case .wait, .broadcastRound1: return
                case .sendEcho(let echo):
                    sentEchoes[identifier] = echo
                    return
                case .sendShares(let boxes):
                    sentShares[identifier] = boxes
                    return
                case .recordPendingShare(let pending):
                    let blob = try token.seal(pending.keyPackage.signingShare.secret, context: pending.sealContext)
                    ledgers[identifier] = ShareLedger(pending: blob, active: nil, context: pending.sealContext)
                    action = try participants[identifier]!.pendingShareRecorded()
                case .signTranscript(let digest):
                    action = try participants[identifier]!.transcriptSigned(token.signWithIdentity(digest: digest))
                case .sendTranscriptSignature(let signature):
                    sentSignatures[identifier] = signature
                    return
                case .activateShare(let outcome):
                    ledgers[identifier]!.active = ledgers[identifier]!.pending
                    ledgers[identifier]!.pending = nil
                    outcomes[identifier] = outcome
                    return
                case .aborted(let error, let discard):
                    aborts[identifier] = error
                    if discard { ledgers[identifier]?.pending = nil }
                    return
                }
            }
        } catch {
            Issue.record("the driver of \(identifier) failed: \(error)")
        }
    }

    private static func ceremonyError(_ error: any Error) -> KeyCeremonyError {
        error as? KeyCeremonyError ?? KeyCeremonyError(.abandoned, "not a ceremony error: \(error)")
    }

    private static func relays(_ action: KeyCeremonyCoordinatorStateMachine.Action?) -> Bool {
        switch action {
        case .relayRound1, .relayEchoes, .relayShares, .completed: true
        default: false
        }
    }

    private func abortedSomewhere() -> Bool { !aborts.isEmpty || coordinatorAbort != nil }

    /// Reports participants' aborts to the coordinator, and the coordinator's abort (or a
    /// ceremony that stalled) to every participant still running.
    private mutating func finish() {
        for (identifier, error) in aborts.sorted(by: { $0.key < $1.key }) where coordinatorAbort == nil {
            if case .aborted(let abort, _)? = try? coordinator.participantAborted(identifier, error: error) {
                coordinatorAbort = abort
            }
        }
        if coordinatorOutcome == nil, coordinatorAbort == nil,
            case .aborted(let abort, _)? = try? coordinator.abandon(reason: "the deadline passed")
        {
            coordinatorAbort = abort
        }
        for identifier in identifiers where outcomes[identifier] == nil && aborts[identifier] == nil {
            guard let action = try? participants[identifier]?.abandon(reason: "the coordinator aborted") else {
                continue
            }
            perform(action, for: identifier)
        }
    }

    /// True when no participant holds an active share and none holds a pending one.
    var nothingUsableLeft: Bool { ledgers.values.allSatisfy { $0.active == nil && $0.pending == nil } }
}
