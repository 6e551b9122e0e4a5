import CustodyAPI
import Testing

/// Each message's exact bytes: canonical protobuf JSON, keys sorted, defaults left out, 64-bit
/// integers as strings, bytes as standard base64, enums by name, times in RFC 3339 UTC. Each
/// also reads back to the same value.
@Suite struct GoldenJSONTests {
    private func golden<Message: APIMessage>(_ message: Message, _ expected: String) throws {
        #expect(try json(message) == expected)
        #expect(try APIJSON.decode(Message.self, from: body(expected)) == message)
    }

    @Test func createWithdrawalWithAPSBT() throws {
        try golden(
            CreateWithdrawalRequest(
                idempotencyKey: "wd-1", walletId: "hot-btc", withdrawal: .psbt(Sample.psbt), memo: "payout"),
            #"{"idempotencyKey":"wd-1","memo":"payout","psbt":"cHNidP8BAg==","walletId":"hot-btc"}"#)
    }

    @Test func createWithdrawalWithADigest() throws {
        try golden(
            CreateWithdrawalRequest(
                idempotencyKey: "wd-2", walletId: "hot-eth", withdrawal: .digest(Sample.digestWithdrawal)),
            #"{"digestWithdrawal":{"amount":"1500000000000000000","asset":"ETH","#
                + #""destination":"0x52908400098527886E0F7030069857D2E4169EE7","#
                + #""digest":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"idempotencyKey":"wd-2","walletId":"hot-eth"}"#
        )
    }

    @Test func createWithdrawalResponse() throws {
        try golden(
            CreateWithdrawalResponse(request: SigningRequest(id: "req-1", state: .pendingApproval), created: true),
            #"{"created":true,"request":{"id":"req-1","state":"REQUEST_STATE_PENDING_APPROVAL"}}"#)
    }

    @Test func signingRequest() throws {
        let signature = String(repeating: "q6ur", count: 21) + "qw=="
        try golden(
            Sample.request,
            #"{"amount":"1500000000000000000","asset":"ETH","createdAt":"2026-03-01T09:30:00Z","#
                + #""destination":"0x52908400098527886E0F7030069857D2E4169EE7","digestWithdrawal":{"amount":"1500000000000000000","#
                + #""asset":"ETH","destination":"0x52908400098527886E0F7030069857D2E4169EE7","#
                + #""digest":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"id":"req-1","#
                + #""idempotencyKey":"payout-2026-03-01","memo":"payout","signature":"\#(signature)","#
                + #""state":"REQUEST_STATE_SIGNED","updatedAt":"2026-03-01T09:31:00.250Z","walletId":"hot-eth"}"#)
    }

    @Test func getRequest() throws {
        try golden(GetRequestRequest(requestId: "req-1"), #"{"requestId":"req-1"}"#)
        try golden(GetRequestResponse(request: SigningRequest(id: "req-1")), #"{"request":{"id":"req-1"}}"#)
    }

    @Test func listRequests() throws {
        try golden(
            ListRequestsRequest(
                walletId: "hot-btc", states: [.pendingApproval, .approved], pageSize: 50, cursor: "abc_-1"),
            #"{"cursor":"abc_-1","pageSize":50,"states":["REQUEST_STATE_PENDING_APPROVAL","REQUEST_STATE_APPROVED"],"#
                + #""walletId":"hot-btc"}"#)
        try golden(
            ListRequestsResponse(requests: [SigningRequest(id: "a"), SigningRequest(id: "b")], nextCursor: "next"),
            #"{"nextCursor":"next","requests":[{"id":"a"},{"id":"b"}]}"#)
    }

    @Test func cancelRequest() throws {
        try golden(
            CancelRequestRequest(requestId: "req-1", reason: "wrong address"),
            #"{"reason":"wrong address","requestId":"req-1"}"#)
        try golden(
            CancelRequestResponse(request: SigningRequest(id: "req-1", state: .cancelled, reason: "wrong address")),
            #"{"request":{"id":"req-1","reason":"wrong address","state":"REQUEST_STATE_CANCELLED"}}"#)
    }

    @Test func wallets() throws {
        let groupKey = "AhERERERERERERERERERERERERERERERERERERERERER"
        let wallet =
            #"{"address":"bc1pexample","asset":"BTC","balance":"150000000","createdAt":"2026-03-01T09:30:00Z","#
            + #""groupKey":"\#(groupKey)","id":"hot-btc","name":"Hot BTC","tier":"WALLET_TIER_HOT"}"#
        try golden(Sample.wallet, wallet)
        try golden(ListWalletsRequest(pageSize: 1000, cursor: "c"), #"{"cursor":"c","pageSize":1000}"#)
        try golden(ListWalletsResponse(wallets: [Sample.wallet]), #"{"wallets":[\#(wallet)]}"#)
        try golden(GetWalletRequest(walletId: "hot-btc"), #"{"walletId":"hot-btc"}"#)
        try golden(GetWalletResponse(wallet: Sample.wallet), #"{"wallet":\#(wallet)}"#)
    }

    @Test func registerDeposit() throws {
        let txid = String(repeating: "ab", count: 32)
        try golden(
            RegisterDepositRequest(walletId: "cold-btc", txid: txid, vout: 3, amount: 250_000),
            #"{"amount":"250000","txid":"\#(txid)","vout":3,"walletId":"cold-btc"}"#)
        try golden(
            RegisterDepositResponse(
                deposit: Deposit(walletId: "cold-btc", txid: txid, vout: 0, amount: 1, registeredAt: Sample.created),
                created: true),
            #"{"created":true,"deposit":{"amount":"1","registeredAt":"2026-03-01T09:30:00Z","txid":"\#(txid)","#
                + #""walletId":"cold-btc"}}"#)
    }

    @Test func watchRequests() throws {
        try golden(
            WatchRequestsRequest(cursor: "c1", waitSeconds: 30, walletId: "hot-btc", pageSize: 10),
            #"{"cursor":"c1","pageSize":10,"waitSeconds":30,"walletId":"hot-btc"}"#)
        try golden(
            WatchRequestsResponse(requests: [SigningRequest(id: "a", state: .signing)], cursor: "c2"),
            #"{"cursor":"c2","requests":[{"id":"a","state":"REQUEST_STATE_SIGNING"}]}"#)
    }

    @Test func everyDefaultIsLeftOut() throws {
        try golden(CreateWithdrawalRequest(), "{}")
        try golden(SigningRequest(), "{}")
        try golden(Wallet(), "{}")
        try golden(Deposit(), "{}")
        try golden(ListRequestsResponse(), "{}")
    }

    @Test func anEmptyPSBTIsStillWrittenAsTheChosenOneofMember() throws {
        try golden(CreateWithdrawalRequest(withdrawal: .psbt([])), #"{"psbt":""}"#)
    }
}
