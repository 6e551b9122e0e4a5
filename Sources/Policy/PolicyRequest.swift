/// A request for the policy to decide: a transfer, a rebalancing move, an allowlist addition,
/// a policy change, a freeze or an unfreeze. Read from JSON by `PolicyInputDecoder`.
public struct PolicyRequest: Hashable, Sendable {
    /// What is asked for.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Funds out of `wallet` to `destination`, decided by the rules.
        case transfer
        /// A sweep or refill between tiers of one asset, decided by the rebalancing block.
        case rebalance
        /// A new entry for `allowlist`, decided by its addition quorum.
        case allowlistAddition = "allowlist-addition"
        /// A new policy version, `newPolicy`, decided by governance.
        case policyChange = "policy-change"
        /// Stop every transfer at once.
        case freeze
        /// Lift a freeze.
        case unfreeze
    }

    /// Where funds go: an external address or one of the policy's wallets.
    public struct Destination: Hashable, Sendable {
        public var address: String?
        public var wallet: String?

        public init(address: String? = nil, wallet: String? = nil) {
            self.address = address
            self.wallet = wallet
        }
    }

    /// The request's id, unique within the coordinator.
    public var id: String
    public var kind: Kind
    /// The source wallet (transfers and rebalancing).
    public var wallet: String?
    /// The amount in the asset's smallest unit (transfers and rebalancing).
    public var amount: Int64?
    public var destination: Destination?
    /// The service or officer that submitted the request; it never counts as an approver.
    public var initiator: String
    /// When the request was submitted; approvals dated earlier are refused.
    public var createdAt: Instant
    /// Allowlist additions: the allowlist, address and label.
    public var allowlist: String?
    public var address: String?
    public var label: String?
    /// Policy changes: the hash of the proposed policy.
    public var newPolicy: PolicyHash?

    public init(
        id: String, kind: Kind = .transfer, wallet: String? = nil, amount: Int64? = nil,
        destination: Destination? = nil, initiator: String, createdAt: Instant, allowlist: String? = nil,
        address: String? = nil, label: String? = nil, newPolicy: PolicyHash? = nil
    ) {
        self.id = id
        self.kind = kind
        self.wallet = wallet
        self.amount = amount
        self.destination = destination
        self.initiator = initiator
        self.createdAt = createdAt
        self.allowlist = allowlist
        self.address = address
        self.label = label
        self.newPolicy = newPolicy
    }

    /// SHA-256 of the request's canonical bytes: what approval statements bind.
    ///
    /// The bytes are `custody.request.v1` and a zero byte, then each field in this order: kind,
    /// id, wallet, amount, destination address, destination wallet, initiator, createdAt,
    /// allowlist, address, label, newPolicy. An optional field starts with 0x00 (absent) or 0x01
    /// (present); a string is a 4-byte big-endian length and its UTF-8 bytes; an amount or time
    /// is 8 bytes big-endian two's complement (time in seconds since the Unix epoch); a policy
    /// hash is its 32 bytes.
    public var digest: [UInt8] { PolicyCanonical.digest(of: canonicalBytes) }

    /// The bytes `digest` covers.
    public var canonicalBytes: [UInt8] {
        var bytes = Array("custody.request.v1".utf8) + [0]
        bytes.reserveCapacity(160)
        func string(_ text: String) {
            let utf8 = Array(text.utf8)
            integer(UInt32(utf8.count))
            bytes += utf8
        }
        func integer<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
        }
        func optional<T>(_ value: T?, _ write: (T) -> Void) {
            if let value {
                bytes.append(1)
                write(value)
            } else {
                bytes.append(0)
            }
        }
        string(kind.rawValue)
        string(id)
        optional(wallet, string)
        optional(amount, integer)
        optional(destination?.address, string)
        optional(destination?.wallet, string)
        string(initiator)
        integer(createdAt.seconds)
        optional(allowlist, string)
        optional(address, string)
        optional(label, string)
        optional(newPolicy) { bytes += $0.bytes }
        return bytes
    }
}
