public import AuditLog
public import AuditStorage
import Custody
import Encoding
import Foundation
public import Logging
public import PKCS11
import SecureMemory
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

/// `custodyd signer serve`: opens the signer's HSM token, checks its identity and sealing keys
/// against `signer.json`, opens its store and its audit log, serves until SIGTERM or SIGINT,
/// then closes everything in order (docs/daemons.md, "Shutdown").
public enum SignerDaemon {
    /// The audit record a new signer log starts with.
    public static let firstRecord: RecordType = "signer.log.created"

    /// Runs the signer; returns the process's exit code. Sets up the process's logging (JSON
    /// lines on standard error) and metrics, once per process.
    ///
    /// - Parameter routes: the signer's routes, made once its resources are open.
    public static func run(
        _ configuration: SignerDaemonConfiguration,
        routes: @escaping @Sendable (SignerResources) -> [any DaemonRoutes] = { _ in [] }
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
            configuration, module: module, readiness: readiness, metrics: metrics, logger: logger, routes: routes)
        logger.info("HSM sessions closed; finalizing the PKCS#11 module")
        return exitCode
    }

    private static func serve(
        _ configuration: SignerDaemonConfiguration, module: PKCS11Module, readiness: Readiness,
        metrics: DaemonMetrics, logger: Logger, routes: @escaping @Sendable (SignerResources) -> [any DaemonRoutes]
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
            let server = DaemonServer(
                role: "signer", listen: configuration.listen, readiness: readiness, metrics: metrics, logger: logger,
                health: {
                    ["identityCurve": signer.identityCurve.rawValue, "identityPublicKey": signer.identityPublicKey]
                },
                routes: routes(
                    SignerResources(
                        configuration: configuration, token: token, store: store, auditLog: audit, metrics: metrics,
                        logger: logger)))
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
