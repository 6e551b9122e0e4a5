import CSecp256k1
import Custody
import FROST
import PeerProtocol
import Secp256k1
import SignerService

/// BIP-340 verification by the system's libsecp256k1 (`secp256k1_schnorrsig_verify`), an
/// oracle independent of Custody's own code.
enum SystemSecp256k1 {
    nonisolated(unsafe) static let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!

    static func verify(signature: [UInt8], message: [UInt8], xOnly: [UInt8]) -> Bool {
        var parsed = secp256k1_xonly_pubkey()
        return secp256k1_xonly_pubkey_parse(context, &parsed, xOnly) == 1
            && secp256k1_schnorrsig_verify(context, signature, message, message.count, &parsed) == 1
    }
}

/// The refusal a call ended with, or nil when it did not end with one.
func refusal(_ body: () async throws -> Void) async -> PeerRefusal? {
    do {
        try await body()
        return nil
    } catch let error as PeerCallError {
        return error.refusal
    } catch {
        return nil
    }
}

/// Answers as the wrapped handler does, but with every share's zᵢ plus one: a signer that
/// sends a wrong share, under its own identity.
struct WrongShareHandler: PeerMessageHandler {
    let inner: any PeerMessageHandler

    func answer(_ message: OpenedEnvelope) async -> PeerReply {
        let reply = await inner.answer(message)
        guard reply.type == .share, let response = try? ShareResponse(decoding: reply.payload) else { return reply }
        let wrong = ShareResponse(
            sessionID: response.sessionID,
            share: SignatureShare(identifier: response.share.identifier, response: response.share.response + .one),
            next: response.next)
        return PeerReply(type: .share, payload: wrong.encoded())
    }
}

extension SigningHarness {
    /// One fresh commitment from `peer`, asked in `session`.
    func commitment(from peer: PeerID, session: SessionID) async throws -> SigningCommitments {
        let reply = try await caller.call(
            peer, session: session, type: .commitmentRequest,
            payload: try CommitmentBatchRequest(wallet: Self.wallet).encoded())
        return try SigningWire.commitments(decoding: reply.payload)[0]
    }

    /// A share request in a new signing session for `message` with `commitments`.
    static func shareRequest(_ commitments: [SigningCommitments], message: [UInt8]) throws -> ShareRequest {
        ShareRequest(
            sessionID: try SigningSessionID(bytes: SessionID.random().bytes + SessionID.random().bytes),
            package: try SigningPackage(commitments: commitments, message: message))
    }

    /// Asks `peer` for its share of `request`, as authorized by `bundle`.
    func share(
        from peer: PeerID, _ request: ShareRequest, bundle: AuthorizationBundle, session: SessionID,
        wallet: String = SigningHarness.wallet
    ) async throws -> ShareResponse {
        let payload = try AuthorizedShareRequest(wallet: wallet, request: request, authorization: bundle).encoded()
        let reply = try await caller.call(peer, session: session, type: .shareRequest, payload: payload)
        return try ShareResponse(decoding: reply.payload)
    }

    /// What signer `peer` consumed and recorded: consumed nonces and audit records.
    func signed(_ peer: PeerID) async throws -> (consumed: Int, audited: UInt64) {
        let daemon = daemon(peer)
        return (try await daemon.service.ledger.count(.consumed), daemon.audit.size)
    }
}
