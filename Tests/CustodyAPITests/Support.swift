import CustodyAPI
import Testing

/// The body's bytes.
func body(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The message's bytes as text.
func json(_ message: some APIMessage) throws -> String {
    String(decoding: try APIJSON.encode(message), as: UTF8.self)
}

/// The `invalid_argument` message that reading `text` as `type` (and validating it) gives, or nil
/// when it reads.
func refusal<Request: APIRequest>(_ type: Request.Type, _ text: String) -> String? {
    do {
        _ = try APIJSON.decodeRequest(type, from: body(text))
        return nil
    } catch {
        #expect(error.code == .invalidArgument)
        return error.message
    }
}

/// Fixed values for the golden tests.
enum Sample {
    static let psbt: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xFF, 0x01, 0x02]
    static let digest = [UInt8](0..<32)
    static let created = Timestamp(seconds: 1_772_357_400)!
    static let updated = Timestamp(seconds: 1_772_357_460, nanos: 250_000_000)!

    static let digestWithdrawal = DigestWithdrawal(
        digest: digest, asset: "ETH", amount: 1_500_000_000_000_000_000,
        destination: "0x52908400098527886E0F7030069857D2E4169EE7")

    static let request = SigningRequest(
        id: "req-1", walletId: "hot-eth", idempotencyKey: "payout-2026-03-01", state: .signed,
        withdrawal: .digest(digestWithdrawal), asset: "ETH", amount: 1_500_000_000_000_000_000,
        destination: "0x52908400098527886E0F7030069857D2E4169EE7", memo: "payout",
        signature: [UInt8](repeating: 0xAB, count: 64),
        createdAt: created, updatedAt: updated)

    static let wallet = Wallet(
        id: "hot-btc", name: "Hot BTC", tier: .hot, asset: "BTC",
        groupKey: [0x02] + [UInt8](repeating: 0x11, count: 32),
        address: "bc1pexample", balance: 150_000_000, createdAt: created)
}
