import Encoding
public import Policy

/// One request the signer signed: what the signing ledger holds for velocity and for
/// "already signed".
public struct SigningRecord: Hashable, Sendable {
    /// The request's id, 1 to 256 bytes of UTF-8.
    public let request: String
    /// The wallet it spends from, 1 to 256 bytes of UTF-8.
    public let wallet: String
    /// The amount, in the wallet's smallest unit; never negative.
    public let amount: Int64
    /// When the signer signed it, by its own clock.
    public let at: Instant
    /// The digest of the approved request (what the officers' approvals bind), 32 bytes.
    public let digest: [UInt8]
    /// The policy rule that allowed it (Policy's `History.Transfer.rule`), 1 to 256 bytes.
    public let rule: String

    /// - Throws: `invalidInput` for an empty or oversized text, a negative amount, or a digest
    ///   that is not 32 bytes.
    public init(
        request: String, wallet: String, amount: Int64, at: Instant, digest: [UInt8], rule: String
    ) throws(SignerStoreError) {
        for (name, text) in [("request id", request), ("wallet", wallet), ("rule", rule)] {
            guard (1...256).contains(text.utf8.count) else {
                throw SignerStoreError(.invalidInput, "a \(name) is 1 to 256 bytes, got \(text.utf8.count)")
            }
        }
        guard amount >= 0 else { throw SignerStoreError(.invalidInput, "an amount is never negative, got \(amount)") }
        guard digest.count == 32 else {
            throw SignerStoreError(.invalidInput, "a request digest is 32 bytes, got \(digest.count)")
        }
        self.request = request
        self.wallet = wallet
        self.amount = amount
        self.at = at
        self.digest = digest
        self.rule = rule
    }

    /// Whether `other` records the same signing: the same request, digest, wallet and amount
    /// (its time and rule may differ; the first record's are kept).
    func isSameSigning(as other: SigningRecord) -> Bool {
        request == other.request && digest == other.digest && wallet == other.wallet && amount == other.amount
    }

    /// The record as Policy's history holds a transfer let through.
    public var transfer: History.Transfer {
        History.Transfer(request: request, wallet: wallet, amount: amount, at: at, rule: rule)
    }
}

/// What recording a signing did.
public enum SigningOutcome: Hashable, Sendable {
    /// The signing is new and now recorded.
    case recorded
    /// The same signing was recorded before (a later ROAST session of the same request): it
    /// counts once; the stored record is returned.
    case alreadyRecorded(SigningRecord)
}
