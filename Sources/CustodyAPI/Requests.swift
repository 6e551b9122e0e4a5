/// A request to sign: what `CreateWithdrawal` makes and `GetRequest`, `ListRequests`,
/// `CancelRequest` and `WatchRequests` return. Written by the server only.
public struct SigningRequest: APIMessage, Hashable {
    public static let protoName = "custody.v1.SigningRequest"
    static let fields =
        [
            ProtoField("id"), ProtoField("walletId", "wallet_id"),
            ProtoField("idempotencyKey", "idempotency_key"), ProtoField("state"),
        ] + Withdrawal.fields
        + [
            ProtoField("asset"), ProtoField("amount"), ProtoField("destination"), ProtoField("memo"),
            ProtoField("reason"), ProtoField("signature"), ProtoField("signedPsbt", "signed_psbt"),
            ProtoField("createdAt", "created_at"), ProtoField("updatedAt", "updated_at"),
            ProtoField("expiresAt", "expires_at"), ProtoField("notBefore", "not_before"), ProtoField("kind"),
        ]

    /// The server's id for the request.
    public var id: String
    public var walletId: String
    /// The key the initiator created it with.
    public var idempotencyKey: String
    public var state: RequestState
    /// What is to be signed, as submitted.
    public var withdrawal: Withdrawal?
    /// What the policy decides on: declared (digest) or read from the PSBT (its one external
    /// output), in the asset's smallest unit.
    public var asset: String
    public var amount: Int64
    public var destination: String
    public var memo: String
    /// Why it was rejected, cancelled, expired or failed; empty otherwise.
    public var reason: String
    /// A digest withdrawal once signed: the 64-byte BIP-340 signature.
    public var signature: [UInt8]
    /// A PSBT withdrawal once signed: the PSBT with each input's Taproot key-path signature.
    public var signedPsbt: [UInt8]
    public var createdAt: Timestamp?
    /// When its state last changed.
    public var updatedAt: Timestamp?
    /// When it expires unless signed first.
    public var expiresAt: Timestamp?
    /// Once approved: when its time lock ends and signing may begin.
    public var notBefore: Timestamp?
    /// `withdrawal` (a service's `CreateWithdrawal`) or `rebalance` (the coordinator's rebalancer).
    public var kind: String

    public init(
        id: String = "", walletId: String = "", idempotencyKey: String = "", state: RequestState = .unspecified,
        withdrawal: Withdrawal? = nil, asset: String = "", amount: Int64 = 0, destination: String = "",
        memo: String = "", reason: String = "", signature: [UInt8] = [], signedPsbt: [UInt8] = [],
        createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil, expiresAt: Timestamp? = nil,
        notBefore: Timestamp? = nil, kind: String = ""
    ) {
        self.id = id
        self.walletId = walletId
        self.idempotencyKey = idempotencyKey
        self.state = state
        self.withdrawal = withdrawal
        self.asset = asset
        self.amount = amount
        self.destination = destination
        self.memo = memo
        self.reason = reason
        self.signature = signature
        self.signedPsbt = signedPsbt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.kind = kind
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        id = try reader.string("id")
        walletId = try reader.string("walletId")
        idempotencyKey = try reader.string("idempotencyKey")
        state = try reader.value("state", default: .unspecified)
        withdrawal = try Withdrawal.read(reader, decoder)
        asset = try reader.string("asset")
        amount = try reader.int64("amount")
        destination = try reader.string("destination")
        memo = try reader.string("memo")
        reason = try reader.string("reason")
        signature = try reader.bytes("signature")
        signedPsbt = try reader.bytes("signedPsbt")
        createdAt = try reader.message("createdAt")
        updatedAt = try reader.message("updatedAt")
        expiresAt = try reader.message("expiresAt")
        notBefore = try reader.message("notBefore")
        kind = try reader.string("kind")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("id", id)
        try writer.string("walletId", walletId)
        try writer.string("idempotencyKey", idempotencyKey)
        try writer.enumeration("state", state)
        try withdrawal?.write(&writer)
        try writer.string("asset", asset)
        try writer.integer("amount", amount)
        try writer.string("destination", destination)
        try writer.string("memo", memo)
        try writer.string("reason", reason)
        try writer.bytes("signature", signature)
        try writer.bytes("signedPsbt", signedPsbt)
        try writer.message("createdAt", createdAt)
        try writer.message("updatedAt", updatedAt)
        try writer.message("expiresAt", expiresAt)
        try writer.message("notBefore", notBefore)
        try writer.string("kind", kind)
    }
}

/// `CreateWithdrawal`'s request. The initiator is the authenticated caller; no field names it.
public struct CreateWithdrawalRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.CreateWithdrawalRequest"
    static let fields =
        [ProtoField("idempotencyKey", "idempotency_key"), ProtoField("walletId", "wallet_id")] + Withdrawal.fields
        + [ProtoField("memo")]

    /// The caller's key for this withdrawal: 1 to 128 ASCII letters, digits, `-`, `_`, `.`, `:`.
    public var idempotencyKey: String
    public var walletId: String
    /// Required: a PSBT or a digest.
    public var withdrawal: Withdrawal?
    /// The caller's note: up to 256 bytes of UTF-8 without control characters.
    public var memo: String

    public init(idempotencyKey: String = "", walletId: String = "", withdrawal: Withdrawal? = nil, memo: String = "") {
        self.idempotencyKey = idempotencyKey
        self.walletId = walletId
        self.withdrawal = withdrawal
        self.memo = memo
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        idempotencyKey = try reader.string("idempotencyKey")
        walletId = try reader.string("walletId")
        withdrawal = try Withdrawal.read(reader, decoder)
        memo = try reader.string("memo")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("idempotencyKey", idempotencyKey)
        try writer.string("walletId", walletId)
        try withdrawal?.write(&writer)
        try writer.string("memo", memo)
    }
}

/// `CreateWithdrawal`'s response.
public struct CreateWithdrawalResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.CreateWithdrawalResponse"
    static let fields = [ProtoField("request"), ProtoField("created")]

    public var request: SigningRequest?
    /// False when the idempotency key had already made this request: it is returned unchanged.
    public var created: Bool

    public init(request: SigningRequest? = nil, created: Bool = false) {
        self.request = request
        self.created = created
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        request = try reader.message("request")
        created = try reader.bool("created")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.message("request", request)
        try writer.bool("created", created)
    }
}

/// `GetRequest`'s request.
public struct GetRequestRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.GetRequestRequest"
    static let fields = [ProtoField("requestId", "request_id")]

    public var requestId: String

    public init(requestId: String = "") { self.requestId = requestId }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        requestId = try reader.string("requestId")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("requestId", requestId)
    }
}

/// The response of `GetRequest` and `CancelRequest`: one request.
public struct RequestResponse: Hashable, Sendable {
    public var request: SigningRequest?

    public init(request: SigningRequest? = nil) { self.request = request }

    static let fields = [ProtoField("request")]

    init(_ decoder: any Decoder, _ name: String) throws {
        request = try MessageReader(decoder, name, Self.fields).message("request")
    }

    func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.message("request", request)
    }
}

/// `GetRequest`'s response.
public struct GetRequestResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.GetRequestResponse"
    public var request: SigningRequest?

    public init(request: SigningRequest? = nil) { self.request = request }
    public init(from decoder: any Decoder) throws { request = try RequestResponse(decoder, Self.protoName).request }
    public func encode(to encoder: any Encoder) throws { try RequestResponse(request: request).encode(to: encoder) }
}

/// `ListRequests`'s request: the caller's requests, newest first.
public struct ListRequestsRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.ListRequestsRequest"
    static let fields = [
        ProtoField("walletId", "wallet_id"), ProtoField("states"), ProtoField("pageSize", "page_size"),
        ProtoField("cursor"),
    ]

    /// Only this wallet's requests; empty for every wallet.
    public var walletId: String
    /// Only requests in one of these states; empty for every state.
    public var states: [RequestState]
    /// 1 to 1000; 0 for the default, 100.
    public var pageSize: Int32
    /// Empty for the first page, else the `nextCursor` of the page before.
    public var cursor: String

    public init(walletId: String = "", states: [RequestState] = [], pageSize: Int32 = 0, cursor: String = "") {
        self.walletId = walletId
        self.states = states
        self.pageSize = pageSize
        self.cursor = cursor
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        walletId = try reader.string("walletId")
        states = try reader.repeated("states")
        pageSize = try reader.int32("pageSize")
        cursor = try reader.string("cursor")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("walletId", walletId)
        try writer.repeated("states", states)
        try writer.integer("pageSize", pageSize)
        try writer.string("cursor", cursor)
    }
}

/// `ListRequests`'s response.
public struct ListRequestsResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.ListRequestsResponse"
    static let fields = [ProtoField("requests"), ProtoField("nextCursor", "next_cursor")]

    public var requests: [SigningRequest]
    /// Empty on the last page.
    public var nextCursor: String

    public init(requests: [SigningRequest] = [], nextCursor: String = "") {
        self.requests = requests
        self.nextCursor = nextCursor
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        requests = try reader.repeated("requests")
        nextCursor = try reader.string("nextCursor")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.repeated("requests", requests)
        try writer.string("nextCursor", nextCursor)
    }
}

/// `CancelRequest`'s request.
public struct CancelRequestRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.CancelRequestRequest"
    static let fields = [ProtoField("requestId", "request_id"), ProtoField("reason")]

    public var requestId: String
    /// Why: up to 256 bytes of UTF-8 without control characters.
    public var reason: String

    public init(requestId: String = "", reason: String = "") {
        self.requestId = requestId
        self.reason = reason
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        requestId = try reader.string("requestId")
        reason = try reader.string("reason")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("requestId", requestId)
        try writer.string("reason", reason)
    }
}

/// `CancelRequest`'s response.
public struct CancelRequestResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.CancelRequestResponse"
    public var request: SigningRequest?

    public init(request: SigningRequest? = nil) { self.request = request }
    public init(from decoder: any Decoder) throws { request = try RequestResponse(decoder, Self.protoName).request }
    public func encode(to encoder: any Encoder) throws { try RequestResponse(request: request).encode(to: encoder) }
}

/// `WatchRequests`'s request: the caller's requests that changed after `cursor`.
public struct WatchRequestsRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.WatchRequestsRequest"
    static let fields = [
        ProtoField("cursor"), ProtoField("waitSeconds", "wait_seconds"), ProtoField("walletId", "wallet_id"),
        ProtoField("pageSize", "page_size"),
    ]

    /// Empty for every change since the caller's first request, else the `cursor` of the last response.
    public var cursor: String
    /// How long to wait for a change when there is none: 0 to 60 seconds; 0 answers at once.
    public var waitSeconds: Int32
    /// Only this wallet's requests; empty for every wallet.
    public var walletId: String
    /// 1 to 1000; 0 for the default, 100.
    public var pageSize: Int32

    public init(cursor: String = "", waitSeconds: Int32 = 0, walletId: String = "", pageSize: Int32 = 0) {
        self.cursor = cursor
        self.waitSeconds = waitSeconds
        self.walletId = walletId
        self.pageSize = pageSize
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        cursor = try reader.string("cursor")
        waitSeconds = try reader.int32("waitSeconds")
        walletId = try reader.string("walletId")
        pageSize = try reader.int32("pageSize")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("cursor", cursor)
        try writer.integer("waitSeconds", waitSeconds)
        try writer.string("walletId", walletId)
        try writer.integer("pageSize", pageSize)
    }
}

/// `WatchRequests`'s response.
public struct WatchRequestsResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.WatchRequestsResponse"
    static let fields = [ProtoField("requests"), ProtoField("cursor")]

    /// Each request that changed, in its latest state, in the order of their last changes.
    public var requests: [SigningRequest]
    /// What to send next time; never empty.
    public var cursor: String

    public init(requests: [SigningRequest] = [], cursor: String = "") {
        self.requests = requests
        self.cursor = cursor
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        requests = try reader.repeated("requests")
        cursor = try reader.string("cursor")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.repeated("requests", requests)
        try writer.string("cursor", cursor)
    }
}
