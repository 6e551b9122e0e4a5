/// A wallet the caller may use. Written by the server only.
public struct Wallet: APIMessage, Hashable {
    public static let protoName = "custody.v1.Wallet"
    static let fields = [
        ProtoField("id"), ProtoField("name"), ProtoField("tier"), ProtoField("asset"),
        ProtoField("groupKey", "group_key"), ProtoField("address"), ProtoField("balance"),
        ProtoField("createdAt", "created_at"),
    ]

    /// The wallet's id in the policy.
    public var id: String
    public var name: String
    public var tier: WalletTier
    public var asset: String
    /// The FROST group's verifying key, 33 bytes compressed (untweaked).
    public var groupKey: [UInt8]
    /// The wallet's receiving address (for Bitcoin, the Taproot key-path address of `groupKey`).
    public var address: String
    /// Registered deposits less signed withdrawals, in the asset's smallest unit.
    public var balance: Int64
    public var createdAt: Timestamp?

    public init(
        id: String = "", name: String = "", tier: WalletTier = .unspecified, asset: String = "",
        groupKey: [UInt8] = [], address: String = "", balance: Int64 = 0, createdAt: Timestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.tier = tier
        self.asset = asset
        self.groupKey = groupKey
        self.address = address
        self.balance = balance
        self.createdAt = createdAt
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        id = try reader.string("id")
        name = try reader.string("name")
        tier = try reader.value("tier", default: .unspecified)
        asset = try reader.string("asset")
        groupKey = try reader.bytes("groupKey")
        address = try reader.string("address")
        balance = try reader.int64("balance")
        createdAt = try reader.message("createdAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("id", id)
        try writer.string("name", name)
        try writer.enumeration("tier", tier)
        try writer.string("asset", asset)
        try writer.bytes("groupKey", groupKey)
        try writer.string("address", address)
        try writer.integer("balance", balance)
        try writer.message("createdAt", createdAt)
    }
}

/// `ListWallets`'s request.
public struct ListWalletsRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.ListWalletsRequest"
    static let fields = [ProtoField("pageSize", "page_size"), ProtoField("cursor")]

    /// 1 to 1000; 0 for the default, 100.
    public var pageSize: Int32
    /// Empty for the first page, else the `nextCursor` of the page before.
    public var cursor: String

    public init(pageSize: Int32 = 0, cursor: String = "") {
        self.pageSize = pageSize
        self.cursor = cursor
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        pageSize = try reader.int32("pageSize")
        cursor = try reader.string("cursor")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.integer("pageSize", pageSize)
        try writer.string("cursor", cursor)
    }
}

/// `ListWallets`'s response.
public struct ListWalletsResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.ListWalletsResponse"
    static let fields = [ProtoField("wallets"), ProtoField("nextCursor", "next_cursor")]

    public var wallets: [Wallet]
    /// Empty on the last page.
    public var nextCursor: String

    public init(wallets: [Wallet] = [], nextCursor: String = "") {
        self.wallets = wallets
        self.nextCursor = nextCursor
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        wallets = try reader.repeated("wallets")
        nextCursor = try reader.string("nextCursor")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.repeated("wallets", wallets)
        try writer.string("nextCursor", nextCursor)
    }
}

/// `GetWallet`'s request.
public struct GetWalletRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.GetWalletRequest"
    static let fields = [ProtoField("walletId", "wallet_id")]

    public var walletId: String

    public init(walletId: String = "") { self.walletId = walletId }

    public init(from decoder: any Decoder) throws {
        walletId = try MessageReader(decoder, Self.protoName, Self.fields).string("walletId")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("walletId", walletId)
    }
}

/// `GetWallet`'s response.
public struct GetWalletResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.GetWalletResponse"
    static let fields = [ProtoField("wallet")]

    public var wallet: Wallet?

    public init(wallet: Wallet? = nil) { self.wallet = wallet }

    public init(from decoder: any Decoder) throws {
        wallet = try MessageReader(decoder, Self.protoName, Self.fields).message("wallet")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.message("wallet", wallet)
    }
}

/// A Bitcoin output paid to a wallet, as registered.
public struct Deposit: APIMessage, Hashable {
    public static let protoName = "custody.v1.Deposit"
    static let fields = [
        ProtoField("walletId", "wallet_id"), ProtoField("txid"), ProtoField("vout"), ProtoField("amount"),
        ProtoField("registeredAt", "registered_at"),
    ]

    public var walletId: String
    /// The transaction id as Bitcoin shows it: 64 lowercase hex digits.
    public var txid: String
    /// The output's index in the transaction.
    public var vout: UInt32
    /// In satoshis.
    public var amount: Int64
    public var registeredAt: Timestamp?

    public init(
        walletId: String = "", txid: String = "", vout: UInt32 = 0, amount: Int64 = 0, registeredAt: Timestamp? = nil
    ) {
        self.walletId = walletId
        self.txid = txid
        self.vout = vout
        self.amount = amount
        self.registeredAt = registeredAt
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        walletId = try reader.string("walletId")
        txid = try reader.string("txid")
        vout = try reader.uint32("vout")
        amount = try reader.int64("amount")
        registeredAt = try reader.message("registeredAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("walletId", walletId)
        try writer.string("txid", txid)
        try writer.integer("vout", vout)
        try writer.integer("amount", amount)
        try writer.message("registeredAt", registeredAt)
    }
}

/// `RegisterDeposit`'s request: an unspent output that paid the wallet.
public struct RegisterDepositRequest: APIRequest, Hashable {
    public static let protoName = "custody.v1.RegisterDepositRequest"
    static let fields = [
        ProtoField("walletId", "wallet_id"), ProtoField("txid"), ProtoField("vout"), ProtoField("amount"),
    ]

    public var walletId: String
    /// 64 lowercase hex digits, as Bitcoin shows transaction ids.
    public var txid: String
    public var vout: UInt32
    /// In satoshis: 1 to 2,100,000,000,000,000.
    public var amount: Int64

    public init(walletId: String = "", txid: String = "", vout: UInt32 = 0, amount: Int64 = 0) {
        self.walletId = walletId
        self.txid = txid
        self.vout = vout
        self.amount = amount
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        walletId = try reader.string("walletId")
        txid = try reader.string("txid")
        vout = try reader.uint32("vout")
        amount = try reader.int64("amount")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.string("walletId", walletId)
        try writer.string("txid", txid)
        try writer.integer("vout", vout)
        try writer.integer("amount", amount)
    }
}

/// `RegisterDeposit`'s response.
public struct RegisterDepositResponse: APIMessage, Hashable {
    public static let protoName = "custody.v1.RegisterDepositResponse"
    static let fields = [ProtoField("deposit"), ProtoField("created")]

    public var deposit: Deposit?
    /// False when the output was already registered (with the same amount).
    public var created: Bool

    public init(deposit: Deposit? = nil, created: Bool = false) {
        self.deposit = deposit
        self.created = created
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        deposit = try reader.message("deposit")
        created = try reader.bool("created")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.message("deposit", deposit)
        try writer.bool("created", created)
    }
}
