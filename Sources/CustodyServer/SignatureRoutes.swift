import AuditStorage
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
    let signing: OnceSigning
    let registry: WalletRegistry
    /// The service API's requests, when it is served: their ids are signed by their lifecycle
    /// only, never through this route.
    let ledger: RequestLedger?
    let metrics: DaemonMetrics
    let logger: Logger

    static let signingFailed = FailureCause("signing_failed")

    public init(
        signing: OnceSigning, registry: WalletRegistry, ledger: RequestLedger? = nil, metrics: DaemonMetrics,
        logger: Logger
    ) {
        self.signing = signing
        self.registry = registry
        self.ledger = ledger
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
        // A request of the service API is signed when its lifecycle says so (approved, not
        // cancelled, expired or rejected), by the coordinator itself: never on a caller's word.
        if let ledger {
            let id = parsed.authorization.request.request.id
            let owned: Bool
            do {
                owned = try await ledger.entry(id: id) != nil
            } catch {
                return recordFailure(error)
            }
            if owned {
                return Answer(
                    response: WalletRoutes.error(
                        .conflict, "request_conflict",
                        "request \"\(id)\" is a request of the service API: it is signed by its lifecycle only"),
                    outcome: .requestConflict)
            }
        }
        let claim = SignatureRecords.Claim(
            request: parsed.authorization.request.request.id, wallet: parsed.wallet,
            requestDigest: parsed.authorization.request.request.digest, message: parsed.authorization.messages[0],
            spend: parsed.taprootSpend == nil ? "group-key" : "key-path")
        let signed: OnceSigning.Signed
        do {
            signed = try await signing.sign(
                wallet: key, claim: claim, authorization: parsed.authorization, taprootSpend: parsed.taprootSpend,
                timeout: parsed.timeout)
        } catch {
            return failure(error, claim: claim)
        }
        let answer = WalletRoutes.json(.ok, Signed(wallet: parsed.wallet, signatures: [Hex.encode(signed.signature)]))
        guard signed.askedSigners else {
            logger.info(
                "answered from the record",
                metadata: ["wallet": .string(claim.wallet), "request": .string(claim.request)])
            return Answer(response: answer, outcome: .fromRecord)
        }
        logger.info(
            "signed",
            metadata: [
                "wallet": .string(claim.wallet), "request": .string(claim.request),
                "attempt": .stringConvertible(signed.attempt),
            ])
        return Answer(response: answer, outcome: .signed, askedSigners: true)
    }

    private func failure(_ failure: OnceSigning.Failure, claim: SignatureRecords.Claim) -> Answer {
        switch failure {
        case .refused(let error):
            return recordFailure(error)
        case .storage(let error, let askedSigners):
            var answer = recordFailure(error)
            answer.askedSigners = askedSigners
            return answer
        case .held(let error):
            logger.critical(
                "a signature was made and audited but could not be recorded; the request is held until a restart",
                metadata: ["request": .string(claim.request)])
            var answer = recordFailure(error)
            answer.askedSigners = true
            return answer
        case .signing(let error):
            logger.warning(
                "signing failed",
                metadata: [
                    "wallet": .string(claim.wallet), "request": .string(claim.request),
                    "reason": .string(error.description),
                ])
            return Answer(
                response: self.failure(error), outcome: Self.outcome(error),
                askedSigners: error.cause != .invalidRequest)
        }
    }

    static func outcome(_ error: RobustSigningError) -> SigningOutcome {
        switch error.cause {
        case .invalidRequest: .invalidRequest
        case .tooFewSigners: .tooFewSigners
        case .deadlinePassed: .deadlinePassed
        }
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
