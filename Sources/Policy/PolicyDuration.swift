/// Durations in policy files: a sequence of whole numbers with units `d`, `h`, `m`, `s`, as in
/// `48h`, `90m`, `1h30m`, `7d`; `0` alone means no delay. Days are 86,400 seconds (UTC instants
/// have no daylight saving time).
enum PolicyDuration {
    /// The longest duration a policy may name: 400 days.
    static let maximum: Int64 = 400 * 86_400

    /// The duration in seconds, or a reason it is not one.
    static func parse(_ text: String) -> Result<Int64, DurationProblem> {
        if text == "0" { return .success(0) }
        guard !text.isEmpty else { return .failure(DurationProblem("an empty duration")) }
        var total: Int64 = 0
        var digits: Int64? = nil
        var lastUnitRank = Int.max
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (product, overflow) = (digits ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow, product <= maximum else {
                    return .failure(DurationProblem("'\(text)' is longer than 400 days"))
                }
                digits = product + Int64(digit)
                continue
            }
            let units: [Character: (seconds: Int64, rank: Int)] = [
                "d": (86_400, 3), "h": (3600, 2), "m": (60, 1), "s": (1, 0),
            ]
            guard let unit = units[character] else {
                if character == "-" { return .failure(DurationProblem("'\(text)' is negative")) }
                return .failure(DurationProblem("'\(text)' is not a duration such as 48h, 90m or 1h30m"))
            }
            guard let value = digits else {
                return .failure(DurationProblem("'\(text)' has a unit without a number"))
            }
            guard unit.rank < lastUnitRank else {
                return .failure(DurationProblem("'\(text)': units must go from days down to seconds, once each"))
            }
            lastUnitRank = unit.rank
            total += value * unit.seconds
            guard total <= maximum else { return .failure(DurationProblem("'\(text)' is longer than 400 days")) }
            digits = nil
        }
        guard digits == nil else {
            return .failure(DurationProblem("'\(text)' has a number without a unit (d, h, m or s)"))
        }
        return .success(total)
    }

    /// The shortest text that parses back to `seconds`.
    static func format(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "0" }
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}

/// Why a duration does not parse.
struct DurationProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
