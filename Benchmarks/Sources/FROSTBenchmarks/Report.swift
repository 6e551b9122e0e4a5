#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine a run took place on; nothing that names a path or a user.
struct Machine {
    let cpu: String
    let cores: Int
    let memoryBytes: Int
    let date: String

    static func current() -> Machine {
        Machine(
            cpu: cpuModel() ?? "unknown", cores: sysconf(Int32(_SC_NPROCESSORS_ONLN)),
            memoryBytes: sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE)), date: utcNow())
    }

    /// The first "model name" of /proc/cpuinfo (Linux), as `lscpu` shows it.
    private static func cpuModel() -> String? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") else { continue }
            return String(text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }.dropLast())
        }
        return nil
    }

    /// The current time as "YYYY-MM-DD HH:MM UTC".
    private static func utcNow() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M UTC", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Published figures and Custody's targets, printed next to the measured ones.
enum Reference {
    /// ZF FROST (frost-secp256k1), Ryzen 9 5900X, as published: (configuration, phase, µs).
    static let zfFROST: [(group: String, name: String, microseconds: Double)] = [
        ("2-of-3", FigureName.round2, 150),
        ("2-of-3", FigureName.aggregate, 250),
        ("67-of-100", FigureName.round2, 4410),
        ("67-of-100", FigureName.aggregate, 3820),
    ]

    /// Custody's targets: (configuration, phase, µs).
    static let targets: [(group: String, name: String, microseconds: Double)] = [
        ("3-of-5", FigureName.session, 450),
        ("3-of-5", FigureName.round2, 60),
        ("3-of-5", FigureName.aggregate, 120),
        ("67-of-100", FigureName.round2, 600),
        ("67-of-100", FigureName.aggregate, 1500),
    ]

    /// The 3-of-5 session must also cost less than this many single-signer BIP-340 sign +
    /// verify of the same build, measured in the same run.
    static let sessionOverYardstick = 4.0
}

/// Writes the results as Markdown tables, ready for docs/performance.md.
func printTable(_ figures: [Figure], machine: Machine, budget: Duration) {
    print("# FROST benchmarks")
    print()
    print("\(machine.date); \(machine.cpu), \(machine.cores) cores, \(machine.memoryBytes >> 30) GiB;")
    print("about \(fixed(budget.microseconds / 1e6, digits: 2)) s per figure after warm-up. Times per operation, µs.")
    print()
    print("| group | suite | figure | median µs | mean µs | runs |")
    print("|---|---|---|---:|---:|---:|")
    for figure in figures {
        let statistics = figure.statistics
        print(
            "| \(figure.group) | \(figure.suite) | \(figure.name) | \(format(statistics.median.microseconds))"
                + " | \(format(statistics.mean.microseconds)) | \(statistics.operations) |")
    }

    let references = Reference.zfFROST.flatMap { reference in
        figures.filter { $0.group == reference.group && $0.name == reference.name }.map { (reference, $0) }
    }
    if !references.isEmpty {
        print()
        print("## Against ZF FROST (secp256k1, Ryzen 9 5900X, published)")
        print()
        print("| group | suite | figure | Custody median µs | ZF FROST µs |")
        print("|---|---|---|---:|---:|")
        for (reference, figure) in references {
            print(
                "| \(figure.group) | \(figure.suite) | \(figure.name) | \(format(figure.statistics.median.microseconds))"
                    + " | \(fixed(reference.microseconds, digits: 0)) |")
        }
    }

    let targets = Reference.targets.flatMap { target in
        figures.filter { $0.group == target.group && $0.name == target.name }.map { (target, $0) }
    }
    if !targets.isEmpty {
        print()
        print("## Targets")
        print()
        print("| group | suite | figure | median µs | target µs | met |")
        print("|---|---|---|---:|---:|---|")
        for (target, figure) in targets {
            let median = figure.statistics.median.microseconds
            print(
                "| \(figure.group) | \(figure.suite) | \(figure.name) | \(format(median))"
                    + " | < \(fixed(target.microseconds, digits: 0)) | \(median < target.microseconds ? "yes" : "NO") |"
            )
        }
        let yardstick = figures.filter { $0.group == "yardstick" }.map(\.statistics.median.microseconds)
        if yardstick.count == 2 {
            let signAndVerify = yardstick.reduce(0, +)
            for figure in figures where figure.group == "3-of-5" && figure.name == FigureName.session {
                let ratio = figure.statistics.median.microseconds / signAndVerify
                print(
                    "| 3-of-5 | \(figure.suite) | session / yardstick (BIP-340 sign + verify, \(format(signAndVerify)) µs)"
                        + " | \(fixed(ratio, digits: 2))× | < \(fixed(Reference.sessionOverYardstick, digits: 0))×"
                        + " | \(ratio < Reference.sessionOverYardstick ? "yes" : "NO") |")
            }
        }
    }

    print()
    print(
        """
        How each figure is taken:
        - round 1: Suite.commit(keyPackage:), the nonces dropped (and wiped) at once.
        - round 2: Suite.sign only. Each call gets fresh nonces from Suite.commit, made before the
          clock starts together with a signing package carrying their commitments; signers take turns.
        - aggregate: Suite.aggregate, which checks every signature share against its signer's verifying
          share and verifies the summed signature, in one weighted batch.
        - verify signature: Suite.verify (for secp256k1-tr, libsecp256k1's BIP-340 verifier).
        - session: every signer's round 1, the SigningPackage, every signer's round 2, and aggregate
          (shares checked, final signature verified): all the work of a session on one machine.
        - dealer keygen: TrustedDealer.generate (suite-independent); "+ verify" adds SecretShare.verify()
          for every participant.
        """)
}

/// Writes the results as one JSON document.
func printJSON(_ figures: [Figure], machine: Machine, budget: Duration) {
    func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
    func number(_ value: Double) -> String { fixed(value, digits: 3) }

    var lines: [String] = []
    lines.append("{")
    lines.append("  \"date\": \(string(machine.date)),")
    lines.append(
        "  \"machine\": {\"cpu\": \(string(machine.cpu)), \"cores\": \(machine.cores),"
            + " \"memoryBytes\": \(machine.memoryBytes)},")
    lines.append("  \"secondsPerFigure\": \(number(budget.microseconds / 1e6)),")
    lines.append("  \"figures\": [")
    for (index, figure) in figures.enumerated() {
        let statistics = figure.statistics
        lines.append(
            "    {\"group\": \(string(figure.group)), \"suite\": \(string(figure.suite)),"
                + " \"name\": \(string(figure.name)),"
                + " \"medianMicroseconds\": \(number(statistics.median.microseconds)),"
                + " \"meanMicroseconds\": \(number(statistics.mean.microseconds)),"
                + " \"operations\": \(statistics.operations), \"samples\": \(statistics.samples)}"
                + (index == figures.count - 1 ? "" : ","))
    }
    lines.append("  ]")
    lines.append("}")
    print(lines.joined(separator: "\n"))
}
