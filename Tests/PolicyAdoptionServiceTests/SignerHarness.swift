import AuditLog
import AuditStorage
import Custody
import CustodyTestSupport
import Foundation
import PKCS11
import PeerProtocol
import Policy
import SignerService
import SignerStore
import Storage
import Synchronization

/// The coordinator and the signer as peers, each with its own SoftHSM2 token and identity key,
/// made once for the whole suite.
struct Daemons: Sendable {
    static let shared: Result<Daemons, any Error> = Result { try Daemons() }

    let coordinator: PeerID
    let signer: PeerID
    let coordinatorSealer: EnvelopeSealer
    let signerSealer: EnvelopeSealer
    let pinned: [PeerID: IdentityPublicKey]

    private init() throws {
        coordinator = try! PeerID("coordinator")
        signer = try! PeerID("signer-1")
        var pinned: [PeerID: IdentityPublicKey] = [:]
        var sealers: [EnvelopeSealer] = []
        for (id, curve) in [(coordinator, IdentityCurve.p256), (signer, .secp256k1)] {
            let token = try SoftHSM.preparedToken("policy-adoption-\(id)", curve: curve)
            let (keyCurve, key) = try token.identityPublicKey()
            pinned[id] = try IdentityPublicKey(curve: keyCurve, sec1: key)
            sealers.append(EnvelopeSealer(token: token, sender: id))
        }
        coordinatorSealer = sealers[0]
        signerSealer = sealers[1]
        self.pinned = pinned
    }

    static func get() throws -> Daemons { try shared.get() }
}

/// The signer's own clock, set by the test.
final class SignerClock: Sendable {
    private let time: Mutex<Instant>

    init(_ time: Instant) { self.time = Mutex(time) }

    func set(_ value: Instant) { time.withLock { $0 = value } }

    @Sendable func read() -> Instant { time.withLock { $0 } }
}

/// One signer on real SQLite files (its store and its audit log), its adoption service behind a
/// `PeerEndpoint`, and a coordinator that calls it over the loopback channel.
final class SignerHarness: Sendable {
    let storePath = NSTemporaryDirectory() + "custody-signer-policies-\(UUID().uuidString).sqlite"
    let auditPath = NSTemporaryDirectory() + "custody-signer-audit-\(UUID().uuidString).sqlite"
    let clock = SignerClock(Governance.seen)
    let daemons: Daemons
    /// Envelope time, seconds since 1970.
    static let envelopeClock: @Sendable () -> UInt64 = { 1_800_000_000 }

    init() throws { daemons = try Daemons.get() }

    /// A running signer: its store, audit log and service, as opened now.
    struct Running: Sendable {
        let pool: SQLiteConnectionPool
        let store: SignerPolicyStore
        let audit: PersistentAuditLog
        let service: PolicyAdoptionService
        let caller: PeerCaller
    }

    /// Opens the store, storing the genesis policy if it is empty, and starts the service.
    func start(genesis: [UInt8] = Governance.file("genesis")) async throws -> Running {
        let pool = try await SQLiteConnectionPool(path: storePath)
        let store = try await SignerPolicyStore.open(pool: pool)
        _ = try await store.storeGenesis(policyFile: genesis, now: Governance.genesisActivation)
        return try await run(pool: pool, store: store)
    }

    /// Starts the service on an opened store.
    func run(pool: SQLiteConnectionPool, store: SignerPolicyStore) async throws -> Running {
        let audit = try PersistentAuditLog(
            database: AuditDatabase.open(auditPath, create: true), origin: TestLog.origin,
            genesisKey: TestLog.key1.verifierKey, signers: [TestLog.key1])
        let service = try await PolicyAdoptionService(
            store: store, audit: audit, auditActor: "signer:signer-1", clock: clock.read, history: { History() })
        let endpoint = PeerEndpoint(
            opener: EnvelopeOpener(me: daemons.signer, peers: daemons.pinned, clock: Self.envelopeClock),
            sealer: daemons.signerSealer, handlers: [.policyChange: service], clock: Self.envelopeClock,
            sequence: SequenceCounter { 1 })
        let caller = PeerCaller(
            sealer: daemons.coordinatorSealer,
            opener: EnvelopeOpener(me: daemons.coordinator, peers: daemons.pinned, clock: Self.envelopeClock),
            channel: LoopbackPeerChannel(endpoints: [daemons.signer: endpoint]), clock: Self.envelopeClock,
            sequence: SequenceCounter { 1 })
        return Running(pool: pool, store: store, audit: audit, service: service, caller: caller)
    }

    /// Sends `payload` as a `policyChange` and reads the answer.
    func send(_ payload: [UInt8], to running: Running) async throws -> PolicyAdopted {
        let reply = try await running.caller.call(
            daemons.signer, session: .random(), type: .policyChange, payload: payload)
        return try PolicyAdopted(decoding: reply.payload)
    }

    func send(_ adoption: PolicyAdoption, to running: Running) async throws -> PolicyAdopted {
        try await send(try adoption.encoded(), to: running)
    }

    /// The refusal the signer answers `adoption` with, or nil when it adopts it.
    func refusal(_ payload: [UInt8], from running: Running) async -> PeerRefusal? {
        do {
            _ = try await send(payload, to: running)
            return nil
        } catch let error as PeerCallError {
            return error.refusal
        } catch {
            return nil
        }
    }

    func refusal(_ adoption: PolicyAdoption, from running: Running) async throws -> PeerRefusal? {
        await refusal(try adoption.encoded(), from: running)
    }

    /// The audit records the signer wrote: type and payload text.
    static func auditRecords(_ running: Running) throws -> [(type: String, payload: String)] {
        try running.audit.bundle().entries.map {
            let record = try AuditRecord(decoding: $0.record)
            return (record.type.name, String(decoding: record.payload, as: UTF8.self))
        }
    }
}
