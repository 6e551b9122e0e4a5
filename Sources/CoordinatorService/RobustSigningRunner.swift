public import AuditStorage
public import Custody
import Encoding
public import FROST
public import PeerProtocol
import Policy

/// Runs one robust signing request (ROAST) among a wallet's signers over the peer protocol:
/// gathers a fresh commitment from every signer, opens sessions with the first `threshold`
/// ready ones, and on a missing or refused share opens another with the signers that are
/// ready, until one session gives the signature (docs/signing-session.md § The runner). The
/// rules are ``ROASTCoordinator``'s; this actor carries its messages and keeps the clock.
///
/// A signer whose share does not verify is named and flagged (`signer.flagged` in the
/// coordinator's audit log) and excluded for the rest of the request. The request fails,
/// never hangs: at its deadline, or as soon as fewer than `threshold` signers are left that
/// could still sign (unflagged, not refusing, reachable). Commitments left unused when a
/// request ends are kept for the wallet's next request, so that signers are not left with
/// commitments outstanding.
public actor RobustSigningRunner {
    /// How long a request may take by default.
    public static let defaultTimeout: Duration = .seconds(30)

    public let caller: PeerCaller
    let audit: PersistentAuditLog
    /// Each wallet's signers' fresh commitments left over from earlier requests.
    var spare: [String: [PeerID: SigningCommitments]] = [:]
    /// Wallets whose shares are being refreshed: their requests wait.
    var paused: Set<String> = []
    /// How many requests sign for each wallet now.
    var signing: [String: Int] = [:]
    /// Each refreshed wallet's newest key, for requests that waited on its refresh.
    var refreshedKeys: [String: WalletKey] = [:]

    /// - Parameters:
    ///   - caller: the coordinator's side of the peer protocol.
    ///   - audit: the coordinator's audit log: `signer.flagged` records.
    public init(caller: PeerCaller, audit: PersistentAuditLog) {
        self.caller = caller
        self.audit = audit
    }

    /// Signs `message` with `wallet`'s key, authorized by `authorization` (which each signer
    /// verifies for itself), within `timeout`.
    ///
    /// - Returns: the signature, verified under the key signed for.
    /// - Throws: ``RobustSigningError``: `tooFewSigners` as soon as fewer than the threshold
    ///   could still sign, `deadlinePassed` at the deadline, `invalidRequest` for parameters
    ///   or a message that cannot be sent.
    public func sign(
        wallet: WalletKey, message: [UInt8], taprootSpend: TaprootSpend? = nil, authorization: AuthorizationBundle,
        timeout: Duration = defaultTimeout
    ) async throws(RobustSigningError) -> Signature {
        var wallet = wallet
        let waiting = ContinuousClock.now
        while paused.contains(wallet.name) {
            guard !Task.isCancelled, ContinuousClock.now - waiting < timeout else {
                throw RobustSigningError(.deadlinePassed, "the wallet's shares were being refreshed until the deadline")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        if let newer = refreshedKeys[wallet.name], newer.keyVersion > wallet.keyVersion { wallet = newer }
        signing[wallet.name, default: 0] += 1
        defer { signing[wallet.name, default: 1] -= 1 }
        let spares = spare.removeValue(forKey: wallet.name) ?? [:]
        let started = ContinuousClock.now
        do {
            return try await attempt(
                wallet: wallet, message: message, taprootSpend: taprootSpend, authorization: authorization,
                timeout: timeout, spares: spares)
        } catch
            where !spares.isEmpty && error.failed.contains(where: { spares[$0.key] != nil && Self.isStale($0.value) })
        {
            // A signer restarted since it issued the commitment kept for it (its nonces were
            // burned): the request is made again, once, with a fresh commitment from it and the
            // first attempt's unused commitments, which are fresh.
            return try await attempt(
                wallet: wallet, message: message, taprootSpend: taprootSpend, authorization: authorization,
                timeout: timeout - (ContinuousClock.now - started),
                spares: spare.removeValue(forKey: wallet.name) ?? [:])
        }
    }

    /// True for a refusal of a commitment its signer no longer holds.
    static func isStale(_ reason: String) -> Bool {
        reason.contains("unknown_nonce") || reason.contains("nonce_burned")
    }

    private func attempt(
        wallet: WalletKey, message: [UInt8], taprootSpend: TaprootSpend?, authorization: AuthorizationBundle,
        timeout: Duration, spares: [PeerID: SigningCommitments]
    ) async throws(RobustSigningError) -> Signature {
        let threshold = wallet.publicKeyPackage.minSigners
        let session = SessionID.random()
        let requestID = session.bytes
        let parameters: ROASTCoordinator.Parameters
        do {
            parameters = try ROASTCoordinator.Parameters(
                requestID: requestID, suite: wallet.suite, message: message, taprootSpend: taprootSpend,
                publicKeyPackage: wallet.publicKeyPackage, threshold: threshold, deadline: .max)
        } catch {
            throw RobustSigningError(.invalidRequest, error.reason)
        }
        var run = RobustSigningRun(
            wallet: wallet, machine: ROASTCoordinator(parameters), authorization: authorization, caller: caller,
            session: session)
        defer { run.stop() }
        let deadline = Task { [continuation = run.continuation] in
            try? await Task.sleep(for: timeout)
            continuation.yield(.deadline)
        }
        defer { deadline.cancel() }
        for peer in wallet.signers.keys.sorted() {
            if let commitment = spares[peer] {
                run.continuation.yield(.commitments(peer, .success([commitment])))
            } else {
                run.requestCommitment(from: peer)
            }
        }
        for await event in run.events {
            if case .deadline = event {
                keepSpares(run, wallet: wallet)
                run.abandonUnfinished()
                throw run.deadlinePassed(timeout)
            }
            let actions = try run.handle(event)
            for action in actions {
                switch action {
                case .openSession(let request):
                    try run.open(request)
                case .flag(let identifier, let reason):
                    await flag(identifier, reason: reason, wallet: wallet)
                case .finished(let signature, _):
                    keepSpares(run, wallet: wallet)
                    run.abandonUnfinished()
                    return signature
                case .failed(let failure):
                    keepSpares(run, wallet: wallet)
                    run.abandonUnfinished()
                    throw run.failure(failure)
                }
            }
            if let failure = run.tooFewLeft(threshold: threshold) {
                keepSpares(run, wallet: wallet)
                run.abandonUnfinished()
                throw failure
            }
        }
        throw RobustSigningError(.deadlinePassed, "the request ended without a signature")
    }

    /// Stops new requests for `wallet` and waits for those signing to end, for a share refresh
    /// (docs/key-ceremony.md § Share refresh). Returns false, pausing nothing, when the wallet is
    /// paused already.
    public func pause(wallet: String) async -> Bool {
        guard paused.insert(wallet).inserted else { return false }
        while signing[wallet, default: 0] > 0 { try? await Task.sleep(for: .milliseconds(10)) }
        return true
    }

    /// Lets requests for `wallet` sign again, with `key` when its shares were refreshed.
    public func resume(wallet: String, key: WalletKey?) {
        if let key { refreshedKeys[wallet] = key }
        paused.remove(wallet)
    }

    private func keepSpares(_ run: RobustSigningRun, wallet: WalletKey) {
        var kept: [PeerID: SigningCommitments] = [:]
        for commitment in run.machine.readyCommitments {
            if let peer = wallet.signer(holding: commitment.identifier) { kept[peer] = commitment }
        }
        if !kept.isEmpty { spare[wallet.name] = kept }
    }

    private func flag(_ identifier: Identifier, reason: SigningSessionError, wallet: WalletKey) async {
        let peer = wallet.signer(holding: identifier)
        let signer: JSONValue = peer.map { .string($0.value) } ?? .null
        let record: JSONValue = .fields([
            "wallet": .string(wallet.name), "signer": signer, "identifier": .string(identifier.description),
            "reason": .string(reason.reason),
        ])
        let payload = JSONWriter.canonical(record)
        // A flag that cannot be recorded still excludes the signer; the error is the log's.
        _ = try? await audit.append(type: .signerFlagged, actor: caller.me.value, payload: payload)
    }
}

/// Why a robust signing request gave no signature. Names the signers at fault; never holds a
/// share, a nonce or key material.
public struct RobustSigningError: Error, Sendable, CustomStringConvertible {
    public enum Cause: String, Sendable {
        /// Fewer than the threshold of signers are left that could still sign.
        case tooFewSigners = "too few signers"
        /// The deadline passed.
        case deadlinePassed = "deadline passed"
        /// The request cannot be made (parameters, or a message beyond the wire's limits).
        case invalidRequest = "invalid request"
    }

    public let cause: Cause
    public let reason: String
    /// The signers flagged for an invalid share, ascending.
    public let flagged: [PeerID]
    /// The signers that refused or could not be reached, with what they said.
    public let failed: [PeerID: String]

    init(_ cause: Cause, _ reason: String, flagged: [PeerID] = [], failed: [PeerID: String] = [:]) {
        self.cause = cause
        self.reason = reason
        self.flagged = flagged
        self.failed = failed
    }

    public var description: String {
        var text = "\(cause.rawValue): \(reason)"
        if !flagged.isEmpty { text += "; flagged: \(flagged.map(\.value).joined(separator: ", "))" }
        for (peer, why) in failed.sorted(by: { $0.key < $1.key }) { text += "; \(peer): \(why)" }
        return text
    }
}
