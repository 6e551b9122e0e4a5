public import CoordinatorService
import Crypto
import CustodyAPI
import Encoding
public import Hummingbird
public import Logging
import SecureMemory

/// The service API over the Connect protocol (`api.md`): unary `POST
/// /custody.v1.CustodyService/<Method>` with JSON bodies, each call authenticated by its API key
/// before anything else is looked at, answered by ``ServiceAPI``, errors as Connect error JSON
/// with the protocol's HTTP statuses.
public struct ConnectRoutes: DaemonRoutes {
    let api: ServiceAPI
    let driver: RequestDriver
    /// Each API key's SHA-256 and the service it is bound to.
    let keys: [(hash: [UInt8], service: String)]
    let logger: Logger

    public init(api: ServiceAPI, driver: RequestDriver, keys: [(hash: [UInt8], service: String)], logger: Logger) {
        self.api = api
        self.driver = driver
        self.keys = keys
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        for method in CustodyService.methods {
            router.post(RouterPath(method.path)) { request, _ in await call(request, path: method.path) }
        }
        router.post("\(CustodyService.name)/:method") { request, _ in await call(request, path: request.uri.path) }
    }

    /// The service an `Authorization: Bearer <key>` header names, or nil.
    func service(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        let key = Array(header.utf8.dropFirst(7))
        guard !key.isEmpty, key.count <= 512 else { return nil }
        let hash = Array(SHA256.hash(data: key))
        // Every configured hash is compared, each in constant time.
        var found: String?
        for entry in keys where ConstantTime.equal(entry.hash, hash) { found = entry.service }
        return found
    }

    func call(_ request: Request, path: String) async -> Response {
        guard let caller = service(request) else {
            return Self.error(
                ConnectError(.unauthenticated, "a valid API key is required: Authorization: Bearer <key>"))
        }
        guard CustodyService.method(path: path) != nil else {
            return Self.error(
                ConnectError(.unimplemented, "no method at \(UntrustedText.printable(path))"))
        }
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard type == CustodyService.contentType else {
            return Response(
                status: .unsupportedMediaType, headers: [.accept: CustodyService.contentType],
                body: .init(byteBuffer: ByteBuffer()))
        }
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "identity" {
            return Self.error(
                ConnectError(
                    .unimplemented,
                    "Content-Encoding \(UntrustedText.printable(encoding)) is not supported: send identity"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: APIJSON.maxBodyBytes)
        } catch {
            return Self.error(
                .invalidArgument("the body is more than the limit of \(APIJSON.maxBodyBytes) bytes"))
        }
        do throws(ConnectError) {
            let decoded = try CustodyService.decodeRequest(path: path, body: Array(buffer: body))
            let response = try await dispatch(decoded, caller: caller)
            return Response(
                status: .ok, headers: [.contentType: CustodyService.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: try APIJSON.encode(response))))
        } catch {
            if error.code == .internal {
                logger.error(
                    "a service API call failed", metadata: ["method": .string(path), "service": .string(caller)])
            }
            return Self.error(error)
        }
    }

    func dispatch(_ request: any APIRequest, caller: String) async throws(ConnectError) -> any APIMessage {
        switch request {
        case let request as CreateWithdrawalRequest:
            let response = try await api.createWithdrawal(caller, request)
            if response.created, let id = response.request?.id {
                // Shown to the signers before the answer, so that their time locks run from now.
                await driver.show(id)
                driver.nudge()
            }
            return response
        case let request as GetRequestRequest: return try await api.getRequest(caller, request)
        case let request as ListRequestsRequest: return try await api.listRequests(caller, request)
        case let request as CancelRequestRequest: return try await api.cancelRequest(caller, request)
        case let request as ListWalletsRequest: return try await api.listWallets(caller, request)
        case let request as GetWalletRequest: return try await api.getWallet(caller, request)
        case let request as RegisterDepositRequest: return try await api.registerDeposit(caller, request)
        case let request as WatchRequestsRequest: return try await api.watchRequests(caller, request)
        default: throw ConnectError(.unimplemented, "no such method")
        }
    }

    static func error(_ error: ConnectError) -> Response {
        Response(
            status: HTTPResponse.Status(code: error.httpStatus), headers: [.contentType: CustodyService.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: error.body())))
    }
}
