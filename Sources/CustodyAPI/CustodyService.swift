import Encoding

/// A method of `custody.v1.CustodyService`, free of any transport: its path and its request and
/// response types, which a server routes by and a client calls with.
public struct CustodyMethod<Request: APIRequest, Response: APIMessage>: Sendable {
    /// The method's name, such as `CreateWithdrawal`.
    public let name: String

    /// The URL path a Connect unary call is posted to: `/custody.v1.CustodyService/<name>`.
    public var path: String { "/\(CustodyService.name)/\(name)" }

    /// The method's description without its types.
    public var descriptor: MethodDescriptor {
        MethodDescriptor(name: name, path: path, requestType: Request.protoName, responseType: Response.protoName)
    }
}

/// A method's name, path and message names.
public struct MethodDescriptor: Hashable, Sendable {
    public let name: String
    public let path: String
    public let requestType: String
    public let responseType: String
}

/// The service of `docs/api/custody/v1/custody.proto`: every call is a Connect unary `POST` of
/// `Content-Type: application/json` to the method's path.
public enum CustodyService {
    public static let name = "custody.v1.CustodyService"
    /// The content type of every request and response body.
    public static let contentType = "application/json"

    public static let createWithdrawal = CustodyMethod<CreateWithdrawalRequest, CreateWithdrawalResponse>(
        name: "CreateWithdrawal")
    public static let getRequest = CustodyMethod<GetRequestRequest, GetRequestResponse>(name: "GetRequest")
    public static let listRequests = CustodyMethod<ListRequestsRequest, ListRequestsResponse>(name: "ListRequests")
    public static let cancelRequest = CustodyMethod<CancelRequestRequest, CancelRequestResponse>(
        name: "CancelRequest")
    public static let listWallets = CustodyMethod<ListWalletsRequest, ListWalletsResponse>(name: "ListWallets")
    public static let getWallet = CustodyMethod<GetWalletRequest, GetWalletResponse>(name: "GetWallet")
    public static let registerDeposit = CustodyMethod<RegisterDepositRequest, RegisterDepositResponse>(
        name: "RegisterDeposit")
    public static let watchRequests = CustodyMethod<WatchRequestsRequest, WatchRequestsResponse>(
        name: "WatchRequests")

    /// Every method, in the order of the `.proto` file.
    public static let methods: [MethodDescriptor] = [
        createWithdrawal.descriptor, getRequest.descriptor, listRequests.descriptor, cancelRequest.descriptor,
        listWallets.descriptor, getWallet.descriptor, registerDeposit.descriptor, watchRequests.descriptor,
    ]

    /// The method posted to `path`, or nil (the server answers `unimplemented`).
    public static func method(path: String) -> MethodDescriptor? { methods.first { $0.path == path } }
}

extension CustodyService {
    /// Reads and validates the request body posted to `path`, as the server will: `unimplemented`
    /// for a path that is no method, else what `APIJSON.decodeRequest` throws.
    public static func decodeRequest(path: String, body: [UInt8]) throws(ConnectError) -> any APIRequest {
        switch path {
        case createWithdrawal.path: try APIJSON.decodeRequest(CreateWithdrawalRequest.self, from: body)
        case getRequest.path: try APIJSON.decodeRequest(GetRequestRequest.self, from: body)
        case listRequests.path: try APIJSON.decodeRequest(ListRequestsRequest.self, from: body)
        case cancelRequest.path: try APIJSON.decodeRequest(CancelRequestRequest.self, from: body)
        case listWallets.path: try APIJSON.decodeRequest(ListWalletsRequest.self, from: body)
        case getWallet.path: try APIJSON.decodeRequest(GetWalletRequest.self, from: body)
        case registerDeposit.path: try APIJSON.decodeRequest(RegisterDepositRequest.self, from: body)
        case watchRequests.path: try APIJSON.decodeRequest(WatchRequestsRequest.self, from: body)
        default: throw ConnectError(.unimplemented, "no method at \(UntrustedText.printable(path))")
        }
    }
}
