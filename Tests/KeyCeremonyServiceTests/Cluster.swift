import AuditLog
import AuditStorage
import CoordinatorService
import Custody
import CustodyTestSupport
import Foundation
import PKCS11
import PeerProtocol
import SignerService
import Storage
import Synchronization

/// A coordinator and three signer daemons in one process, each with its own SoftHSM2 token
/// (P-256 identity key, sealing key), the signers each with their own SQLite vault and audit
/// log, all talking through ``RelayChannel`` (a `LoopbackPeerChannel` that a test may turn into
/// a malicious relay).
final class Cluster: Sendable {
    struct Signer: Sendable {
        let id: PeerID
        let token: HSMToken
        let key: IdentityPublicKey
        let vault: SealedShareVault
        let auditLog: PersistentAuditLog
        let service: KeyCeremonyService
        let endpoint: PeerEndpoint
    }

    let coordinatorID = try! PeerID("coordinator")
    let coordinatorToken: HSMToken
    let coordinatorKey: IdentityPublicKey
    let replaced = Mutex<[Int: Signer]>([:])
    private let made: [Signer]
    private let pinned: [PeerID: IdentityPublicKey]
    private let walletKeys: any WalletKeyAuthority
    /// The signers, with those replaced by ``loseStore(of:)``.
    var signers: [Signer] {
        let replaced = self.replaced.withLock { $0 }
        return made.enumerated().map { replaced[$0.offset] ?? $0.element }
    }
    let channel: RelayChannel
    let runner: KeyCeremonyRunner
    let registry: WalletRegistry

    static let clock: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
    static let microseconds: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1_000_000) }

    static func key(_ token: HSMToken) throws -> IdentityPublicKey {
        let (curve, key) = try token.identityPublicKey()
        return try IdentityPublicKey(curve: curve, sec1: key)
    }

    static func temporaryPath(_ name: String, in directory: String = NSTemporaryDirectory()) -> String {
        directory + "custody-ceremony-\(name)-\(UUID().uuidString).sqlite"
    }

    /// This cluster's own directory of databases.
    let directory = NSTemporaryDirectory() + "custody-cluster-\(UUID().uuidString)/"

    /// - Parameter walletKeys: each signer's authority over which keys it makes; any by default.
    init(signerCount: Int = 3, walletKeys: any WalletKeyAuthority = AnyWalletKey()) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        coordinatorToken = try SoftHSM.preparedToken("ceremony-coordinator", curve: .p256)
        coordinatorKey = try Self.key(coordinatorToken)
        var tokens: [(PeerID, HSMToken, IdentityPublicKey)] = []
        for number in 1...signerCount {
            let token = try SoftHSM.preparedToken("ceremony-signer-\(number)", curve: .p256)
            tokens.append((try PeerID("signer-\(number)"), token, try Self.key(token)))
        }
        var pinned: [PeerID: IdentityPublicKey] = [coordinatorID: coordinatorKey]
        for (id, _, key) in tokens { pinned[id] = key }
        channel = RelayChannel()
        var made: [Signer] = []
        for (id, token, key) in tokens {
            made.append(
                try await Self.signer(
                    id, token, key, pinned: pinned, coordinator: coordinatorID, walletKeys: walletKeys,
                    channel: channel, directory: directory))
        }
        self.made = made
        self.pinned = pinned
        self.walletKeys = walletKeys
        var signerKeys = pinned
        signerKeys[coordinatorID] = nil
        let caller = PeerCaller(
            sealer: EnvelopeSealer(token: coordinatorToken, sender: coordinatorID),
            opener: EnvelopeOpener(me: coordinatorID, peers: signerKeys, clock: Self.clock), channel: channel,
            clock: Self.clock, sequence: SequenceCounter(microseconds: Self.microseconds))
        registry = try await WalletRegistry(pool: try await SQLiteConnectionPool(path: Self.temporaryPath("registry")))
        runner = KeyCeremonyRunner(caller: caller, signers: signerKeys, registry: registry)
    }

    /// A signer daemon with a fresh vault and audit log on `token`, answering on `channel`.
    static func signer(
        _ id: PeerID, _ token: HSMToken, _ key: IdentityPublicKey, pinned: [PeerID: IdentityPublicKey],
        coordinator: PeerID, walletKeys: any WalletKeyAuthority, channel: RelayChannel, directory: String
    ) async throws -> Signer {
        let pool = try await SQLiteConnectionPool(path: Self.temporaryPath(id.value, in: directory))
        let vault = try await SealedShareVault(pool: pool, token: token)
        let auditLog = try PersistentAuditLog(
            database: try SQLiteDatabase(path: Self.temporaryPath("\(id.value)-audit", in: directory)),
            origin: "custody.test/\(id.value)", genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        var peers = pinned
        peers[id] = nil
        let service = try KeyCeremonyService(
            me: id, token: token, vault: vault, auditLog: auditLog, coordinator: coordinator, peers: peers,
            walletKeys: walletKeys)
        let endpoint = PeerEndpoint(
            opener: EnvelopeOpener(me: id, peers: peers, clock: Self.clock),
            sealer: EnvelopeSealer(token: token, sender: id), handlers: service.handlers, clock: Self.clock,
            sequence: SequenceCounter(microseconds: Self.microseconds))
        channel.loopback.set(endpoint, for: id)
        return Signer(
            id: id, token: token, key: key, vault: vault, auditLog: auditLog, service: service, endpoint: endpoint)
    }

    /// Signer `index` loses its store: the same daemon (id, HSM token) starts again on an empty
    /// vault and audit log.
    func loseStore(of index: Int) async throws {
        let old = signers[index]
        let fresh = try await Self.signer(
            old.id, old.token, old.key, pinned: pinned, coordinator: coordinatorID, walletKeys: walletKeys,
            channel: channel, directory: directory)
        replaced.withLock { $0[index] = fresh }
    }

    /// Signer `index` restarts: a new service on the same HSM token, vault and audit log, with
    /// nothing in memory.
    func restart(of index: Int) throws {
        let old = signers[index]
        var peers = pinned
        peers[old.id] = nil
        let service = try KeyCeremonyService(
            me: old.id, token: old.token, vault: old.vault, auditLog: old.auditLog, coordinator: coordinatorID,
            peers: peers, walletKeys: walletKeys)
        let endpoint = PeerEndpoint(
            opener: EnvelopeOpener(me: old.id, peers: peers, clock: Self.clock),
            sealer: EnvelopeSealer(token: old.token, sender: old.id), handlers: service.handlers, clock: Self.clock,
            sequence: SequenceCounter(microseconds: Self.microseconds))
        channel.loopback.set(endpoint, for: old.id)
        replaced.withLock {
            $0[index] = Signer(
                id: old.id, token: old.token, key: old.key, vault: old.vault, auditLog: old.auditLog,
                service: service, endpoint: endpoint)
        }
    }

    var signerIDs: [PeerID] { signers.map(\.id) }

    /// Every vault entry of every signer, by signer.
    func entries() async throws -> [PeerID: [VaultEntry]] {
        var all: [PeerID: [VaultEntry]] = [:]
        for signer in signers { all[signer.id] = try await signer.vault.entries() }
        return all
    }

    /// True when no signer holds an active share.
    func noActiveShare() async throws -> Bool {
        try await entries().values.allSatisfy { $0.allSatisfy { $0.state != .active } }
    }

    /// The `key.ceremony` audit records of `signer`, as JSON objects.
    func ceremonyRecords(_ signer: Signer) throws -> [[String: String]] {
        let bundle = try signer.auditLog.bundle()
        return try bundle.entries.compactMap { entry in
            let record = try AuditRecord(decoding: entry.record)
            guard record.type == .keyCeremony else { return nil }
            return try JSONDecoder().decode([String: String].self, from: Data(record.payload))
        }
    }
}

/// A `LoopbackPeerChannel` with a hook: a test turns the coordinator's relay malicious by
/// rewriting the payload of a request before delivery and signing it again with the
/// coordinator's identity key (a compromised coordinator holds it).
final class RelayChannel: PeerChannel {
    let loopback = LoopbackPeerChannel()
    typealias Rewrite = @Sendable (PeerID, MessageType, [UInt8]) -> [UInt8]?
    private let rewrite = Mutex<(Rewrite, EnvelopeSealer)?>(nil)
    /// Called before each delivery (to make a peer unreachable mid-way, say).
    let beforeDelivery = Mutex<(@Sendable (PeerID, MessageType) -> Void)?>(nil)
    /// The requests delivered, in order: recipient, type, bytes.
    let delivered = Mutex<[(PeerID, MessageType, [UInt8])]>([])

    /// From now on, the payload of every request for which `change` returns bytes is replaced.
    func tamper(with sealer: EnvelopeSealer, _ change: @escaping Rewrite) {
        rewrite.withLock { $0 = (change, sealer) }
    }

    func deliver(_ envelope: [UInt8], to peer: PeerID) async throws(PeerCallError) -> [UInt8] {
        var bytes = envelope
        let parsed = try? Envelope(parsing: envelope)
        if let parsed {
            beforeDelivery.withLock { $0 }?(peer, parsed.type)
            if let (change, sealer) = rewrite.withLock({ $0 }),
                let payload = change(peer, parsed.type, parsed.payload)
            {
                do {
                    bytes = try await sealer.seal(
                        to: parsed.recipient, session: parsed.session, sequence: parsed.sequence,
                        expiry: parsed.expiry, type: parsed.type, payload: payload)
                } catch {
                    throw PeerCallError(.unreachable, peer: peer, "the relay could not sign: \(error)")
                }
            }
            delivered.withLock { $0.append((peer, parsed.type, bytes)) }
        }
        return try await loopback.deliver(bytes, to: peer)
    }
}

extension ShareBox {
    /// This box with the first bit of its ciphertext flipped, as a tampering relay sends it.
    func withAlteredCiphertext() -> ShareBox {
        var ciphertext = self.ciphertext
        ciphertext[0] ^= 1
        return ShareBox(
            purpose: purpose, ceremonyID: ceremonyID, sender: sender, recipient: recipient, nonce: nonce,
            ciphertext: ciphertext, authenticationTag: authenticationTag)
    }
}
