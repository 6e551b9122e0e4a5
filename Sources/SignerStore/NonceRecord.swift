import Encoding
public import FROST

/// Where a nonce is in its life. It starts `issued` and moves at most once, to `consumed` or
/// `burned`; no state ever goes back.
public enum NonceState: String, Sendable, CaseIterable {
    /// Recorded before its commitments were released; its secret nonce may still sign once.
    case issued
    /// Signed with: the session, the package digest and the share are recorded.
    case consumed
    /// Never signs: the session was abandoned, round two failed, or the signer restarted.
    case burned
}

/// Why a nonce was burned.
public enum BurnReason: String, Sendable, CaseIterable {
    /// The coordinator abandoned the session before the signer signed.
    case aborted
    /// Round two refused the package after the secret nonce was taken.
    case signingFailed = "signing-failed"
    /// The ledger was opened and found the nonce still issued: its secret nonce, kept in memory
    /// only, died with the process that issued it.
    case restart
}

/// What a consumed nonce signed: the session, the digest of the signing package, and the share
/// released (public once released).
public struct NonceConsumption: Hashable, Sendable, CustomStringConvertible {
    /// The session id, 1 to 64 bytes (Custody's session ids are 16 to 64).
    public let session: [UInt8]
    /// The digest of the signing package signed, 32 bytes.
    public let packageDigest: [UInt8]
    /// The signature share, 1 to 64 bytes (a secp256k1 share is a 32-byte scalar).
    public let share: [UInt8]

    /// - Throws: `invalidInput` for a session id, digest or share of the wrong size.
    public init(session: [UInt8], packageDigest: [UInt8], share: [UInt8]) throws(SignerStoreError) {
        guard (1...64).contains(session.count) else {
            throw SignerStoreError(.invalidInput, "a session id is 1 to 64 bytes, got \(session.count)")
        }
        guard packageDigest.count == 32 else {
            throw SignerStoreError(.invalidInput, "a package digest is 32 bytes, got \(packageDigest.count)")
        }
        guard (1...64).contains(share.count) else {
            throw SignerStoreError(.invalidInput, "a share is 1 to 64 bytes, got \(share.count)")
        }
        self.session = session
        self.packageDigest = packageDigest
        self.share = share
    }

    /// Whether this consumption is for `session` and `packageDigest`.
    func matches(session: [UInt8], packageDigest: [UInt8]) -> Bool {
        self.session == session && self.packageDigest == packageDigest
    }

    public var description: String {
        "session \(Hex.encode(session)), package \(Hex.encode(packageDigest)), share \(Hex.encode(share))"
    }
}

/// One nonce as the ledger holds it.
public struct NonceRecord: Hashable, Sendable {
    public let id: NonceID
    public let commitments: SigningCommitments
    public let state: NonceState
    /// For a consumed nonce, what it signed.
    public let consumption: NonceConsumption?
    /// For a burned nonce, why.
    public let burnReason: BurnReason?

    public static func == (a: NonceRecord, b: NonceRecord) -> Bool {
        a.id == b.id && a.commitments == b.commitments && a.state == b.state && a.consumption == b.consumption
            && a.burnReason == b.burnReason
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A share released for a nonce: either recorded now, or recorded by an earlier call for the
/// same session and package (``SignerLedger/consume(_:session:packageDigest:share:signing:)``).
public struct ReleasedShare: Hashable, Sendable {
    /// The share to release: always the recorded one.
    public let share: [UInt8]
    /// True when the nonce had been consumed before for this session and package, and `share`
    /// is the share recorded then (any share given this time was not stored).
    public let wasRecordedBefore: Bool

    public init(share: [UInt8], wasRecordedBefore: Bool) {
        self.share = share
        self.wasRecordedBefore = wasRecordedBefore
    }
}
