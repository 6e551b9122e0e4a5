public import Custody
import Encoding
public import FROST
import Policy

/// A client's request for signatures (`POST /v1/signatures`, docs/daemons.md § Signatures),
/// read strictly (Policy's `StrictJSON`: integers only, no duplicate keys, no unknown keys).
/// The coordinator checks none of the authorization: every signer does, on its own.
public struct SignatureRequest: Sendable {
    /// The largest body read: 2 MiB.
    public static let maximumBodySize = 2 * 1024 * 1024
    /// The most messages one request signs: one. The signer daemons read `digest` payloads
    /// only, and a digest payload binds exactly one message; a PSBT payload (a message per
    /// input) is not read by them yet.
    public static let maximumMessages = 1
    /// The longest a request may ask to take, in seconds.
    public static let maximumTimeoutSeconds: Int64 = 300
    /// The time a request takes at most when it does not say: 30 seconds.
    public static let defaultTimeoutSeconds: Int64 = 30

    /// The wallet's key name, as its key ceremony registered it.
    public let wallet: String
    /// The signed request, the officers' approvals, the policy hash, the document and the
    /// messages, for the signers to check.
    public let authorization: AuthorizationBundle
    /// For the Taproot suite: the key the signatures are for (nil: the group key itself).
    public let taprootSpend: TaprootSpend?
    /// How long the signers have, for all the messages together.
    public let timeout: Duration

    /// Reads `body`.
    /// - Throws: ``SignatureRequestError`` naming the key and what is wrong.
    public init(json body: [UInt8]) throws(SignatureRequestError) {
        let fields = try RequestBody.fields(
            body,
            known: ["wallet", "request", "approvals", "policy", "document", "messages", "spend", "timeoutSeconds"],
            maxBytes: Self.maximumBodySize)
        guard case .string(let wallet)? = fields["wallet"], WalletCreationRequest.isWalletName(wallet) else {
            throw SignatureRequestError("wallet: a wallet name is required (1 to 64 characters of a-z 0-9 . _ -)")
        }
        let (signed, approvals, policy) = try RequestBody.authorization(fields)
        var document: [UInt8] = []
        if let documentValue = fields["document"] {
            guard case .string(let text) = documentValue, let bytes = try? Hex.decode(text) else {
                throw SignatureRequestError("document: hex is required")
            }
            document = bytes
        }
        guard case .array(let items)? = fields["messages"], (1...Self.maximumMessages).contains(items.count) else {
            throw SignatureRequestError(
                "messages: an array of exactly one hex message is required")
        }
        var messages: [[UInt8]] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let bytes = try? Hex.decode(text), bytes.count == 32 else {
                throw SignatureRequestError("messages[\(index)]: 64 hex digits (a 32-byte digest) are required")
            }
            messages.append(bytes)
        }
        var spend: TaprootSpend?
        if let spendValue = fields["spend"] {
            guard case .string("key-path") = spendValue else {
                throw SignatureRequestError("spend: only \"key-path\" is accepted")
            }
            spend = .keyPathOnly
        }
        var seconds = Self.defaultTimeoutSeconds
        if let timeoutValue = fields["timeoutSeconds"] {
            guard case .integer(let given) = timeoutValue, (1...Self.maximumTimeoutSeconds).contains(given) else {
                throw SignatureRequestError("timeoutSeconds: an integer from 1 to \(Self.maximumTimeoutSeconds)")
            }
            seconds = given
        }
        self.wallet = wallet
        self.authorization = AuthorizationBundle(
            request: signed, approvals: approvals, policy: policy, document: document, messages: messages)
        self.taprootSpend = spend
        self.timeout = .seconds(seconds)
    }
}

/// Why a signature request was refused; names the key, never echoes more than 64 characters.
public struct SignatureRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
