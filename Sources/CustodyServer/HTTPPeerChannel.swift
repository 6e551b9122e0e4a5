public import AsyncHTTPClient
public import Foundation
public import HummingbirdTLS
import NIOCore
import NIOPosix
import NIOSSL
public import PeerProtocol

/// The ``PeerChannel`` between the daemons: each envelope is the body of one
/// `POST <peer's base URL>/v1/peer` (`application/octet-stream`), and the answer is the body of
/// a `200` (docs/protocol.md, "Transport: HTTP").
///
/// One `HTTPClient` serves every call (its connections are kept alive per peer); call
/// ``shutdown()`` once no call is in flight. The channel authenticates nothing: the envelopes
/// do. A reason it gives names the peer, its URL and the cause, never a byte of an envelope.
public final class HTTPPeerChannel: PeerChannel {
    /// The path every peer serves the protocol on, after its base URL.
    public static let path = "/v1/peer"
    /// The default time a call may take, from sending to the whole answer.
    public static let defaultTimeout: Duration = .seconds(5)
    /// The default time a connection may take to be made.
    public static let defaultConnectTimeout: Duration = .seconds(2)
    /// The longest reason read from a `400` answer, in bytes.
    public static let maximumReasonSize = 4096

    /// The HTTP client every call uses.
    public let client: HTTPClient
    /// Each peer's endpoint URL (its base URL with ``path`` appended).
    public let endpoints: [PeerID: URL]
    private let timeout: Duration

    /// - Parameters:
    ///   - peers: each peer's base URL (`http://127.0.0.1:7401`; a path in it is kept).
    ///   - timeout: the most a call may take, connecting, sending and reading the answer.
    ///   - connectTimeout: the most making a connection may take (no retry: a peer that does not
    ///     accept is unreachable at once).
    ///   - tls: how `https` peers are verified (the system's trust roots unless given).
    public init(
        peers: [PeerID: URL], timeout: Duration = defaultTimeout, connectTimeout: Duration = defaultConnectTimeout,
        tls: TLSConfiguration? = nil
    ) {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: .nanoseconds(timeout.nanoseconds)),
            decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        endpoints = peers.mapValues { Self.endpoint(base: $0) }
        self.timeout = timeout
    }

    /// `base` with ``path`` appended (one `/` between them).
    static func endpoint(base: URL) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + path) ?? base
    }

    /// Closes every connection; the channel cannot be used afterwards.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func deliver(_ envelope: [UInt8], to peer: PeerID) async throws(PeerCallError) -> [UInt8] {
        guard let url = endpoints[peer] else {
            throw PeerCallError(.unreachable, peer: peer, "no URL is configured for this peer")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .bytes(ByteBuffer(bytes: envelope))
        let deadline = NIODeadline.now() + .nanoseconds(timeout.nanoseconds)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch {
            throw PeerCallError(.unreachable, peer: peer, "cannot reach \(url.absoluteString): \(Self.cause(error))")
        }
        switch response.status.code {
        case 200:
            do {
                return Array(buffer: try await response.body.collect(upTo: Envelope.maximumSize))
            } catch is NIOTooManyBytesError {
                throw PeerCallError(
                    .unreachable, peer: peer,
                    "\(url.absoluteString) answered with more than \(Envelope.maximumSize) bytes, over an envelope's limit"
                )
            } catch {
                throw PeerCallError(
                    .unreachable, peer: peer, "\(url.absoluteString): the answer broke off: \(Self.cause(error))")
            }
        case 400:
            let reason: String
            do {
                let body = try await response.body.collect(upTo: Self.maximumReasonSize)
                reason = Self.printable(body.readableBytesView)
            } catch {
                reason = "(no readable reason)"
            }
            throw PeerCallError(.rejected, peer: peer, reason)
        default:
            throw PeerCallError(
                .unreachable, peer: peer, "\(url.absoluteString) answered HTTP \(response.status.code), not an envelope"
            )
        }
    }

    /// A TLS failure, without BoringSSL's source locations.
    static func tlsCause(_ error: NIOSSLError) -> String {
        switch error {
        case .handshakeFailed(let inner):
            "\(inner)".contains("CERTIFICATE_VERIFY_FAILED")
                ? "TLS handshake failed: the peer's certificate does not verify against the trusted authorities"
                : "TLS handshake failed"
        case .unableToValidateCertificate, .cannotMatchULabel:
            "TLS: the peer's certificate does not name the URL's host"
        default: "TLS failed: \(error)"
        }
    }

    /// A peer's reason as one line: printable ASCII kept, any other byte as `\xHH`.
    static func printable(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            if (0x20..<0x7f).contains(byte) {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = String(byte, radix: 16)
                text += "\\x" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return text
    }

    /// What went wrong, for people: the system's or the client's words, never the request.
    static func cause(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            "no answer in time"
        case let error as HTTPClientError where error == .connectTimeout:
            "no connection in time"
        case let error as HTTPClientError: error.description
        case let error as IOError: String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            error.connectionErrors.first.map { "\($0.error)" } ?? "cannot connect"
        case let error as NIOSSLError: tlsCause(error)
        case is CancellationError: "cancelled"
        default: "\(error)"
        }
    }
}
