import Custody
import CustodyTestSupport
import FROST
import Secp256k1

/// How a simulated signer behaves.
enum SignerBehaviour: Equatable, CustomStringConvertible {
    /// Commits, and answers every share request correctly.
    case honest
    /// Never answers at all, not even with a first commitment.
    case silent
    /// Commits, then never answers a share request.
    case stalls
    /// Commits, and answers every share request with its share plus one.
    case wrongShare
    /// Commits, and answers every share request with its share plus `delta` (two signers with
    /// opposite deltas in one session cancel out in the sum).
    case offsetShare(Scalar)
    /// Answers its first share request correctly, then stalls.
    case honestOnce

    /// Whether the signer always answers correctly.
    var isHonest: Bool { self == .honest }
    /// Whether the signer ever sends an invalid share.
    var sendsInvalidShares: Bool {
        switch self {
        case .wrongShare, .offsetShare: true
        default: false
        }
    }

    var description: String {
        switch self {
        case .honest: "honest"
        case .silent: "silent"
        case .stalls: "stalls"
        case .wrongShare: "wrong share"
        case .offsetShare: "offset share"
        case .honestOnce: "honest once"
        }
    }
}

/// A seeded simulation of one robust signing request: a `ROASTCoordinator` and one real
/// `PreprocessingSignerStateMachine` per signer, every message delivered after a random delay
/// drawn from the seed, the clock read at the deadline. Replays exactly from its seed.
struct ROASTSimulation {
    enum Event {
        /// A fresh commitment reaches the coordinator.
        case commitment(Identifier, SigningCommitments)
        /// A share request reaches a signer.
        case request(Identifier, ShareRequest)
        /// A share reaches the coordinator.
        case share(Identifier, ShareResponse)
        /// The coordinator's clock is read.
        case clock
    }

    enum Outcome {
        case finished(Signature, SigningSessionID, at: Int64)
        case failed(ROASTFailure, at: Int64)
    }

    let suite: SigningSuite
    let spend: TaprootSpend?
    let behaviours: [Identifier: SignerBehaviour]
    let publicKeyPackage: PublicKeyPackage
    let deadline: Int64
    let maxDelay: Int64
    var coordinator: ROASTCoordinator
    var signers: [Identifier: PreprocessingSignerStateMachine] = [:]
    var generator: SeededGenerator
    private var queue: [(time: Int64, order: Int, event: Event)] = []
    private var sent = 0
    private var requestsAnswered: [Identifier: Int] = [:]

    /// Every ledger record of every signer, in order.
    var records: [Identifier: [PreprocessingSignerStateMachine.NonceRecord]] = [:]
    /// Every session the coordinator opened.
    var sessions: [ShareRequest] = []
    /// Every flag the coordinator raised.
    var flags: [(Identifier, SigningSessionError)] = []
    /// Every event the coordinator refused before the request ended.
    var refusals: [SigningSessionError] = []
    var outcome: Outcome?

    static let message: [UInt8] = Array("pay 0.5 BTC to bc1p-settlement".utf8)

    /// Signer `i + 1` behaves as `behaviours[i]`; sessions have `threshold` signers (also the
    /// key's threshold). Delays are 1 to `maxDelay` microseconds; the deadline is 10 s.
    init(
        seed: UInt64, behaviours: [SignerBehaviour], threshold: Int, suite: SigningSuite = .secp256k1Taproot,
        spend: TaprootSpend? = nil, maxDelay: Int64 = 50_000, deadline: Int64 = 10_000_000
    ) throws {
        var generator = SeededGenerator(seed: seed)
        let (shares, publicKeyPackage) = try TrustedDealer.generate(
            minSigners: threshold, maxSigners: behaviours.count, using: &generator)
        let keyPackages = try shares.map { try $0.verify() }
        self.suite = suite
        self.spend = spend
        self.publicKeyPackage = publicKeyPackage
        self.deadline = deadline
        self.maxDelay = maxDelay
        var requestID = [UInt8](repeating: 0, count: 32)
        for index in requestID.indices { requestID[index] = UInt8.random(in: 0...255, using: &generator) }
        self.coordinator = ROASTCoordinator(
            try .init(
                requestID: requestID, suite: suite, message: Self.message, taprootSpend: spend,
                publicKeyPackage: publicKeyPackage, threshold: threshold, deadline: deadline))
        self.generator = generator
        var byIdentifier: [Identifier: SignerBehaviour] = [:]
        for (keyPackage, behaviour) in zip(keyPackages, behaviours) {
            var signer = PreprocessingSignerStateMachine(suite: suite, keyPackage: keyPackage)
            // Enough nonces for every session ROAST can open, plus the first commitment.
            try signer.addNonces(
                suite.ciphersuite.preprocess(count: behaviours.count - threshold + 2, keyPackage: keyPackage))
            signers[keyPackage.identifier] = signer
            byIdentifier[keyPackage.identifier] = behaviour
        }
        self.behaviours = byIdentifier
    }

    /// Whether `signature` verifies for the message with the suite's own check.
    func suiteVerifies(_ signature: Signature) -> Bool {
        suite.ciphersuite.verify(signature: signature.bytes, message: Self.message, publicKey: signature.publicKey)
    }

    /// Signers, ascending.
    var identifiers: [Identifier] { behaviours.keys.sorted() }

    /// Runs the request to its end: every signer that commits is asked for a first commitment
    /// at time 0, and the clock is read at the deadline.
    mutating func run() throws -> Outcome {
        for identifier in identifiers where behaviours[identifier] != .silent {
            let step = try signers[identifier]!.commitmentRequested()
            records[identifier, default: []] += step.records
            schedule(.commitment(identifier, step.reply), at: delay())
        }
        schedule(.clock, at: deadline)
        while outcome == nil, !queue.isEmpty {
            let next = queue.indices.min { (queue[$0].time, queue[$0].order) < (queue[$1].time, queue[$1].order) }!
            let (now, _, event) = queue.remove(at: next)
            try deliver(event, at: now)
        }
        guard let outcome else { throw HarnessError("the request never ended") }
        // The driver tells the members of every session that will never finish.
        for session in coordinator.abandonedSessions {
            for member in session.package.signers {
                records[member, default: []] += signers[member]!.sessionAbandoned(session)
            }
        }
        return outcome
    }

    private mutating func deliver(_ event: Event, at now: Int64) throws {
        switch event {
        case .commitment(let sender, let commitments):
            coordinate(now) { (coordinator) throws(SigningSessionError) in
                try coordinator.commitmentReceived(commitments, from: sender)
            }
        case .share(let sender, let response):
            coordinate(now) { (coordinator) throws(SigningSessionError) in
                try coordinator.shareReceived(response, from: sender)
            }
        case .clock:
            coordinate(now) { (coordinator) throws(SigningSessionError) in try coordinator.clockRead(now: now) }
        case .request(let signer, let request):
            try answer(request, as: signer, at: now)
        }
    }

    private mutating func answer(_ request: ShareRequest, as signer: Identifier, at now: Int64) throws {
        let behaviour = behaviours[signer]!
        let answered = requestsAnswered[signer, default: 0]
        switch behaviour {
        case .silent, .stalls: return
        case .honestOnce where answered > 0: return
        default: break
        }
        requestsAnswered[signer] = answered + 1
        let step = try signers[signer]!.shareRequested(request)
        records[signer, default: []] += step.records
        var response = step.reply
        let offset: Scalar? =
            switch behaviour {
            case .wrongShare: .one
            case .offsetShare(let delta): delta
            default: nil
            }
        if let offset {
            response = ShareResponse(
                sessionID: response.sessionID,
                share: SignatureShare(identifier: signer, response: response.share.response + offset),
                next: response.next)
        }
        schedule(.share(signer, response), at: now + delay())
    }

    private mutating func coordinate(
        _ now: Int64, _ event: (inout ROASTCoordinator) throws(SigningSessionError) -> [ROASTCoordinator.Action]
    ) {
        let actions: [ROASTCoordinator.Action]
        do {
            actions = try event(&coordinator)
        } catch {
            refusals.append(error)
            return
        }
        for action in actions {
            switch action {
            case .openSession(let request):
                sessions.append(request)
                for member in request.package.signers { schedule(.request(member, request), at: now + delay()) }
            case .flag(let signer, let reason):
                flags.append((signer, reason))
            case .finished(let signature, let sessionID):
                outcome = .finished(signature, sessionID, at: now)
            case .failed(let failure):
                outcome = .failed(failure, at: now)
            }
        }
    }

    private mutating func schedule(_ event: Event, at time: Int64) {
        queue.append((time, sent, event))
        sent += 1
    }

    private mutating func delay() -> Int64 { Int64.random(in: 1...maxDelay, using: &generator) }
}
