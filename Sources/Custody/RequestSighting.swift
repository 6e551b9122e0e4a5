public import Policy

/// Coordinator to signer, `requestShown` (0x0305): a request the coordinator received, shown to
/// the signer when it arrives so that the signer's own record of its first sight, from which its
/// time lock runs (docs/signer-authorization.md § The request's time), is made then and not
/// when signing begins (docs/protocol.md § Governance payloads).
///
/// signed request length (4, big-endian) ‖ signed request (Policy's canonical JSON) ‖ policy
/// hash (32): the version the coordinator decides it under.
public struct RequestShown: Sendable, Equatable {
    /// The longest payload.
    public static let maximumSize = 4 + AuthorizedShareRequest.maximumSignedRequestSize + 32

    public let request: SignedRequest
    public let policy: PolicyHash

    public init(request: SignedRequest, policy: PolicyHash) {
        self.request = request
        self.policy = policy
    }

    /// - Throws: `invalidParameters` when the signed request exceeds its limit.
    public func encoded() throws(SigningSessionError) -> [UInt8] {
        let signed = JSONWriter.canonical(PolicyInputEncoder.signedRequest(request))
        guard signed.count <= AuthorizedShareRequest.maximumSignedRequestSize else {
            throw SigningWireReader.invalid(
                "the signed request is at most \(AuthorizedShareRequest.maximumSignedRequestSize) bytes")
        }
        return withUnsafeBytes(of: UInt32(signed.count).bigEndian, Array.init) + signed + policy.bytes
    }

    /// Reads the whole of `bytes`.
    /// - Throws: `invalidParameters`, naming the field, for more than ``maximumSize`` bytes, a
    ///   truncated or trailing byte, or a signed request that Policy refuses or that is not in
    ///   canonical form.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        guard bytes.count <= Self.maximumSize else {
            throw SigningWireReader.invalid("a shown request is at most \(Self.maximumSize) bytes, got \(bytes.count)")
        }
        var reader = SigningWireReader(bytes, message: "shown request")
        let signed = try reader.signedRequest(limit: AuthorizedShareRequest.maximumSignedRequestSize)
        let policy = PolicyHash(bytes: try reader.take(32, "policy hash"))
        try reader.finish()
        self.init(request: signed, policy: policy)
    }
}

/// Signer to coordinator, `requestSeen` (0x0306): the signer's first sight of the request, 8
/// bytes, big-endian seconds since 1970 on the signer's clock (earlier than now when it had seen
/// the request before).
public struct RequestSeen: Sendable, Equatable {
    public let firstSeen: Instant

    public init(firstSeen: Instant) { self.firstSeen = firstSeen }

    public func encoded() -> [UInt8] { withUnsafeBytes(of: firstSeen.seconds.bigEndian, Array.init) }

    /// - Throws: `invalidParameters` for other than 8 bytes.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        guard bytes.count == 8 else { throw SigningWireReader.invalid("a first sight is 8 bytes, got \(bytes.count)") }
        firstSeen = Instant(seconds: Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }))
    }
}

extension SignerAuthorizer {
    /// Records the first sight of a request shown before any signing (`requestShown`), after
    /// checks 1 to 4 of ``authorize(_:now:firstSeen:history:reader:)``: a transfer or rebalance,
    /// under a policy version this signer adopted, from an initiator whose signature verifies,
    /// created no later than the clock skew after now. Nothing is recorded for a request that
    /// fails them.
    /// - Returns: the first sight recorded for the request (now, or earlier if seen before).
    public func sight<Records: FirstSeenRecording>(
        _ shown: RequestShown, now: Instant, firstSeen: inout Records
    ) throws(AuthorizationRefusal) -> Instant {
        let request = shown.request.request
        guard request.kind == .transfer || request.kind == .rebalance else {
            throw AuthorizationRefusal(
                .nothingToSign, "a \(request.kind.rawValue) request is not signed with a wallet key")
        }
        guard let version = policies.version(shown.policy) else {
            throw AuthorizationRefusal(
                .unknownPolicy, "policy \(Self.short(shown.policy)) is no version this signer adopted")
        }
        try Self.verifyInitiator(shown.request, policy: version.policy)
        if request.createdAt > now.adding(version.policy.clockSkew) {
            throw AuthorizationRefusal(
                .createdInTheFuture,
                "createdAt \(request.createdAt) is more than the allowed clock skew (\(version.policy.clockSkew)s) "
                    + "after now, \(now)")
        }
        return firstSeen.firstSeen(requestDigest: request.digest, now: now)
    }
}
