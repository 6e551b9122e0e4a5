import Custody
import PeerProtocol
import Policy

extension SigningService {
    /// `requestShown`: records this signer's first sight of a request the coordinator just
    /// received (``SignerAuthorizer/sight(_:now:firstSeen:)``), durably, and answers
    /// `requestSeen` with it; a request seen before keeps its first sight.
    func requestShown(_ payload: [UInt8]) async throws(SigningRefusal) -> PeerReply {
        let shown: RequestShown
        do {
            shown = try RequestShown(decoding: payload)
        } catch {
            throw SigningRefusal(.malformed, error.reason)
        }
        let digest = shown.request.request.digest
        try await loadFirstSeen(digest)
        let seen: Instant
        do {
            seen = try authorizer.sight(shown, now: clock(), firstSeen: &firstSeen)
        } catch {
            throw SigningRefusal(error)
        }
        try await persistFirstSeen(digest, required: true)
        return PeerReply(type: .requestSeen, payload: RequestSeen(firstSeen: seen).encoded())
    }
}
