public import Bitcoin
public import CoordinatorService
import Encoding
public import Hummingbird
public import Logging

/// The coordinator's wallet routes (docs/daemons.md § Wallets): `POST /v1/wallets` runs a key
/// ceremony among the named signers and registers the wallet; `POST /v1/wallets/{name}/refresh`
/// refreshes its signers' shares and `POST /v1/wallets/{name}/repair` rebuilds one signer's;
/// `GET /v1/wallets` and `GET /v1/wallets/{name}` describe registered wallets.
public struct WalletRoutes: DaemonRoutes {
    let runner: KeyCeremonyRunner
    let registry: WalletRegistry
    let network: Network
    let metrics: DaemonMetrics
    let logger: Logger

    /// A ceremony that ended in a signer's failure.
    static let ceremonyFailed = FailureCause("ceremony_failed")

    /// - Parameter network: the network of the Taproot addresses shown, unless a creation names another.
    public init(
        runner: KeyCeremonyRunner, registry: WalletRegistry, network: Network, metrics: DaemonMetrics, logger: Logger
    ) {
        self.runner = runner
        self.registry = registry
        self.network = network
        self.metrics = metrics
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        router.post("v1/wallets") { request, _ in await create(request) }
        router.post("v1/wallets/:name/refresh") { _, context in
            await refresh(context.parameters.get("name") ?? "")
        }
        router.post("v1/wallets/:name/repair") { request, context in
            await repair(context.parameters.get("name") ?? "", request)
        }
        router.get("v1/wallets") { _, _ in await list() }
        router.get("v1/wallets/:name") { _, context in
            await show(context.parameters.get("name") ?? "")
        }
    }

    private func create(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: WalletCreationRequest.maximumBodySize)
        } catch {
            return Self.error(
                .contentTooLarge, "too_large", "the body is over \(WalletCreationRequest.maximumBodySize) bytes")
        }
        let creation: WalletCreationRequest
        do {
            creation = try WalletCreationRequest(json: Array(buffer: body))
        } catch {
            return Self.error(.badRequest, "invalid_request", error.description)
        }
        logger.info(
            "key ceremony starting",
            metadata: [
                "wallet": .string(creation.name), "suite": .string(creation.suite.rawValue),
                "threshold": .stringConvertible(creation.threshold),
                "signers": .array(creation.signers.map { .string($0.value) }),
            ])
        do {
            let result = try await runner.run(
                wallet: creation.name, suite: creation.suite, threshold: creation.threshold, signers: creation.signers,
                network: creation.network ?? network)
            logger.info("key ceremony complete", metadata: ["wallet": .string(creation.name)])
            return Self.json(.created, described(result, network: creation.network))
        } catch {
            logger.warning(
                "key ceremony failed",
                metadata: ["wallet": .string(creation.name), "reason": .string(error.description)])
            return failure(error)
        }
    }

    private func refresh(_ name: String) async -> Response {
        guard WalletCreationRequest.isWalletName(name) else {
            return Self.error(.badRequest, "invalid_request", "name: 1 to 64 characters of a-z 0-9 . _ - are required")
        }
        logger.info("share refresh starting", metadata: ["wallet": .string(name)])
        do {
            let result = try await runner.refresh(wallet: name, network: network)
            logger.info(
                "share refresh complete",
                metadata: ["wallet": .string(name), "keyVersion": .stringConvertible(result.walletKey.keyVersion)])
            return Self.json(.ok, described(result))
        } catch {
            logger.warning(
                "share refresh failed", metadata: ["wallet": .string(name), "reason": .string(error.description)])
            return failure(error)
        }
    }

    private func repair(_ name: String, _ request: Request) async -> Response {
        guard WalletCreationRequest.isWalletName(name) else {
            return Self.error(.badRequest, "invalid_request", "name: 1 to 64 characters of a-z 0-9 . _ - are required")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: WalletRepairRequest.maximumBodySize)
        } catch {
            return Self.error(
                .contentTooLarge, "too_large", "the body is over \(WalletRepairRequest.maximumBodySize) bytes")
        }
        let repair: WalletRepairRequest
        do {
            repair = try WalletRepairRequest(json: Array(buffer: body))
        } catch {
            return Self.error(.badRequest, "invalid_request", error.description)
        }
        logger.info(
            "share repair starting", metadata: ["wallet": .string(name), "signer": .string(repair.signer.value)])
        do {
            let result = try await runner.repair(wallet: name, signer: repair.signer, network: network)
            logger.info(
                "share repair complete", metadata: ["wallet": .string(name), "signer": .string(repair.signer.value)])
            return Self.json(.ok, described(result))
        } catch {
            logger.warning(
                "share repair failed", metadata: ["wallet": .string(name), "reason": .string(error.description)])
            return failure(error)
        }
    }

    /// The wallet a ceremony, refresh or repair left, with its transcript hash and id.
    private func described(_ result: KeyCeremonyRunner.Result, network: Network? = nil) -> WalletDescription {
        var description = WalletDescription(result.walletKey, network: network ?? self.network)
        description.transcriptHash = Hex.encode(result.transcriptHash)
        description.ceremonyId = Hex.encode(result.ceremonyID.bytes)
        return description
    }

    private func failure(_ error: KeyCeremonyRunError) -> Response {
        switch error.code {
        case .invalidRequest: return Self.error(.badRequest, "invalid_request", error.reason)
        case .unknownWallet: return Self.error(.notFound, "not_found", error.reason)
        case .walletExists: return Self.error(.conflict, "wallet_exists", error.reason)
        case .storage: return Self.error(.internalServerError, "internal", "the wallet registry failed")
        default:
            metrics.recordFailure(cause: Self.ceremonyFailed)
            return Self.json(
                .badGateway,
                ErrorBody(
                    error: "ceremony_failed", message: error.description, cause: error.code.description,
                    signer: error.signer?.value, culprits: error.culprits.map(\.value)))
        }
    }

    private func list() async -> Response {
        do {
            var wallets: [WalletDescription] = []
            for name in try await registry.names() {
                if let key = try await registry.wallet(name) {
                    wallets.append(WalletDescription(key, network: network))
                }
            }
            return Self.json(.ok, ["wallets": wallets])
        } catch {
            logger.error("cannot read the wallet registry", metadata: ["reason": .string("\(error)")])
            return Self.error(.internalServerError, "internal", "the wallet registry could not be read")
        }
    }

    private func show(_ name: String) async -> Response {
        guard WalletCreationRequest.isWalletName(name) else {
            return Self.error(.badRequest, "invalid_request", "name: 1 to 64 characters of a-z 0-9 . _ - are required")
        }
        do {
            guard let key = try await registry.wallet(name) else {
                return Self.error(.notFound, "not_found", "no wallet named \"\(name)\" is registered")
            }
            return Self.json(.ok, WalletDescription(key, network: network))
        } catch {
            logger.error("cannot read the wallet registry", metadata: ["reason": .string("\(error)")])
            return Self.error(.internalServerError, "internal", "the wallet registry could not be read")
        }
    }

    /// The body of every error answer.
    struct ErrorBody: Encodable {
        let error: String
        let message: String
        var cause: String? = nil
        var signer: String? = nil
        var culprits: [String]? = nil
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        json(status, ErrorBody(error: code, message: message))
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let body = (try? DocumentJSONBody.encode(value)) ?? Array(#"{"error":"internal"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
