import Encoding
import Testing

@Suite struct UntrustedTextTests {
    @Test func printableASCIIIsKept() {
        #expect(UntrustedText.printable("wallet-1 ~ok!") == "wallet-1 ~ok!")
        #expect(UntrustedText.printable("") == "")
    }

    @Test func controlAndNonASCIICharactersAreEscaped() {
        #expect(UntrustedText.printable("a\nb\u{1B}[2J") == "a\\u{a}b\\u{1b}[2J")
        #expect(UntrustedText.printable("\u{7F}é\u{202E}") == "\\u{7f}\\u{e9}\\u{202e}")
    }

    @Test func longTextIsCutAfterSixtyFourScalars() {
        let exactly = String(repeating: "x", count: 64)
        #expect(UntrustedText.printable(exactly) == exactly)
        #expect(UntrustedText.printable(exactly + "y") == exactly + "…")
        #expect(
            UntrustedText.printable(String(repeating: "\u{0}", count: 100)) == String(repeating: "\\u{0}", count: 64)
                + "…")
    }
}
