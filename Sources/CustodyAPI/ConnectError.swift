import Encoding
import Foundation

/// The Connect protocol's error codes, each with its HTTP status (connectrpc.com/docs/protocol,
/// "Error Codes"). The string is what travels in the error body's `code`.
public enum ConnectErrorCode: String, CaseIterable, Codable, Hashable, Sendable {
    case canceled
    case unknown
    case invalidArgument = "invalid_argument"
    case deadlineExceeded = "deadline_exceeded"
    case notFound = "not_found"
    case alreadyExists = "already_exists"
    case permissionDenied = "permission_denied"
    case resourceExhausted = "resource_exhausted"
    case failedPrecondition = "failed_precondition"
    case aborted
    case outOfRange = "out_of_range"
    case unimplemented
    case `internal`
    case unavailable
    case dataLoss = "data_loss"
    case unauthenticated

    /// The HTTP status a server answers with for this code.
    public var httpStatus: Int {
        switch self {
        case .canceled: 499
        case .unknown: 500
        case .invalidArgument: 400
        case .deadlineExceeded: 504
        case .notFound: 404
        case .alreadyExists: 409
        case .permissionDenied: 403
        case .resourceExhausted: 429
        case .failedPrecondition: 400
        case .aborted: 409
        case .outOfRange: 400
        case .unimplemented: 501
        case .internal: 500
        case .unavailable: 503
        case .dataLoss: 500
        case .unauthenticated: 401
        }
    }

    /// The code a client infers from an HTTP status when the response carries no Connect error
    /// body (a proxy's page, say): 400 `internal`, 401 `unauthenticated`, 403
    /// `permission_denied`, 404 `unimplemented`, 429, 502, 503 and 504 `unavailable`, anything
    /// else `unknown`.
    public init(inferredFromHTTPStatus status: Int) {
        switch status {
        case 400: self = .internal
        case 401: self = .unauthenticated
        case 403: self = .permissionDenied
        case 404: self = .unimplemented
        case 429, 502, 503, 504: self = .unavailable
        default: self = .unknown
        }
    }

    /// Reads a code from an error body; a code this version does not know is `unknown`, as the
    /// protocol asks of clients.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = ConnectErrorCode(rawValue: text) ?? .unknown
    }
}

/// An error as the Connect protocol carries it: the body `{"code": …, "message": …}` of a
/// non-200 response. Every error `CustodyAPI` throws is one of these, `message` saying what
/// was wrong and naming the field; no message repeats a secret.
public struct ConnectError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: ConnectErrorCode
    /// For people: what was wrong. May be empty.
    public var message: String

    public init(_ code: ConnectErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `invalid_argument` with `message`.
    public static func invalidArgument(_ message: String) -> ConnectError { ConnectError(.invalidArgument, message) }

    /// The HTTP status of the response carrying this error.
    public var httpStatus: Int { code.httpStatus }

    public var description: String { message.isEmpty ? code.rawValue : "\(code.rawValue): \(message)" }

    /// The largest error body `decodeBody` reads.
    public static let maxBodyBytes = 65_536

    /// The error body: `{"code":"…","message":"…"}`, keys sorted, `message` left out when empty.
    public func body() -> [UInt8] {
        var object: [String: String] = ["code": code.rawValue]
        if !message.isEmpty { object["message"] = message }
        return (try? [UInt8](DocumentJSON.data(object, layout: .compact))) ?? Array(#"{"code":"internal"}"#.utf8)
    }

    /// Reads an error body (`code`, optional `message`, optional `details`, which are ignored,
    /// as is any other member). Without a readable body, the code is inferred from `httpStatus`.
    public static func decodeBody(_ body: [UInt8], httpStatus: Int) -> ConnectError {
        let inferred = ConnectError(ConnectErrorCode(inferredFromHTTPStatus: httpStatus), "HTTP status \(httpStatus)")
        guard body.count <= maxBodyBytes, (try? JSONNesting.check(body, limit: APIJSON.maxDepth)) != nil,
            let parsed = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        else { return inferred }
        return ConnectError(parsed.code, parsed.message ?? "")
    }

    private struct ErrorBody: Decodable {
        let code: ConnectErrorCode
        let message: String?
    }
}
