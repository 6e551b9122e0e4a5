public import Bitcoin
public import Custody
import Encoding
import FROST
public import PKCS11
public import PeerProtocol

/// Runs a key ceremony among signer daemons from the coordinator: drives one
/// ``KeyCeremonyCoordinatorStateMachine`` over a ``PeerCaller`` (docs/key-ceremony.md § The
/// daemons' flow). It invites the named signers (`ceremonyStart`), relays each step's messages
/// (`ceremonyRound1`, `ceremonyRound1Echo`, `ceremonyRound2`, `ceremonyTranscript`), collects
/// every signer's `ceremonyComplete`, registers the wallet's key and returns it with, for the
/// Taproot suite, its address. On any failure it sends `ceremonyAbort` to every signer and
/// throws a ``KeyCeremonyRunError`` naming the signer at fault and why.
public struct KeyCeremonyRunner: Sendable {
    /// The coordinator's side of the exchange.
    public let caller: PeerCaller
    /// The pinned identity public key of every signer daemon.
    public let signers: [PeerID: IdentityPublicKey]
    /// Where the wallets' keys are registered.
    public let registry: WalletRegistry
    /// The coordinator's signing, paused for a wallet while its shares are refreshed.
    public let signing: RobustSigningRunner?

    public init(
        caller: PeerCaller, signers: [PeerID: IdentityPublicKey], registry: WalletRegistry,
        signing: RobustSigningRunner? = nil
    ) {
        self.caller = caller
        self.signers = signers
        self.registry = registry
        self.signing = signing
    }

    /// What a completed ceremony made.
    public struct Result: Sendable, Equatable {
        /// The ceremony.
        public let ceremonyID: KeyCeremonyID
        /// The wallet's key, as registered.
        public let walletKey: WalletKey
        /// The transcript hash every signer signed.
        public let transcriptHash: [UInt8]
        /// For the Taproot suite, the wallet's key-path-only bech32m address on the network asked
        /// for; nil for `secp256k1`.
        public let address: SegwitAddress?
    }

    /// Makes a `threshold`-of-`signers.count` key for `wallet` among `signers` (FROST identifiers
    /// 1, 2, … in the order given).
    ///
    /// - Parameters:
    ///   - network: the network of the Taproot address.
    ///   - ceremonyID: the ceremony's id; 32 random bytes unless given.
    /// - Throws: ``KeyCeremonyRunError``: `invalidRequest` (nothing sent) for a signer not
    ///   pinned or named twice, or parameters the ceremony refuses; `walletExists` (nothing
    ///   sent) for a registered wallet name; otherwise, after `ceremonyAbort` went to every
    ///   signer, the failure and the signer it names.
    public func run(
        wallet: String, suite: SigningSuite, threshold: Int, signers names: [PeerID], network: Network = .mainnet,
        ceremonyID: KeyCeremonyID? = nil
    ) async throws(KeyCeremonyRunError) -> Result {
        let parameters: KeyCeremonyParameters
        let invitation: KeyCeremonyInvitation
        var identifiers: [PeerID: Identifier] = [:]
        do {
            guard Set(names).count == names.count else {
                throw KeyCeremonyError(.invalidParameters, "a signer is named twice")
            }
            var participants: [KeyCeremonyParticipant] = []
            for (index, name) in names.enumerated() {
                guard let key = signers[name] else {
                    throw KeyCeremonyError(.invalidParameters, "signer \(name) is not a pinned signer")
                }
                let identifier = try Identifier(index + 1)
                identifiers[name] = identifier
                participants.append(KeyCeremonyParticipant(identifier: identifier, identityKey: key))
            }
            parameters = try KeyCeremonyParameters(
                id: ceremonyID ?? Self.randomCeremonyID(), wallet: wallet, suite: suite, threshold: threshold,
                participants: participants)
            invitation = try KeyCeremonyInvitation(
                parameters: parameters, names: Dictionary(uniqueKeysWithValues: identifiers.map { ($1, $0.value) }))
        } catch let error as KeyCeremonyError {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, error.reason)
        } catch {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, "\(error)")
        }
        let registered: Bool
        do {
            registered = try await registry.contains(wallet)
        } catch {
            throw KeyCeremonyRunError(.storage, signer: nil, "the wallet registry could not be read: \(error)")
        }
        guard !registered else {
            throw KeyCeremonyRunError(.walletExists, signer: nil, "a wallet named \"\(wallet)\" is already registered")
        }
        var run = KeyCeremonyRun(
            caller: caller, parameters: parameters, invitation: invitation, peers: identifiers,
            session: SessionID.random(), refresh: nil)
        let outcome: KeyCeremonyOutcome
        do {
            outcome = try await run.drive()
        } catch {
            await run.abortEverywhere(reason: error.description)
            throw error
        }
        let key = WalletKey(
            name: wallet, suite: suite, publicKeyPackage: outcome.publicKeyPackage, signers: identifiers)
        do {
            try await registry.register(key, ceremonyID: parameters.id, transcriptHash: outcome.transcriptHash)
        } catch {
            throw KeyCeremonyRunError(
                .storage, signer: nil, "every signer completed, but the wallet could not be registered: \(error)")
        }
        var address: SegwitAddress?
        if suite == .secp256k1Taproot {
            address = try? TaprootWallet(groupKey: outcome.groupPublicKey).address(on: network)
        }
        return Result(
            ceremonyID: parameters.id, walletKey: key, transcriptHash: outcome.transcriptHash, address: address)
    }

    /// The registered key of wallet `name`.
    /// - Throws: `unknownWallet` when none is registered; `storage` when the registry fails.
    func registeredKey(_ name: String) async throws(KeyCeremonyRunError) -> WalletKey {
        let found: WalletKey?
        do {
            found = try await registry.wallet(name)
        } catch {
            throw KeyCeremonyRunError(.storage, signer: nil, "the wallet registry could not be read: \(error)")
        }
        guard let found else {
            throw KeyCeremonyRunError(.unknownWallet, signer: nil, "no wallet named \"\(name)\" is registered")
        }
        return found
    }

    static func randomCeremonyID() -> KeyCeremonyID {
        var generator = SystemRandomNumberGenerator()
        // 32 bytes: always a valid id.
        return try! KeyCeremonyID(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// One run: the machine and the exchanges of each step.
struct KeyCeremonyRun {
    let caller: PeerCaller
    let parameters: KeyCeremonyParameters
    let invitation: KeyCeremonyInvitation
    let peers: [PeerID: Identifier]
    let session: SessionID
    /// For a share refresh, its invitation.
    let refresh: KeyCeremonyRefreshInvitation?
    var machine = KeyCeremonyCoordinatorStateMachine()
    /// The signers that confirmed the completion: their new shares are active.
    var confirmed: [PeerID] = []
    /// The outcome every signer signed, once the machine completed.
    var outcome: KeyCeremonyOutcome?
    /// For a refresh, each signer's signature over the activation digest.
    var activations: [Identifier: KeyCeremonyTranscriptSignature] = [:]
    /// How many times a refresh's completion is tried with a signer that cannot be reached,
    /// and the pause between tries.
    static let completionAttempts = 3
    static let completionPause: Duration = .seconds(1)

    init(
        caller: PeerCaller, parameters: KeyCeremonyParameters, invitation: KeyCeremonyInvitation,
        peers: [PeerID: Identifier], session: SessionID, refresh: KeyCeremonyRefreshInvitation?
    ) {
        self.refresh = refresh
        self.caller = caller
        self.parameters = parameters
        self.invitation = invitation
        self.peers = peers
        self.session = session
    }

    /// The signers in the order of their identifiers.
    var order: [(PeerID, Identifier)] { peers.sorted { $0.value < $1.value }.map { ($0.key, $0.value) } }

    func peer(_ identifier: Identifier) -> PeerID? { peers.first { $0.value == identifier }?.key }

    /// Runs the ceremony to its completion at every signer. `agreed` is called once every
    /// signer signed the transcript, before any completion is delivered: a failure there aborts
    /// the ceremony as a failure before it would.
    mutating func drive(
        agreed: (KeyCeremonyOutcome) async throws(KeyCeremonyRunError) -> Void = { _ in }
    ) async throws(KeyCeremonyRunError) -> KeyCeremonyOutcome {
        let parameters = self.parameters
        let refresh = self.refresh
        _ = try step(nil) { machine in
            if let refresh {
                try machine.startRefresh(parameters, refresh: refresh.refresh)
            } else {
                try machine.start(parameters)
            }
        }
        // Invite: each signer answers with its round-one package.
        let invitation = refresh?.encoded() ?? self.invitation.encoded()
        var relay: [Identifier: [UInt8]] = [:]
        for (peer, _) in order { relay[peers[peer]!] = invitation }
        var action = try await exchange(
            refresh == nil ? .ceremonyStart : .ceremonyRefreshStart, relay, answer: .ceremonyRound1,
            of: KeyCeremonyRound1.self
        ) { machine, message, sender in try machine.round1Received(message, from: sender) }
        guard case .relayRound1(let round1) = action else { throw unexpected(action) }
        action = try await exchange(
            .ceremonyRound1, round1.mapValues { KeyCeremonyWire.encode(batch: $0) }, answer: .ceremonyRound1Echo,
            of: KeyCeremonyEcho.self
        ) { machine, message, sender in try machine.echoReceived(message, from: sender) }
        guard case .relayEchoes(let echoes) = action else { throw unexpected(action) }
        action = try await exchange(
            .ceremonyRound1Echo, echoes.mapValues { KeyCeremonyWire.encode(batch: $0) }, answer: .ceremonyRound2,
            of: ShareBox.self, batch: true
        ) { machine, boxes, sender in
            try machine.sharesReceived(boxes, from: sender)
        }
        guard case .relayShares(let boxes) = action else { throw unexpected(action) }
        action = try await exchange(
            .ceremonyRound2, boxes.mapValues { KeyCeremonyWire.encode(batch: $0) }, answer: .ceremonyTranscript,
            of: KeyCeremonyTranscriptSignature.self
        ) { machine, message, sender in
            try machine.transcriptSignatureReceived(message, from: sender)
        }
        guard case .completed(let outcome, let signatures) = action else { throw unexpected(action) }
        try await agreed(outcome)
        self.outcome = outcome
        // Completion: each signer activates its share and confirms the key. Once every signer
        // signed the transcript, a refresh's completion goes to every signer whatever another
        // answers, and a signer that cannot be reached, or is still activating, is tried again.
        var firstFailure: KeyCeremonyRunError?
        for (peer, identifier) in order {
            do {
                try await complete(peer, identifier, signatures[identifier] ?? [], outcome)
            } catch {
                guard refresh != nil else { throw error }
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
        return outcome
    }

    /// Delivers every other signer's transcript signature to `peer` and checks its answer: its
    /// activation (for a refresh) or its completion.
    private mutating func complete(
        _ peer: PeerID, _ identifier: Identifier, _ signatures: [KeyCeremonyTranscriptSignature],
        _ outcome: KeyCeremonyOutcome
    ) async throws(KeyCeremonyRunError) {
        let payload = KeyCeremonyWire.encode(batch: signatures)
        let reply = try await (refresh == nil ? call(peer, .ceremonyTranscript, payload) : persistently(peer, payload))
        if refresh != nil, reply.type == .ceremonyActivated {
            activations[identifier] = try activation(reply, from: peer, identifier, outcome.transcriptHash)
            confirmed.append(peer)
            return
        }
        guard reply.type == .ceremonyComplete else {
            throw failure(peer, reply, expected: .ceremonyComplete)
        }
        let completion: KeyCeremonyCompletion
        do {
            completion = try KeyCeremonyCompletion(decoding: reply.payload)
        } catch {
            throw KeyCeremonyRunError(.badAnswer, signer: peer, "its completion cannot be read: \(error.reason)")
        }
        guard completion.ceremonyID == parameters.id, completion.sender == identifier,
            completion.transcriptHash == outcome.transcriptHash, completion.groupPublicKey == outcome.groupPublicKey
        else {
            throw KeyCeremonyRunError(
                .badAnswer, signer: peer,
                "its completion is not for this ceremony, participant, transcript hash and group key")
        }
        confirmed.append(peer)
    }

    /// Sends each signer its payload of `type`, reads its answer (a batch of `Message` of type
    /// `answer`, from it alone), and gives it to the machine; returns the machine's last action.
    private mutating func exchange<Message: KeyCeremonyWireMessage>(
        _ type: MessageType, _ payloads: [Identifier: [UInt8]], answer: MessageType, of: Message.Type,
        event: (inout KeyCeremonyCoordinatorStateMachine, Message, Identifier) throws ->
            KeyCeremonyCoordinatorStateMachine.Action
    ) async throws(KeyCeremonyRunError) -> KeyCeremonyCoordinatorStateMachine.Action {
        try await exchange(type, payloads, answer: answer, of: Message.self, batch: false) {
            machine, messages, sender in
            try event(&machine, messages[0], sender)
        }
    }

    private mutating func exchange<Message: KeyCeremonyWireMessage>(
        _ type: MessageType, _ payloads: [Identifier: [UInt8]], answer: MessageType, of: Message.Type, batch: Bool,
        event: (inout KeyCeremonyCoordinatorStateMachine, [Message], Identifier) throws ->
            KeyCeremonyCoordinatorStateMachine.Action
    ) async throws(KeyCeremonyRunError) -> KeyCeremonyCoordinatorStateMachine.Action {
        var last = KeyCeremonyCoordinatorStateMachine.Action.wait
        for (peer, identifier) in order {
            let reply = try await call(peer, type, payloads[identifier] ?? [])
            guard reply.type == answer else { throw failure(peer, reply, expected: answer) }
            let messages: [Message]
            do {
                messages = try KeyCeremonyWire.decodeBatch(reply.payload, of: Message.self)
            } catch {
                throw KeyCeremonyRunError(
                    .badAnswer, signer: peer, "its \(Message.wireName) cannot be read: \(error.reason)")
            }
            guard batch || messages.count == 1 else {
                throw KeyCeremonyRunError(
                    .badAnswer, signer: peer, "it answered \(messages.count) \(Message.wireName)s, not its own one")
            }
            last = try step(peer) { machine in try event(&machine, messages, identifier) }
        }
        return last
    }

    /// Runs one event; a refusal is the signer's fault; an abort is thrown, naming the culprits.
    private mutating func step(
        _ peer: PeerID?,
        _ event: (inout KeyCeremonyCoordinatorStateMachine) throws ->
            KeyCeremonyCoordinatorStateMachine.Action
    ) throws(KeyCeremonyRunError) -> KeyCeremonyCoordinatorStateMachine.Action {
        let action: KeyCeremonyCoordinatorStateMachine.Action
        do {
            action = try event(&machine)
        } catch let error as KeyCeremonyError {
            throw KeyCeremonyRunError(.badAnswer, signer: peer, "its message is refused: \(error)")
        } catch {
            throw KeyCeremonyRunError(.badAnswer, signer: peer, "its message is refused: \(error)")
        }
        if case .aborted(let error, _) = action { throw aborted(error, reportedBy: peer) }
        return action
    }

    private func aborted(_ error: KeyCeremonyError, reportedBy peer: PeerID?) -> KeyCeremonyRunError {
        let culprits = error.culprits.compactMap { self.peer($0) }
        return KeyCeremonyRunError(
            .aborted, signer: culprits.first ?? peer, "\(error)", culprits: culprits, ceremonyError: error)
    }

    private func unexpected(_ action: KeyCeremonyCoordinatorStateMachine.Action) -> KeyCeremonyRunError {
        KeyCeremonyRunError(.badAnswer, signer: nil, "the ceremony stopped at an unexpected step")
    }

    /// The failure an answer of the wrong type means: a signer's own abort, or a bad answer.
    func failure(_ peer: PeerID, _ reply: OpenedEnvelope, expected: MessageType) -> KeyCeremonyRunError {
        guard reply.type == .ceremonyAborted else {
            return KeyCeremonyRunError(
                .badAnswer, signer: peer, "it answered a \(reply.type) message where \(expected) was due")
        }
        let report: KeyCeremonyAbortReport
        do {
            report = try KeyCeremonyAbortReport(decoding: reply.payload)
        } catch {
            return KeyCeremonyRunError(.badAnswer, signer: peer, "its abort report cannot be read: \(error.reason)")
        }
        let error = report.error
        let culprits = error.culprits.compactMap { self.peer($0) }
        return KeyCeremonyRunError(
            .aborted, signer: peer, "it aborted the ceremony: \(error)", culprits: culprits, ceremonyError: error)
    }

    func call(_ peer: PeerID, _ type: MessageType, _ payload: [UInt8]) async throws(KeyCeremonyRunError)
        -> OpenedEnvelope
    {
        do {
            return try await caller.call(peer, session: session, type: type, payload: payload)
        } catch {
            let code: KeyCeremonyRunError.Code =
                switch error.code {
                case .refused: .refused
                case .unreachable: .unreachable
                default: .badAnswer
                }
            throw KeyCeremonyRunError(code, signer: peer, error.reason)
        }
    }

    /// A refresh's completion delivered to `peer`, tried again while it cannot be reached.
    func persistently(_ peer: PeerID, _ payload: [UInt8], type: MessageType = .ceremonyTranscript)
        async throws(KeyCeremonyRunError) -> OpenedEnvelope
    {
        var attempt = 1
        while true {
            do {
                return try await call(peer, type, payload)
            } catch
                where (error.code == .unreachable || error.reason.hasPrefix("activating:"))
                && attempt < Self.completionAttempts
            {
                attempt += 1
                try? await Task.sleep(for: Self.completionPause)
            }
        }
    }

    /// A signer's activation: its identity key's signature over the refresh's activation digest.
    func activation(
        _ reply: OpenedEnvelope, from peer: PeerID, _ identifier: Identifier, _ transcriptHash: [UInt8]
    ) throws(KeyCeremonyRunError) -> KeyCeremonyTranscriptSignature {
        let digest = KeyCeremonyTranscript.activationDigest(ceremonyID: parameters.id, transcriptHash: transcriptHash)
        guard let batch = try? KeyCeremonyWire.decodeBatch(reply.payload, of: KeyCeremonyTranscriptSignature.self),
            batch.count == 1, let signed = batch.first, signed.sender == identifier, signed.transcriptHash == digest,
            parameters.participant(identifier)?.identityKey.isValidSignature(signed.signature, digest: digest) == true
        else {
            throw KeyCeremonyRunError(
                .badAnswer, signer: peer, "its activation is not a valid signature for this refresh")
        }
        return signed
    }

    /// Sends `ceremonyFinalize` with every activation signature to every signer; returns those
    /// that did not confirm (all of them when a signer gave no activation signature).
    func finalizeEverywhere() async -> [PeerID] {
        guard activations.count == peers.count else { return order.map(\.0) }
        let payload = KeyCeremonyWire.encode(batch: activations.values.sorted { $0.sender < $1.sender })
        var missed: [PeerID] = []
        for (peer, _) in order {
            let reply = try? await caller.call(peer, session: session, type: .ceremonyFinalize, payload: payload)
            if reply?.type != .ceremonyComplete { missed.append(peer) }
        }
        return missed
    }

    /// Sends `ceremonyAbort` to every signer; answers and failures are not waited on further.
    func abortEverywhere(reason: String) async {
        let payload = KeyCeremonyAbort(ceremonyID: parameters.id, reason: reason).encoded()
        for (peer, _) in order {
            _ = try? await caller.call(peer, session: session, type: .ceremonyAbort, payload: payload)
        }
    }
}

/// Why a key ceremony failed at the coordinator: which signer, and why. Never holds a share or
/// any secret (the signers' reasons are their ``KeyCeremonyError``s, which hold none).
public struct KeyCeremonyRunError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidRequest = "invalid request"
            case walletExists = "wallet exists"
            case unknownWallet = "unknown wallet"
            case incomplete = "incomplete"
            case unreachable = "unreachable"
            case refused = "refused"
            case badAnswer = "bad answer"
            case aborted = "aborted"
            case storage = "storage"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The ceremony could not be set up (nothing was sent).
        public static let invalidRequest = Code(.invalidRequest)
        /// A wallet of that name is registered (nothing was sent).
        public static let walletExists = Code(.walletExists)
        /// No wallet of that name is registered (nothing was sent).
        public static let unknownWallet = Code(.unknownWallet)
        /// A share refresh completed at some signers only (the new key is registered; the
        /// culprits did not activate it), or every signer activated but the culprits did not
        /// retire their old shares.
        public static let incomplete = Code(.incomplete)
        /// A signer could not be reached.
        public static let unreachable = Code(.unreachable)
        /// A signer refused a message (its refusal is the reason).
        public static let refused = Code(.refused)
        /// A signer's answer was of the wrong type, could not be read, or was refused by the
        /// coordinator's checks.
        public static let badAnswer = Code(.badAnswer)
        /// The ceremony was aborted by a check (the coordinator's or a signer's); the culprits are
        /// named where known.
        public static let aborted = Code(.aborted)
        /// The registry could not be read or written.
        public static let storage = Code(.storage)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    /// The signer at fault, or that reported the failure; nil when none is.
    public let signer: PeerID?
    /// What went wrong.
    public let reason: String
    /// The signers a ceremony check named as culprits.
    public let culprits: [PeerID]
    /// The ceremony error behind an abort.
    public let ceremonyError: KeyCeremonyError?

    public init(
        _ code: Code, signer: PeerID?, _ reason: String, culprits: [PeerID] = [],
        ceremonyError: KeyCeremonyError? = nil
    ) {
        self.code = code
        self.signer = signer
        self.reason = reason
        self.culprits = culprits.sorted()
        self.ceremonyError = ceremonyError
    }

    public var description: String { "\(signer.map { "\($0): " } ?? "")\(code): \(reason)" }
}
