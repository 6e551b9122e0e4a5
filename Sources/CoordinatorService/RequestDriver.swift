public import AuditStorage
import Bitcoin
import Custody
import CustodyAPI
import Encoding
import FROST
public import PeerProtocol
public import Policy
import Synchronization

/// Carries the service API's requests through their lifecycle (`api.md` § Lifecycle): it
/// records officers' approvals, decides with the policy, expires what waited too long, and has
/// approved requests signed once their time lock ends. Every change of state is appended to
/// the audit log before the ledger changes; a request is signed only by the coordinator that
/// holds its lease, so that coordinators sharing one database never sign a request twice, and
/// a request whose coordinator stopped while signing is taken over when its lease runs out.
public final class RequestDriver: Sendable {
    let policy: Policy
    let ledger: RequestLedger
    let registry: WalletRegistry
    let signing: OnceSigning
    let caller: PeerCaller
    let audit: PersistentAuditLog
    let owner: String
    let clock: @Sendable () -> Int64
    let timeout: Duration
    let wake: AsyncStream<Void>.Continuation
    let wakes: AsyncStream<Void>
    /// The requests this process is advancing now, and their wallets.
    let inFlight = Mutex<[String: String]>([:])
    /// How many requests of one wallet this process advances at once.
    public static let perWallet = 8

    /// How often the driver looks for due requests without being woken.
    public static let pollInterval: Duration = .milliseconds(500)
    /// How long a lease outlives the signing deadline.
    static let leaseMargin: Int64 = 10_000_000

    /// - Parameters:
    ///   - owner: this coordinator's name on its leases (unique per process).
    ///   - clock: the time in microseconds since the Unix epoch.
    ///   - timeout: the deadline of one signing run.
    public init(
        policy: Policy, ledger: RequestLedger, registry: WalletRegistry, signing: OnceSigning, caller: PeerCaller,
        audit: PersistentAuditLog, owner: String, clock: @escaping @Sendable () -> Int64,
        timeout: Duration = .seconds(20)
    ) {
        self.policy = policy
        self.ledger = ledger
        self.registry = registry
        self.signing = signing
        self.caller = caller
        self.audit = audit
        self.owner = owner
        self.clock = clock
        self.timeout = timeout
        (wakes, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the driver to look for due requests now.
    public func nudge() { wake.yield() }

    /// Shows request `id` to each signer of its wallet (`requestShown`), so that each records its
    /// first sight of it now and its time lock runs from now; returns the signers that recorded
    /// it. A signer that cannot be reached sees the request first when it is signed.
    @discardableResult
    public func show(_ id: String) async -> [PeerID] {
        guard let entry = try? await ledger.entry(id: id),
            let wallet = policy.wallets.first(where: { $0.id == entry.request.walletId }),
            let key = try? await registry.wallet(wallet.key),
            let signed = try? PolicyInputDecoder.signedRequest(json: entry.signedRequest),
            let payload = try? RequestShown(request: signed, policy: policy.hash).encoded()
        else { return [] }
        let session = SessionID.random()
        let caller = caller
        return await withTaskGroup(of: PeerID?.self) { group in
            for signer in key.signers.keys {
                group.addTask {
                    guard
                        let reply = try? await caller.call(
                            signer, session: session, type: .requestShown, payload: payload),
                        reply.type == .requestSeen
                    else { return nil }
                    return signer
                }
            }
            var seen: [PeerID] = []
            for await signer in group { if let signer { seen.append(signer) } }
            return seen.sorted { $0.value < $1.value }
        }
    }

    /// Runs until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wake] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.pollInterval)
                    wake.yield()
                }
            }
            for await _ in wakes {
                if Task.isCancelled { break }
                await pass()
            }
            group.cancelAll()
        }
    }

    /// One look at the due requests: each one not already being advanced by this process is
    /// advanced in a task of its own, so that a long signing run holds up no other request.
    public func pass() async {
        let now = clock()
        guard let due = try? await ledger.due(now: now, limit: 64), !due.isEmpty else { return }
        for entry in due {
            // At most `perWallet` requests of one wallet at a time: a signer keeps a bounded
            // number of commitments outstanding per wallet; the rest wait for a later pass.
            let admitted = inFlight.withLock { running in
                guard !running.keys.contains(entry.request.id),
                    running.values.count(where: { $0 == entry.request.walletId }) < Self.perWallet
                else { return false }
                running[entry.request.id] = entry.request.walletId
                return true
            }
            guard admitted else { continue }
            Task {
                await self.advance(entry)
                _ = self.inFlight.withLock { $0.removeValue(forKey: entry.request.id) }
                self.nudge()
            }
        }
    }

    func advance(_ entry: LedgerEntry) async {
        let now = clock()
        let state = entry.request.state
        if state == .pendingApproval || state == .approved, RequestLedger.micros(entry.request.expiresAt) <= now {
            _ = try? await transition(
                entry, from: [state], to: .expired, reason: "not signed by \(entry.request.expiresAt!)")
            return
        }
        if state == .approved {
            guard let decided = try? await decide(entry, now: now) else { return }
            guard decided.request.state == .approved,
                decided.request.notBefore.map({ RequestLedger.micros($0) <= now }) ?? true
            else { return }
            let until = now + Int64(timeout.components.seconds) * 1_000_000 + Self.leaseMargin
            guard
                (try? await ledger.lease(id: entry.request.id, state: .approved, owner: owner, until: until, now: now))
                    == true
            else { return }
            guard
                let signing = try? await transition(
                    decided, from: [.approved], to: .signing, reason: "", lease: (owner, until))
            else { return }
            await sign(signing)
        } else if state == .signing {
            if RequestLedger.micros(entry.request.expiresAt) <= now {
                _ = try? await transition(
                    entry, from: [.signing], to: .failed,
                    reason: "not signed by \(entry.request.expiresAt!): the signers' time locks had not ended")
                return
            }
            let until = now + Int64(timeout.components.seconds) * 1_000_000 + Self.leaseMargin
            guard
                (try? await ledger.lease(id: entry.request.id, state: .signing, owner: owner, until: until, now: now))
                    == true
            else { return }
            await sign(entry)
        }
    }

    /// Decides `entry` again with its approvals at `now`, and records a change of state or of
    /// `notBefore`.
    func decide(_ entry: LedgerEntry, now: Int64) async throws -> LedgerEntry {
        let signed = try PolicyInputDecoder.signedRequest(json: entry.signedRequest)
        let approvals = try PolicyInputDecoder.approvals(json: entry.approvals)
        // The withdrawals signed so far, this one left out: velocity as the signers count it.
        var history = try await ledger.history(since: now / 1_000_000 - ServiceAPI.historyWindow)
        history.transfers.removeAll { $0.request == entry.request.id }
        let decision = PolicyEngine.evaluate(
            policy: policy, request: signed, approvals: approvals, history: history,
            receivedAt: Instant(seconds: entry.receivedAt), now: Instant(seconds: now / 1_000_000))
        let rule = decision.rule ?? ""
        var decided = entry.request
        ServiceAPI.apply(decision, to: &decided)
        let message = decided
        if message.state != entry.request.state {
            return try await transition(entry, from: [entry.request.state], to: message.state, reason: message.reason) {
                $0.request.notBefore = message.notBefore
                $0.rule = rule
            } ?? entry
        }
        if message.notBefore != entry.request.notBefore || message.reason != entry.request.reason || rule != entry.rule
        {
            return try await ledger.update(id: entry.request.id, from: [entry.request.state], now: Self.second(now)) {
                $0.request.notBefore = message.notBefore
                $0.request.reason = message.reason
                $0.rule = rule
            } ?? entry
        }
        return entry
    }

    /// Records officers' signed statements for request `id` and decides it again.
    /// - Returns: the request after, and the statements that did not count with the reason.
    public func addApprovals(_ approvals: [SignedApproval], to id: String) async throws -> (
        LedgerEntry, ignored: [String]
    ) {
        guard let entry = try await ledger.entry(id: id) else {
            throw RequestLedgerError(.corrupt, "no request \(UntrustedText.printable(id))")
        }
        let signed = try PolicyInputDecoder.signedRequest(json: entry.signedRequest)
        var kept = try PolicyInputDecoder.approvals(json: entry.approvals)
        var ignored: [String] = []
        var added: [SignedApproval] = []
        for approval in approvals {
            do {
                _ = try ApprovalVerifier.verify(approval, policy: policy, requestDigest: signed.request.digest)
            } catch {
                ignored.append("\(approval.statement.officer): \(error.description)")
                continue
            }
            if kept.contains(approval) { continue }
            kept.append(approval)
            added.append(approval)
        }
        guard !added.isEmpty else { return (entry, ignored) }
        guard entry.request.state == .pendingApproval || entry.request.state == .approved else {
            throw RequestLedgerError(
                .raced, "request \(id) is \(entry.request.state.name): approvals no longer change it")
        }
        for approval in added {
            try await audit.append(
                type: .approvalRecorded, actor: "officer:\(approval.statement.officer)",
                payload: JSONWriter.canonical(
                    .fields([
                        "request": .string(id), "officer": .string(approval.statement.officer),
                        "verdict": .string(approval.statement.verdict.rawValue),
                        "at": .string(approval.statement.at.description),
                        "requestDigest": .string(Hex.encode(signed.request.digest)),
                    ])))
        }
        let now = clock()
        let newlyAdded = added
        guard
            let updated = try await ledger.update(
                id: id, from: [.pendingApproval, .approved], now: Self.second(now),
                {
                    // Merged with what is stored now, under the row's lock: a statement another
                    // call recorded meanwhile is kept.
                    var stored = (try? PolicyInputDecoder.approvals(json: $0.approvals)) ?? []
                    for approval in newlyAdded where !stored.contains(approval) { stored.append(approval) }
                    $0.approvals = JSONWriter.canonical(PolicyInputEncoder.approvals(stored))
                })
        else { throw RequestLedgerError(.raced, "request \(id) changed meanwhile") }
        let decided = try await decide(updated, now: now)
        nudge()
        return (decided, ignored)
    }

    /// Appends the `request.transition` record, then moves the request.
    func transition(
        _ entry: LedgerEntry, from: Set<RequestState>, to state: RequestState, reason: String,
        lease: (owner: String, until: Int64)? = nil,
        _ change: @escaping @Sendable (inout LedgerEntry) -> Void = { _ in }
    ) async throws -> LedgerEntry? {
        try await audit.append(
            type: .requestTransition, actor: OnceSigning.actor,
            payload: ServiceAPI.transitionPayload(entry, to: state, reason: reason))
        return try await ledger.update(id: entry.request.id, from: from, now: Self.second(clock()), lease: lease) {
            $0.request.state = state
            $0.request.reason = reason
            change(&$0)
        }
    }

    func sign(_ entry: LedgerEntry) async {
        guard let wallet = policy.wallets.first(where: { $0.id == entry.request.walletId }),
            let key = try? await registry.wallet(wallet.key),
            let signed = try? PolicyInputDecoder.signedRequest(json: entry.signedRequest),
            let approvals = try? PolicyInputDecoder.approvals(json: entry.approvals),
            let payload = signed.request.payload
        else {
            _ = try? await transition(
                entry, from: [.signing], to: .failed, reason: "the wallet's key or the request could not be read")
            return
        }
        let outcome: Result<(signature: [UInt8], signedPSBT: [UInt8]), SigningStop>
        switch (payload.kind, entry.request.withdrawal) {
        case (.digest, _):
            outcome = await signDigest(entry, key: key, signed: signed, approvals: approvals, message: payload.hash)
                .map { ($0, []) }
        case (.psbt, .psbt(let document)?):
            outcome = await signPSBT(entry, key: key, signed: signed, approvals: approvals, document: document)
                .map { ([], $0) }
        case (.psbt, _):
            outcome = .failure(.failed("the request's PSBT is not stored with it"))
        }
        switch outcome {
        case .success(let result):
            _ = try? await transition(entry, from: [.signing], to: .signed, reason: "") {
                $0.request.signature = result.signature
                $0.request.signedPsbt = result.signedPSBT
            }
        case .failure(.failed(let reason)):
            _ = try? await transition(entry, from: [.signing], to: .failed, reason: reason)
        case .failure(.retryLater):
            // Left signing: its lease runs out and a coordinator runs it again, answered from the
            // signature records for what was signed.
            break
        }
    }

    /// Why signing stopped.
    enum SigningStop: Error {
        /// The signers did not sign, or the result is unusable: the request fails.
        case failed(String)
        /// A fault of this coordinator's records or audit log: try again later.
        case retryLater
    }

    /// Signs one message through the signature records: `record` is the records' id for it.
    func signOnce(
        record: String, key: WalletKey, signed: SignedRequest, authorization: AuthorizationBundle, message: [UInt8],
        spend: TaprootSpend?
    ) async -> Result<[UInt8], SigningStop> {
        let claim = SignatureRecords.Claim(
            request: record, wallet: key.name, requestDigest: signed.request.digest, message: message,
            spend: spend == nil ? "group-key" : "key-path")
        do {
            return .success(
                try await signing.sign(
                    wallet: key, claim: claim, authorization: authorization, taprootSpend: spend, timeout: timeout
                ).signature)
        } catch {
            switch error {
            case .signing(let failure):
                // A signer whose own time lock has not ended yet (it saw the request later than
                // the coordinator did) is asked again when the lease runs out.
                if failure.failed.values.contains(where: { $0.contains("time_locked") }) {
                    return .failure(.retryLater)
                }
                return .failure(.failed(failure.description))
            case .refused, .storage, .held: return .failure(.retryLater)
            }
        }
    }

    /// A digest withdrawal: BIP-340 under the group key itself.
    func signDigest(
        _ entry: LedgerEntry, key: WalletKey, signed: SignedRequest, approvals: [SignedApproval], message: [UInt8]
    ) async -> Result<[UInt8], SigningStop> {
        let authorization = AuthorizationBundle(
            request: signed, approvals: approvals, policy: policy.hash, messages: [message])
        return await signOnce(
            record: entry.request.id, key: key, signed: signed, authorization: authorization, message: message,
            spend: nil)
    }

    /// A PSBT withdrawal: each input's key-path signature hash signed for the wallet's Taproot
    /// output key (its records' id `<request>:<input>`), placed, checked, and the PSBT finalized.
    func signPSBT(
        _ entry: LedgerEntry, key: WalletKey, signed: SignedRequest, approvals: [SignedApproval], document: [UInt8]
    ) async -> Result<[UInt8], SigningStop> {
        var psbt: PSBT
        let messages: [[UInt8]]
        do {
            psbt = try PSBT(bytes: document)
            messages = try psbt.signatureHashes()
        } catch {
            return .failure(.failed("the PSBT cannot be signed: \(error.reason)"))
        }
        let authorization = AuthorizationBundle(
            request: signed, approvals: approvals, policy: policy.hash, document: document, messages: messages)
        for (index, message) in messages.enumerated() {
            // The lease is renewed for each input, so that no other coordinator takes over a
            // request of many inputs while this one still signs it.
            let now = clock()
            guard
                (try? await ledger.lease(
                    id: entry.request.id, state: .signing, owner: owner,
                    until: now + Int64(timeout.components.seconds) * 1_000_000 + Self.leaseMargin, now: now)) == true
            else { return .failure(.retryLater) }
            let signature: [UInt8]
            switch await signOnce(
                record: "\(entry.request.id):\(index)", key: key, signed: signed, authorization: authorization,
                message: message, spend: .keyPathOnly)
            {
            case .success(let made): signature = made
            case .failure(let stop): return .failure(stop)
            }
            do {
                let allType = psbt.inputs[index].sighashType == 1
                try psbt.placeSignature(allType ? signature + [0x01] : signature, inputIndex: index)
            } catch {
                return .failure(.failed("input \(index): \(error.reason)"))
            }
        }
        do {
            try psbt.finalize()
        } catch {
            return .failure(.failed("the signed PSBT cannot be finalized: \(error.reason)"))
        }
        return .success(psbt.serialized())
    }

    static func second(_ micros: Int64) -> Timestamp {
        RequestLedger.timestamp(micros: micros / 1_000_000 * 1_000_000)!
    }
}
