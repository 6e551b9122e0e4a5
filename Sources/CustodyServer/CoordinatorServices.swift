import CoordinatorService
import Encoding
import Foundation
import PKCS11
import PeerProtocol
import Policy

/// The coordinator's services, made from its open resources: wallets by key ceremony
/// (`WalletRoutes`) and robust signing (`SignatureRoutes`), over one wallet registry and the
/// signature records in its database.
public enum CoordinatorServices {
    /// The routes `custodyd coordinator serve` adds.
    public static func routes(_ resources: CoordinatorResources) async throws -> [any DaemonRoutes] {
        let registry = try await WalletRegistry(pool: resources.store)
        var signers: [PeerID: IdentityPublicKey] = [:]
        for signer in resources.configuration.signers { signers[try PeerID(signer.id)] = signer.identityPublicKey }
        let signing = RobustSigningRunner(caller: resources.caller, audit: resources.auditLog)
        let ceremonies = KeyCeremonyRunner(
            caller: resources.caller, signers: signers, registry: registry, signing: signing)
        let records = try await SignatureRecords(pool: resources.store)
        let recovered = try await OnceSigning.recover(records, audit: resources.auditLog)
        if recovered > 0 {
            resources.logger.notice(
                "signature records completed from the audit log", metadata: ["requests": .stringConvertible(recovered)])
        }
        let onceSigning = OnceSigning(runner: signing, records: records, audit: resources.auditLog)
        let (apiRoutes, ledger) = try await serviceAPIRoutes(resources, registry: registry, signing: onceSigning)
        var routes: [any DaemonRoutes] = apiRoutes
        routes += [
            WalletRoutes(
                runner: ceremonies, registry: registry, network: resources.configuration.network,
                metrics: resources.metrics, logger: resources.logger),
            FreezeRoutes(
                signers: Array(signers.keys).sorted(), caller: resources.caller, audit: resources.auditLog,
                logger: resources.logger),
            PolicyRoutes(
                signers: Array(signers.keys).sorted(), caller: resources.caller, audit: resources.auditLog,
                logger: resources.logger),
            SignatureRoutes(
                signing: onceSigning, registry: registry, ledger: ledger, metrics: resources.metrics,
                logger: resources.logger),
        ]
        return routes
    }

    /// The service API and the officers' request routes, with the driver of the requests'
    /// lifecycle started in the background; none without `policy` in the configuration.
    static func serviceAPIRoutes(
        _ resources: CoordinatorResources, registry: WalletRegistry, signing: OnceSigning
    ) async throws -> (routes: [any DaemonRoutes], ledger: RequestLedger?) {
        guard let path = resources.configuration.policy else { return ([], nil) }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read the policy file \(path)")
        }
        let policy = try PolicyDecoder.decode(yaml: String(decoding: bytes, as: UTF8.self), file: path)
        /// A service the coordinator signs requests as: in the policy, its key in the token.
        func checkService(_ id: String, _ key: String) throws {
            guard let declared = policy.services.first(where: { $0.id == id }) else {
                throw StartupError("\(key): '\(id)' is not a service of the policy \(path)")
            }
            let label = HSMToken.serviceKeyLabel(id)
            guard try resources.token.hasPrivateKey(label: label) else {
                throw StartupError(
                    "\(key): the token has no key for service '\(id)': "
                        + "run `custodyd coordinator service-key --service \(id)` and put its key in the policy")
            }
            let held = try resources.token.ed25519PublicKey(label: label)
            guard declared.key.algorithm == .ed25519, declared.key.bytes == held else {
                throw StartupError(
                    "\(key): the policy gives service '\(id)' the key \(declared.key), but the token's "
                        + "key for it is ed25519:\(Hex.encode(held))")
            }
        }
        var keys: [(hash: [UInt8], service: String)] = []
        for service in resources.configuration.apiServices {
            try checkService(service.id, "api.services")
            keys += service.keyHashes.map { ($0, service.id) }
        }
        if let rebalancer = resources.configuration.rebalancer {
            try checkService(rebalancer.service, "rebalancer.service")
        }
        let random: @Sendable (Int) -> [UInt8] = { count in
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        let clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000_000) }
        let ledger = try await RequestLedger(pool: resources.store, randomBytes: random)
        let network = resources.configuration.network
        let api = ServiceAPI(
            policy: policy, ledger: ledger, registry: registry, initiator: HSMRequestInitiator(token: resources.token),
            audit: resources.auditLog, network: network, describe: { WalletDescription($0, network: network) },
            clock: clock,
            randomBytes: random)
        let driver = RequestDriver(
            policy: policy, ledger: ledger, registry: registry, signing: signing, caller: resources.caller,
            audit: resources.auditLog,
            owner: "coordinator-" + Hex.encode(random(8)), clock: clock)
        // Every step of the driver is crash-safe (audit first, conditional updates, leases), so it
        // simply stops with the process.
        Task { await driver.run() }
        if let configured = resources.configuration.rebalancer {
            let rebalancer = Rebalancer(
                api: api, driver: driver, service: configured.service, interval: configured.interval)
            Task { await rebalancer.run() }
        }
        return (
            [
                ConnectRoutes(api: api, driver: driver, keys: keys, logger: resources.logger),
                RequestRoutes(ledger: ledger, driver: driver, policy: policy, logger: resources.logger),
            ], ledger
        )
    }
}
