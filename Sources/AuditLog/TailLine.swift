import Encoding
import Foundation

/// One record as `custody audit tail` prints it, so that a server can serve the same lines
/// (docs/audit-format.md, "Tail lines").
public enum TailLine {
    /// The most characters of a payload a line shows; a longer one is cut to 117 and `…`.
    public static let maxPayloadCharacters = 120

    /// `INDEX  TIME  TYPE  ACTOR  PAYLOAD`, fields two spaces apart, no newline: the time in UTC
    /// with milliseconds, the payload as text when it is UTF-8 without a character
    /// ``TerminalText`` escapes, else `0x` and lowercase hex; actor and payload escaped by
    /// ``TerminalText/escape(_:)``.
    public static func text(_ record: AuditRecord) -> String {
        let time = Date(timeIntervalSince1970: Double(record.time) / 1_000_000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var payload: String
        if let text = String(validating: record.payload, as: UTF8.self),
            !text.unicodeScalars.contains(where: TerminalText.isUnsafe)
        {
            payload = text
        } else {
            payload = "0x" + Hex.encode(record.payload)
        }
        if payload.count > maxPayloadCharacters { payload = payload.prefix(maxPayloadCharacters - 3) + "…" }
        return
            "\(record.index)  \(formatter.string(from: time))  \(record.type)  \(TerminalText.escape(record.actor))  "
            + TerminalText.escape(payload)
    }
}
