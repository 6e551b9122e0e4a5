import CustodyTestSupport
import PKCS11
import PeerProtocol
import Synchronization

/// The daemons of the attack tests, each with its own SoftHSM2 token and identity key, made
/// once for the whole suite (the process has a fixed number of test tokens): a coordinator and
/// a signer on P-256, a second signer on secp256k1, and a stranger nobody pinned.
struct Peers: Sendable {
    static let shared: Result<Peers, any Error> = Result { try Peers() }

    let coordinator: Peer
    let signer1: Peer
    let signer2: Peer
    let stranger: Peer

    private init() throws {
        coordinator = try Peer("coordinator", curve: .p256)
        signer1 = try Peer("signer-1", curve: .p256)
        signer2 = try Peer("signer-2", curve: .secp256k1)
        stranger = try Peer("stranger", curve: .p256)
    }

    static func get() throws -> Peers { try shared.get() }

    /// The pinned peers of every daemon: all but the stranger.
    var pinned: [PeerID: IdentityPublicKey] {
        [coordinator.id: coordinator.publicKey, signer1.id: signer1.publicKey, signer2.id: signer2.publicKey]
    }

    /// An opener for `peer`, pinning everyone but the stranger, on `clock`.
    func opener(for peer: Peer, clock: TestClock, configuration: EnvelopeOpener.Configuration = .init())
        -> EnvelopeOpener
    {
        EnvelopeOpener(me: peer.id, peers: pinned, configuration: configuration, clock: clock.read)
    }
}

/// One daemon: its id, token, pinned public key and sealer.
struct Peer: Sendable {
    let id: PeerID
    let token: HSMToken
    let publicKey: IdentityPublicKey
    let sealer: EnvelopeSealer

    init(_ name: String, curve: IdentityCurve) throws {
        id = try! PeerID(name)
        token = try SoftHSM.preparedToken("envelope-\(name)", curve: curve)
        let (keyCurve, key) = try token.identityPublicKey()
        publicKey = try IdentityPublicKey(curve: keyCurve, sec1: key)
        sealer = EnvelopeSealer(token: token, sender: id)
    }
}

/// A clock the test sets: seconds since 1970.
final class TestClock: Sendable {
    private let seconds: Mutex<UInt64>

    init(_ seconds: UInt64 = 1_800_000_000) { self.seconds = Mutex(seconds) }

    var now: UInt64 { seconds.withLock { $0 } }

    func set(_ value: UInt64) { seconds.withLock { $0 = value } }

    @Sendable func read() -> UInt64 { now }
}
