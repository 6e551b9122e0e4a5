public import AuditStorage
public import Bitcoin
import Crypto
public import CustodyAPI
import Encoding
public import Policy

/// Signs, as a service, the requests it submits through the API (`SignedRequest`): the
/// coordinator holds each API service's key in its HSM.
public protocol RequestInitiator: Sendable {
    /// The service's signature over `bytes` (`SignedRequest.signedBytes`).
    func sign(service: String, bytes: [UInt8]) async throws -> [UInt8]
}

/// The methods of the service API (`api.md`), without a transport: each takes the authenticated
/// caller (a service of the policy) and a validated request, and answers a response or a
/// `ConnectError`. Every change of a request's state is appended to the audit log first.
public struct ServiceAPI: Sendable {
    /// How far back the withdrawals signed are read for the policy's velocity limits: 31 days,
    /// at least the longest window a policy sets in practice.
    static let historyWindow: Int64 = 31 * 86_400

    /// How long a request may wait for approval and signing.
    public static let requestLifetime: Int64 = 24 * 3600

    let policy: Policy
    let ledger: RequestLedger
    let registry: WalletRegistry
    let initiator: any RequestInitiator
    let audit: PersistentAuditLog
    let descriptions: @Sendable (WalletKey) -> WalletDescription
    let network: Network
    let clock: @Sendable () -> Int64
    let randomBytes: @Sendable (Int) -> [UInt8]

    /// - Parameters:
    ///   - clock: the time in microseconds since the Unix epoch.
    public init(
        policy: Policy, ledger: RequestLedger, registry: WalletRegistry, initiator: any RequestInitiator,
        audit: PersistentAuditLog, network: Network,
        describe: @escaping @Sendable (WalletKey) -> WalletDescription, clock: @escaping @Sendable () -> Int64,
        randomBytes: @escaping @Sendable (Int) -> [UInt8]
    ) {
        self.policy = policy
        self.ledger = ledger
        self.registry = registry
        self.initiator = initiator
        self.audit = audit
        self.descriptions = describe
        self.network = network
        self.clock = clock
        self.randomBytes = randomBytes
    }

    /// The audit records' actor for a change a service caused.
    static func actor(_ service: String) -> String { "service:\(service)" }

    static let internalError = ConnectError(.internal, "")

    // MARK: Wallets

    func policyWallet(_ id: String) throws(ConnectError) -> PolicyWallet {
        guard let wallet = policy.wallets.first(where: { $0.id == id }) else {
            throw ConnectError(.notFound, "no wallet \(UntrustedText.printable(id))")
        }
        return wallet
    }

    func apiWallet(_ wallet: PolicyWallet) async throws(ConnectError) -> CustodyAPI.Wallet {
        let key: WalletKey?
        let balance: Int64
        do {
            key = try await registry.wallet(wallet.key)
            balance = try await ledger.balance(wallet: wallet.id)
        } catch {
            throw Self.internalError
        }
        var result = CustodyAPI.Wallet(
            id: wallet.id, name: wallet.key, tier: Self.tier(wallet.tier), asset: wallet.asset, balance: balance)
        if let key {
            let description = descriptions(key)
            result.groupKey = (try? Hex.decode(description.groupKey)) ?? []
            result.address = description.address ?? ""
        }
        return result
    }

    static func tier(_ tier: Tier) -> WalletTier {
        switch tier {
        case .hot: .hot
        case .warm: .warm
        case .cold: .cold
        }
    }

    /// `ListWallets`: the policy's wallets, by id.
    public func listWallets(_ caller: String, _ request: ListWalletsRequest) async throws(ConnectError)
        -> ListWalletsResponse
    {
        let scope = "ListWallets\u{0}\(caller)"
        var after: String?
        if let position = try APICursor.read(request.cursor, scope: scope, key: ledger.cursorKey) {
            after = String(decoding: position, as: UTF8.self)
        }
        let size = Int(APILimits.pageSize(request.pageSize))
        let wallets = policy.wallets.sorted { $0.id < $1.id }.filter { after == nil || $0.id > after! }
        var page: [CustodyAPI.Wallet] = []
        for wallet in wallets.prefix(size) { page.append(try await apiWallet(wallet)) }
        let next =
            wallets.count > size
            ? APICursor.make(position: Array(page.last!.id.utf8), scope: scope, key: ledger.cursorKey) : ""
        return ListWalletsResponse(wallets: page, nextCursor: next)
    }

    /// `GetWallet`.
    public func getWallet(_ caller: String, _ request: GetWalletRequest) async throws(ConnectError)
        -> GetWalletResponse
    {
        GetWalletResponse(wallet: try await apiWallet(try policyWallet(request.walletId)))
    }

    /// `RegisterDeposit`: idempotent by outpoint.
    public func registerDeposit(_ caller: String, _ request: RegisterDepositRequest) async throws(ConnectError)
        -> RegisterDepositResponse
    {
        let wallet = try policyWallet(request.walletId)
        guard wallet.asset == "BTC" else {
            throw ConnectError(.failedPrecondition, "wallet \(wallet.id) holds \(wallet.asset), not BTC")
        }
        let deposit = Deposit(walletId: wallet.id, txid: request.txid, vout: request.vout, amount: request.amount)
        do {
            // Audited before it is stored, when it is new: a retry of a stored deposit audits nothing.
            if try await ledger.deposit(txid: request.txid, vout: request.vout) == nil {
                try await audit.append(
                    type: .depositRegistered, actor: Self.actor(caller),
                    payload: JSONWriter.canonical(
                        .fields([
                            "wallet": .string(wallet.id), "txid": .string(request.txid),
                            "vout": .string(String(request.vout)), "amount": .string(String(request.amount)),
                        ])))
            }
            let (stored, created) = try await ledger.register(deposit, at: clock())
            return RegisterDepositResponse(deposit: stored, created: created)
        } catch let error as RequestLedgerError where error.code == .keyReused {
            throw ConnectError(.alreadyExists, error.reason)
        } catch {
            throw Self.internalError
        }
    }

    // MARK: Requests

    /// `CreateWithdrawal`: records the request, signed as `caller`, in the state the policy
    /// gives it now (`api.md` § CreateWithdrawal).
    public func createWithdrawal(_ caller: String, _ request: CreateWithdrawalRequest) async throws(ConnectError)
        -> CreateWithdrawalResponse
    {
        guard policy.services.contains(where: { $0.id == caller }) else {
            throw ConnectError(.permissionDenied, "service \(caller) is not a service of the policy in force")
        }
        let body = try APIJSON.encode(request)
        let bodyHash = Array(SHA256.hash(data: body))
        do {
            if let existing = try await ledger.entry(service: caller, idempotencyKey: request.idempotencyKey) {
                guard existing.bodyHash == bodyHash else {
                    throw ConnectError(
                        .alreadyExists,
                        "idempotencyKey \(request.idempotencyKey) made request \(existing.request.id) with another body"
                    )
                }
                return CreateWithdrawalResponse(request: existing.request, created: false)
            }
        } catch let error as ConnectError {
            throw error
        } catch {
            throw Self.internalError
        }
        let wallet = try policyWallet(request.walletId)
        let key: WalletKey?
        do {
            key = try await registry.wallet(wallet.key)
        } catch {
            throw Self.internalError
        }
        guard let key else {
            throw ConnectError(
                .failedPrecondition, "wallet \(wallet.id) has no key yet: its key ceremony has not run")
        }
        let withdrawal: Withdrawn
        switch request.withdrawal {
        case .digest(let digest)?: withdrawal = try Self.digestWithdrawal(digest, wallet: wallet)
        case .psbt(let bytes)?: withdrawal = try psbtWithdrawal(bytes, wallet: wallet, key: key)
        case nil: throw ConnectError.invalidArgument("psbt: required: set psbt or digestWithdrawal")
        }
        let micros = clock()
        let seconds = micros / 1_000_000
        let policyRequest = PolicyRequest(
            id: Self.newID(randomBytes), kind: .transfer, wallet: wallet.id, amount: withdrawal.amount,
            destination: .init(address: withdrawal.destination), initiator: caller,
            createdAt: Instant(seconds: seconds), payload: withdrawal.payload)
        let (stored, created) = try await record(
            policyRequest, service: caller, idempotencyKey: request.idempotencyKey, bodyHash: bodyHash,
            payload: request.withdrawal, asset: wallet.asset, withdrawn: withdrawal, memo: request.memo,
            label: "withdrawal")
        return CreateWithdrawalResponse(request: stored.request, created: created)
    }

    /// A new request id: `req_` and 24 lowercase base32 characters of 15 random bytes.
    static func newID(_ randomBytes: @Sendable (Int) -> [UInt8]) -> String {
        "req_" + Base32.encode(randomBytes(15)).lowercased()
    }

    /// Signs `policyRequest` as `service` with its HSM key, decides it with no approvals now,
    /// appends `request.created`, and stores it; a request `service` made before with
    /// `idempotencyKey` is returned instead (`created` false), or refused when its body differed.
    func record(
        _ policyRequest: PolicyRequest, service: String, idempotencyKey: String, bodyHash: [UInt8],
        payload: Withdrawal?, asset: String, withdrawn: Withdrawn, memo: String, label: String
    ) async throws(ConnectError) -> (entry: LedgerEntry, created: Bool) {
        let seconds = policyRequest.createdAt.seconds
        let signed: SignedRequest
        do {
            signed = SignedRequest(
                request: policyRequest,
                signature: try await initiator.sign(
                    service: service, bytes: SignedRequest.signedBytes(digest: policyRequest.digest)))
        } catch {
            throw ConnectError(.unavailable, "the coordinator's HSM could not sign the request as \(service)")
        }
        var message = SigningRequest(
            id: policyRequest.id, walletId: policyRequest.wallet ?? "", idempotencyKey: idempotencyKey,
            state: .pendingApproval, withdrawal: payload, asset: asset, amount: withdrawn.amount,
            destination: withdrawn.destination, memo: memo, createdAt: Timestamp(seconds: seconds),
            updatedAt: Timestamp(seconds: seconds), expiresAt: Timestamp(seconds: seconds + Self.requestLifetime),
            kind: label)
        let history: History
        do {
            history = try await ledger.history(since: seconds - Self.historyWindow)
        } catch {
            throw Self.internalError
        }
        let decision = PolicyEngine.evaluate(
            policy: policy, request: signed, approvals: [], history: history,
            receivedAt: Instant(seconds: seconds), now: Instant(seconds: seconds))
        Self.apply(decision, to: &message)
        let entry = LedgerEntry(
            request: message, service: service, bodyHash: bodyHash,
            signedRequest: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)),
            approvals: Array("[]".utf8), receivedAt: seconds, label: label, spent: withdrawn.amount + withdrawn.fee,
            rule: decision.rule ?? "")
        do {
            try await audit.append(
                type: .requestCreated, actor: Self.actor(service),
                payload: Self.createdPayload(entry, signed: signed, withdrawal: withdrawn))
            return try await ledger.create(entry)
        } catch let error as RequestLedgerError where error.code == .keyReused {
            throw ConnectError(.alreadyExists, error.reason)
        } catch {
            // Two calls with one key at once: the database's uniqueness refused the second
            // insert; answer it as a retry of the first.
            if let winner = try? await ledger.entry(service: service, idempotencyKey: idempotencyKey) {
                guard winner.bodyHash == bodyHash else {
                    throw ConnectError(
                        .alreadyExists,
                        "idempotencyKey \(idempotencyKey) made request \(winner.request.id) with another body")
                }
                return (winner, false)
            }
            throw Self.internalError
        }
    }

    /// What a withdrawal moves, and the payload that binds what is signed.
    public struct Withdrawn: Sendable {
        let amount: Int64
        let destination: String
        let fee: Int64
        let payload: PolicyRequest.Payload
    }

    static func digestWithdrawal(_ digest: DigestWithdrawal, wallet: PolicyWallet) throws(ConnectError) -> Withdrawn {
        guard digest.asset == wallet.asset else {
            throw ConnectError(
                .failedPrecondition,
                "digestWithdrawal.asset: wallet \(wallet.id) holds \(wallet.asset), not \(digest.asset)")
        }
        return Withdrawn(
            amount: digest.amount, destination: digest.destination, fee: 0,
            payload: .init(kind: .digest, hash: digest.digest))
    }

    /// The highest fee a PSBT withdrawal may pay, in satoshis: 0.01 BTC.
    public static let maxFee: Int64 = 1_000_000

    /// Reads a PSBT withdrawal: every input spends the wallet's Taproot output by its key path,
    /// with SIGHASH_DEFAULT or SIGHASH_ALL, its fee at most ``maxFee``, and exactly one output
    /// pays an address outside the wallet (the others are change back to it).
    func psbtWithdrawal(_ bytes: [UInt8], wallet: PolicyWallet, key: WalletKey) throws(ConnectError) -> Withdrawn {
        guard wallet.asset == "BTC" else {
            throw ConnectError(.failedPrecondition, "psbt: wallet \(wallet.id) holds \(wallet.asset), not BTC")
        }
        guard key.suite == .secp256k1Taproot,
            let taproot = try? TaprootWallet(groupKey: key.publicKeyPackage.groupPublicKey)
        else {
            throw ConnectError(.failedPrecondition, "psbt: wallet \(wallet.id)'s key is not a Taproot key")
        }
        let review: PSBTReview
        do {
            review = try PSBTReview(
                bytes: bytes,
                configuration: .init(
                    network: network, wallet: taproot, maxFee: Self.maxFee, maxPSBTBytes: APILimits.maxPSBTBytes))
        } catch {
            throw ConnectError.invalidArgument("psbt: \(error.reason)")
        }
        let external = review.outputs.filter { !$0.isChange }
        guard external.count == 1, let paid = external.first else {
            throw ConnectError.invalidArgument(
                "psbt: \(external.count) outputs pay outside the wallet; a withdrawal pays exactly one (and change)")
        }
        guard let address = paid.address else {
            throw ConnectError.invalidArgument(
                "psbt: output \(paid.index) pays a script that is no \(network.rawValue) address")
        }
        guard paid.amount > 0 else {
            throw ConnectError.invalidArgument("psbt: output \(paid.index) pays 0 satoshis")
        }
        return Withdrawn(
            amount: paid.amount, destination: address, fee: review.fee, payload: .psbt(document: bytes))
    }

    /// Sets `message`'s state from the policy's decision: denied is `REJECTED`; allowed is
    /// `APPROVED`; pending with its quorum met is `APPROVED` until its time lock or window
    /// (`notBefore`); otherwise `PENDING_APPROVAL`.
    static func apply(_ decision: Decision, to message: inout SigningRequest) {
        switch decision.outcome {
        case .denied:
            message.state = .rejected
            message.reason = decision.reason
            message.notBefore = nil
        case .allowed:
            message.state = .approved
            message.reason = ""
            message.notBefore = nil
        case .pending where decision.quorumMetAt != nil:
            message.state = .approved
            message.reason = decision.reason
            // Two seconds more: each signer's own lock runs from its first sight, a moment later.
            let ends = [decision.timeLockEndsAt.map { $0.seconds + 2 }, decision.windowOpensAt?.seconds]
                .compactMap { $0 }.max()
            message.notBefore = ends.flatMap { Timestamp(seconds: $0) }
        case .pending:
            message.state = .pendingApproval
            message.reason = decision.reason
            message.notBefore = nil
        }
    }

    /// The `request.created` payload, canonical JSON.
    static func createdPayload(_ entry: LedgerEntry, signed: SignedRequest, withdrawal: Withdrawn) -> [UInt8] {
        let digest = withdrawal.payload.kind == .digest
        return JSONWriter.canonical(
            .fields([
                "request": .string(entry.request.id), "service": .string(entry.service),
                "wallet": .string(entry.request.walletId), "label": .string(entry.label),
                "idempotencyKey": .string(entry.request.idempotencyKey),
                "requestDigest": .string(Hex.encode(signed.request.digest)),
                "payload": .string(withdrawal.payload.kind.rawValue),
                "declared": .string(
                    digest
                        ? "the amount and destination are declared by the service, not read from a transaction"
                        : "the amount and destination are the PSBT's one output outside the wallet"),
                "fee": .string(String(withdrawal.fee)),
                "asset": .string(entry.request.asset), "amount": .string(String(entry.request.amount)),
                "destination": .string(entry.request.destination), "state": .string(entry.request.state.name),
                "reason": .string(entry.request.reason),
            ]))
    }

    func ownEntry(_ caller: String, _ id: String) async throws(ConnectError) -> LedgerEntry {
        let entry: LedgerEntry?
        do {
            entry = try await ledger.entry(id: id)
        } catch {
            throw Self.internalError
        }
        // Another service's request is answered exactly as one that does not exist.
        guard let entry, entry.service == caller else {
            throw ConnectError(.notFound, "no request \(UntrustedText.printable(id))")
        }
        return entry
    }

    /// `GetRequest`.
    public func getRequest(_ caller: String, _ request: GetRequestRequest) async throws(ConnectError)
        -> GetRequestResponse
    {
        GetRequestResponse(request: try await ownEntry(caller, request.requestId).request)
    }

    /// `ListRequests`: newest first, by pages.
    public func listRequests(_ caller: String, _ request: ListRequestsRequest) async throws(ConnectError)
        -> ListRequestsResponse
    {
        let states = Set(request.states)
        let scope =
            "ListRequests\u{0}\(caller)\u{0}\(request.walletId)\u{0}"
            + states.map(\.name).sorted().joined(separator: ",")
        var after: (createdAt: Int64, id: String)?
        if let position = try APICursor.read(request.cursor, scope: scope, key: ledger.cursorKey) {
            guard let time = APICursor.integer(position.prefix(8)) else { throw APICursor.refused }
            after = (time, String(decoding: position.dropFirst(8), as: UTF8.self))
        }
        let size = Int(APILimits.pageSize(request.pageSize))
        let entries: [LedgerEntry]
        do {
            entries = try await ledger.list(
                service: caller, wallet: request.walletId.isEmpty ? nil : request.walletId, states: states,
                after: after, limit: size + 1)
        } catch {
            throw Self.internalError
        }
        let page = Array(entries.prefix(size))
        var next = ""
        if entries.count > size, let last = page.last {
            next = APICursor.make(
                position: APICursor.integer(RequestLedger.micros(last.request.createdAt)) + Array(last.request.id.utf8),
                scope: scope, key: ledger.cursorKey)
        }
        return ListRequestsResponse(requests: page.map(\.request), nextCursor: next)
    }

    /// `CancelRequest`: idempotent; refused once signing began.
    public func cancelRequest(_ caller: String, _ request: CancelRequestRequest) async throws(ConnectError)
        -> CancelRequestResponse
    {
        let entry = try await ownEntry(caller, request.requestId)
        if entry.request.state == .cancelled { return CancelRequestResponse(request: entry.request) }
        guard entry.request.state.isCancellable else {
            throw ConnectError(
                .failedPrecondition,
                "request \(entry.request.id) is \(entry.request.state.name): it can no longer be cancelled")
        }
        let reason = request.reason
        do {
            try await audit.append(
                type: .requestTransition, actor: Self.actor(caller),
                payload: Self.transitionPayload(entry, to: .cancelled, reason: reason))
            let micros = clock()
            if let changed = try await ledger.update(
                id: entry.request.id, from: [.pendingApproval, .approved],
                now: RequestLedger.timestamp(micros: micros / 1_000_000 * 1_000_000)!,
                { entry in
                    entry.request.state = .cancelled
                    entry.request.reason = reason
                })
            {
                return CancelRequestResponse(request: changed.request)
            }
        } catch {
            throw Self.internalError
        }
        // Moved on meanwhile (signing began, or it was cancelled): answer from what it is now.
        let now = try await ownEntry(caller, request.requestId)
        guard now.request.state == .cancelled else {
            throw ConnectError(
                .failedPrecondition,
                "request \(now.request.id) is \(now.request.state.name): it can no longer be cancelled")
        }
        return CancelRequestResponse(request: now.request)
    }

    /// The `request.transition` payload, canonical JSON.
    public static func transitionPayload(_ entry: LedgerEntry, to state: RequestState, reason: String) -> [UInt8] {
        JSONWriter.canonical(
            .fields([
                "request": .string(entry.request.id), "service": .string(entry.service),
                "wallet": .string(entry.request.walletId), "label": .string(entry.label),
                "from": .string(entry.request.state.name), "to": .string(state.name), "reason": .string(reason),
            ]))
    }

    /// How often `WatchRequests` looks for changes while it waits.
    static let watchInterval: Duration = .milliseconds(50)

    /// `WatchRequests`: the caller's requests changed after the cursor, waiting up to
    /// `waitSeconds` for one.
    public func watchRequests(_ caller: String, _ request: WatchRequestsRequest) async throws(ConnectError)
        -> WatchRequestsResponse
    {
        let scope = "WatchRequests\u{0}\(caller)\u{0}\(request.walletId)"
        var after: Int64 = 0
        if let position = try APICursor.read(request.cursor, scope: scope, key: ledger.cursorKey) {
            guard let sequence = APICursor.integer(position[...]) else { throw APICursor.refused }
            after = sequence
        }
        let size = Int(APILimits.pageSize(request.pageSize))
        let deadline = ContinuousClock.now + .seconds(Int64(request.waitSeconds))
        while true {
            let entries: [LedgerEntry]
            do {
                entries = try await ledger.changes(
                    service: caller, wallet: request.walletId.isEmpty ? nil : request.walletId, after: after,
                    limit: size)
            } catch {
                throw Self.internalError
            }
            if !entries.isEmpty || ContinuousClock.now >= deadline || Task.isCancelled {
                let last = entries.last?.changeSequence ?? after
                return WatchRequestsResponse(
                    requests: entries.map(\.request),
                    cursor: APICursor.make(position: APICursor.integer(last), scope: scope, key: ledger.cursorKey))
            }
            try? await Task.sleep(for: Self.watchInterval)
        }
    }
}

/// RFC 4648 base32 without padding, for request ids.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }
}
