public import Policy

/// A signer's decision to release shares for one request: what it may sign, why, and what it
/// must add to its own history before the first share leaves.
///
/// The daemon records `executed` (and `transfer`) durably before it releases any share, and
/// serves the signing sessions of these messages (a robust coordinator may need several) from
/// that record: the same request authorized again is refused as already signed.
public struct SigningRelease: Hashable, Sendable {
    /// The request's id.
    public let requestID: String
    /// The request's digest, 32 bytes.
    public let requestDigest: [UInt8]
    /// The policy version the request was decided under.
    public let policy: PolicyHash
    /// The messages the signer may sign, in order: exactly those the request's payload binds.
    public let messages: [[UInt8]]
    /// The decision the signer recomputed (`allowed`).
    public let decision: Decision
    /// When this signer first saw the request.
    public let firstSeen: Instant
    /// The time lock's end on this signer's clock, when the decision has one.
    public let timeLockEndsAt: Instant?
    /// The entry that marks the request as signed in the signer's history.
    public let executed: History.Executed
    /// For a transfer, the entry its velocity limits count, dated at the release; nil for a
    /// rebalance.
    public let transfer: History.Transfer?
}

extension History {
    /// Adds what `release` signed: the request as executed and, for a transfer, the transfer
    /// for velocity.
    public mutating func record(_ release: SigningRelease) {
        executed.append(release.executed)
        if let transfer = release.transfer { transfers.append(transfer) }
    }
}
