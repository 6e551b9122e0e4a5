import Policy
import Testing

@Suite struct TimeTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)), ("2025-03-03T10:00:00Z", 1_740_996_000),
        ("2024-02-29T23:59:59Z", 1_709_251_199), ("1969-12-31T23:59:59Z", -1),
    ])
    func rfc3339RoundTrips(text: String, seconds: Int64) {
        #expect(Instant(rfc3339: text)?.seconds == seconds)
        #expect(Instant(seconds: seconds).rfc3339 == text)
    }

    @Test func offsetsAreConvertedAndJunkIsRefused() {
        #expect(Instant(rfc3339: "2025-03-03T11:00:00+01:00") == Instant(rfc3339: "2025-03-03T10:00:00Z"))
        for bad in [
            "2025-02-29T00:00:00Z", "2025-03-03T10:00:00.5Z", "2025-03-03 10:00:00Z", "2025-03-03T24:00:00Z", "",
        ] {
            #expect(Instant(rfc3339: bad) == nil, "\(bad)")
        }
    }

    static func window(_ zone: String) -> TimeWindow {
        let policy = Fixtures.decode(
            rules: "  - {id: r, action: allow, window: {days: mon-fri, hours: \"09:00-17:00\", time-zone: \(zone)}}")
        return policy.rules[0].window!
    }

    @Test func windowsFollowLocalTimeAcrossDaylightSaving() {
        let zurich = Self.window("Europe/Zurich")
        // Friday 2025-03-28 is CET (UTC+1); Monday 2025-03-31 is CEST (UTC+2).
        #expect(zurich.contains(Fixtures.at("2025-03-28T08:00:00Z")))
        #expect(!zurich.contains(Fixtures.at("2025-03-28T16:00:00Z")))
        #expect(zurich.contains(Fixtures.at("2025-03-31T07:00:00Z")))
        #expect(!zurich.contains(Fixtures.at("2025-03-31T06:59:59Z")))
        #expect(
            zurich.nextOpening(atOrAfter: Fixtures.at("2025-03-28T17:00:00Z")) == Fixtures.at("2025-03-31T07:00:00Z"))
    }

    @Test func aWindowStartingInASkippedHourOpensAfterTheJump() {
        let policy = Fixtures.decode(
            rules: "  - {id: r, action: allow, window: {days: sun, hours: \"02:30-04:00\", time-zone: Europe/Zurich}}")
        let window = policy.rules[0].window!
        // 2025-03-30 02:00 CET jumps to 03:00 CEST (01:00Z).
        #expect(
            window.nextOpening(atOrAfter: Fixtures.at("2025-03-29T12:00:00Z")) == Fixtures.at("2025-03-30T01:00:00Z"))
    }

    @Test(arguments: [("48h", Int64(172_800)), ("1h30m", 5400), ("7d", 604_800), ("0", 0), ("90s", 90)])
    func durations(text: String, seconds: Int64) {
        let policy = Fixtures.decode(rules: "  - {id: r, action: allow, time-lock: \(text)}")
        #expect(policy.rules[0].timeLock == seconds)
    }
}
