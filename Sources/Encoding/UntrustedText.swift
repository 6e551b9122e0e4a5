/// Untrusted text quoted in an error message: the one rule for policy documents, policy inputs
/// and API requests, so that a value cannot make a message long or write to a terminal.
public enum UntrustedText {
    /// The most Unicode scalars of a value a message quotes.
    public static let maxScalars = 64

    /// `text`'s first 64 Unicode scalars, each printable ASCII one (0x20 to 0x7E) as itself and
    /// any other as `\u{h…}` (lowercase hex, no padding), followed by `…` when `text` is longer.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(maxScalars) {
            if scalar.value >= 0x20 && scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return text.unicodeScalars.count > maxScalars ? out + "…" : out
    }
}
