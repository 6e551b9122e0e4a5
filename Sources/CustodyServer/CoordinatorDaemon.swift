public import AuditLog
public import AuditStorage
import Custody
import Encoding
import Foundation
import HummingbirdTLS
public import Logging
public import PKCS11
public import PeerProtocol
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
    /// Calls the signers: envelopes sealed with the coordinator's identity key, carried by
    /// ``HTTPPeerChannel`` to the configured URLs, answers opened against the pinned keys.
    public let caller: PeerCaller
}

/// Makes the coordinator's routes once its resources are open; a failure stops the start.
public typealias CoordinatorRoutes = @Sendable (CoordinatorResources) async throws -> [any DaemonRoutes]

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
        routes: @escaping CoordinatorRoutes = { _ in [] }
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
        routes: @escaping CoordinatorRoutes
    ) async -> Int32 {
        let token: HSMToken
        do {
            token = try HSMToken(module: module, labelOrSerial: configuration.hsm.token, pin: configuration.hsm.pin)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string(error.description)])
            return DaemonExitCode.configuration
        }
        defer { token.close() }
        let identity: IdentityPublicKey
        do {
            identity = try ensureIdentityKey(token: token, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("\(error)")])
            return DaemonExitCode.configuration
        }
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
        let signerTLS: TLSConfiguration
        do {
            signerTLS = try TLSFiles.clientConfiguration(trusting: configuration.signerCA)
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("\(error)")])
            await store.close()
            return DaemonExitCode.configuration
        }
        let channel = HTTPPeerChannel(
            peers: Dictionary(uniqueKeysWithValues: configuration.signers.map { (try! PeerID($0.id), $0.url) }),
            tls: signerTLS)
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
            let resources = CoordinatorResources(
                configuration: configuration, token: token, store: store, auditLog: audit, metrics: metrics,
                logger: logger, caller: try caller(configuration, token: token, channel: channel))
            let health = [
                "signers": String(signerCount), "identityCurve": identity.curve.rawValue,
                "identityPublicKey": Hex.encode(identity.uncompressed),
            ]
            let made = try await routes(resources)
            let server = DaemonServer(
                role: "coordinator", listen: configuration.listen, readiness: readiness, metrics: metrics,
                logger: logger, health: { health },
                routes: made + [SignersRoute(configuration: configuration, caller: resources.caller)])
            exitCode = await server.runToExitCode()
            withExtendedLifetime(audit) {}
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string("\(error)")])
            await channel.shutdown()
            await store.close()
            return DaemonExitCode.configuration
        }
        logger.info("server stopped; closing the signers' connections, the database and the audit log")
        await channel.shutdown()
        await store.close()
        return exitCode
    }
}

extension CoordinatorDaemon {
    /// The token's identity key (either curve), made on P-256 on the first start when it has
    /// none; its public key is what the signers pin as `coordinator.identityPublicKey`.
    static func ensureIdentityKey(token: HSMToken, logger: Logger) throws -> IdentityPublicKey {
        if try !hasIdentityKey(token) {
            try token.ensureIdentityKey(curve: .p256)
            logger.notice("created the coordinator's identity key (p-256)")
        }
        let (curve, key) = try token.identityPublicKey()
        let identity = try IdentityPublicKey(curve: curve, sec1: key)
        logger.info(
            "identity key",
            metadata: [
                "identityCurve": .string(curve.rawValue),
                "identityPublicKey": .string(Hex.encode(identity.uncompressed)),
            ])
        return identity
    }

    private static func hasIdentityKey(_ token: HSMToken) throws(PKCS11Error) -> Bool {
        do {
            _ = try token.identityPublicKey()
            return true
        } catch {
            guard error.code == .objectNotFound else { throw error }
            return false
        }
    }

    /// The coordinator's caller: its id as sender, the signers pinned by id.
    static func caller(_ configuration: CoordinatorDaemonConfiguration, token: HSMToken, channel: any PeerChannel)
        throws -> PeerCaller
    {
        let me = try PeerID(configuration.id)
        let clock: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
        var pinned: [PeerID: IdentityPublicKey] = [:]
        for signer in configuration.signers { pinned[try PeerID(signer.id)] = signer.identityPublicKey }
        return PeerCaller(
            sealer: EnvelopeSealer(token: token, sender: me),
            opener: EnvelopeOpener(me: me, peers: pinned, clock: clock), channel: channel, clock: clock,
            sequence: SequenceCounter { UInt64(Date().timeIntervalSince1970 * 1_000_000) })
    }
}
