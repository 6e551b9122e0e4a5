import CustodyAPI
import Testing

/// protobuf's JSON mapping as the API reads it (`docs/api.md`, "JSON").
@Suite struct ProtoJSONTests {
    @Test func sixtyFourBitIntegersReadAsStringsAndAsNumbers() throws {
        let asString = try APIJSON.decode(Deposit.self, from: body(#"{"amount":"9223372036854775807"}"#))
        let asNumber = try APIJSON.decode(Deposit.self, from: body(#"{"amount":9223372036854775807}"#))
        #expect(asString.amount == .max)
        #expect(asNumber == asString)
        #expect(try APIJSON.decode(Deposit.self, from: body(#"{"amount":"-9223372036854775808"}"#)).amount == .min)
        #expect(try json(asNumber) == #"{"amount":"9223372036854775807"}"#)
    }

    @Test func thirtyTwoBitIntegersReadAsNumbersAndAsStrings() throws {
        #expect(try APIJSON.decode(ListWalletsRequest.self, from: body(#"{"pageSize":"25"}"#)).pageSize == 25)
        #expect(try APIJSON.decode(Deposit.self, from: body(#"{"vout":4294967295}"#)).vout == .max)
    }

    @Test func integersOutOfRangeOrMalformedAreRefusedNamingTheField() {
        #expect(
            refusal(RegisterDepositRequest.self, #"{"amount":"9223372036854775808"}"#)?.hasPrefix("amount: ") == true)
        #expect(refusal(RegisterDepositRequest.self, #"{"amount":9223372036854775808}"#)?.hasPrefix("amount: ") == true)
        #expect(refusal(RegisterDepositRequest.self, #"{"vout":-1}"#)?.hasPrefix("vout: ") == true)
        #expect(refusal(ListRequestsRequest.self, #"{"pageSize":2147483648}"#)?.hasPrefix("pageSize: ") == true)
        for text in ["+5", "05", "-0", "5 ", "0x10", "1e3", ""] {
            #expect(
                refusal(RegisterDepositRequest.self, #"{"amount":"\#(text)"}"#)
                    == "amount: '\(text)' is not a whole number from -9223372036854775808 to 9223372036854775807")
        }
    }

    @Test func numbersWithAFractionOrAnExponentAreRefused() {
        for number in ["1.0", "1e3", "1E3", "0.5", "-1.5e2", "01"] {
            #expect(
                refusal(RegisterDepositRequest.self, #"{"amount":\#(number)}"#)
                    == "amount: a number must be whole, without a fraction, an exponent or leading zeros")
        }
        #expect(
            refusal(ListRequestsRequest.self, #"{"states":[1,2.5]}"#)
                == "states[1]: a number must be whole, without a fraction, an exponent or leading zeros")
    }

    @Test func missingFieldsTakeTheirDefaults() throws {
        #expect(try APIJSON.decode(SigningRequest.self, from: body("{}")) == SigningRequest())
        #expect(try APIJSON.decode(Wallet.self, from: body("{}")) == Wallet())
    }

    @Test func nullMeansTheDefault() throws {
        let text = #"{"id":null,"amount":null,"state":null,"createdAt":null,"signature":null,"psbt":null}"#
        #expect(try APIJSON.decode(SigningRequest.self, from: body(text)) == SigningRequest())
        #expect(
            try APIJSON.decode(ListRequestsResponse.self, from: body(#"{"requests":null}"#)) == ListRequestsResponse())
    }

    @Test func nullInsideAListIsRefused() {
        #expect(refusal(ListRequestsRequest.self, #"{"states":[null]}"#) == "states[0]: null is not allowed in a list")
    }

    @Test func protoFieldNamesAreAcceptedButNotBothNames() throws {
        let snake = try APIJSON.decode(
            CreateWithdrawalRequest.self, from: body(#"{"idempotency_key":"k","wallet_id":"w","digest_withdrawal":{}}"#)
        )
        #expect(
            snake
                == CreateWithdrawalRequest(idempotencyKey: "k", walletId: "w", withdrawal: .digest(DigestWithdrawal())))
        for text in [#"{"walletId":"a","wallet_id":"b"}"#, #"{"wallet_id":"b","walletId":"a"}"#] {
            #expect(refusal(GetWalletRequest.self, text) == "walletId: given twice, as 'walletId' and as 'wallet_id'")
        }
        #expect(
            refusal(CreateWithdrawalRequest.self, #"{"digestWithdrawal":{},"digest_withdrawal":{}}"#)
                == "digestWithdrawal: given twice, as 'digestWithdrawal' and as 'digest_withdrawal'")
    }

    @Test func bytesReadInEveryBase64Form() throws {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF]  // "+/+/" in standard base64, "-_-_" URL-safe
        for text in ["+/+/", "-_-_"] {
            #expect(try APIJSON.decode(DigestWithdrawal.self, from: body(#"{"digest":"\#(text)"}"#)).digest == bytes)
        }
        let two: [UInt8] = [0xFB, 0xFF]
        for text in ["+/8=", "+/8", "-_8=", "-_8"] {
            #expect(try APIJSON.decode(DigestWithdrawal.self, from: body(#"{"digest":"\#(text)"}"#)).digest == two)
        }
        #expect(try json(DigestWithdrawal(digest: two)) == #"{"digest":"+/8="}"#)
    }

    @Test func malformedBase64IsRefused() {
        for text in ["+/-_", "a", "ab$=", "abc==", " abc", "a=bc", "ab===", "abc\\n"] {
            let message = "digestWithdrawal.digest: not base64 (standard or URL-safe alphabet, padding optional)"
            #expect(refusal(CreateWithdrawalRequest.self, #"{"digestWithdrawal":{"digest":"\#(text)"}}"#) == message)
        }
    }

    @Test func enumsReadByNameOrNumber() throws {
        #expect(try APIJSON.decode(Wallet.self, from: body(#"{"tier":"WALLET_TIER_COLD"}"#)).tier == .cold)
        #expect(try APIJSON.decode(Wallet.self, from: body(#"{"tier":3}"#)).tier == .cold)
        #expect(RequestState.failed.number == 8)
        let message = refusal(ListRequestsRequest.self, #"{"states":["SIGNED"]}"#)
        #expect(message?.hasPrefix("states[0]: 'SIGNED' is not one of REQUEST_STATE_UNSPECIFIED, ") == true)
        #expect(refusal(ListRequestsRequest.self, #"{"states":[9]}"#)?.hasPrefix("states[0]: 9 is not a value") == true)
    }

    @Test func timestampsReadInRFC3339WithOffsetsAndWriteInUTC() throws {
        let text = #"{"registeredAt":"2026-03-01T10:30:00.123456789+01:00"}"#
        let deposit = try APIJSON.decode(Deposit.self, from: body(text))
        #expect(deposit.registeredAt == Timestamp(seconds: 1_772_357_400, nanos: 123_456_789))
        #expect(try json(deposit) == #"{"registeredAt":"2026-03-01T09:30:00.123456789Z"}"#)
        #expect(Timestamp(seconds: 0, nanos: 120_000)?.rfc3339 == "1970-01-01T00:00:00.000120Z")
        #expect(Timestamp(rfc3339: "0001-01-01T00:00:00Z")?.seconds == Timestamp.minSeconds)
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59.999999999Z")?.rfc3339 == "9999-12-31T23:59:59.999999999Z")
        #expect(Timestamp(rfc3339: "1969-12-31T23:59:59z")?.seconds == -1)
        #expect(Timestamp(seconds: -1)?.rfc3339 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(rfc3339: "2024-02-29T00:00:00Z") != nil)
        for bad in [
            "2023-02-29T00:00:00Z", "2026-03-01 09:30:00Z", "2026-03-01T09:30:00", "2026-03-01T24:00:00Z",
            "2026-03-01T09:30:00.Z", "2026-03-01T09:30:00.1234567891Z", "0000-12-31T23:59:59Z",
            "9999-12-31T23:59:59-01:00", "2026-03-01T09:30:60Z",
        ] {
            #expect(Timestamp(rfc3339: bad) == nil, "\(bad)")
        }
        #expect(refusal(ListWalletsRequest.self, #"{"createdAt":1}"#) != nil)
    }

    @Test func unknownFieldsAreIgnoredWhenReadingResponsesForANewerServer() throws {
        let text = #"{"wallet":{"id":"w","tier":"WALLET_TIER_FROZEN","colour":"blue"},"extra":[1,2]}"#
        let response = try APIJSON.decode(GetWalletResponse.self, from: body(text), unknownFields: .ignore)
        #expect(response == GetWalletResponse(wallet: Wallet(id: "w")))
        #expect(throws: ConnectError.self) { try APIJSON.decode(GetWalletResponse.self, from: body(text)) }
    }

    @Test func wrongTypesAreRefusedNamingTheField() {
        #expect(refusal(GetWalletRequest.self, #"{"walletId":5}"#) == "walletId: must be a string")
        #expect(
            refusal(ListRequestsRequest.self, #"{"states":"REQUEST_STATE_SIGNED"}"#) == "states: must be a JSON array")
        #expect(
            refusal(CreateWithdrawalRequest.self, #"{"digestWithdrawal":[]}"#)
                == "digestWithdrawal: must be a JSON object (custody.v1.DigestWithdrawal)")
        #expect(refusal(GetWalletRequest.self, "[]") == "must be a JSON object (custody.v1.GetWalletRequest)")
        #expect(refusal(GetWalletRequest.self, "{") == "the body is not JSON (RFC 8259, UTF-8)")
        #expect(refusal(GetWalletRequest.self, "") == "the body is empty: a message with no fields set is {}")
    }
}
