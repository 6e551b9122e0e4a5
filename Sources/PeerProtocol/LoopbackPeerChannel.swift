import Synchronization

/// A ``PeerChannel`` inside one process: delivers each envelope straight to the recipient's
/// ``PeerEndpoint``. For tests and single-process tools; the daemons use HTTP. A peer can be
/// taken away and put back, as a stopped and restarted daemon.
public final class LoopbackPeerChannel: PeerChannel {
    private let endpoints: Mutex<[PeerID: PeerEndpoint]>

    public init(endpoints: [PeerID: PeerEndpoint] = [:]) {
        self.endpoints = Mutex(endpoints)
    }

    /// Makes `endpoint` reachable as `peer`, or unreachable with nil.
    public func set(_ endpoint: PeerEndpoint?, for peer: PeerID) {
        endpoints.withLock { $0[peer] = endpoint }
    }

    public func deliver(_ envelope: [UInt8], to peer: PeerID) async throws(PeerCallError) -> [UInt8] {
        guard let endpoint = endpoints.withLock({ $0[peer] }) else {
            throw PeerCallError(.unreachable, peer: peer, "no such peer is running")
        }
        switch await endpoint.answer(envelope) {
        case .reply(let bytes): return bytes
        case .rejected(let error): throw PeerCallError(.rejected, peer: peer, error.description)
        case .unsealed(let error): throw PeerCallError(.unreachable, peer: peer, error.description)
        }
    }
}
