import Encoding
import Foundation
import Testing

/// Foundation's `JSONDecoder` traps on exactly 513 unclosed brackets; `JSONNesting` refuses
/// such documents before a decoder sees them.
@Suite struct JSONNestingTests {
    @Test func fiveHundredThirteenUnclosedBracketsAreRefusedBeforeDecoding() {
        let bomb = [UInt8](repeating: UInt8(ascii: "["), count: 513)
        let error = #expect(throws: JSONNesting.TooDeep.self) { try JSONNesting.check(bomb) }
        #expect(error?.limit == JSONNesting.maxDepth)
        #expect(error?.offset == JSONNesting.maxDepth)
    }

    @Test func theLimitItselfIsAllowedAndOneMoreIsNot() throws {
        let atLimit = String(repeating: "[", count: 16) + String(repeating: "]", count: 16)
        try JSONNesting.check(Array(atLimit.utf8))
        let overLimit = "{\"a\":" + String(repeating: "[", count: 16) + String(repeating: "]", count: 16) + "}"
        let error = #expect(throws: JSONNesting.TooDeep.self) { try JSONNesting.check(Array(overLimit.utf8)) }
        #expect(error?.offset == 20)
        #expect(error?.description == "JSON nested deeper than 16 levels (at byte 20)")
    }

    @Test func bracketsInsideStringsDoNotCount() throws {
        let text = "{\"note\":\"" + String(repeating: "[{", count: 600) + "\\\"[\",\"b\":[1]}"
        try JSONNesting.check(Array(text.utf8))
        let decoded = try JSONDecoder().decode([String: AnyCodableLeaf].self, from: Data(text.utf8))
        #expect(decoded.count == 2)
    }

    @Test func siblingsDoNotAddUp() throws {
        let siblings = "[" + Array(repeating: "[[[]]]", count: 1000).joined(separator: ",") + "]"
        try JSONNesting.check(Array(siblings.utf8))
    }
}

/// A string or an array of integers: enough to decode the documents above.
private enum AnyCodableLeaf: Decodable {
    case text(String)
    case numbers([Int])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .numbers(try container.decode([Int].self))
        }
    }
}
