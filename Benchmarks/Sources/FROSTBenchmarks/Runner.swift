#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One reported figure.
struct Figure: Sendable {
    /// "primitives", "yardstick", or a configuration such as "3-of-5".
    let group: String
    /// The ciphersuite's name, or "-" where the suite plays no part.
    let suite: String
    /// What was timed, e.g. "round 2 (per signer)".
    let name: String
    let statistics: Statistics
}

/// Takes figures, skips those the filter excludes, and reports progress on standard error.
struct Runner {
    /// The time budget per figure.
    let budget: Duration
    /// Case-insensitive texts one of which a figure's "group suite name" must contain; empty
    /// takes all.
    let filters: [String]
    private(set) var figures: [Figure] = []

    init(budget: Duration, filters: [String]) {
        self.budget = budget
        self.filters = filters.map { $0.lowercased() }
    }

    /// True when a figure in `group` for `suite` named `name` is to be taken.
    func wants(group: String, suite: String, name: String) -> Bool {
        guard !filters.isEmpty else { return true }
        let text = "\(group) \(suite) \(name)".lowercased()
        return filters.contains { text.contains($0) }
    }

    /// True when any figure of `group` may be taken, so that its fixtures are worth making.
    func wantsAny(of group: String, suites: [String], names: [String]) -> Bool {
        suites.contains { suite in names.contains { wants(group: group, suite: suite, name: $0) } }
    }

    /// Takes one figure with a ``Measure`` of the runner's budget.
    mutating func figure(
        _ group: String, _ suite: String, _ name: String, minimumSamples: Int = 5,
        _ body: (Measure) throws -> Statistics
    ) rethrows {
        guard wants(group: group, suite: suite, name: name) else { return }
        let statistics = try body(Measure(budget: budget, minimumSamples: minimumSamples))
        let figure = Figure(group: group, suite: suite, name: name, statistics: statistics)
        figures.append(figure)
        printError(
            "  \(group) \(suite) \(name): median \(format(statistics.median.microseconds)) µs"
                + " (\(statistics.operations) runs)")
    }
}

/// Writes a line to standard error (progress), keeping standard output for the results.
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
}

/// A figure in µs: 3 decimals below 10 µs, 1 below 1000 µs, none above.
func format(_ microseconds: Double) -> String {
    let digits = microseconds < 10 ? 3 : microseconds < 1000 ? 1 : 0
    return fixed(microseconds, digits: digits)
}

/// `value` with `digits` decimals, without Foundation's `String(format:)`.
func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    guard digits > 0 else { return String(whole) }
    let fraction = Int(scaled) - whole * Int(scale)
    let fractionText = String(fraction)
    return "\(whole)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
}
