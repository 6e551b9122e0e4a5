public import Policy

/// Coordinator to signer, `freeze` (0x0303): an officers' freeze or unfreeze request with its
/// approvals and the policy version it was decided under, which the signer verifies itself
/// (``SignerAuthorizer/verifyFreeze(_:now:firstSeen:history:)``) before it records it
/// (docs/protocol.md § Governance payloads).
///
/// The encoding is canonical, as ``AuthorizedShareRequest``'s: the signed request and the
/// approvals are Policy's canonical JSON, and JSON that is valid but not canonical is refused.
public struct FreezeNotice: Sendable, Equatable {
    /// The longest payload.
    public static let maximumSize =
        4 + AuthorizedShareRequest.maximumSignedRequestSize + 4
        + AuthorizedShareRequest.maximumApprovalsSize + 32

    /// The signed `freeze` or `unfreeze` request.
    public let request: SignedRequest
    /// The officers' approvals (an unfreeze's quorum; a freeze needs none beyond its initiator).
    public let approvals: [SignedApproval]
    /// The policy version the request was decided under.
    public let policy: PolicyHash

    public init(request: SignedRequest, approvals: [SignedApproval], policy: PolicyHash) {
        self.request = request
        self.approvals = approvals
        self.policy = policy
    }

    /// The bundle the signer verifies: no message, no document.
    public var bundle: AuthorizationBundle {
        AuthorizationBundle(request: request, approvals: approvals, policy: policy, messages: [])
    }

    /// signed request length (4) ‖ signed request (canonical JSON) ‖ approvals length (4) ‖
    /// approvals (canonical JSON array) ‖ policy hash (32). Lengths are big-endian.
    /// - Throws: `invalidParameters` when a part exceeds its limit.
    public func encoded() throws(SigningSessionError) -> [UInt8] {
        let signed = JSONWriter.canonical(PolicyInputEncoder.signedRequest(request))
        let list = JSONWriter.canonical(PolicyInputEncoder.approvals(approvals))
        guard signed.count <= AuthorizedShareRequest.maximumSignedRequestSize else {
            throw SigningWireReader.invalid(
                "the signed request is at most \(AuthorizedShareRequest.maximumSignedRequestSize) bytes")
        }
        guard list.count <= AuthorizedShareRequest.maximumApprovalsSize else {
            throw SigningWireReader.invalid(
                "the approvals are at most \(AuthorizedShareRequest.maximumApprovalsSize) bytes")
        }
        return Self.uint32(signed.count) + signed + Self.uint32(list.count) + list + policy.bytes
    }

    /// Reads the whole of `bytes`.
    /// - Throws: `invalidParameters`, naming the field, for more than ``maximumSize`` bytes, a
    ///   truncated or trailing byte, a length over its limit, or a signed request or approvals
    ///   that Policy refuses or that are not in canonical form.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        guard bytes.count <= Self.maximumSize else {
            throw SigningWireReader.invalid("a freeze notice is at most \(Self.maximumSize) bytes, got \(bytes.count)")
        }
        var reader = SigningWireReader(bytes, message: "freeze notice")
        let signed = try reader.signedRequest(limit: AuthorizedShareRequest.maximumSignedRequestSize)
        let approvals = try reader.approvals(limit: AuthorizedShareRequest.maximumApprovalsSize)
        let policy = PolicyHash(bytes: try reader.take(32, "policy hash"))
        try reader.finish()
        self.init(request: signed, approvals: approvals, policy: policy)
    }

    private static func uint32(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(value).bigEndian, Array.init)
    }
}

/// Signer to coordinator, `freezeRecorded` (0x0304): the event the signer recorded, kind (1:
/// `0x00` freeze, `0x01` unfreeze) ‖ time (8, big-endian seconds since 1970, the signer's
/// clock) ‖ whether it was recorded before (1: `0x00` new, `0x01` the same request again).
public struct FreezeRecorded: Sendable, Equatable {
    public let event: History.FreezeEvent
    /// True when the signer had recorded the same request before: nothing changed.
    public let wasRecordedBefore: Bool

    public init(event: History.FreezeEvent, wasRecordedBefore: Bool) {
        self.event = event
        self.wasRecordedBefore = wasRecordedBefore
    }

    public func encoded() -> [UInt8] {
        [event.kind == .freeze ? 0 : 1] + withUnsafeBytes(of: event.at.seconds.bigEndian, Array.init)
            + [wasRecordedBefore ? 1 : 0]
    }

    /// - Throws: `invalidParameters` for other than 10 bytes or a flag other than 0 or 1.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        guard bytes.count == 10, bytes[0] <= 1, bytes[9] <= 1 else {
            throw SigningWireReader.invalid("a freeze answer is 10 bytes: kind (0 or 1), time, flag (0 or 1)")
        }
        let seconds = bytes[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        self.init(
            event: History.FreezeEvent(
                kind: bytes[0] == 0 ? .freeze : .unfreeze, at: Instant(seconds: Int64(bitPattern: seconds))),
            wasRecordedBefore: bytes[9] == 1)
    }
}
