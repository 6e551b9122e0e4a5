import Foundation
public import Hummingbird
import NIOCore
public import PeerProtocol

/// `GET /v1/signers`: pings every configured signer at once through the coordinator's
/// ``PeerCaller`` and reports, in configuration order, which answered with a valid `pong` and
/// how fast (docs/daemons.md, "GET /v1/signers").
public struct SignersRoute: DaemonRoutes {
    /// The route's path.
    public static let path = "/v1/signers"

    public let configuration: CoordinatorDaemonConfiguration
    public let caller: PeerCaller

    public init(configuration: CoordinatorDaemonConfiguration, caller: PeerCaller) {
        self.configuration = configuration
        self.caller = caller
    }

    /// One signer's line of the answer.
    struct Status: Encodable, Sendable {
        let id: String
        let url: String
        let reachable: Bool
        /// Milliseconds from sending the ping to the opened `pong`, to the microsecond.
        let latencyMs: Double?
        let reason: String?
    }

    struct Document: Encodable {
        let signers: [Status]
    }

    public func register(on router: Router<DaemonServer.Context>) {
        let signers = configuration.signers
        let caller = self.caller
        router.get(RouterPath(Self.path)) { _, _ in
            let statuses = await Self.ping(signers, caller: caller)
            let body = try DocumentJSONBody.encode(Document(signers: statuses))
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    /// Pings every signer concurrently; the statuses in the order of `signers`.
    static func ping(_ signers: [CoordinatorDaemonConfiguration.Signer], caller: PeerCaller) async -> [Status] {
        await withTaskGroup(of: (Int, Status).self) { group in
            for (index, signer) in signers.enumerated() {
                group.addTask { (index, await ping(signer, caller: caller)) }
            }
            var statuses = [Status?](repeating: nil, count: signers.count)
            for await (index, status) in group { statuses[index] = status }
            return statuses.compactMap { $0 }
        }
    }

    static func ping(_ signer: CoordinatorDaemonConfiguration.Signer, caller: PeerCaller) async -> Status {
        let url = signer.url.absoluteString
        let start = ContinuousClock.now
        do {
            let peer = try PeerID(signer.id)
            let answer = try await caller.call(peer, session: .random(), type: .ping, payload: [])
            guard answer.type == .pong, answer.payload.isEmpty else {
                return Status(
                    id: signer.id, url: url, reachable: false, latencyMs: nil,
                    reason: "bad reply: the answer is a \(answer.type) message, not an empty pong")
            }
            let elapsed = ContinuousClock.now - start
            let microseconds =
                elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
            return Status(
                id: signer.id, url: url, reachable: true, latencyMs: Double(microseconds) / 1000, reason: nil)
        } catch let error as PeerCallError {
            return Status(
                id: signer.id, url: url, reachable: false, latencyMs: nil, reason: "\(error.code): \(error.reason)")
        } catch {
            return Status(id: signer.id, url: url, reachable: false, latencyMs: nil, reason: "\(error)")
        }
    }
}
