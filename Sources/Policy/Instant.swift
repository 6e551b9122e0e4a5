import Encoding

/// A UTC instant, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Policies, requests, approvals and histories use whole seconds so that every machine computes
/// the same decision; the text form is RFC 3339 (`2025-03-01T09:30:00Z`, or with an offset such
/// as `+01:00`, which is converted to UTC).
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since the Unix epoch; negative before it.
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses RFC 3339 `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`; fractions of a second
    /// are refused, so that no two machines can round them differently.
    public init?(rfc3339 text: String) {
        guard let parsed = RFC3339.parse(text, allowingFraction: false) else { return nil }
        seconds = parsed.seconds
    }

    /// The RFC 3339 form in UTC: `2025-03-01T09:30:00Z`.
    public var rfc3339: String { RFC3339.format(seconds: seconds) }

    public var description: String { rfc3339 }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    /// This instant moved by `seconds`, saturating at the ends of the range.
    public func adding(_ seconds: Int64) -> Instant {
        let (sum, overflow) = self.seconds.addingReportingOverflow(seconds)
        return Instant(seconds: overflow ? (seconds > 0 ? .max : .min) : sum)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an RFC 3339 time such as 2025-03-01T09:30:00Z")
        }
        self = instant
    }
}
