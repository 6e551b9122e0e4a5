import Custody
import PeerProtocol

/// Why the signing service refuses a request: a stable code (the `refusal` envelope's, listed
/// in docs/signing-session.md § The signer service) and a reason naming ids, hashes and states,
/// never a secret or a nonce.
public struct SigningRefusal: Error, Sendable, Hashable {
    /// The refusal codes of the signing service.
    public enum Code: String, Sendable, CaseIterable {
        /// The sender is not a coordinator of this signer.
        case notCoordinator = "not_coordinator"
        /// The payload does not decode (the reason names the field).
        case malformed
        /// This signer holds no share of the wallet.
        case unknownWallet = "unknown_wallet"
        /// The wallet's share exists but cannot be unsealed.
        case shareUnavailable = "share_unavailable"
        /// The wallet already has as many commitments outstanding as this signer allows.
        case tooManyOutstanding = "too_many_outstanding"
        /// The package carries no commitment of this signer.
        case notASigner = "not_a_signer"
        /// The package's commitment of this signer is no nonce it issued.
        case unknownNonce = "unknown_nonce"
        /// The nonce was burned (abandoned, failed, or this signer restarted): it never signs.
        case nonceBurned = "nonce_burned"
        /// The nonce signed another session or package: it never signs another.
        case nonceReused = "nonce_reused"
        /// The nonce's secret is no longer held (it was taken by a concurrent request).
        case nonceUnavailable = "nonce_unavailable"
        /// The package does not fit the wallet's key (suite, Taproot spend, threshold).
        case invalidPackage = "invalid_package"
        /// The authorization bundle's request is for another wallet than the share named.
        case wrongWallet = "wrong_wallet"
        /// The package's message is none of the messages the approved request binds.
        case messageNotApproved = "message_not_approved"
        /// The approved request's PSBT does not move what the request says (amount, address).
        case payloadMismatch = "payload_mismatch"
        /// The signing ledger holds a conflicting signing (the request id or digest relabelled).
        case conflictingSigning = "conflicting_signing"
        /// Round two refused the package; the nonce is burned.
        case signingFailed = "signing_failed"
        /// The nonce ledger could not be written or read: nothing was released.
        case ledgerUnavailable = "ledger_unavailable"
        /// The audit log could not record the share: it was not released (the ledger holds it;
        /// the same request again releases it once the log records it).
        case auditUnavailable = "audit_unavailable"
    }

    /// The service's code, or `authorization.<check>` for a refusal of ``SignerAuthorizer``
    /// (`authorization.time_locked`, `authorization.invalid_initiator_signature`, …).
    public let code: String
    public let reason: String

    init(_ code: Code, _ reason: String) {
        self.code = code.rawValue
        self.reason = reason
    }

    /// A refusal of the signer's own authorization checks.
    init(_ refusal: AuthorizationRefusal) {
        code = "authorization." + refusal.code.description.replacing(" ", with: "_")
        reason = refusal.reason
    }

    /// The envelope's refusal.
    var refusal: PeerRefusal {
        // Codes are fixed lowercase text with `_` and `.`: always valid.
        try! PeerRefusal(code: code, reason: reason)
    }

    static func make(_ code: Code, _ reason: String) -> PeerRefusal { SigningRefusal(code, reason).refusal }
}
