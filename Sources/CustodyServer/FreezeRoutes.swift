import AuditLog
public import AuditStorage
import CoordinatorService
import Custody
import Encoding
public import Hummingbird
public import Logging
public import PeerProtocol
import Policy

/// `POST /v1/freezes` (docs/daemons.md § `POST /v1/freezes`): sends an officers' freeze or
/// unfreeze to every configured signer at once (`freeze`, 0x0303), each of which verifies it
/// against its own policy before it records and enforces it, and reports what each answered.
/// The coordinator appends `freeze.relayed` to its audit log with the answers.
public struct FreezeRoutes: DaemonRoutes {
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
        router.post("v1/freezes") { request, _ in await relay(request) }
    }

    /// What one signer recorded.
    struct Recorded: Encodable {
        let kind: String
        let at: String
        let recordedBefore: Bool
    }

    struct Answer: Encodable {
        let recorded: [String: Recorded]
        let failed: [String: String]
    }

    private func relay(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: FreezeRequest.maximumBodySize)
        } catch {
            return WalletRoutes.error(
                .contentTooLarge, "too_large", "the body is over \(FreezeRequest.maximumBodySize) bytes")
        }
        let parsed: FreezeRequest
        let payload: [UInt8]
        do {
            parsed = try FreezeRequest(json: Array(buffer: body))
            payload = try parsed.notice.encoded()
        } catch {
            return WalletRoutes.error(.badRequest, "invalid_request", "\(error)")
        }
        let (answers, failed) = await SignerBroadcast.send(
            payload, type: .freeze, expecting: .freezeRecorded, to: signers, caller: caller,
            decode: { try FreezeRecorded(decoding: $0) })
        var recorded: [String: Recorded] = [:]
        for (signer, answer) in answers {
            recorded[signer.value] = Recorded(
                kind: answer.event.kind.rawValue, at: answer.event.at.rfc3339, recordedBefore: answer.wasRecordedBefore)
        }
        let signed = parsed.notice.request.request
        let fields: JSONValue = .fields([
            "request": .string(signed.id), "kind": .string(signed.kind.rawValue),
            "requestDigest": .string(Hex.encode(signed.digest)),
            "recorded": .array(recorded.keys.sorted().map { .string($0) }),
            "failed": .array(failed.sorted { $0.key < $1.key }.map { .string("\($0.key): \($0.value)") }),
        ])
        do {
            try await audit.append(type: Self.relayed, actor: "coordinator", payload: JSONWriter.canonical(fields))
        } catch {
            logger.error("cannot audit a freeze relay", metadata: ["request": .string(signed.id)])
        }
        logger.notice(
            "freeze relayed",
            metadata: [
                "request": .string(signed.id), "kind": .string(signed.kind.rawValue),
                "recorded": .stringConvertible(recorded.count), "failed": .stringConvertible(failed.count),
            ])
        return WalletRoutes.json(failed.isEmpty ? .ok : .badGateway, Answer(recorded: recorded, failed: failed))
    }

    /// The coordinator's audit record of a relayed freeze or unfreeze.
    static let relayed: RecordType = "freeze.relayed"
}

struct FreezeFailure: Error {
    let reason: String
}
