/// What an officer signs: their verdict on one request under one policy version, at one time.
///
/// The signed bytes (`canonicalBytes`) are fixed-layout binary, so that any language can
/// rebuild them:
///
/// ```
/// "custody.approval.v1" 0x00
/// request digest   32 bytes (SHA-256, see PolicyRequest.digest)
/// policy hash      32 bytes
/// verdict          1 byte: 0x01 approve, 0x02 reject
/// officer id       2-byte big-endian length, then the UTF-8 bytes
/// time             8-byte big-endian two's-complement seconds since the Unix epoch (UTC)
/// ```
public struct ApprovalStatement: Hashable, Sendable {
    /// Approve or reject.
    public enum Verdict: String, Hashable, Sendable, Encodable {
        case approve, reject
    }

    /// The request's digest, 32 bytes (64 hex digits in JSON, field `request`).
    public var requestDigest: [UInt8]
    public var policy: PolicyHash
    public var verdict: Verdict
    public var officer: String
    public var at: Instant

    public init(requestDigest: [UInt8], policy: PolicyHash, verdict: Verdict, officer: String, at: Instant) {
        self.requestDigest = requestDigest
        self.policy = policy
        self.verdict = verdict
        self.officer = officer
        self.at = at
    }

    /// The bytes an officer signs.
    public var canonicalBytes: [UInt8] {
        var bytes = Array("custody.approval.v1".utf8) + [0]
        bytes += requestDigest
        bytes += policy.bytes
        bytes.append(verdict == .approve ? 1 : 2)
        let officerBytes = Array(officer.utf8)
        // Officer ids are at most 128 bytes (checked when read), so the length fits.
        bytes += [UInt8(truncatingIfNeeded: officerBytes.count >> 8), UInt8(truncatingIfNeeded: officerBytes.count)]
        bytes += officerBytes
        let time = UInt64(bitPattern: at.seconds)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: time >> UInt64(shift)))
        }
        return bytes
    }
}

/// A statement with the officer's signature: Ed25519 (64 bytes) or ECDSA P-256 over SHA-256
/// (64-byte r‖s or DER), hex in JSON.
public struct SignedApproval: Hashable, Sendable {
    public var statement: ApprovalStatement
    public var signature: [UInt8]

    public init(statement: ApprovalStatement, signature: [UInt8]) {
        self.statement = statement
        self.signature = signature
    }
}

/// A request with its initiator's signature: a service or an officer of the policy signs
/// `signedBytes`, `"custody.initiation.v1" 0x00` followed by the request digest (32 bytes), with
/// the key the policy gives it (Ed25519, or ECDSA P-256 over SHA-256). A request counts as
/// initiated by `request.initiator` only when this signature verifies.
public struct SignedRequest: Hashable, Sendable {
    public var request: PolicyRequest
    public var signature: [UInt8]

    public init(request: PolicyRequest, signature: [UInt8]) {
        self.request = request
        self.signature = signature
    }

    /// The bytes the initiator signs for a request with this digest.
    public static func signedBytes(digest: [UInt8]) -> [UInt8] {
        Array("custody.initiation.v1".utf8) + [0] + digest
    }

    /// The bytes the initiator signs.
    public var signedBytes: [UInt8] { Self.signedBytes(digest: request.digest) }
}
