public import AuditStorage
public import Custody
import FROST
public import PKCS11
public import PeerProtocol
public import Policy
public import SignerStore
public import Storage

/// A signer's side of robust signing on the peer protocol: answers `commitmentRequest`,
/// `shareRequest` and `sessionAbandoned` (docs/signing-session.md § The signer service).
///
/// It trusts no coordinator. Every commitment it releases is recorded `issued` in its
/// ``SignerLedger`` first; every share is computed only after its own ``SignerAuthorizer``
/// allowed the request and the ledger admitted the nonce for this session and package, and is
/// released only once the ledger recorded it `consumed` with that share, and the audit log a
/// `signature.share` record of it. The same request again gets the recorded share, never a new
/// one. Secret nonces live in this actor's memory only: after a restart the ledger has burned
/// every nonce it had issued.
public actor SigningService {
    /// The default number of commitments that may be outstanding (issued, not yet used or
    /// burned) per wallet.
    public static let defaultOutstandingLimit = 16

    /// This signer's peer id: the actor of its audit records.
    public nonisolated let me: PeerID
    /// The nonce and signing ledgers.
    public nonisolated let ledger: SignerLedger
    let shares: any KeyShareSource
    let audit: PersistentAuditLog
    let coordinators: Set<PeerID>
    let reader: any PayloadMessageReader
    let clock: @Sendable () -> Instant
    let outstandingLimit: Int
    var authorizer: SignerAuthorizer
    var firstSeen = FirstSeenMemory()
    /// The request digests whose first sight is recorded in the ledger (`signer_first_seen`).
    var durableFirstSeen: Set<[UInt8]> = []
    /// The freezes recorded in the ledger (`signer_freezes`), read once; nil until read and
    /// after this service recorded another.
    var recordedFreezes: [History.FreezeEvent]?
    /// The secret nonces of issued commitments, by nonce id, with the wallet they were made for.
    var pending: [NonceID: PendingNonce] = [:]
    /// Commitments being issued (between the limit's check and the ledger's commit), by wallet:
    /// they count toward the limit, so that concurrent requests cannot pass it together.
    var issuing: [String: Int] = [:]

    struct PendingNonce {
        let wallet: String
        let pool: NoncePool
        /// When it was issued, in this process's order: the oldest is evicted first.
        let order: UInt64
    }

    /// The order the next issued nonce gets.
    var issueOrder: UInt64 = 0

    /// - Parameters:
    ///   - me: this signer's peer id.
    ///   - shares: where the wallets' key shares are unsealed from.
    ///   - ledger: the signer's durable nonce and signing ledger.
    ///   - audit: the signer's audit log; one `signature.share` record per share released.
    ///   - policies: the policy versions this signer adopted.
    ///   - coordinators: the peers whose signing requests it answers; any other pinned peer is
    ///     refused (`not_coordinator`).
    ///   - reader: reads the messages of payload documents (a PSBT reader); digests only by
    ///     default.
    ///   - outstandingLimit: the most commitments outstanding per wallet.
    ///   - clock: this signer's clock, for its authorization (first sight, time locks).
    public init(
        me: PeerID, shares: any KeyShareSource, ledger: SignerLedger, audit: PersistentAuditLog,
        policies: AdoptedPolicies, coordinators: Set<PeerID>, reader: any PayloadMessageReader = DigestPayloadsOnly(),
        outstandingLimit: Int = defaultOutstandingLimit, clock: @escaping @Sendable () -> Instant
    ) {
        self.me = me
        self.shares = shares
        self.ledger = ledger
        self.audit = audit
        self.authorizer = SignerAuthorizer(policies: policies)
        self.coordinators = coordinators
        self.reader = reader
        self.outstandingLimit = max(1, outstandingLimit)
        self.clock = clock
    }

    /// Opens the ledger in `pool` (burning every nonce a previous run left `issued`) and makes
    /// the service.
    public static func open(
        me: PeerID, shares: any KeyShareSource, pool: any SQLConnectionPool, audit: PersistentAuditLog,
        policies: AdoptedPolicies, coordinators: Set<PeerID>, reader: any PayloadMessageReader = DigestPayloadsOnly(),
        outstandingLimit: Int = defaultOutstandingLimit, clock: @escaping @Sendable () -> Instant
    ) async throws -> SigningService {
        SigningService(
            me: me, shares: shares, ledger: try await SignerLedger.open(pool: pool), audit: audit, policies: policies,
            coordinators: coordinators, reader: reader, outstandingLimit: outstandingLimit, clock: clock)
    }

    /// The handlers to register on this signer's ``PeerEndpoint``.
    public nonisolated var handlers: [MessageType: any PeerMessageHandler] {
        [
            .commitmentRequest: Handler(service: self, type: .commitmentRequest),
            .shareRequest: Handler(service: self, type: .shareRequest),
            .sessionAbandoned: Handler(service: self, type: .sessionAbandoned),
            .freeze: Handler(service: self, type: .freeze),
            .requestShown: Handler(service: self, type: .requestShown),
        ]
    }

    /// This signer's endpoint: its identity key on `token` seals the answers, `peers` are the
    /// pinned peers whose envelopes it opens.
    /// - Parameter clock: seconds since 1970, for envelope expiry.
    public nonisolated func endpoint(
        token: HSMToken, peers: [PeerID: IdentityPublicKey], clock: @escaping @Sendable () -> UInt64,
        sequence: SequenceCounter
    ) -> PeerEndpoint {
        PeerEndpoint(
            opener: EnvelopeOpener(me: me, peers: peers, clock: clock),
            sealer: EnvelopeSealer(token: token, sender: me),
            handlers: handlers, clock: clock, sequence: sequence)
    }

    /// Commitments issued and not yet used or burned, in this process.
    public var outstanding: Int { pending.count }

    /// `wallet`'s commitments outstanding or being issued.
    func outstanding(wallet: String) -> Int {
        pending.values.count { $0.wallet == wallet } + issuing[wallet, default: 0]
    }

    func answer(_ type: MessageType, _ message: OpenedEnvelope) async -> PeerReply {
        guard coordinators.contains(message.sender) else {
            return .refusal(
                SigningRefusal.make(
                    .notCoordinator, "\(message.sender) is not a coordinator this signer takes signing requests from"))
        }
        do {
            switch type {
            case .commitmentRequest: return try await commitmentsRequested(message.payload)
            case .shareRequest: return try await shareRequested(message.payload, from: message.sender)
            case .freeze: return try await freezeReceived(message.payload, from: message.sender)
            case .requestShown: return try await requestShown(message.payload)
            default: return try await sessionAbandoned(message.payload)
            }
        } catch {
            return .refusal(error.refusal)
        }
    }

    /// `commitmentRequest`: issues fresh commitments, durably, then releases them.
    func commitmentsRequested(_ payload: [UInt8]) async throws(SigningRefusal) -> PeerReply {
        let request: CommitmentBatchRequest
        do {
            request = try CommitmentBatchRequest(decoding: payload)
        } catch {
            throw SigningRefusal(.malformed, error.reason)
        }
        let share = try await activeShare(request.wallet)
        let outstanding = outstanding(wallet: request.wallet)
        if outstanding + request.count > outstandingLimit {
            // Room is made by burning the oldest commitments already issued (a coordinator that
            // lost them, in a crash or an abandoned session, never frees them); those still
            // being issued cannot be burned yet.
            let excess = outstanding + request.count - outstandingLimit
            let oldest = pending.filter { $0.value.wallet == request.wallet }.sorted { $0.value.order < $1.value.order }
                .prefix(excess).map(\.key)
            guard oldest.count == excess else {
                throw SigningRefusal(
                    .tooManyOutstanding,
                    "\(outstanding) commitments are outstanding for this wallet, some still being issued; at most "
                        + "\(outstandingLimit) may be")
            }
            for nonce in oldest { pending[nonce] = nil }
            for nonce in oldest { _ = try? await ledger.burn(nonce, reason: .aborted) }
        }
        let commitments = try await issue(request.count, share: share)
        return PeerReply(type: .commitments, payload: SigningWire.encoded(commitments: commitments))
    }

    /// Makes `count` nonces for `share`, records their commitments issued, and keeps the secret
    /// nonces; returns the commitments once they are durable.
    func issue(_ count: Int, share: WalletShare) async throws(SigningRefusal) -> [SigningCommitments] {
        issuing[share.wallet, default: 0] += count
        defer { issuing[share.wallet, default: 0] -= count }
        let pool = share.suite.ciphersuite.preprocess(count: count, keyPackage: share.keyPackage)
        do {
            try await ledger.issue(pool.commitments)
        } catch {
            throw SigningRefusal(.ledgerUnavailable, "the nonce ledger could not record the commitments")
        }
        for commitment in pool.commitments {
            issueOrder += 1
            pending[NonceID(commitment)] = PendingNonce(wallet: share.wallet, pool: pool, order: issueOrder)
        }
        return pool.commitments
    }

    func activeShare(_ wallet: String) async throws(SigningRefusal) -> WalletShare {
        let found: WalletShare?
        do {
            found = try await shares.activeShare(wallet: wallet)
        } catch {
            throw SigningRefusal(.shareUnavailable, "this signer's share of the wallet cannot be unsealed")
        }
        guard let found else {
            throw SigningRefusal(.unknownWallet, "this signer holds no share of the wallet")
        }
        return found
    }

    /// `sessionAbandoned`: burns this signer's commitment in the session, durably.
    func sessionAbandoned(_ payload: [UInt8]) async throws(SigningRefusal) -> PeerReply {
        let request: ShareRequest
        do {
            request = try ShareRequest(decoding: payload)
        } catch {
            throw SigningRefusal(.malformed, error.reason)
        }
        var found = false
        for commitment in request.package.commitments {
            let id = NonceID(commitment)
            if let entry = pending.removeValue(forKey: id) { _ = entry.pool.take(for: commitment) }
            do {
                guard let record = try await ledger.nonce(id) else { continue }
                found = true
                if record.state == .issued { try await ledger.burn(id, reason: .aborted) }
            } catch let error as SignerStoreError where error.code == .nonceConsumed {
                // Signed already in the meantime: nothing to burn.
            } catch {
                throw SigningRefusal(.ledgerUnavailable, "the nonce ledger could not record the burn")
            }
        }
        guard found else {
            throw SigningRefusal(.unknownNonce, "the session holds no commitment this signer issued")
        }
        return PeerReply(type: .abandonAcknowledged, payload: [])
    }
}

/// Hands one message type to the service.
struct Handler: PeerMessageHandler {
    let service: SigningService
    let type: MessageType

    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        await service.answer(type, message)
    }
}
