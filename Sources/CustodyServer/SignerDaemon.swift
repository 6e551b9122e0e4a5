public import AuditLog
public import AuditStorage
import Custody
import Encoding
import Foundation
public import Logging
public import PKCS11
public import PeerProtocol
import SecureMemory
import SignerService
public import Storage

/// What a signer has open while it serves: what its routes are made with.
public struct SignerResources: Sendable {
    public let configuration: SignerDaemonConfiguration
    /// The signer's logged-in token (identity and sealing keys checked).
    public let token: HSMToken
    /// The signer's SQLite store.
    public let store: SQLiteConnectionPool
    /// The signer's own audit log.
    public let auditLog: PersistentAuditLog
    public let metrics: DaemonMetrics
    public let logger: Logger
}

/// The handlers a signer's `POST /v1/peer` dispatches to, by message type, made once its
/// resources are open.
public typealias SignerHandlers = @Sendable (SignerResources) async throws -> [MessageType: any PeerMessageHandler]

/// `custodyd signer serve`: opens the signer's HSM token, checks its identity and sealing keys
/// against `signer.json`, opens its store and its audit log, serves until SIGTERM or SIGINT,
/// then closes everything in order (docs/daemons.md, "Shutdown").
public enum SignerDaemon {
    /// The audit record a new signer log starts with.
    public static let firstRecord: RecordType = "signer.log.created"

    /// Runs the signer; returns the process's exit code. Sets up the process's logging (JSON
    /// lines on standard error) and metrics, once per process.
    ///
    /// - Parameters:
    ///   - routes: the signer's routes, made once its resources are open.
    ///   - handlers: the peer-protocol handlers the services add to `POST /v1/peer`, beside the
    ///     built-in `ping` one (which they cannot replace). The route is served when the
    ///     configuration pins a coordinator.
    public static func run(
        _ configuration: SignerDaemonConfiguration,
        routes: @escaping @Sendable (SignerResources) -> [any DaemonRoutes] = { _ in [] },
        handlers: @escaping SignerHandlers = { _ in [:] }
    ) async -> Int32 {
        JSONLogHandler.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "custody.signer")
        let readiness = Readiness()
        let metrics = DaemonMetrics.bootstrap(role: "signer", version: DaemonVersion.current)
        let signer = configuration.signer
        logger.info(
            "starting",
            metadata: [
                "role": "signer", "version": .string(DaemonVersion.current),
                "dataDirectory": .string(configuration.dataDirectory), "store": .string(configuration.store),
                "auditLog": .string(configuration.auditLog), "token": .string(signer.hsm.tokenLabel),
                "pin": .string(configuration.pin.description),
            ])
        let module: PKCS11Module
        do {
            module = try PKCS11Module(path: signer.hsm.module)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string(error.description)])
            return DaemonExitCode.configuration
        }
        defer { module.finalize() }
        let exitCode = await serve(
            configuration, module: module, readiness: readiness, metrics: metrics, logger: logger, routes: routes,
            handlers: handlers)
        logger.info("HSM sessions closed; finalizing the PKCS#11 module")
        return exitCode
    }

    private static func serve(
        _ configuration: SignerDaemonConfiguration, module: PKCS11Module, readiness: Readiness,
        metrics: DaemonMetrics, logger: Logger, routes: @escaping @Sendable (SignerResources) -> [any DaemonRoutes],
        handlers: SignerHandlers
    ) async -> Int32 {
        let signer = configuration.signer
        let token: HSMToken
        do {
            token = try HSMToken(module: module, labelOrSerial: signer.hsm.tokenSerial, pin: configuration.pin)
            try checkKeys(token: token, signer: signer)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("\(error)")])
            return DaemonExitCode.configuration
        }
        defer { token.close() }
        let store: SQLiteConnectionPool
        do {
            store = try await SQLiteConnectionPool(path: configuration.store)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("cannot open the store: \(error)")])
            return DaemonExitCode.configuration
        }
        let exitCode: Int32
        do {
            let auditDatabase = try openAuditDatabase(configuration.auditLog)
            let origin = "custody-signer-" + signer.identityPublicKey.dropFirst(2).prefix(16)
            let audit = try await DaemonAuditLog.open(
                database: auditDatabase, origin: origin, token: token, actor: "signer:\(origin)",
                firstType: firstRecord,
                firstPayload: [
                    "identityCurve": signer.identityCurve.rawValue, "identityPublicKey": signer.identityPublicKey,
                    "tokenSerial": signer.hsm.tokenSerial, "version": DaemonVersion.current,
                ], logger: logger)
            let resources = SignerResources(
                configuration: configuration, token: token, store: store, auditLog: audit, metrics: metrics,
                logger: logger)
            var daemonRoutes = routes(resources)
            if let endpoint = try await peerEndpoint(resources, handlers: handlers) {
                daemonRoutes.append(PeerRoute(endpoint: endpoint, logger: logger))
            } else {
                logger.notice("no coordinator is pinned: POST /v1/peer is not served")
            }
            let server = DaemonServer(
                role: "signer", listen: configuration.listen, readiness: readiness, metrics: metrics, logger: logger,
                health: {
                    ["identityCurve": signer.identityCurve.rawValue, "identityPublicKey": signer.identityPublicKey]
                },
                routes: daemonRoutes, tls: try configuration.tls?.serverConfiguration())
            exitCode = await server.runToExitCode()
            withExtendedLifetime(audit) {}
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("\(error)")])
            await store.close()
            return DaemonExitCode.configuration
        }
        logger.info("server stopped; closing the store and the audit log")
        await store.close()
        return exitCode
    }

    /// The signer's peer endpoint: envelopes to its `id` from the pinned coordinator, replies
    /// sealed with its HSM identity key; nil when no coordinator is pinned.
    static func peerEndpoint(_ resources: SignerResources, handlers: SignerHandlers) async throws -> PeerEndpoint? {
        let configuration = resources.configuration
        guard let coordinator = configuration.coordinator, let id = configuration.id else { return nil }
        let me = try PeerID(id)
        let clock: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
        let opener = EnvelopeOpener(
            me: me, peers: [try PeerID(coordinator.id): coordinator.identityPublicKey], clock: clock)
        let added = try await handlers(resources)
        let all = added.merging([.ping: PingHandler()]) { _, builtIn in builtIn }
        resources.logger.info(
            "peer endpoint ready",
            metadata: [
                "id": .string(id), "coordinator": .string(coordinator.id),
                "types": .array(all.keys.sorted { $0.rawValue < $1.rawValue }.map { .string($0.description) }),
            ])
        return PeerEndpoint(
            opener: opener, sealer: EnvelopeSealer(token: resources.token, sender: me), handlers: all, clock: clock,
            sequence: SequenceCounter { UInt64(Date().timeIntervalSince1970 * 1_000_000) })
    }

    private static func openAuditDatabase(_ path: String) throws(StartupError) -> SQLiteDatabase {
        do {
            return try SQLiteDatabase(path: path)
        } catch {
            throw StartupError("cannot open the audit log \(path): \(error)")
        }
    }

    /// The token must be the one `signer.json` names, its identity key the one recorded there,
    /// and its sealing key must seal and unseal.
    static func checkKeys(token: HSMToken, signer: SignerConfiguration) throws {
        guard token.info.serial == signer.hsm.tokenSerial, token.info.label == signer.hsm.tokenLabel else {
            throw StartupError(
                "the token found is \"\(token.info.label)\" (serial \(token.info.serial)), not the one signer.json names"
            )
        }
        let (curve, key) = try token.identityPublicKey()
        guard curve == signer.identityCurve, Hex.encode(key) == signer.identityPublicKey else {
            throw StartupError(
                "the token's identity key is not the one signer.json records (\(signer.identityPublicKey.prefix(16))…)")
        }
        let context = SealContext(wallet: "custody.startup-check", signer: "self", suite: "none", keyVersion: 0)
        let probe = try token.randomBytes(count: 32)
        let unsealed = try token.unseal(try token.seal(probe, context: context), context: context)
        guard unsealed == probe else { throw StartupError("the token's sealing key does not unseal what it sealed") }
    }
}
