/// Where a signing request is in its life (`docs/api.md`, "Lifecycle").
public enum RequestState: ProtoEnum {
    case unspecified
    /// Waiting for the policy's approvals.
    case pendingApproval
    /// Approved; waiting for its time lock, if any, then for the signers.
    case approved
    /// The signers are signing it.
    case signing
    /// Signed: the signature or signed PSBT is in the request. Final.
    case signed
    /// Refused by the policy or by an approver. Final.
    case rejected
    /// Cancelled by its initiator before signing began. Final.
    case cancelled
    /// Not approved, or not signed, before it expired. Final.
    case expired
    /// Signing could not complete. Final.
    case failed

    public var name: String {
        switch self {
        case .unspecified: "REQUEST_STATE_UNSPECIFIED"
        case .pendingApproval: "REQUEST_STATE_PENDING_APPROVAL"
        case .approved: "REQUEST_STATE_APPROVED"
        case .signing: "REQUEST_STATE_SIGNING"
        case .signed: "REQUEST_STATE_SIGNED"
        case .rejected: "REQUEST_STATE_REJECTED"
        case .cancelled: "REQUEST_STATE_CANCELLED"
        case .expired: "REQUEST_STATE_EXPIRED"
        case .failed: "REQUEST_STATE_FAILED"
        }
    }

    /// Whether the request can change no more.
    public var isFinal: Bool {
        switch self {
        case .signed, .rejected, .cancelled, .expired, .failed: true
        case .unspecified, .pendingApproval, .approved, .signing: false
        }
    }

    /// Whether its initiator may still cancel it.
    public var isCancellable: Bool { self == .pendingApproval || self == .approved }

    /// The states a request may move to from this one.
    public var successors: Set<RequestState> {
        switch self {
        case .unspecified: []
        case .pendingApproval: [.approved, .rejected, .cancelled, .expired]
        case .approved: [.signing, .rejected, .cancelled, .expired]
        case .signing: [.signed, .failed]
        case .signed, .rejected, .cancelled, .expired, .failed: []
        }
    }
}

/// How a wallet's key is kept, as the policy's wallet tiers.
public enum WalletTier: ProtoEnum {
    case unspecified
    case hot
    case warm
    case cold

    public var name: String {
        switch self {
        case .unspecified: "WALLET_TIER_UNSPECIFIED"
        case .hot: "WALLET_TIER_HOT"
        case .warm: "WALLET_TIER_WARM"
        case .cold: "WALLET_TIER_COLD"
        }
    }
}
