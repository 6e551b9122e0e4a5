public import AuditStorage
public import CoordinatorService
import Encoding
import FROST
public import Hummingbird
public import Logging
import Policy

/// The coordinator's signing route (docs/daemons.md § Signatures): `POST /v1/signatures` has a
/// registered wallet's signers sign the message of an authorization bundle, robustly (ROAST),
/// each signer checking the bundle for itself. Each request id is signed once
/// (``SignatureRecords``): `signing.started` and `signature.completed` audit records are
/// written before the record changes, and a request signed before is answered from its record.
public struct SignatureRoutes: DaemonRoutes {
    let runner: RobustSigningRunner
    let registry: WalletRegistry
    let records: SignatureRecords
    let audit: PersistentAuditLog
    let metrics: DaemonMetrics
    let logger: Logger

    static let signingFailed = FailureCause("signing_failed")

    public init(
        runner: RobustSigningRunner, registry: WalletRegistry, records: SignatureRecords, audit: PersistentAuditLog,
        metrics: DaemonMetrics, logger: Logger
    ) {
        self.runner = runner
        self.registry = registry
        self.records = records
        self.audit = audit
        self.metrics = metrics
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        router.post("v1/signatures") { request, _ in
            let start = ContinuousClock.now
            let answer = await metrics.signing { await sign(request) }
            metrics.recordSigning(outcome: answer.outcome, duration: answer.askedSigners ? .now - start : nil)
            return answer.response
        }
    }

    /// A response, with how it is counted in the metrics.
    struct Answer {
        let response: Response
        let outcome: SigningOutcome
        /// True when the signers were asked.
        var askedSigners = false
    }

    /// The answer of a request that signed every message.
    struct Signed: Encodable {
        let wallet: String
        /// The 64-byte BIP-340 signature (or RFC 9591 signature, 65 bytes), in hex, in an array of one.
        let signatures: [String]
    }

    private func sign(_ request: Request) async -> Answer {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: SignatureRequest.maximumBodySize)
        } catch {
            return Answer(
                response: WalletRoutes.error(
                    .contentTooLarge, "too_large", "the body is over \(SignatureRequest.maximumBodySize) bytes"),
                outcome: .invalidRequest)
        }
        let parsed: SignatureRequest
        do {
            parsed = try SignatureRequest(json: Array(buffer: body))
        } catch {
            return Answer(
                response: WalletRoutes.error(.badRequest, "invalid_request", error.description),
                outcome: .invalidRequest)
        }
        let key: WalletKey
        do {
            guard let found = try await registry.wallet(parsed.wallet) else {
                return Answer(
                    response: WalletRoutes.error(
                        .notFound, "not_found", "no wallet named \"\(parsed.wallet)\" is registered"),
                    outcome: .notFound)
            }
            key = found
        } catch {
            logger.error("cannot read the wallet registry", metadata: ["reason": .string("\(error)")])
            return Answer(
                response: WalletRoutes.error(.internalServerError, "internal", "the wallet registry could not be read"),
                outcome: .internalError)
        }
        let claim = SignatureRecords.Claim(
            request: parsed.authorization.request.request.id, wallet: parsed.wallet,
            requestDigest: parsed.authorization.request.request.digest, message: parsed.authorization.messages[0],
            spend: parsed.taprootSpend == nil ? "group-key" : "key-path")
        // Claimed first: a concurrent submission of the same id waits for nothing and writes nothing.
        do {
            try records.claim(claim.request)
        } catch {
            return recordFailure(error)
        }
        let attempt: Int
        do {
            switch try await records.lookup(claim) {
            case .signed(let signature):
                records.abandon(claim.request)
                logger.info(
                    "answered from the record",
                    metadata: ["wallet": .string(claim.wallet), "request": .string(claim.request)])
                return Answer(
                    response: WalletRoutes.json(
                        .ok, Signed(wallet: parsed.wallet, signatures: [Hex.encode(signature)])),
                    outcome: .fromRecord)
            case .run(let number): attempt = number
            }
            try await audit.append(
                type: .signingStarted, actor: Self.actor, payload: Self.startedPayload(claim, attempt: attempt))
            try await records.begin(claim)
        } catch {
            records.abandon(claim.request)
            return recordFailure(error)
        }
        let signature: Signature
        do {
            signature = try await runner.sign(
                wallet: key, message: claim.message, taprootSpend: parsed.taprootSpend,
                authorization: parsed.authorization, timeout: parsed.timeout)
        } catch {
            records.abandon(claim.request)
            logger.warning(
                "signing failed",
                metadata: [
                    "wallet": .string(claim.wallet), "request": .string(claim.request),
                    "reason": .string(error.description),
                ])
            return Answer(
                response: failure(error), outcome: Self.outcome(error), askedSigners: error.cause != .invalidRequest)
        }
        do {
            try await audit.append(
                type: .signatureCompleted, actor: Self.actor,
                payload: Self.completedPayload(claim, attempt: attempt, signature: signature.bytes))
        } catch {
            // Not audited, never released: the request may be run again.
            records.abandon(claim.request)
            var answer = recordFailure(error)
            answer.askedSigners = true
            return answer
        }
        do {
            try await records.finish(claim.request, signature: signature.bytes)
        } catch {
            // The signature is in the audit log but not in the records: the request stays claimed
            // (`in_progress`) so that it is not signed again, until a restart completes its
            // record from the audit log.
            logger.critical(
                "a signature was made and audited but could not be recorded; the request is held until a restart",
                metadata: ["request": .string(claim.request)])
            var answer = recordFailure(error)
            answer.askedSigners = true
            return answer
        }
        logger.info(
            "signed",
            metadata: [
                "wallet": .string(claim.wallet), "request": .string(claim.request),
                "attempt": .stringConvertible(attempt),
            ])
        return Answer(
            response: WalletRoutes.json(.ok, Signed(wallet: parsed.wallet, signatures: [Hex.encode(signature.bytes)])),
            outcome: .signed, askedSigners: true)
    }

    static func outcome(_ error: RobustSigningError) -> SigningOutcome {
        switch error.cause {
        case .invalidRequest: .invalidRequest
        case .tooFewSigners: .tooFewSigners
        case .deadlinePassed: .deadlinePassed
        }
    }

    /// The audit records' actor.
    static let actor = "coordinator"
    /// How many of the audit log's last records ``recover(_:audit:)`` reads.
    static let recoveryWindow = 1_024

    /// Completes the signature records that the audit log's last `signature.completed`
    /// records show signed but that a stop left unrecorded (the audit record is written first).
    /// Returns how many it completed.
    public static func recover(_ records: SignatureRecords, audit: PersistentAuditLog) async throws -> Int {
        let tail = try AuditDatabase.tail(database: audit.store.database, count: recoveryWindow)
        var completed = 0
        for record in tail where record.type == .signatureCompleted && record.actor == actor {
            guard
                let value = try? StrictJSON.parse(
                    record.payload, what: "signature.completed", code: .invalidRequest, maxBytes: 1 << 16),
                case .object(let members) = value
            else { continue }
            var fields: [String: String] = [:]
            for member in members { if case .string(let text) = member.value { fields[member.key] = text } }
            guard let request = fields["request"], let wallet = fields["wallet"], let spend = fields["spend"],
                let message = fields["message"].flatMap({ try? Hex.decode($0) }),
                let signature = fields["signature"].flatMap({ try? Hex.decode($0) })
            else { continue }
            if try await records.recover(
                request: request, wallet: wallet, message: message, spend: spend, signature: signature)
            {
                completed += 1
            }
        }
        return completed
    }

    /// The `signing.started` payload, canonical JSON.
    static func startedPayload(_ claim: SignatureRecords.Claim, attempt: Int) -> [UInt8] {
        JSONWriter.canonical(
            .fields([
                "request": .string(claim.request), "wallet": .string(claim.wallet),
                "requestDigest": .string(Hex.encode(claim.requestDigest)),
                "message": .string(Hex.encode(claim.message)),
                "spend": .string(claim.spend), "attempt": .string(String(attempt)),
            ]))
    }

    /// The `signature.completed` payload, canonical JSON.
    static func completedPayload(_ claim: SignatureRecords.Claim, attempt: Int, signature: [UInt8]) -> [UInt8] {
        JSONWriter.canonical(
            .fields([
                "request": .string(claim.request), "wallet": .string(claim.wallet),
                "message": .string(Hex.encode(claim.message)), "spend": .string(claim.spend),
                "attempt": .string(String(attempt)), "signature": .string(Hex.encode(signature)),
            ]))
    }

    /// A refusal or failure of the signature records or the audit log.
    private func recordFailure(_ error: any Error) -> Answer {
        if let error = error as? SignatureRecordError {
            switch error.code {
            case .conflict:
                return Answer(
                    response: WalletRoutes.error(.conflict, "request_conflict", error.reason), outcome: .requestConflict
                )
            case .inProgress:
                return Answer(
                    response: WalletRoutes.error(.conflict, "in_progress", error.reason), outcome: .inProgress)
            case .corrupt: break
            }
        }
        logger.error("cannot record the signature request", metadata: ["reason": .string("\(error)")])
        metrics.recordFailure(cause: Self.signingFailed)
        return Answer(
            response: WalletRoutes.error(
                .internalServerError, "internal", "the signature records or the audit log could not be written"),
            outcome: .internalError)
    }

    private func failure(_ error: RobustSigningError) -> Response {
        switch error.cause {
        case .invalidRequest: return WalletRoutes.error(.badRequest, "invalid_request", error.reason)
        case .tooFewSigners: return failure("too_few_signers", .serviceUnavailable, error)
        case .deadlinePassed: return failure("deadline_passed", .gatewayTimeout, error)
        }
    }

    private func failure(_ code: String, _ status: HTTPResponse.Status, _ error: RobustSigningError) -> Response {
        metrics.recordFailure(cause: Self.signingFailed)
        return WalletRoutes.json(
            status,
            SigningFailure(
                error: code, message: error.description, flagged: error.flagged.map(\.value),
                refusals: Dictionary(uniqueKeysWithValues: error.failed.map { ($0.key.value, $0.value) })))
    }

    /// Why no signature came: the signers flagged for invalid shares, and what each signer that
    /// refused or could not be reached said.
    struct SigningFailure: Encodable {
        let error: String
        let message: String
        let flagged: [String]
        let refusals: [String: String]
    }
}
