import AuditLog
import AuditStorage
import CoordinatorService
import Custody
import CustodyTestSupport
import FROST
import Foundation
import PKCS11
import PeerProtocol
import Policy
import SignerService
import SignerStore
import Storage
import Synchronization

/// The daemons' identities, each a SoftHSM2 token with a P-256 identity key, made once for the
/// whole suite (the process has a fixed number of test tokens): the coordinator and five signers.
struct Identities: Sendable {
    static let shared: Result<Identities, any Error> = Result { try Identities() }

    let coordinator: Identity
    let signers: [Identity]

    private init() throws {
        coordinator = try Identity("coordinator")
        signers = try (1...5).map { try Identity("signer-\($0)") }
    }

    static func get() throws -> Identities { try shared.get() }
}

/// One daemon's id, token and pinned public key.
struct Identity: Sendable {
    let id: PeerID
    let token: HSMToken
    let publicKey: IdentityPublicKey

    init(_ name: String) throws {
        id = try PeerID(name)
        token = try SoftHSM.preparedToken("signing-service-\(name)", curve: .p256)
        let (curve, key) = try token.identityPublicKey()
        publicKey = try IdentityPublicKey(curve: curve, sec1: key)
    }
}

/// A signer's shares: fixed key packages from a trusted dealer, by wallet (key) name.
struct FixedShares: KeyShareSource {
    let shares: [String: WalletShare]

    func activeShare(wallet: String) async throws -> WalletShare? { shares[wallet] }
}

/// The clock every daemon of a test reads: seconds since 1970, ten minutes after the requests
/// were created.
final class TestClock: Sendable {
    private let seconds: Mutex<Int64>

    init(_ seconds: Int64 = Officers.start.seconds + 600) { self.seconds = Mutex(seconds) }

    func advance(_ by: Int64) { seconds.withLock { $0 += by } }

    @Sendable func read() -> UInt64 { UInt64(seconds.withLock { $0 }) }
    @Sendable func instant() -> Instant { Instant(seconds: seconds.withLock { $0 }) }
}

/// A channel between the coordinator and the signers that a test can make drop, delay or
/// corrupt what one signer answers.
final class FaultyChannel: PeerChannel {
    enum Fault: Sendable {
        case drop
        case delay(Duration)
        case corrupt
    }

    let loopback = LoopbackPeerChannel()
    private let faults = Mutex<[PeerID: Fault]>([:])

    func set(_ fault: Fault?, for peer: PeerID) { faults.withLock { $0[peer] = fault } }

    func deliver(_ envelope: [UInt8], to peer: PeerID) async throws(PeerCallError) -> [UInt8] {
        switch faults.withLock({ $0[peer] }) {
        case nil: return try await loopback.deliver(envelope, to: peer)
        case .drop: throw PeerCallError(.unreachable, peer: peer, "the message was dropped")
        case .delay(let duration):
            try? await Task.sleep(for: duration)
            return try await loopback.deliver(envelope, to: peer)
        case .corrupt:
            var answer = try await loopback.deliver(envelope, to: peer)
            answer[answer.count / 2] ^= 0x01
            return answer
        }
    }
}

/// A wallet's key dealt to `n` signers with threshold `t`, each signer a `SigningService` on
/// its own SQLite ledger and audit log, reachable over one `FaultyChannel`; and the
/// coordinator's `PeerCaller`, audit log and runner.
final class SigningHarness: Sendable {
    static let wallet = "k1"

    /// The real time in microseconds, for sequence numbers: a restarted daemon's continue
    /// above those it sent before.
    @Sendable static func microseconds() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1_000_000) }

    let identities: Identities
    let clock: TestClock
    let channel: FaultyChannel
    let walletKey: WalletKey
    let keyPackages: [PeerID: KeyPackage]
    let signers: Mutex<[PeerID: SignerDaemon]>
    let caller: PeerCaller
    let coordinatorAudit: PersistentAuditLog
    let runner: RobustSigningRunner

    struct SignerDaemon: Sendable {
        let service: SigningService
        let pool: any SQLConnectionPool
        let ledgerPath: String
        let audit: PersistentAuditLog
    }

    init(threshold: Int, of count: Int) async throws {
        let identities = try Identities.get()
        self.identities = identities
        let clock = TestClock()
        let channel = FaultyChannel()
        self.clock = clock
        self.channel = channel
        let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: threshold, maxSigners: count)
        var packages: [PeerID: KeyPackage] = [:]
        var holders: [PeerID: Identifier] = [:]
        for (index, share) in shares.enumerated() {
            let peer = identities.signers[index].id
            packages[peer] = try share.verify()
            holders[peer] = share.identifier
        }
        keyPackages = packages
        walletKey = WalletKey(
            name: Self.wallet, suite: .secp256k1Taproot, publicKeyPackage: publicKeyPackage, signers: holders)
        signers = Mutex([:])
        let coordinatorAudit = try Self.auditLog("coordinator")
        self.coordinatorAudit = coordinatorAudit
        let coordinator = identities.coordinator
        let caller = PeerCaller(
            sealer: EnvelopeSealer(token: coordinator.token, sender: coordinator.id),
            opener: EnvelopeOpener(me: coordinator.id, peers: Self.pinned(identities), clock: clock.read),
            channel: channel, clock: clock.read, sequence: SequenceCounter(microseconds: SigningHarness.microseconds))
        self.caller = caller
        runner = RobustSigningRunner(caller: caller, audit: coordinatorAudit)
        for peer in packages.keys {
            try await start(peer, ledgerPath: NSTemporaryDirectory() + "custody-ledger-\(UUID().uuidString).sqlite")
        }
    }

    var pinned: [PeerID: IdentityPublicKey] { Self.pinned(identities) }

    /// Every daemon's pinned identity key.
    static func pinned(_ identities: Identities) -> [PeerID: IdentityPublicKey] {
        var peers = [identities.coordinator.id: identities.coordinator.publicKey]
        for signer in identities.signers { peers[signer.id] = signer.publicKey }
        return peers
    }

    /// The signers' ids, in dealing order.
    var peers: [PeerID] { keyPackages.keys.sorted() }

    func identity(_ peer: PeerID) -> Identity { identities.signers.first { $0.id == peer }! }

    static func auditLog(_ name: String) throws -> PersistentAuditLog {
        let database = try AuditDatabase.open(
            NSTemporaryDirectory() + "custody-audit-\(UUID().uuidString).sqlite", create: true)
        return try PersistentAuditLog(
            database: database, origin: "custody.test/\(name)", genesisKey: TestLog.key1.verifierKey,
            signers: [TestLog.key1])
    }

    /// Starts (or restarts, on the same ledger) signer `peer`, optionally answering through
    /// `wrap`, and makes it reachable.
    @discardableResult
    func start(
        _ peer: PeerID, ledgerPath: String? = nil,
        wrap: (@Sendable (any PeerMessageHandler) -> any PeerMessageHandler)? = nil
    ) async throws -> SignerDaemon {
        let path = ledgerPath ?? signers.withLock { $0[peer]!.ledgerPath }
        let previous = signers.withLock { $0[peer] }
        if let previous { await previous.pool.close() }
        let pool = try await SQLiteConnectionPool(path: path)
        let audit = try previous?.audit ?? Self.auditLog(peer.value)
        let share = WalletShare(wallet: Self.wallet, suite: .secp256k1Taproot, keyPackage: keyPackages[peer]!)
        let service = try await SigningService.open(
            me: peer, shares: FixedShares(shares: [Self.wallet: share]), pool: pool,
            audit: audit, policies: Officers.adopted,
            coordinators: [identities.coordinator.id], clock: clock.instant)
        var handlers = service.handlers
        if let wrap { handlers = handlers.mapValues(wrap) }
        let identity = identity(peer)
        let endpoint = PeerEndpoint(
            opener: EnvelopeOpener(me: peer, peers: pinned, clock: clock.read),
            sealer: EnvelopeSealer(token: identity.token, sender: peer), handlers: handlers, clock: clock.read,
            sequence: SequenceCounter(microseconds: SigningHarness.microseconds))
        channel.loopback.set(endpoint, for: peer)
        let daemon = SignerDaemon(service: service, pool: pool, ledgerPath: path, audit: audit)
        signers.withLock { $0[peer] = daemon }
        return daemon
    }

    func daemon(_ peer: PeerID) -> SignerDaemon { signers.withLock { $0[peer]! } }

    /// Takes signer `peer` off the channel: it is down.
    func stop(_ peer: PeerID) { channel.loopback.set(nil, for: peer) }

    /// Runs the robust signing of `bundle`'s message.
    func sign(_ bundle: AuthorizationBundle, timeout: Duration = .seconds(60)) async throws -> Signature {
        try await runner.sign(
            wallet: walletKey, message: bundle.messages[0], authorization: bundle, timeout: timeout)
    }
}
