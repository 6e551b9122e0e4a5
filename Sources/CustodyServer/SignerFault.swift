import Custody
import FROST
import Foundation
import PeerProtocol
import Secp256k1

/// A fault a signer injects into its own answers, for tests of robust signing only
/// (docs/daemons.md § Fault switch): off unless the configuration's `fault` key names one, and
/// refused at start unless `CUSTODY_DEVELOPMENT=1` is set.
public enum SignerFault: String, Sendable, CaseIterable {
    /// Every share the signer releases is off by one: the coordinator's check fails, the signer
    /// is flagged and excluded.
    case wrongShare = "wrong-share"
    /// The signer never answers a share request (until it stops).
    case stall

    /// The environment variable that must be `1` for a fault switch to be accepted.
    public static let developmentVariable = "CUSTODY_DEVELOPMENT"
}

/// Wraps the `shareRequest` handler with a ``SignerFault``.
struct FaultyShareHandler: PeerMessageHandler {
    let inner: any PeerMessageHandler
    let fault: SignerFault

    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        switch fault {
        case .stall:
            try? await Task.sleep(for: .seconds(3_600))
            return .refusal(try! PeerRefusal(code: "stalled", reason: "the signer stalled (fault switch)"))
        case .wrongShare:
            let reply = await inner.answer(message)
            guard reply.type == .share, let response = try? ShareResponse(decoding: reply.payload) else { return reply }
            let wrong = ShareResponse(
                sessionID: response.sessionID,
                share: SignatureShare(identifier: response.share.identifier, response: response.share.response + .one),
                next: response.next)
            return PeerReply(type: .share, payload: wrong.encoded())
        }
    }
}
