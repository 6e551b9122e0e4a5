import FROST
import Policy

/// Coordinator to signer, `shareRequest`: the wallet whose share is to sign, the session and
/// signing package (``ShareRequest``), and the ``AuthorizationBundle`` the signer checks before
/// it signs anything (docs/protocol.md § Signing payloads).
///
/// The encoding is canonical: the signed request and the approvals are carried as Policy's
/// canonical JSON (`PolicyInputEncoder`, `JSONWriter.canonical`), and a payload whose JSON is
/// valid but not canonical is refused, so that one request has one encoding.
public struct AuthorizedShareRequest: Sendable, Equatable {
    /// The longest signed request, in bytes of JSON (`PolicyInputDecoder.maxRequestBytes`).
    public static let maximumSignedRequestSize = 65_536
    /// The longest approvals list, in bytes of JSON.
    public static let maximumApprovalsSize = 262_144
    /// The longest document (an unsigned PSBT), in bytes.
    public static let maximumDocumentSize = 524_288
    /// The most messages a bundle may list.
    public static let maximumMessages = 1_024
    /// The longest payload: the envelope's payload limit, 1 MiB.
    public static let maximumSize = 1_048_576

    /// The wallet whose key share signs (``SigningWire/isWalletName(_:)``).
    public let wallet: String
    /// The session and its signing package.
    public let request: ShareRequest
    /// Why the signer may sign: the signed request, the officers' approvals, the policy
    /// version, the document and the messages.
    public let authorization: AuthorizationBundle

    /// - Throws: `invalidParameters` for a name that is no wallet name.
    public init(wallet: String, request: ShareRequest, authorization: AuthorizationBundle)
        throws(SigningSessionError)
    {
        guard SigningWire.isWalletName(wallet) else {
            throw SigningWireReader.invalid(
                "a wallet name is 1 to \(SigningWire.maximumWalletNameLength) bytes of UTF-8")
        }
        self.wallet = wallet
        self.request = request
        self.authorization = authorization
    }

    /// wallet name length (1) ‖ wallet name ‖ share request length (4) ‖ ``ShareRequest`` ‖
    /// signed request length (4) ‖ signed request (canonical JSON) ‖ approvals length (4) ‖
    /// approvals (canonical JSON array) ‖ policy hash (32) ‖ document length (4) ‖ document ‖
    /// message count (2) ‖ each message: length (4) ‖ message. Lengths are big-endian.
    ///
    /// - Throws: `invalidParameters` when a part exceeds its limit (the share request's own,
    ///   the sizes above) or the whole exceeds ``maximumSize``.
    public func encoded() throws(SigningSessionError) -> [UInt8] {
        let bundle = authorization
        var bytes = [UInt8(wallet.utf8.count)] + Array(wallet.utf8)
        func sized(_ part: [UInt8], _ field: String, limit: Int) throws(SigningSessionError) {
            guard part.count <= limit else {
                throw SigningWireReader.invalid("the \(field) is at most \(limit) bytes, this one \(part.count)")
            }
            bytes += Self.uint32(part.count) + part
        }
        try sized(try request.encoded(), "share request", limit: Self.maximumShareRequestSize)
        try sized(
            JSONWriter.canonical(PolicyInputEncoder.signedRequest(bundle.request)), "signed request",
            limit: Self.maximumSignedRequestSize)
        try sized(
            JSONWriter.canonical(PolicyInputEncoder.approvals(bundle.approvals)), "approvals",
            limit: Self.maximumApprovalsSize)
        bytes += bundle.policy.bytes
        try sized(bundle.document, "document", limit: Self.maximumDocumentSize)
        guard bundle.messages.count <= Self.maximumMessages else {
            throw SigningWireReader.invalid(
                "a bundle lists at most \(Self.maximumMessages) messages, this one \(bundle.messages.count)")
        }
        bytes += [UInt8(bundle.messages.count >> 8), UInt8(bundle.messages.count & 0xff)]
        for message in bundle.messages {
            try sized(message, "message", limit: SigningWire.maximumMessageSize)
        }
        guard bytes.count <= Self.maximumSize else {
            throw SigningWireReader.invalid(
                "an authorized share request is at most \(Self.maximumSize) bytes, this one \(bytes.count)")
        }
        return bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `invalidParameters`, naming the field, for more than ``maximumSize`` bytes, a
    ///   truncated or trailing byte, a wallet name that is not one, a length over its limit, a
    ///   share request that does not decode, a signed request or approvals that Policy refuses
    ///   or that are not in canonical form, or more than ``maximumMessages`` messages.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        guard bytes.count <= Self.maximumSize else {
            throw SigningWireReader.invalid(
                "an authorized share request is at most \(Self.maximumSize) bytes, got \(bytes.count)")
        }
        var reader = SigningWireReader(bytes, message: "authorized share request")
        let wallet = try reader.walletName()
        let request = try ShareRequest(
            decoding: try reader.sized("share request", limit: Self.maximumShareRequestSize))
        let signed = try reader.signedRequest(limit: Self.maximumSignedRequestSize)
        let approvals = try reader.approvals(limit: Self.maximumApprovalsSize)
        let policy = PolicyHash(bytes: try reader.take(32, "policy hash"))
        let document = try reader.sized("document", limit: Self.maximumDocumentSize)
        let countBytes = try reader.take(2, "message count")
        let count = Int(countBytes[0]) << 8 | Int(countBytes[1])
        guard count <= Self.maximumMessages else {
            throw SigningWireReader.invalid(
                "a bundle lists at most \(Self.maximumMessages) messages, its count says \(count)")
        }
        var messages: [[UInt8]] = []
        for index in 0..<count {
            messages.append(try reader.sized("message \(index)", limit: SigningWire.maximumMessageSize))
        }
        try reader.finish()
        try self.init(
            wallet: wallet, request: request,
            authorization: AuthorizationBundle(
                request: signed, approvals: approvals, policy: policy, document: document, messages: messages))
    }

    /// The longest share request: a 64-byte session id, a script-tree spend, 255 signers and
    /// the longest message.
    static let maximumShareRequestSize =
        1 + 64 + 33 + 1 + SigningWire.maximumSigners * SigningWire.commitmentsSize + 4 + SigningWire.maximumMessageSize

    private static func uint32(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(value).bigEndian, Array.init)
    }
}
