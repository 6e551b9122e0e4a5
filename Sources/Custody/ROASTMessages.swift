public import FROST

/// Signer to coordinator in robust signing: the share for one session, and the signer's next
/// fresh commitment, so that the signer is ready for another session without another round
/// trip (docs/signing-session.md § Robust signing).
public struct ShareResponse: Sendable, Equatable {
    /// The session the share is for.
    public let sessionID: SigningSessionID
    /// The signer's share.
    public let share: SignatureShare
    /// A fresh commitment for a later session; nil when the signer has no nonce left to issue.
    public let next: SigningCommitments?

    public init(sessionID: SigningSessionID, share: SignatureShare, next: SigningCommitments?) {
        self.sessionID = sessionID
        self.share = share
        self.next = next
    }
}

extension SigningSessionID {
    /// The largest request id: room is left for the 4-byte session number.
    static let requestIDSizes = sizes.lowerBound...(sizes.upperBound - 4)

    /// Session `number` of a robust signing request: the request id, then `number` as 4 bytes,
    /// big-endian. `requestID` is in ``requestIDSizes``, so the id is 20 to 64 bytes.
    init(requestID: [UInt8], number: UInt32) {
        bytes = requestID + withUnsafeBytes(of: number.bigEndian, Array.init)
    }
}

extension SigningSuite {
    /// RFC 9591 `verify_signature_share` for one share with this suite.
    func verifyShare(_ share: SignatureShare, package: SigningPackage, publicKeyPackage: PublicKeyPackage)
        throws(FROSTError) -> Bool
    {
        switch self {
        case .secp256k1:
            try Secp256k1SHA256.verifySignatureShare(share, package: package, publicKeyPackage: publicKeyPackage)
        case .secp256k1Taproot:
            try Secp256k1SHA256Taproot.verifySignatureShare(
                share, package: package, publicKeyPackage: publicKeyPackage)
        }
    }
}
