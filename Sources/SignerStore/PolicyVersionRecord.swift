public import Policy

/// One policy version a signer adopted, as it keeps it: the file, the hash it was adopted
/// under, when it takes effect, the governed change that brought it (none for the genesis
/// version) and when the signer adopted it.
public struct PolicyVersionRecord: Hashable, Sendable {
    /// The governed change a version was adopted through, in the canonical JSON forms `Policy`
    /// defines (`PolicyInputEncoder`, `JSONWriter.canonical`).
    public struct Evidence: Hashable, Sendable {
        /// The signed `policy-change` request.
        public let change: [UInt8]
        /// The approvals array.
        public let approvals: [UInt8]
        /// When the signer first saw the change request: its activation delay ran from the later
        /// of this and the request's `createdAt`.
        public let firstSeen: Instant

        public init(change: [UInt8], approvals: [UInt8], firstSeen: Instant) {
            self.change = change
            self.approvals = approvals
            self.firstSeen = firstSeen
        }
    }

    /// 1 for the genesis version, then 2, 3, … in the order adopted.
    public let sequence: Int
    /// The policy's canonical hash.
    public let hash: PolicyHash
    /// The policy file's bytes (YAML), as adopted.
    public let policyFile: [UInt8]
    /// When the version takes effect.
    public let activatesAt: Instant
    /// The change and its approvals; nil exactly for the genesis version.
    public let evidence: Evidence?
    /// The signer's clock when it adopted (or, for the genesis version, stored) the version.
    public let adoptedAt: Instant

    public init(
        sequence: Int, hash: PolicyHash, policyFile: [UInt8], activatesAt: Instant, evidence: Evidence?,
        adoptedAt: Instant
    ) {
        self.sequence = sequence
        self.hash = hash
        self.policyFile = policyFile
        self.activatesAt = activatesAt
        self.evidence = evidence
        self.adoptedAt = adoptedAt
    }
}

/// A stored version read back and checked: its record and the policy its file decodes to.
public struct LoadedPolicyVersion: Sendable {
    public let record: PolicyVersionRecord
    /// The decoded policy; its hash is the record's.
    public let policy: Policy
}
