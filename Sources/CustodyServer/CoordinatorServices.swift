import CoordinatorService
import PKCS11
import PeerProtocol

/// The coordinator's services, made from its open resources: wallets by key ceremony
/// (`WalletRoutes`) and robust signing (`SignatureRoutes`), over one wallet registry in its
/// database.
public enum CoordinatorServices {
    /// The routes `custodyd coordinator serve` adds.
    public static func routes(_ resources: CoordinatorResources) async throws -> [any DaemonRoutes] {
        let registry = try await WalletRegistry(pool: resources.store)
        var signers: [PeerID: IdentityPublicKey] = [:]
        for signer in resources.configuration.signers { signers[try PeerID(signer.id)] = signer.identityPublicKey }
        let ceremonies = KeyCeremonyRunner(caller: resources.caller, signers: signers, registry: registry)
        let signing = RobustSigningRunner(caller: resources.caller, audit: resources.auditLog)
        return [
            WalletRoutes(
                runner: ceremonies, registry: registry, network: resources.configuration.network,
                metrics: resources.metrics, logger: resources.logger),
            SignatureRoutes(runner: signing, registry: registry, metrics: resources.metrics, logger: resources.logger),
        ]
    }
}
