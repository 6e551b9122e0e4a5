/// What a withdrawal asks to have signed: the `payload` oneof of `CreateWithdrawalRequest` and
/// `SigningRequest`. In JSON, exactly one of the members `psbt` and `digestWithdrawal`.
public enum Withdrawal: Hashable, Sendable {
    /// A BIP-174 PSBT spending Taproot key-path inputs of the wallet (the raw bytes, `psbt\xff…`).
    case psbt([UInt8])
    /// A 32-byte digest to sign for another chain, with what it moves, declared.
    case digest(DigestWithdrawal)

    static let fields = [ProtoField("psbt"), ProtoField("digestWithdrawal", "digest_withdrawal")]

    /// Reads the oneof: nil when neither member is set.
    static func read(_ reader: MessageReader, _ decoder: any Decoder) throws -> Withdrawal? {
        let psbt = try reader.has("psbt")
        let digest = try reader.has("digestWithdrawal")
        if psbt && digest {
            throw FieldError(decoder.codingPath, "psbt and digestWithdrawal are one of: set only one")
        }
        if psbt { return .psbt(try reader.bytes("psbt")) }
        if digest, let value: DigestWithdrawal = try reader.message("digestWithdrawal") { return .digest(value) }
        return nil
    }

    func write(_ writer: inout MessageWriter) throws {
        switch self {
        case .psbt(let bytes):
            // A oneof member is written even when it holds its default.
            try writer.message("psbt", ProtoBytes(bytes))
        case .digest(let value): try writer.message("digestWithdrawal", value)
        }
    }
}

/// A digest to sign for a chain Custody does not parse: the service declares the asset, amount
/// and destination the policy decides on, and answers for them matching the digest.
public struct DigestWithdrawal: APIMessage, Hashable {
    public static let protoName = "custody.v1.DigestWithdrawal"
    static let fields = [
        ProtoField("digest"), ProtoField("asset"), ProtoField("amount"), ProtoField("destination"),
    ]

    /// Exactly 32 bytes: what the signers sign (BIP-340 with the wallet's key).
    public var digest: [UInt8]
    /// The asset's code, such as `ETH`: 1 to 16 ASCII capital letters and digits.
    public var asset: String
    /// In the asset's smallest unit: 1 or more (at most 2,100,000,000,000,000 for `BTC`).
    public var amount: Int64
    /// The address paid: 1 to 256 printable ASCII characters, no space.
    public var destination: String

    public init(digest: [UInt8] = [], asset: String = "", amount: Int64 = 0, destination: String = "") {
        self.digest = digest
        self.asset = asset
        self.amount = amount
        self.destination = destination
    }

    public init(from decoder: any Decoder) throws {
        let reader = try MessageReader(decoder, Self.protoName, Self.fields)
        digest = try reader.bytes("digest")
        asset = try reader.string("asset")
        amount = try reader.int64("amount")
        destination = try reader.string("destination")
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = MessageWriter(encoder)
        try writer.bytes("digest", digest)
        try writer.string("asset", asset)
        try writer.integer("amount", amount)
        try writer.string("destination", destination)
    }
}
