import Encoding
import Testing

@Suite struct HexTests {
    @Test func encodesLowercaseAndDecodesEitherCase() throws {
        #expect(Hex.encode([0x00, 0xff, 0xab, 0x10]) == "00ffab10")
        #expect(Hex.encode([UInt8]()) == "")
        #expect(try Hex.decode("00FFab10") == [0x00, 0xff, 0xab, 0x10])
        #expect(try Hex.decode("") == [])
        let all = (0...255).map { UInt8($0) }
        #expect(try Hex.decode(Hex.encode(all)) == all)
    }

    @Test func oddLengthIsAnErrorNotAShortenedValue() {
        #expect(throws: HexError("hex string has an odd number of digits (3)")) { try Hex.decode("abc") }
        #expect(throws: HexError.self) { try Hex.decode("0") }
    }

    @Test func nonHexCharacterIsAnErrorNamingItsPosition() {
        #expect(throws: HexError("not a hex digit at position 0")) { try Hex.decode("zz") }
        #expect(throws: HexError("not a hex digit at position 2")) { try Hex.decode("00g0") }
        #expect(throws: HexError.self) { try Hex.decode("0x00") }
        #expect(throws: HexError.self) { try Hex.decode(" 00") }
        #expect(throws: HexError.self) { try Hex.decode("٠٠") }
    }

    @Test func wrongLengthForAFixedSizeValueNamesTheValue() throws {
        #expect(throws: HexError("key must be 2 bytes, got 1")) { try Hex.decode("00", count: 2, what: "key") }
        #expect(throws: HexError("key: not a hex digit at position 2")) {
            try Hex.decode("00zz", count: 2, what: "key")
        }
        #expect(try Hex.decode("0001", count: 2, what: "key") == [0, 1])
    }

    @Test func errorsNeverShowTheDigits() {
        let secret = "deadbeefcafe0"
        do {
            _ = try Hex.decode(secret)
            Issue.record("decoded an odd number of digits")
        } catch {
            #expect(!error.description.contains("dead"))
        }
    }

    @Test func bufferDecodingWritesOnlyTheCallersBuffer() throws {
        let digits = Array("A0b1".utf8)
        var output = [UInt8](repeating: 0, count: 2)
        try digits.withUnsafeBytes { digits in
            try output.withUnsafeMutableBytes { try Hex.decode(digits, into: $0) }
        }
        #expect(output == [0xa0, 0xb1])
    }

    @Test func bufferDecodingRefusesSizeMismatchAndNonHex() {
        var output = [UInt8](repeating: 0, count: 2)
        #expect(throws: HexError.self) {
            try Array("a0b".utf8).withUnsafeBytes { digits in
                try output.withUnsafeMutableBytes { try Hex.decode(digits, into: $0) }
            }
        }
        #expect(throws: HexError.self) {
            try Array("a0b1c2".utf8).withUnsafeBytes { digits in
                try output.withUnsafeMutableBytes { try Hex.decode(digits, into: $0) }
            }
        }
        #expect(throws: HexError("not a hex digit at position 2")) {
            try Array("a0-1".utf8).withUnsafeBytes { digits in
                try output.withUnsafeMutableBytes { try Hex.decode(digits, into: $0) }
            }
        }
    }

    @Test func bufferEncodingFillsExactlyTwiceTheBytes() throws {
        let bytes: [UInt8] = [0x01, 0xef]
        var digits = [UInt8](repeating: 0, count: 4)
        try bytes.withUnsafeBytes { bytes in
            try digits.withUnsafeMutableBytes { try Hex.encode(bytes, into: $0) }
        }
        #expect(String(decoding: digits, as: UTF8.self) == "01ef")
        var short = [UInt8](repeating: 0, count: 3)
        #expect(throws: HexError.self) {
            try bytes.withUnsafeBytes { bytes in
                try short.withUnsafeMutableBytes { try Hex.encode(bytes, into: $0) }
            }
        }
        #expect(short == [0, 0, 0])
    }
}
