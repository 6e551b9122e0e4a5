import CustodyAPI
import Testing

/// Hostile request bodies, each refused with `invalid_argument` and a message saying why; none
/// traps (`docs/api.md`, "What the reader refuses").
@Suite struct AttackTests {
    @Test func requestBodyClaimingAnotherInitiatorFieldIsRefused() {
        let text = #"{"idempotencyKey":"k1","walletId":"hot-btc","psbt":"cHNidP8BAg==","initiator":"treasury-bot"}"#
        #expect(
            refusal(CreateWithdrawalRequest.self, text)
                == "initiator: unknown field of custody.v1.CreateWithdrawalRequest")
        for field in ["service_id", "serviceId", "caller", "approvals", "state"] {
            let other = #"{"idempotencyKey":"k1","walletId":"hot-btc","psbt":"cHNidP8BAg==","\#(field)":"x"}"#
            #expect(
                refusal(CreateWithdrawalRequest.self, other)
                    == "\(field): unknown field of custody.v1.CreateWithdrawalRequest")
        }
    }

    @Test func oversizedBodyIsRefusedBeforeParsing() {
        // Not JSON at all: only the size is looked at.
        let huge = [UInt8](repeating: UInt8(ascii: "["), count: APIJSON.maxBodyBytes + 1)
        let error = #expect(throws: ConnectError.self) { try APIJSON.decodeRequest(GetWalletRequest.self, from: huge) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "the body is 1048577 bytes, more than the limit of 1048576")
    }

    @Test func deeplyNestedBodyIsRefusedWithoutTrap() {
        // 513 unclosed brackets trap Foundation's decoder; the nesting check runs first.
        for text in [String(repeating: "[", count: 513), #"{"memo":"# + String(repeating: "[", count: 100_000)] {
            #expect(
                refusal(CreateWithdrawalRequest.self, text)
                    == "the body is nested deeper than 8 levels (at byte \(text.hasPrefix("{") ? 15 : 8))")
        }
    }

    @Test func nestingAtTheLimitIsReadAndOneDeeperIsNot() {
        let unknownDeep = { (depth: Int) in
            #"{"x":"# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
        }
        #expect(refusal(GetWalletRequest.self, unknownDeep(8)) == "x: unknown field of custody.v1.GetWalletRequest")
        #expect(
            refusal(GetWalletRequest.self, unknownDeep(9)) == "the body is nested deeper than 8 levels (at byte 12)")
    }

    @Test func duplicateKeyIsRefusedNotLastOneWins() {
        let text = #"{"walletId":"hot-btc","walletId":"cold-btc"}"#
        #expect(refusal(GetWalletRequest.self, text) == "walletId: given twice in one object")
        let nested = #"{"digestWithdrawal":{"amount":"1","amount":"2100000000000000"}}"#
        #expect(refusal(CreateWithdrawalRequest.self, nested) == "digestWithdrawal.amount: given twice in one object")
    }

    @Test func duplicateKeySpelledWithEscapesIsStillADuplicate() {
        let text = #"{"walletId":"hot-btc","wallet\u0049d":"cold-btc"}"#
        #expect(refusal(GetWalletRequest.self, text) == "walletId: given twice in one object")
    }

    @Test func bothOneofMembersAtOnceAreRefused() {
        let text = #"{"idempotencyKey":"k","walletId":"w","psbt":"cHNidP8BAg==","digestWithdrawal":{}}"#
        #expect(refusal(CreateWithdrawalRequest.self, text) == "psbt and digestWithdrawal are one of: set only one")
    }

    @Test func amountSmuggledAsAFloatIsRefused() {
        let text = #"{"walletId":"w","txid":"\#(String(repeating: "0", count: 64))","amount":1e3}"#
        #expect(
            refusal(RegisterDepositRequest.self, text)
                == "amount: a number must be whole, without a fraction, an exponent or leading zeros")
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = body(#"{"walletId":"hot"#)
        bytes += [0xC3, 0x28]
        bytes += body(#""}"#)
        let error = #expect(throws: ConnectError.self) { try APIJSON.decodeRequest(GetWalletRequest.self, from: bytes) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func trailingDataAfterTheObjectIsRefused() {
        #expect(refusal(GetWalletRequest.self, #"{"walletId":"a"}{"walletId":"b"}"#) != nil)
    }

    @Test func controlCharactersInAnIdAreNamedPrintablyNotEchoed() {
        let message = refusal(GetWalletRequest.self, #"{"walletId":"a\u001b[31mred"}"#)
        #expect(
            message == #"walletId: 'a\u{1b}[31mred' is not an id: 1 to 128 ASCII letters, digits, '.', '_', '-' or '@'"#
        )
    }
}
