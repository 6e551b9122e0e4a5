import Crypto
public import PKCS11

/// Makes envelopes signed by this daemon's HSM-held identity key (ECDSA on the key's curve,
/// P-256 or secp256k1, over SHA-256 of ``Envelope/signedBytes``, low s).
///
/// Signing runs on the token's own threads (``HSMToken``'s `async` API), never on Swift's
/// cooperative threads. The caller numbers its envelopes: each one it sends in a session must
/// carry a greater sequence number than the last, or the receiver refuses it as a replay.
public struct EnvelopeSealer: Sendable {
    /// The token holding the identity key.
    public let token: HSMToken
    /// This daemon's id, written as every envelope's sender.
    public let sender: PeerID

    public init(token: HSMToken, sender: PeerID) {
        self.token = token
        self.sender = sender
    }

    /// A signed envelope of `payload` for `recipient`, as bytes.
    /// - Throws: `.oversized` for a payload over 1 MiB, `.invalidArgument` for an unknown type,
    ///   `.sealingFailed` when the token cannot sign (its reason is the token's, which holds no
    ///   key material).
    public func seal(
        to recipient: PeerID, session: SessionID, sequence: UInt64, expiry: UInt64, type: MessageType,
        payload: [UInt8]
    ) async throws(EnvelopeError) -> [UInt8] {
        try await envelope(
            to: recipient, session: session, sequence: sequence, expiry: expiry, type: type, payload: payload
        ).serialized
    }

    /// As ``seal(to:session:sequence:expiry:type:payload:)``, returning the envelope value.
    public func envelope(
        to recipient: PeerID, session: SessionID, sequence: UInt64, expiry: UInt64, type: MessageType,
        payload: [UInt8]
    ) async throws(EnvelopeError) -> Envelope {
        try Envelope.checkContent(type: type, payloadSize: payload.count)
        let signed = Envelope.signedBytes(
            sender: sender, recipient: recipient, session: session, sequence: sequence, expiry: expiry, type: type,
            payload: payload)
        let signature: [UInt8]
        do {
            signature = try await token.signWithIdentity(digest: Array(SHA256.hash(data: signed)))
        } catch {
            throw EnvelopeError(.sealingFailed, "the identity key could not sign the envelope: \(error.reason)")
        }
        return try Envelope(
            sender: sender, recipient: recipient, session: session, sequence: sequence, expiry: expiry, type: type,
            payload: payload, authenticator: signature)
    }
}
