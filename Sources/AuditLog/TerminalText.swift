/// Text from the log made safe to print: a record's actor or payload, a key name or an origin
/// in a verdict can hold any character, and a control or bidirectional-formatting character
/// would let the log's writer rewrite what an auditor's terminal shows.
public enum TerminalText {
    /// `text` with every C0 and C1 control character, DEL, the bidirectional formatting
    /// characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and
    /// paragraph separators (U+2028, U+2029) written as `\u{XXXX}`, and every backslash as `\\`.
    /// Newlines are escaped too: one field prints on one line.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `scalar` is escaped by ``escape(_:)``.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
