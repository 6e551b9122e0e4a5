import Custody
import Foundation
import Logging
import PKCS11
public import PeerProtocol
import Policy
import SignerService
import SignerStore

/// The signer's services on the peer protocol, made from its open resources
/// (docs/daemons.md § The signer's services): the key ceremony over its sealed-share vault,
/// governed policy adoption, and robust signing from the vault's shares under the adopted
/// policies. A ceremony makes only a key that a wallet of the policy in force declares
/// (`PolicyWalletKeys`). Without a pinned coordinator there are none; without a genesis policy
/// in the store (`custodyd signer init --policy`) the ceremony refuses every key and nothing
/// else is served.
public enum SignerPeerServices {
    /// The handlers to add to the signer's `POST /v1/peer`.
    public static func handlers(_ resources: SignerResources) async throws -> [MessageType: any PeerMessageHandler] {
        let configuration = resources.configuration
        guard let coordinator = configuration.coordinator, let id = configuration.id else { return [:] }
        let me = try PeerID(id)
        let coordinatorID = try PeerID(coordinator.id)
        var peers: [PeerID: IdentityPublicKey] = [coordinatorID: coordinator.identityPublicKey]
        for peer in configuration.peers { peers[try PeerID(peer.id)] = peer.identityPublicKey }
        let vault = try await SealedShareVault(pool: resources.store, token: resources.token)
        let clock: @Sendable () -> Instant = { Instant(seconds: Int64(Date().timeIntervalSince1970)) }
        let policyStore = try await SignerPolicyStore.open(pool: resources.store)
        guard try await !policyStore.load().isEmpty else {
            resources.logger.notice(
                "no genesis policy in the store (custodyd signer init --policy FILE): no wallet key is made, and signing and policy changes are not served"
            )
            let ceremony = try KeyCeremonyService(
                me: me, token: resources.token, vault: vault, auditLog: resources.auditLog, coordinator: coordinatorID,
                peers: peers, walletKeys: PolicyWalletKeys(policies: { nil }, clock: clock))
            return ceremony.handlers
        }
        let ledger = try await SignerLedger.open(pool: resources.store)
        let adoption = try await PolicyAdoptionService(
            store: policyStore, audit: resources.auditLog, auditActor: "signer:\(id)", clock: clock,
            history: { try await ledger.history(since: Instant(seconds: 0)) })
        let ceremony = try KeyCeremonyService(
            me: me, token: resources.token, vault: vault, auditLog: resources.auditLog, coordinator: coordinatorID,
            peers: peers, walletKeys: PolicyWalletKeys(policies: { await adoption.current() }, clock: clock))
        var handlers = ceremony.handlers
        let signing = SigningService(
            me: me, shares: vault, ledger: ledger, audit: resources.auditLog, policies: await adoption.current(),
            coordinators: [coordinatorID], reader: PSBTMessageReader(), clock: clock)
        handlers.merge(signing.handlers) { first, _ in first }
        if let shares = handlers[.shareRequest] {
            handlers[.shareRequest] = MeteredShareHandler(inner: shares, metrics: resources.metrics)
        }
        if let fault = configuration.fault, let shares = handlers[.shareRequest] {
            resources.logger.warning(
                "fault switch on: this signer misbehaves on purpose (tests only)",
                metadata: ["fault": .string(fault.rawValue)])
            handlers[.shareRequest] = FaultyShareHandler(inner: shares, fault: fault)
        }
        handlers[.policyChange] = PolicyChangeHandler(adoption: adoption, signing: signing)
        return handlers
    }
}

/// `policyChange`: the adoption service decides; once it adopted a version, the signing service
/// decides under every version it holds.
struct PolicyChangeHandler: PeerMessageHandler {
    let adoption: PolicyAdoptionService
    let signing: SigningService

    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        let reply = await adoption.answer(message)
        if reply.type == .policyAdopted { await signing.decide(under: await adoption.current()) }
        return reply
    }
}

/// `shareRequest`, counted: each answer in `custody_signer_share_requests_total` and
/// `custody_signer_share_duration_seconds` by outcome (`share`, or the refusal's code).
struct MeteredShareHandler: PeerMessageHandler {
    let inner: any PeerMessageHandler
    let metrics: DaemonMetrics

    /// The refusal codes that are labels as they are; any other is `other`.
    static let knownCodes = Set(SigningRefusal.Code.allCases.map(\.rawValue))

    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        let start = ContinuousClock.now
        let reply = await inner.answer(message)
        metrics.recordShareRequest(outcome: Self.outcome(reply), duration: .now - start)
        return reply
    }

    /// `share`, a signing refusal's code (`authorization.<check>` for the authorization checks',
    /// a fixed set), or `other`.
    static func outcome(_ reply: PeerReply) -> String {
        if reply.type == .share { return "share" }
        guard reply.type == .refusal, let refusal = try? PeerRefusal(decoding: reply.payload) else { return "other" }
        if knownCodes.contains(refusal.code) { return refusal.code }
        let check = refusal.code.dropFirst("authorization.".count)
        let isAuthorization =
            refusal.code.hasPrefix("authorization.") && !check.isEmpty
            && check.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" }
        return isAuthorization ? refusal.code : "other"
    }
}
