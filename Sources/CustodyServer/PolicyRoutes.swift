import AuditLog
public import AuditStorage
import CoordinatorService
import Custody
import Encoding
public import Hummingbird
public import Logging
public import PeerProtocol
import Policy

/// `POST /v1/policies` (docs/daemons.md § `POST /v1/policies`): sends a governed policy change
/// (`policyChange`, 0x0301) to every configured signer at once, each of which verifies it against
/// its own adopted versions before it adopts the new one, and reports what each answered. The
/// coordinator appends `policy.relayed` to its audit log with the answers. It does not change
/// the coordinator's own `policy` file.
public struct PolicyRoutes: DaemonRoutes {
    let signers: [PeerID]
    let caller: PeerCaller
    let audit: PersistentAuditLog
    let logger: Logger

    public init(signers: [PeerID], caller: PeerCaller, audit: PersistentAuditLog, logger: Logger) {
        self.signers = signers
        self.caller = caller
        self.audit = audit
        self.logger = logger
    }

    public func register(on router: Router<DaemonServer.Context>) {
        router.post("v1/policies") { request, _ in await relay(request) }
    }

    /// The version one signer adopted.
    struct Adopted: Encodable {
        let policy: String
        let version: UInt32
        let activatesAt: String
    }

    struct Answer: Encodable {
        let adopted: [String: Adopted]
        let failed: [String: String]
    }

    private func relay(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: PolicyChangeRequest.maximumBodySize)
        } catch {
            return WalletRoutes.error(
                .contentTooLarge, "too_large", "the body is over \(PolicyChangeRequest.maximumBodySize) bytes")
        }
        let parsed: PolicyChangeRequest
        let payload: [UInt8]
        do {
            parsed = try PolicyChangeRequest(json: Array(buffer: body))
            payload = try parsed.adoption.encoded()
        } catch {
            return WalletRoutes.error(.badRequest, "invalid_request", "\(error)")
        }
        let (answers, failed) = await SignerBroadcast.send(
            payload, type: .policyChange, expecting: .policyAdopted, to: signers, caller: caller,
            decode: { try PolicyAdopted(decoding: $0) })
        var adopted: [String: Adopted] = [:]
        for (signer, answer) in answers {
            adopted[signer.value] = Adopted(
                policy: answer.hash.hex, version: answer.version, activatesAt: answer.activatesAt.rfc3339)
        }
        let change = parsed.adoption.change.request
        let fields: JSONValue = .fields([
            "request": .string(change.id), "requestDigest": .string(Hex.encode(change.digest)),
            "policy": .string(parsed.adoption.hash.hex), "activatesAt": .string(parsed.adoption.activatesAt.rfc3339),
            "adopted": .array(adopted.keys.sorted().map { .string($0) }),
            "failed": .array(failed.sorted { $0.key < $1.key }.map { .string("\($0.key): \($0.value)") }),
        ])
        do {
            try await audit.append(type: Self.relayed, actor: "coordinator", payload: JSONWriter.canonical(fields))
        } catch {
            logger.error("cannot audit a policy change relay", metadata: ["request": .string(change.id)])
        }
        logger.notice(
            "policy change relayed",
            metadata: [
                "request": .string(change.id), "policy": .string(parsed.adoption.hash.hex),
                "adopted": .stringConvertible(adopted.count), "failed": .stringConvertible(failed.count),
            ])
        return WalletRoutes.json(failed.isEmpty ? .ok : .badGateway, Answer(adopted: adopted, failed: failed))
    }

    /// The coordinator's audit record of a relayed policy change.
    static let relayed: RecordType = "policy.relayed"
}
