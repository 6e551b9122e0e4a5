public import CoordinatorService
import Encoding
import FROST
public import Hummingbird
public import Logging

/// The coordinator's signing route (docs/daemons.md § Signatures): `POST /v1/signatures` has a
/// registered wallet's signers sign each message of an authorization bundle, robustly (ROAST),
/// each signer checking the bundle for itself.
public struct SignatureRoutes: DaemonRoutes {
    let runner: RobustSigningRunner
    let registry: WalletRegistry
    let metrics: DaemonMetrics
    let logger: Logger

    static let signingFailed = FailureCause("signing_failed")

    public init(runner: RobustSigningRunner, registry: WalletRegistry, metrics: DaemonMetrics, logger: Logger) {
        self.runner = runner
        self.registry = registry
        self.metrics = metrics
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        router.post("v1/signatures") { request, _ in await sign(request) }
    }

    /// The answer of a request that signed every message.
    struct Signed: Encodable {
        let wallet: String
        /// One 64-byte BIP-340 signature (or RFC 9591 signature, 65 bytes) per message, in hex.
        let signatures: [String]
    }

    private func sign(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: SignatureRequest.maximumBodySize)
        } catch {
            return WalletRoutes.error(
                .contentTooLarge, "too_large", "the body is over \(SignatureRequest.maximumBodySize) bytes")
        }
        let parsed: SignatureRequest
        do {
            parsed = try SignatureRequest(json: Array(buffer: body))
        } catch {
            return WalletRoutes.error(.badRequest, "invalid_request", error.description)
        }
        let key: WalletKey
        do {
            guard let found = try await registry.wallet(parsed.wallet) else {
                return WalletRoutes.error(.notFound, "not_found", "no wallet named \"\(parsed.wallet)\" is registered")
            }
            key = found
        } catch {
            logger.error("cannot read the wallet registry", metadata: ["reason": .string("\(error)")])
            return WalletRoutes.error(.internalServerError, "internal", "the wallet registry could not be read")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var signatures: [String] = []
        for message in parsed.authorization.messages {
            let remaining = parsed.timeout - (clock.now - start)
            guard remaining > .zero else {
                return failure(
                    "deadline_passed", .gatewayTimeout, "the request's time ran out before every message was signed")
            }
            do {
                let signature = try await runner.sign(
                    wallet: key, message: message, taprootSpend: parsed.taprootSpend,
                    authorization: parsed.authorization, timeout: remaining)
                signatures.append(Hex.encode(signature.bytes))
            } catch {
                logger.warning(
                    "signing failed",
                    metadata: [
                        "wallet": .string(parsed.wallet), "request": .string(parsed.authorization.request.request.id),
                        "reason": .string(error.description),
                    ])
                return failure(error)
            }
        }
        logger.info(
            "signed",
            metadata: [
                "wallet": .string(parsed.wallet), "request": .string(parsed.authorization.request.request.id),
                "messages": .stringConvertible(signatures.count),
            ])
        return WalletRoutes.json(.ok, Signed(wallet: parsed.wallet, signatures: signatures))
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

    private func failure(_ code: String, _ status: HTTPResponse.Status, _ message: String) -> Response {
        metrics.recordFailure(cause: Self.signingFailed)
        return WalletRoutes.json(status, SigningFailure(error: code, message: message, flagged: [], refusals: [:]))
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
