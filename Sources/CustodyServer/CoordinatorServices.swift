import CoordinatorService
import PKCS11
import PeerProtocol

/// The coordinator's services, made from its open resources: wallets by key ceremony
/// (`WalletRoutes`) and robust signing (`SignatureRoutes`), over one wallet registry and the
/// signature records in its database.
public enum CoordinatorServices {
    /// The routes `custodyd coordinator serve` adds.
    public static func routes(_ resources: CoordinatorResources) async throws -> [any DaemonRoutes] {
        let registry = try await WalletRegistry(pool: resources.store)
        var signers: [PeerID: IdentityPublicKey] = [:]
        for signer in resources.configuration.signers { signers[try PeerID(signer.id)] = signer.identityPublicKey }
        let ceremonies = KeyCeremonyRunner(caller: resources.caller, signers: signers, registry: registry)
        let signing = RobustSigningRunner(caller: resources.caller, audit: resources.auditLog)
        let records = try await SignatureRecords(pool: resources.store)
        let recovered = try await SignatureRoutes.recover(records, audit: resources.auditLog)
        if recovered > 0 {
            resources.logger.notice(
                "signature records completed from the audit log", metadata: ["requests": .stringConvertible(recovered)])
        }
        return [
            WalletRoutes(
                runner: ceremonies, registry: registry, network: resources.configuration.network,
                metrics: resources.metrics, logger: resources.logger),
            FreezeRoutes(
                signers: Array(signers.keys).sorted(), caller: resources.caller, audit: resources.auditLog,
                logger: resources.logger),
            SignatureRoutes(
                runner: signing, registry: registry, records: records,
                audit: resources.auditLog, metrics: resources.metrics, logger: resources.logger),
        ]
    }
}
