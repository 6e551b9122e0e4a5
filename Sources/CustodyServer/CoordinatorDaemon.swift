public import AuditLog
public import AuditStorage
import Custody
import Foundation
public import Logging
public import PKCS11
public import Storage

/// What the coordinator has open while it serves: what its routes are made with.
public struct CoordinatorResources: Sendable {
    /// The configuration, with the signers' pinned identity keys.
    public let configuration: CoordinatorDaemonConfiguration
    /// The coordinator's logged-in token.
    public let token: HSMToken
    /// The coordinator's database (SQLite or PostgreSQL).
    public let store: any SQLConnectionPool
    /// The coordinator's own audit log.
    public let auditLog: PersistentAuditLog
    public let metrics: DaemonMetrics
    public let logger: Logger
}

/// `custodyd coordinator serve`: opens its HSM token, its database and its audit log, with the
/// signers' identity keys pinned from its configuration; serves until SIGTERM or SIGINT, then
/// closes everything in order (docs/daemons.md, "Shutdown").
public enum CoordinatorDaemon {
    /// The audit record a new coordinator log starts with.
    public static let firstRecord: RecordType = "coordinator.log.created"
    /// Connections of a PostgreSQL pool.
    public static let postgresPoolSize = 8

    /// Runs the coordinator; returns the process's exit code. Sets up the process's logging
    /// (JSON lines on standard error) and metrics, once per process.
    ///
    /// - Parameter routes: the coordinator's routes, made once its resources are open.
    public static func run(
        _ configuration: CoordinatorDaemonConfiguration,
        routes: @escaping @Sendable (CoordinatorResources) -> [any DaemonRoutes] = { _ in [] }
    ) async -> Int32 {
        JSONLogHandler.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "custody.coordinator")
        let readiness = Readiness()
        let metrics = DaemonMetrics.bootstrap(role: "coordinator", version: DaemonVersion.current)
        logger.info(
            "starting",
            metadata: [
                "role": "coordinator", "version": .string(DaemonVersion.current),
                "database": .string(configuration.database.description),
                "auditLog": .string(configuration.auditLog.description), "token": .string(configuration.hsm.token),
                "pin": .string(configuration.hsm.pin.description),
                "signers": .array(
                    configuration.signers.map {
                        .string("\($0.id) \($0.url.absoluteString) \($0.identityPublicKey.curve.rawValue)")
                    }),
            ])
        let module: PKCS11Module
        do {
            module = try PKCS11Module(path: configuration.hsm.module)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string(error.description)])
            return DaemonExitCode.configuration
        }
        defer { module.finalize() }
        let exitCode = await serve(
            configuration, module: module, readiness: readiness, metrics: metrics, logger: logger, routes: routes)
        logger.info("HSM sessions closed; finalizing the PKCS#11 module")
        return exitCode
    }

    private static func serve(
        _ configuration: CoordinatorDaemonConfiguration, module: PKCS11Module, readiness: Readiness,
        metrics: DaemonMetrics, logger: Logger,
        routes: @escaping @Sendable (CoordinatorResources) -> [any DaemonRoutes]
    ) async -> Int32 {
        let token: HSMToken
        do {
            token = try HSMToken(module: module, labelOrSerial: configuration.hsm.token, pin: configuration.hsm.pin)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string(error.description)])
            return DaemonExitCode.configuration
        }
        defer { token.close() }
        let store: any SQLConnectionPool
        do {
            switch configuration.database {
            case .sqlite(let path): store = try await SQLiteConnectionPool(path: path)
            case .postgres(let url): store = try await PostgresConnectionPool(url: url, size: postgresPoolSize)
            }
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("cannot open the database: \(error)")])
            return DaemonExitCode.configuration
        }
        let exitCode: Int32
        do {
            let auditDatabase: any SQLDatabase
            do {
                switch configuration.auditLog {
                case .sqlite(let path): auditDatabase = try SQLiteDatabase(path: path)
                case .postgres(let url): auditDatabase = try PostgresDatabase(url: url)
                }
            } catch {
                throw StartupError("cannot open the audit log: \(error)")
            }
            let origin = "custody-coordinator-" + token.info.serial
            let audit = try await DaemonAuditLog.open(
                database: auditDatabase, origin: origin, token: token, actor: "coordinator:\(origin)",
                firstType: firstRecord,
                firstPayload: [
                    "signers": configuration.signers.map(\.id).joined(separator: ","),
                    "tokenSerial": token.info.serial, "version": DaemonVersion.current,
                ], logger: logger)
            let signerCount = configuration.signers.count
            let server = DaemonServer(
                role: "coordinator", listen: configuration.listen, readiness: readiness, metrics: metrics,
                logger: logger, health: { ["signers": String(signerCount)] },
                routes: routes(
                    CoordinatorResources(
                        configuration: configuration, token: token, store: store, auditLog: audit, metrics: metrics,
                        logger: logger)))
            exitCode = await server.runToExitCode()
            withExtendedLifetime(audit) {}
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("\(error)")])
            await store.close()
            return DaemonExitCode.configuration
        }
        logger.info("server stopped; closing the database and the audit log")
        await store.close()
        return exitCode
    }
}
