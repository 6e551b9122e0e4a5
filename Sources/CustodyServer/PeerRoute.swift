public import Hummingbird
public import Logging
import Metrics
import NIOCore
public import PeerProtocol

/// `POST /v1/peer`: the receiving side of the peer protocol over HTTP. The body is one
/// envelope; the daemon's ``PeerEndpoint`` opens it, lets the handler of its type answer, and
/// seals the reply (docs/daemons.md, "The peer route"; docs/protocol.md, "Transport: HTTP").
///
/// | outcome | status, body |
/// |---|---|
/// | a body over ``Envelope/maximumSize`` (by `Content-Length`, or while reading) | `413`, a text reason; the rest is not read |
/// | `.reply` | `200`, `application/octet-stream`: the sealed reply |
/// | `.rejected` | `400`, `text/plain`: `CODE: REASON` of the envelope check that failed |
/// | `.unsealed` | `500`, `text/plain`: the reply could not be signed |
public struct PeerRoute: DaemonRoutes {
    /// The route's path.
    public static let path = "/v1/peer"
    /// Envelopes answered, by `outcome` (counter): `reply`, `rejected`, `oversized`, `unsealed`.
    public static let envelopes = "custody_peer_envelopes_total"

    public let endpoint: PeerEndpoint
    /// Where a reply that could not be signed is logged (an HSM failure).
    public let logger: Logger

    public init(endpoint: PeerEndpoint, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        let endpoint = self.endpoint
        let logger = self.logger
        router.post(RouterPath(Self.path)) { request, _ in
            await Self.answer(request, endpoint: endpoint, logger: logger)
        }
    }

    static func answer(_ request: Request, endpoint: PeerEndpoint, logger: Logger) async -> Response {
        let tooLarge = "an envelope is at most \(Envelope.maximumSize) bytes"
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > Envelope.maximumSize {
            return text(.contentTooLarge, outcome: "oversized", "\(tooLarge); Content-Length is \(declared)")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Envelope.maximumSize)
        } catch is NIOTooManyBytesError {
            return text(.contentTooLarge, outcome: "oversized", tooLarge)
        } catch {
            return text(.badRequest, outcome: "rejected", "the request body could not be read")
        }
        switch await endpoint.answer(Array(buffer: body)) {
        case .reply(let bytes):
            count("reply")
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .rejected(let error):
            return text(.badRequest, outcome: "rejected", error.description)
        case .unsealed(let error):
            logger.error("a peer reply could not be signed", metadata: ["error": .string(error.description)])
            return text(.internalServerError, outcome: "unsealed", "the reply could not be signed")
        }
    }

    private static func text(_ status: HTTPResponse.Status, outcome: String, _ reason: String) -> Response {
        count(outcome)
        return Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: reason + "\n")))
    }

    private static func count(_ outcome: String) {
        Counter(label: envelopes, dimensions: [("outcome", outcome)]).increment()
    }
}
