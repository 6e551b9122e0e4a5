import CustodyAPI
import Testing

/// The field values `validate()` allows, at and just past each limit (`docs/api.md`, "Field values").
@Suite struct ValidationTests {
    private func withdrawal(_ digest: DigestWithdrawal, key: String = "wd-1") -> CreateWithdrawalRequest {
        CreateWithdrawalRequest(idempotencyKey: key, walletId: "hot-eth", withdrawal: .digest(digest))
    }

    private func message(_ request: some APIRequest) -> String? {
        do {
            try request.validate()
            return nil
        } catch {
            #expect(error.code == .invalidArgument)
            return error.message
        }
    }

    private var digest: DigestWithdrawal {
        DigestWithdrawal(digest: [UInt8](repeating: 7, count: 32), asset: "BTC", amount: 1, destination: "bc1qexample")
    }

    @Test func aDigestIsExactlyThirtyTwoBytes() {
        #expect(message(withdrawal(digest)) == nil)
        for count in [0, 31, 33, 64] {
            var short = digest
            short.digest = [UInt8](repeating: 1, count: count)
            #expect(message(withdrawal(short)) == "digestWithdrawal.digest: must be exactly 32 bytes, got \(count)")
        }
    }

    @Test func amountsArePositiveAndBitcoinAmountsAtMostTwentyOneMillionCoins() {
        var value = digest
        value.amount = APILimits.maxBitcoinAmount
        #expect(message(withdrawal(value)) == nil)
        value.amount += 1
        #expect(
            message(withdrawal(value))
                == "digestWithdrawal.amount: 2100000000000001 satoshis is more than 21,000,000 BTC (2100000000000000)")
        value.asset = "ETH"
        value.amount = .max
        #expect(message(withdrawal(value)) == nil)
        for amount: Int64 in [0, -1, .min] {
            value.amount = amount
            #expect(
                message(withdrawal(value))
                    == "digestWithdrawal.amount: must be at least 1 (the asset's smallest unit), got \(amount)")
        }
    }

    @Test func idempotencyKeysAreShortAndPlain() {
        #expect(message(withdrawal(digest, key: String(repeating: "a", count: 128))) == nil)
        #expect(message(withdrawal(digest, key: "2026-03-01:payout.7_A-b")) == nil)
        #expect(message(withdrawal(digest, key: "")) == "idempotencyKey: required")
        for key in [String(repeating: "a", count: 129), "has space", "é", "a/b", "a\u{0}"] {
            #expect(message(withdrawal(digest, key: key))?.hasPrefix("idempotencyKey: must be 1 to 128 ASCII") == true)
        }
    }

    @Test func aPSBTStartsWithItsMagicAndHasALimit() {
        let base = CreateWithdrawalRequest(idempotencyKey: "k", walletId: "w")
        var request = base
        request.withdrawal = .psbt(Sample.psbt)
        #expect(message(request) == nil)
        request.withdrawal = .psbt(Array("psbt".utf8) + [0xFF])
        #expect(message(request) == "psbt: not a PSBT: it must start with the magic bytes 'psbt' 0xff (BIP 174)")
        request.withdrawal = .psbt([0x70, 0x73, 0x62, 0x74, 0xFE, 0])
        #expect(message(request) == "psbt: not a PSBT: it must start with the magic bytes 'psbt' 0xff (BIP 174)")
        request.withdrawal = .psbt(Sample.psbt + [UInt8](repeating: 0, count: APILimits.maxPSBTBytes))
        #expect(message(request) == "psbt: 524295 bytes, more than the limit of 524288")
        #expect(message(base) == "psbt: required: set psbt or digestWithdrawal")
    }

    @Test func assetsDestinationsAndMemos() {
        var value = digest
        value.asset = "btc"
        #expect(
            message(withdrawal(value))
                == "digestWithdrawal.asset: 'btc' is not an asset code: 1 to 16 ASCII capital letters and digits")
        value = digest
        value.destination = "bc1q example"
        #expect(
            message(withdrawal(value))
                == "digestWithdrawal.destination: not an address: 1 to 256 printable ASCII characters without spaces")
        var request = withdrawal(digest)
        request.memo = String(repeating: "é", count: 128)
        #expect(message(request) == nil)
        request.memo += "x"
        #expect(message(request) == "memo: 257 bytes, more than the limit of 256")
        request.memo = "line\nbreak"
        #expect(message(request) == "memo: control characters are not allowed")
    }

    @Test func pageSizesAreOneToAThousandOrZeroForTheDefault() {
        for size: Int32 in [0, 1, 1000] { #expect(message(ListRequestsRequest(pageSize: size)) == nil) }
        for size: Int32 in [-1, 1001, .max] {
            #expect(
                message(ListWalletsRequest(pageSize: size))
                    == "pageSize: must be 1 to 1000 (0 for the default of 100), got \(size)")
        }
        #expect(APILimits.pageSize(0) == 100)
        #expect(APILimits.pageSize(7) == 7)
    }

    @Test func cursorsStatesAndWaits() {
        #expect(message(ListRequestsRequest(cursor: String(repeating: "A", count: 512))) == nil)
        #expect(
            message(ListRequestsRequest(cursor: String(repeating: "A", count: 513)))
                == "cursor: not a cursor this server gave")
        #expect(message(ListRequestsRequest(cursor: "a+b")) == "cursor: not a cursor this server gave")
        #expect(
            message(ListRequestsRequest(states: [.signed, .unspecified]))
                == "states[1]: REQUEST_STATE_UNSPECIFIED is not a state to filter on")
        #expect(message(WatchRequestsRequest(waitSeconds: 60)) == nil)
        #expect(message(WatchRequestsRequest(waitSeconds: 61)) == "waitSeconds: must be 0 to 60, got 61")
        #expect(message(WatchRequestsRequest(waitSeconds: -1)) == "waitSeconds: must be 0 to 60, got -1")
    }

    @Test func idsAndDeposits() {
        #expect(message(GetRequestRequest()) == "requestId: required")
        #expect(message(CancelRequestRequest(requestId: "req@1.a_b-c")) == nil)
        #expect(
            message(GetWalletRequest(walletId: String(repeating: "w", count: 129)))?.hasPrefix("walletId: '") == true)
        let txid = String(repeating: "0f", count: 32)
        #expect(message(RegisterDepositRequest(walletId: "w", txid: txid, vout: 1, amount: 1)) == nil)
        #expect(
            message(RegisterDepositRequest(walletId: "w", txid: txid.uppercased(), amount: 1))
                == "txid: must be 64 lowercase hex digits")
        #expect(
            message(RegisterDepositRequest(walletId: "w", txid: txid, amount: APILimits.maxBitcoinAmount + 1))
                == "amount: 2100000000000001 satoshis is more than 21,000,000 BTC (2100000000000000)")
    }
}
