public import CoordinatorService
import CustodyAPI
import Encoding
public import Hummingbird
public import Logging
public import Policy

/// The officers' view of the service API's requests (docs/daemons.md § Requests):
/// `GET /v1/requests` and `GET /v1/requests/{id}` show what a request is and what officers
/// would sign for it; `POST /v1/requests/{id}/approvals` takes their signed statements, which
/// the coordinator verifies against its policy before it records them.
public struct RequestRoutes: DaemonRoutes {
    let ledger: RequestLedger
    let driver: RequestDriver
    let policy: Policy
    let logger: Logger

    /// The largest approvals body read.
    static let maximumBodySize = 256 * 1024

    public init(ledger: RequestLedger, driver: RequestDriver, policy: Policy, logger: Logger) {
        self.ledger = ledger
        self.driver = driver
        self.policy = policy
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        router.get("v1/requests") { _, _ in await list() }
        router.get("v1/requests/:id") { _, context in await show(context.parameters.get("id") ?? "") }
        router.post("v1/requests/:id/approvals") { request, context in
            await approve(request, id: context.parameters.get("id") ?? "")
        }
    }

    /// What `custody requests show` reads, canonical JSON: `request` (the API's `SigningRequest`),
    /// `service`, `label`, `signedRequest` (what officers approve), `approvals`, `requestDigest`
    /// and `policy` (the hash the statements must bind).
    func shown(_ entry: LedgerEntry) throws -> JSONValue {
        let signed = try PolicyInputDecoder.signedRequest(json: entry.signedRequest)
        func parsed(_ bytes: [UInt8], _ what: String) throws -> JSONValue {
            try StrictJSON.parse(bytes, what: what, code: .invalidRequest, maxBytes: 1 << 22)
        }
        return .fields([
            "request": try parsed(try APIJSON.encode(entry.request), "request"), "service": .string(entry.service),
            "label": .string(entry.label), "signedRequest": try parsed(entry.signedRequest, "signedRequest"),
            "approvals": try parsed(entry.approvals, "approvals"),
            "requestDigest": .string(Hex.encode(signed.request.digest)), "policy": .string(policy.hash.hex),
        ])
    }

    static func json(_ value: JSONValue) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.canonical(value))))
    }

    func list() async -> Response {
        do {
            let entries = try await ledger.list(
                service: nil, wallet: nil, states: [.pendingApproval, .approved, .signing], after: nil, limit: 1000)
            return Self.json(.fields(["requests": .array(try entries.map(shown))]))
        } catch {
            logger.error("cannot read the requests", metadata: ["reason": .string("\(error)")])
            return WalletRoutes.error(.internalServerError, "internal", "the requests could not be read")
        }
    }

    func show(_ id: String) async -> Response {
        do {
            guard let entry = try await ledger.entry(id: id) else {
                return WalletRoutes.error(.notFound, "not_found", "no request \(UntrustedText.printable(id))")
            }
            return Self.json(try shown(entry))
        } catch {
            logger.error("cannot read a request", metadata: ["reason": .string("\(error)")])
            return WalletRoutes.error(.internalServerError, "internal", "the request could not be read")
        }
    }

    func approve(_ request: Request, id: String) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBodySize)
        } catch {
            return WalletRoutes.error(.contentTooLarge, "too_large", "the body is over \(Self.maximumBodySize) bytes")
        }
        let approvals: [SignedApproval]
        do {
            approvals = try PolicyInputDecoder.approvals(json: Array(buffer: body))
        } catch {
            return WalletRoutes.error(.badRequest, "invalid_request", "approvals: \(error.description)")
        }
        do {
            guard try await ledger.entry(id: id) != nil else {
                return WalletRoutes.error(.notFound, "not_found", "no request \(UntrustedText.printable(id))")
            }
            let (entry, ignored) = try await driver.addApprovals(approvals, to: id)
            if !ignored.isEmpty, ignored.count == approvals.count {
                return WalletRoutes.error(
                    .badRequest, "invalid_approval", "no statement counts: " + ignored.joined(separator: "; "))
            }
            return Self.json(try shown(entry))
        } catch let error as RequestLedgerError {
            return WalletRoutes.error(.conflict, "request_state", error.reason)
        } catch {
            logger.error("cannot record approvals", metadata: ["reason": .string("\(error)")])
            return WalletRoutes.error(.internalServerError, "internal", "the approvals could not be recorded")
        }
    }
}
