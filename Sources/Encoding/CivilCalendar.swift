/// The proleptic Gregorian calendar in UTC, counted in days and seconds since
/// 1970-01-01T00:00:00Z (H. Hinnant's civil-calendar algorithms), and the RFC 3339 text form of
/// a time: the one home of date arithmetic for policies (`Instant`) and the API (`Timestamp`).
///
/// Every function is total: no input traps.
public enum CivilCalendar {
    /// Whether `year` has a 29 February: divisible by 4, and not by 100 unless by 400.
    public static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1 to 12) of `year`; 31 for a month outside 1 to 12.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of the date `year`-`month`-`day` (negative before it). The date
    /// must be valid (month 1 to 12, day within the month) and `year` within ±10^12.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it when negative).
    public static func date(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `seconds` since the epoch as whole days (rounded towards the past) and the second of that
    /// day (0 to 86,399): -1 is day -1, second 86,399.
    public static func split(_ seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
        let remainder = seconds % 86_400
        return remainder < 0 ? (seconds / 86_400 - 1, remainder + 86_400) : (seconds / 86_400, remainder)
    }
}

/// RFC 3339 times (`2025-03-01T09:30:00Z`), as `docs/encoding.md` ("RFC 3339 times") describes.
public enum RFC3339 {
    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` and `Z` in either case, into seconds
    /// since 1970-01-01T00:00:00Z (the offset subtracted) and nanoseconds. The fraction, 1 to 9
    /// digits, is accepted only when `allowingFraction`. Nil for anything else: another length or
    /// character, month outside 1 to 12, a day not in the month (29 February only in leap years),
    /// hour over 23, minute or second over 59 (no leap second), offset hours over 23 or minutes
    /// over 59.
    public static func parse(_ text: String, allowingFraction: Bool) -> (seconds: Int64, nanos: Int32)? {
        let b = Array(text.utf8)
        var position = 0
        func number(_ count: Int) -> Int64? {
            guard position + count <= b.count else { return nil }
            var value: Int64 = 0
            for byte in b[position..<(position + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            position += count
            return value
        }
        func literal(_ characters: String) -> Bool {
            guard position < b.count, characters.utf8.contains(b[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), literal("-"), let month = number(2), literal("-"), let day = number(2),
            literal("Tt"), let hour = number(2), literal(":"), let minute = number(2), literal(":"),
            let second = number(2)
        else { return nil }
        var nanos: Int32 = 0
        if allowingFraction, literal(".") {
            var digits = 0
            while position < b.count, b[position] >= 0x30, b[position] <= 0x39 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int32(b[position] - 0x30)
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if !literal("Zz") {
            guard position < b.count else { return nil }
            let sign: Int64 = b[position] == UInt8(ascii: "-") ? -1 : 1
            guard literal("+-"), let offsetHours = number(2), literal(":"), let offsetMinutes = number(2),
                offsetHours <= 23, offsetMinutes <= 59
            else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard position == b.count, month >= 1, month <= 12, day >= 1,
            day <= CivilCalendar.daysIn(month: month, year: year), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z` in UTC: the year padded to at least four
    /// digits; no fraction when `nanos` is 0, else the shortest of 3, 6 or 9 digits that holds
    /// it. `nanos` must be 0 to 999,999,999.
    public static func format(seconds: Int64, nanos: Int32 = 0) -> String {
        let (days, secondOfDay) = CivilCalendar.split(seconds)
        let (year, month, day) = CivilCalendar.date(days: days)
        var text =
            pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanos != 0 {
            let value = Int64(nanos)
            if value % 1_000_000 == 0 {
                text += "." + pad(value / 1_000_000, 3)
            } else if value % 1000 == 0 {
                text += "." + pad(value / 1000, 6)
            } else {
                text += "." + pad(value, 9)
            }
        }
        return text + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
