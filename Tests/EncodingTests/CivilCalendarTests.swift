import Encoding
import Testing

@Suite struct CivilCalendarTests {
    @Test func daysAndDatesAgreeAroundTheEpochAndLeapDays() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.days(year: 1, month: 1, day: 1) == -719_162)
        #expect(CivilCalendar.date(days: 11_016) == (2000, 2, 29))
        #expect(CivilCalendar.date(days: -719_162) == (1, 1, 1))
        for days in stride(from: Int64(-800_000), through: 3_000_000, by: 997) {
            let (year, month, day) = CivilCalendar.date(days: days)
            #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CivilCalendar.isLeap(2024))
        #expect(CivilCalendar.isLeap(2000))
        #expect(!CivilCalendar.isLeap(1900))
        #expect(!CivilCalendar.isLeap(2025))
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 2100) == 28)
        #expect(CivilCalendar.daysIn(month: 4, year: 2025) == 30)
        #expect(CivilCalendar.daysIn(month: 12, year: 2025) == 31)
    }

    @Test func splitRoundsTowardsThePastAndNeverTraps() {
        #expect(CivilCalendar.split(0) == (0, 0))
        #expect(CivilCalendar.split(-1) == (-1, 86_399))
        #expect(CivilCalendar.split(-86_400) == (-1, 0))
        #expect(CivilCalendar.split(86_399) == (0, 86_399))
        let low = CivilCalendar.split(.min)
        #expect(low.days == Int64.min / 86_400 - 1)
        #expect(low.secondOfDay == Int64.min % 86_400 + 86_400)
        #expect((0..<86_400).contains(low.secondOfDay))
        #expect((0..<86_400).contains(CivilCalendar.split(.max).secondOfDay))
    }
}

@Suite struct RFC3339Tests {
    @Test func readsUTCAndOffsetsInEitherCase() {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z", allowingFraction: false)! == (0, 0))
        #expect(RFC3339.parse("2025-03-01t09:30:00z", allowingFraction: false)! == (1_740_821_400, 0))
        #expect(RFC3339.parse("2025-03-01T10:30:00+01:00", allowingFraction: false)! == (1_740_821_400, 0))
        #expect(RFC3339.parse("2025-03-01T08:00:00-01:30", allowingFraction: false)! == (1_740_821_400, 0))
    }

    @Test func fractionsOnlyWhenAllowed() {
        #expect(RFC3339.parse("1970-01-01T00:00:00.5Z", allowingFraction: false) == nil)
        #expect(RFC3339.parse("1970-01-01T00:00:00.5Z", allowingFraction: true)! == (0, 500_000_000))
        #expect(RFC3339.parse("1970-01-01T00:00:00.123456789Z", allowingFraction: true)! == (0, 123_456_789))
        #expect(RFC3339.parse("1970-01-01T00:00:00.1234567890Z", allowingFraction: true) == nil)
        #expect(RFC3339.parse("1970-01-01T00:00:00.Z", allowingFraction: true) == nil)
    }

    @Test(arguments: [
        "", "1970-01-01T00:00:00", "1970-01-01 00:00:00Z", "1970-1-01T00:00:00Z", "2025-02-29T00:00:00Z",
        "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "2025-04-31T00:00:00Z", "2025-01-01T24:00:00Z",
        "2025-01-01T00:60:00Z", "2025-01-01T00:00:60Z", "2025-01-01T00:00:00+24:00", "2025-01-01T00:00:00+00:60",
        "2025-01-01T00:00:00+0000", "2025-01-01T00:00:00Zjunk", "２025-01-01T00:00:00Z",
    ])
    func refusesWhatIsNotRFC3339(text: String) {
        #expect(RFC3339.parse(text, allowingFraction: true) == nil)
        #expect(RFC3339.parse(text, allowingFraction: false) == nil)
    }

    @Test func leapDayOfALeapYearIsRead() {
        #expect(RFC3339.parse("2024-02-29T00:00:00Z", allowingFraction: false) != nil)
    }

    @Test func writesUTCWithTheShortestFraction() {
        #expect(RFC3339.format(seconds: 0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(seconds: -1) == "1969-12-31T23:59:59Z")
        #expect(RFC3339.format(seconds: 1_740_821_400) == "2025-03-01T09:30:00Z")
        #expect(RFC3339.format(seconds: -62_135_596_800) == "0001-01-01T00:00:00Z")
        #expect(RFC3339.format(seconds: 253_402_300_799, nanos: 999_999_999) == "9999-12-31T23:59:59.999999999Z")
        #expect(RFC3339.format(seconds: 0, nanos: 500_000_000) == "1970-01-01T00:00:00.500Z")
        #expect(RFC3339.format(seconds: 0, nanos: 1_000) == "1970-01-01T00:00:00.000001Z")
        #expect(RFC3339.format(seconds: 0, nanos: 1) == "1970-01-01T00:00:00.000000001Z")
    }

    @Test func theEndsOfInt64AreWrittenWithoutTrapping() {
        #expect(RFC3339.format(seconds: .max).hasSuffix("Z"))
        #expect(RFC3339.format(seconds: .min).hasSuffix("Z"))
    }
}
