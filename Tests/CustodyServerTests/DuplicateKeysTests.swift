import Foundation
import Testing

@testable import CustodyServer

/// The repeated-key scan that runs before Foundation's decoder, which would keep one of two equal
/// keys silently.
@Suite struct DuplicateKeysTests {
    static func first(_ json: String) -> String? { DuplicateKeys.first(in: Array(json.utf8)) }

    @Test func aRepeatedKeyIsFoundAtItsPath() {
        #expect(Self.first(#"{"a": 1, "a": 2}"#) == "a")
        #expect(Self.first(#"{"a": {"b": 1, "c": 2, "b": 3}}"#) == "a.b")
        #expect(Self.first(#"{"s": [{"id": 1}, {"id": 2, "id": 3}]}"#) == "s[1].id")
        #expect(Self.first(#"[[], [{"x": [1, 2, {"y": 0, "y": 1}]}]]"#) == "[1][0].x[2].y")
    }

    @Test func anEscapedSpellingOfTheSameKeyIsARepeat() {
        #expect(Self.first(#"{"listen": 1, "li\u0073ten": 2}"#) == "listen")
        #expect(Self.first(#"{"a\"b": 1, "a\u0022b": 2}"#) == #"a"b"#)
    }

    @Test func equalKeysInDifferentObjectsAndKeyLikeStringsAreNotRepeats() {
        #expect(Self.first(#"{"a": {"a": 1}, "b": {"a": 2}}"#) == nil)
        #expect(Self.first(#"[{"id": 1}, {"id": 2}]"#) == nil)
        #expect(Self.first(#"{"a": "a", "b": ["a", "a"], "c": "{\"a\": 1, \"a\": 2}"}"#) == nil)
        #expect(Self.first(#"{"a,b": 1, "a": 2, "b": 3}"#) == nil)
        #expect(Self.first(#"{"k}": 1, "k]": 2, "k": 3}"#) == nil)
        #expect(Self.first("{}") == nil)
        #expect(Self.first("7") == nil)
    }
}
