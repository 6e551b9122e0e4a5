public import PeerProtocol

/// Answers `ping` with an empty `pong` signed by the signer's identity key: the coordinator's
/// liveness check, which also proves the signer holds its pinned key (docs/protocol.md, "ping
/// and pong"). A `ping` with a payload is refused (`malformed_ping`).
public struct PingHandler: PeerMessageHandler {
    public init() {}

    public func answer(_ message: OpenedEnvelope) async -> PeerReply {
        guard message.payload.isEmpty else {
            // Fixed code, and a reason that gives the length only: always valid.
            return .refusal(
                try! PeerRefusal(
                    code: "malformed_ping",
                    reason: "a ping's payload is empty; this one has \(message.payload.count) bytes"
                ))
        }
        return PeerReply(type: .pong, payload: [])
    }
}
