import Policy
import Testing

/// Requests, approvals and histories are read strictly: every input below was accepted, or
/// read differently from other JSON readers, before the strict reader.
@Suite struct StrictInputTests {
    static let body = #"""
        "id": "wd-1", "kind": "transfer", "wallet": "btc-hot", "destination": {"address": "bc1qcustomer"},
        "initiator": "withdrawal-engine", "createdAt": "2025-03-03T10:00:00Z"
        """#

    /// A signed-request file around `fields` (the signature is not checked when reading).
    static func file(_ fields: String) -> [UInt8] {
        Array(#"{"request": {\#(fields)}, "signature": "00"}"#.utf8)
    }

    /// The reason `read` throws, checking its code; nil when it reads.
    func reason<T>(_ code: PolicyError.Code, _ read: () throws(PolicyError) -> T) -> String? {
        do {
            _ = try read()
            return nil
        } catch {
            #expect(error.code == code)
            return error.reason
        }
    }

    func requestError(_ bytes: [UInt8]) -> String? {
        reason(.invalidRequest) { () throws(PolicyError) in try PolicyInputDecoder.signedRequest(json: bytes) }
    }

    @Test func theExampleShapeReads() throws {
        let signed = try PolicyInputDecoder.signedRequest(json: Self.file(Self.body + #", "amount": 150000000"#))
        #expect(signed.request.amount == 150_000_000)
        #expect(signed.request.destination?.address == "bc1qcustomer")
        #expect(signed.signature == [0])
    }

    @Test func anAmountWithADecimalFractionIsRefusedNotRoundedToALimit() {
        let reason = requestError(Self.file(Self.body + #", "amount": 99999999.99999999999999999"#))
        #expect(reason?.contains("at request.request.amount") == true, "\(reason ?? "accepted")")
        #expect(reason?.contains("only whole numbers") == true)
        #expect(requestError(Self.file(Self.body + #", "amount": 1e8"#))?.contains("only whole numbers") == true)
    }

    @Test func anAmountBeyondTwoToTheSixtyThreeNamesTheFieldAndTheRange() {
        let reason = requestError(Self.file(Self.body + #", "amount": 9223372036854775808"#))
        #expect(reason?.contains("request.request.amount") == true, "\(reason ?? "accepted")")
        #expect(reason?.contains("out of range") == true)
        #expect(requestError(Self.file(Self.body + #", "amount": 9223372036854775807"#)) == nil)
    }

    @Test func aKeyGivenTwiceIsRefusedWhereOtherReadersTakeTheLast() {
        let reason = requestError(Self.file(Self.body + #", "amount": 1, "amount": 100000001"#))
        #expect(reason?.contains("'amount' appears twice") == true, "\(reason ?? "accepted")")
        // Escaped spellings of one key are the same key.
        let escaped = requestError(Self.file(Self.body + #", "amount": 1, "\u0061mount": 100000001"#))
        #expect(escaped?.contains("appears twice") == true, "\(escaped ?? "accepted")")
    }

    @Test func anUnknownFieldOutsideTheDigestIsRefused() {
        let tagged = Self.body.replacingOccurrences(
            of: #"{"address": "bc1qcustomer"}"#, with: #"{"address": "bc1qcustomer", "tag": "123"}"#)
        let reason = requestError(Self.file(tagged + #", "amount": 1"#))
        #expect(reason?.contains("request.destination: unknown field 'tag'") == true, "\(reason ?? "accepted")")
        let top = requestError(Self.file(Self.body + #", "amount": 1, "memo": "x""#))
        #expect(top?.contains("unknown field 'memo'") == true)
        // A field that exists, but not for this kind of request, is refused too.
        let freeze = requestError(
            Self.file(
                #""id": "f", "kind": "freeze", "initiator": "frank", "createdAt": "2025-03-03T10:00:00Z", "amount": 5"#)
        )
        #expect(freeze?.contains("unknown field 'amount'") == true, "\(freeze ?? "accepted")")
    }

    @Test func emptyIdsAndAddressesAreRefused() {
        let emptyID = Self.body.replacingOccurrences(of: #""id": "wd-1""#, with: #""id": """#)
        #expect(requestError(Self.file(emptyID + #", "amount": 1"#))?.contains("request.id") == true)
        let emptyAddress = Self.body.replacingOccurrences(of: #""bc1qcustomer""#, with: #""""#)
        #expect(requestError(Self.file(emptyAddress + #", "amount": 1"#))?.contains("destination.address") == true)
        let spaced = Self.body.replacingOccurrences(of: #""bc1qcustomer""#, with: #""bc1q customer""#)
        #expect(requestError(Self.file(spaced + #", "amount": 1"#))?.contains("not an address") == true)
    }

    @Test func zeroNegativeAndNonIntegerAmountsAreRefused() {
        #expect(requestError(Self.file(Self.body + #", "amount": 0"#))?.contains("at least 1") == true)
        #expect(requestError(Self.file(Self.body + #", "amount": -5"#))?.contains("at least 1") == true)
        #expect(requestError(Self.file(Self.body + #", "amount": -0"#))?.contains("-0") == true)
        #expect(requestError(Self.file(Self.body + #", "amount": "5""#))?.contains("whole number") == true)
        #expect(requestError(Self.file(Self.body + #", "amount": 05"#))?.contains("start with 0") == true)
    }

    @Test func malformedTextIsRefusedWithTheByteOffset() {
        for (bad, phrase) in [
            ("{\"request\": {\"id\": \"a\u{1}\"}}", "control character"),
            (#"{"request": {"id": "\ud800"}}"#, "lone surrogate"),
            ("\u{FEFF}{}", "byte order mark"),
            (#"{"request": {}} x"#, "after the JSON value"),
            (#"{"request": "#, "unexpected end"),
        ] {
            let reason = requestError(Array(bad.utf8))
            #expect(reason?.contains(phrase) == true, "\(bad): \(reason ?? "accepted")")
            #expect(reason?.contains("byte ") == true)
        }
        #expect(requestError([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])?.contains("UTF-8") == true)
    }

    /// A request file ending at nesting depth 513 crashed inside Foundation's parser.
    @Test func aRequestNestedFiveHundredThirteenDeepIsRefusedNotACrash() {
        let deep = Array(String(repeating: "[", count: 513).utf8)
        let reason = requestError(deep)
        #expect(reason?.contains("nesting deeper than the limit of \(StrictJSON.maxDepth)") == true, "\(reason ?? "")")
        let deeper = Array((String(repeating: #"{"a":"#, count: 10_000)).utf8)
        #expect(requestError(deeper)?.contains("nesting deeper") == true)
    }

    @Test func aRequestFileOverTheSizeLimitIsRefusedBeforeParsing() {
        let big = [UInt8](repeating: 0x20, count: PolicyInputDecoder.maxRequestBytes + 1)
        #expect(requestError(big)?.contains("more than the limit of \(PolicyInputDecoder.maxRequestBytes)") == true)
    }

    func historyError(_ text: String) -> String? {
        reason(.invalidHistory) { () throws(PolicyError) in try PolicyInputDecoder.history(json: Array(text.utf8)) }
    }

    @Test func aNegativeAmountInAHistoryIsRefusedNotCountedAsZero() {
        let entry =
            #"{"transfers": [{"request": "r", "wallet": "btc-hot", "amount": AMOUNT, "at": "2025-03-03T09:00:00Z", "rule": "hot-small"}]}"#
        let reason = historyError(entry.replacingOccurrences(of: "AMOUNT", with: "-199000000"))
        #expect(reason?.contains("history.transfers[0].amount: must be at least 1") == true, "\(reason ?? "")")
        #expect(historyError(entry.replacingOccurrences(of: "AMOUNT", with: "5")) == nil)
        #expect(historyError(#"{"transfers": [], "extra": []}"#)?.contains("unknown field 'extra'") == true)
    }

    func approvalsError(_ text: String) -> String? {
        reason(.invalidApproval) { () throws(PolicyError) in try PolicyInputDecoder.approvals(json: Array(text.utf8)) }
    }

    static let statement =
        #"{"statement": {"request": "REQUEST", "policy": "\#(String(repeating: "ab", count: 32))", "verdict": "approve", "officer": "alice", "at": "2025-03-03T10:01:00Z"}, "signature": "SIGNATURE"}"#

    @Test func badHexInAnApprovalIsAnErrorNotAnEmptyDigest() {
        let good = Self.statement.replacingOccurrences(of: "REQUEST", with: String(repeating: "cd", count: 32))
        #expect(approvalsError("[\(good.replacingOccurrences(of: "SIGNATURE", with: "00ff"))]") == nil)
        let badDigest = Self.statement.replacingOccurrences(of: "REQUEST", with: String(repeating: "zz", count: 32))
            .replacingOccurrences(of: "SIGNATURE", with: "00")
        #expect(approvalsError("[\(badDigest)]")?.contains("approvals[0].statement.request: not hexadecimal") == true)
        let shortDigest = Self.statement.replacingOccurrences(of: "REQUEST", with: "cd")
            .replacingOccurrences(of: "SIGNATURE", with: "00")
        #expect(approvalsError("[\(shortDigest)]")?.contains("must be 32 bytes") == true)
        let badSignature = good.replacingOccurrences(of: "SIGNATURE", with: "0g")
        #expect(approvalsError("[\(badSignature)]")?.contains("approvals[0].signature: not hexadecimal") == true)
    }

    @Test func anOfficerIdThatIsNoIdIsRefused() {
        let good = Self.statement.replacingOccurrences(of: "REQUEST", with: String(repeating: "cd", count: 32))
            .replacingOccurrences(of: "SIGNATURE", with: "00")
        let reason = approvalsError("[\(good.replacingOccurrences(of: #""alice""#, with: #""al ice""#))]")
        #expect(reason?.contains("statement.officer") == true, "\(reason ?? "")")
    }

    @Test func whatIsWrittenReadsBackAsTheSameValue() throws {
        let request = Fixtures.transfer(wallet: "btc-hot", amount: 42)
        let signed = TestKeys.sign(request)
        let bytes = JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed))
        #expect(try PolicyInputDecoder.signedRequest(json: bytes) == signed)
        let approvals = [Fixtures.approve("alice", request, Fixtures.exchange)]
        #expect(
            try PolicyInputDecoder.approvals(json: JSONWriter.canonical(PolicyInputEncoder.approvals(approvals)))
                == approvals)
        let history = History(
            transfers: [.init(request: "r", wallet: "btc-hot", amount: 5, at: Fixtures.monday, rule: "hot-small")],
            freezes: [.init(kind: .freeze, at: Fixtures.monday)],
            executed: [.init(request: "x", digest: request.digest)])
        #expect(
            try PolicyInputDecoder.history(json: JSONWriter.canonical(PolicyInputEncoder.history(history))) == history)
    }
}
