import Encoding
import Foundation

/// When a rule lets requests through: days of the week and a span of local wall-clock time in
/// a time zone. The span is `[start, end)`, in minutes after local midnight, with `start < end`.
///
/// Daylight saving time: the window is read on the local clock, so a 09:00-17:00 window keeps
/// those local hours across a change. A start inside a skipped hour opens at the first instant
/// after the jump; in a repeated hour the window holds for both passes of the clock.
public struct TimeWindow: Hashable, Sendable {
    /// Days, Monday = 1 … Sunday = 7, ascending.
    public let days: [Int]
    /// Minutes after local midnight: the first minute in the window.
    public let start: Int
    /// Minutes after local midnight: the first minute after the window (up to 1440).
    public let end: Int
    /// An IANA time zone identifier, such as `Europe/Zurich` or `UTC`.
    public let timeZone: String

    /// Whether the instant is inside the window.
    public func contains(_ instant: Instant) -> Bool {
        guard let zone = TimeZone(identifier: timeZone) else { return false }
        return contains(instant, zone: zone)
    }

    func contains(_ instant: Instant, zone: TimeZone) -> Bool {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds))))
        let (days, secondOfDay) = CivilCalendar.split(instant.seconds + offset)
        let minute = Int(secondOfDay / 60)
        return self.days.contains(Self.weekday(days: days)) && minute >= start && minute < end
    }

    /// The first instant at or after `instant` that is inside the window; nil if there is none
    /// within eight days.
    public func nextOpening(atOrAfter instant: Instant) -> Instant? {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        if contains(instant, zone: zone) { return instant }
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds))))
        let (localDay, _) = CivilCalendar.split(instant.seconds + offset)
        for day in localDay...(localDay + 8) where days.contains(Self.weekday(days: day)) {
            let wallClock = day * 86_400 + Int64(start) * 60
            // The instant whose local time is `wallClock`, with the offset in force then.
            let guess =
                wallClock - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wallClock))))
            var candidate =
                wallClock - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
            // A start inside a skipped hour: walk forward to the first minute that is inside.
            var steps = 0
            while !contains(Instant(seconds: candidate), zone: zone) && steps < 240 {
                candidate += 60
                steps += 1
            }
            // Conversions around a jump may land late: step back to the start of the open span.
            steps = 0
            while steps < 240 && candidate - 60 >= instant.seconds
                && contains(Instant(seconds: candidate - 60), zone: zone)
            {
                candidate -= 60
                steps += 1
            }
            if candidate >= instant.seconds && contains(Instant(seconds: candidate), zone: zone) {
                return Instant(seconds: candidate)
            }
        }
        return nil
    }

    /// ISO 8601 weekday, Monday = 1, of a day counted from 1970-01-01 (a Thursday).
    static func weekday(days: Int64) -> Int {
        let remainder = (days + 3) % 7
        return Int(remainder < 0 ? remainder + 7 : remainder) + 1
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `mon-fri 09:00-17:00 Europe/Zurich`.
    public var summary: String {
        let names = days.map { Self.dayNames[$0 - 1] }.joined(separator: ",")
        func clock(_ minutes: Int) -> String {
            let hours = minutes / 60
            let rest = minutes % 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
        }
        return "\(names) \(clock(start))-\(clock(end)) \(timeZone)"
    }
}
