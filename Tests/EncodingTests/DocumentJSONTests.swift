import Encoding
import Foundation
import Testing

@Suite struct DocumentJSONTests {
    struct Document: Encodable {
        let zeta = 1
        let alpha = "a/b"
        let when = Date(timeIntervalSince1970: 0)
    }

    @Test func keysSortedSlashesUnescapedDatesISO8601() throws {
        #expect(
            try DocumentJSON.string(Document(), layout: .compact)
                == #"{"alpha":"a/b","when":"1970-01-01T00:00:00Z","zeta":1}"#)
    }

    @Test func prettyIsOneMemberALineWithoutAFinalNewline() throws {
        let text = try DocumentJSON.string(Document())
        #expect(text == "{\n  \"alpha\" : \"a/b\",\n  \"when\" : \"1970-01-01T00:00:00Z\",\n  \"zeta\" : 1\n}")
        #expect(try DocumentJSON.data(Document()) == Data(text.utf8))
    }
}
