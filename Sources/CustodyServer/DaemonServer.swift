import Foundation
public import Hummingbird
import HummingbirdCore
public import HummingbirdTLS
public import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A daemon's HTTP server: the built-in endpoints (`GET /healthz`, `GET /metrics`), the routes
/// its role adds, request metrics, and graceful shutdown on SIGTERM and SIGINT.
///
/// Routes are added through ``DaemonRoutes``; they know nothing of the transport's set-up.
/// ``run()`` returns once the server has stopped accepting connections and every request in
/// flight has been answered; the caller then closes its databases and HSM sessions.
public struct DaemonServer: Sendable {
    /// The request context every route receives.
    public typealias Context = BasicRequestContext

    public let role: String
    public let listen: ListenAddress
    public let readiness: Readiness
    public let metrics: DaemonMetrics
    public let logger: Logger
    private let health: @Sendable () -> [String: String]
    private let routes: [any DaemonRoutes]
    private let tls: TLSConfiguration?

    /// - Parameters:
    ///   - role: `signer` or `coordinator`, as `/healthz` and the metrics report it.
    ///   - health: the members `/healthz` adds to its document (the signer's identity key).
    ///   - routes: the role's routes.
    ///   - tls: when given, the server speaks HTTPS (HTTP/1.1 over TLS) only.
    public init(
        role: String, listen: ListenAddress, readiness: Readiness, metrics: DaemonMetrics, logger: Logger,
        health: @escaping @Sendable () -> [String: String] = { [:] }, routes: [any DaemonRoutes] = [],
        tls: TLSConfiguration? = nil
    ) {
        self.tls = tls
        self.role = role
        self.listen = listen
        self.readiness = readiness
        self.metrics = metrics
        self.logger = logger
        self.health = health
        self.routes = routes
    }

    /// Why ``run()`` failed.
    public enum Failure: Error, CustomStringConvertible {
        /// The server never accepted a connection: binding failed (the address is in use, or
        /// not this machine's).
        case cannotListen(ListenAddress, String)
        /// The server failed while serving.
        case serving(String)

        public var description: String {
            switch self {
            case .cannotListen(let address, let reason): "cannot listen on \(address): \(reason)"
            case .serving(let reason): "the server failed: \(reason)"
            }
        }
    }

    /// Serves (``run()``) and returns the daemon's exit code: `DaemonExitCode.success` after a
    /// graceful shutdown, `.configuration` when the server could not listen, `.failure` when it
    /// failed while serving; each failure is logged.
    public func runToExitCode() async -> Int32 {
        do {
            try await run()
            return DaemonExitCode.success
        } catch .cannotListen(let address, let reason) {
            logger.critical("cannot start", metadata: ["reason": .string("cannot listen on \(address): \(reason)")])
            return DaemonExitCode.configuration
        } catch {
            logger.error("stopped", metadata: ["reason": .string(error.description)])
            return DaemonExitCode.failure
        }
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: `/healthz` turns to 503, the
    /// listening socket closes, requests in flight are answered, and this returns.
    ///
    /// Once the socket accepts connections it prints `listening on HOST:PORT` (the port the
    /// system chose, for port 0) on standard output, the one line a daemon prints there.
    public func run() async throws(Failure) {
        let router = Router(context: Context.self)
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        router.get("healthz") { _, _ in healthResponse() }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        for group in routes { group.register(on: router) }

        let listening = ListeningFlag()
        let logger = self.logger
        let listen = self.listen
        let readiness = self.readiness
        let server: HTTPServerBuilder
        do {
            server = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        } catch {
            throw .cannotListen(listen, "the TLS configuration is unusable: \(error)")
        }
        let application = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let address = ListenAddress.text(host: listen.host, port: port)
                readiness.set(.ready)
                listening.set()
                logger.info("listening", metadata: ["address": .string(address)])
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: application),
                    .init(
                        service: ShutdownWatcher(readiness: readiness, logger: logger),
                        successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        do {
            try await group.run()
        } catch {
            if !listening.isSet { throw .cannotListen(listen, Self.reason(error)) }
            throw .serving(Self.reason(error))
        }
        // A ServiceGroup whose server failed to bind may end without an error.
        if !listening.isSet { throw .cannotListen(listen, "the server stopped before accepting connections") }
    }

    /// What went wrong, for people: a system error's text, not NIO's type names.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return error.description }
        if let error = error as? ServiceGroupError { return "\(error)" }
        return "\(error)"
    }

    private func healthResponse() -> Response {
        let state = readiness.current
        var document = health()
        document["role"] = role
        document["version"] = DaemonVersion.current
        document["status"] = state.rawValue
        let body = (try? DocumentJSONBody.encode(document)) ?? []
        return Response(
            status: state == .ready ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// A group of routes a daemon serves (the signer's, the coordinator's), added at start.
public protocol DaemonRoutes: Sendable {
    /// Adds the routes to `router`. Paths must not be `/healthz` or `/metrics`.
    func register(on router: Router<DaemonServer.Context>)
}

/// Set once the server accepts connections.
final class ListeningFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}

/// Turns `/healthz` to 503 the moment a graceful shutdown begins. Listed after the server in the
/// service group, it is shut down first: load balancers stop sending requests while the server
/// still answers those in flight.
struct ShutdownWatcher: Service {
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        readiness.set(.stopping)
        logger.info("shutting down: no new connections; answering the requests in flight")
    }
}
