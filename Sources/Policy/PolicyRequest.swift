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

    /// What a signature of the request will sign, bound into the request digest: the SHA-256 of a
    /// PSBT, or the raw 32-byte digest a signature signs (chains without a PSBT).
    public struct Payload: Hashable, Sendable {
        /// How `hash` relates to the messages signed.
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            /// `hash` is the one message to sign, as is (32 bytes).
            case digest
            /// `hash` is SHA-256 of the unsigned PSBT; the messages are its inputs' sighashes.
            case psbt

            /// The byte that stands for the kind in the request's canonical bytes.
            public var byte: UInt8 {
                switch self {
                case .digest: 0x01
                case .psbt: 0x02
                }
            }
        }

        public var kind: Kind
        /// 32 bytes.
        public var hash: [UInt8]

        public init(kind: Kind, hash: [UInt8]) {
            self.kind = kind
            self.hash = hash
        }

        /// The `psbt` payload of `document`, an unsigned PSBT: its SHA-256.
        public static func psbt(document: [UInt8]) -> Payload {
            Payload(kind: .psbt, hash: PolicyCanonical.digest(of: document))
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
    /// Transfers and rebalances: what the signers will sign, if the request binds it. A request
    /// without it has the digest it had before the field existed.
    public var payload: Payload?

    public init(
        id: String, kind: Kind = .transfer, wallet: String? = nil, amount: Int64? = nil,
        destination: Destination? = nil, initiator: String, createdAt: Instant, allowlist: String? = nil,
        address: String? = nil, label: String? = nil, newPolicy: PolicyHash? = nil,
        payload: Payload? = nil
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
        self.payload = payload
    }

    /// SHA-256 of the request's canonical bytes: what approval statements bind.
    ///
    /// The bytes are `custody.request.v1` and a zero byte, then each field in this order: kind,
    /// id, wallet, amount, destination address, destination wallet, initiator, createdAt,
    /// allowlist, address, label, newPolicy. An optional field starts with 0x00 (absent) or 0x01
    /// (present); a string is a 4-byte big-endian length and its UTF-8 bytes; an amount or time
    /// is 8 bytes big-endian two's complement (time in seconds since the Unix epoch); a policy
    /// hash is its 32 bytes. A payload, when present, appends 0x01, its kind's byte (0x01 digest,
    /// 0x02 psbt) and its 32 bytes; when absent nothing is appended, so a request without one keeps
    /// the digest it had before payloads existed.
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
        if let payload {
            bytes += [1, payload.kind.byte]
            bytes += payload.hash
        }
        return bytes
    }
}
