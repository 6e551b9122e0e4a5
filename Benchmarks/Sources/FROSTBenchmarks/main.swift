// FROST benchmarks: `swift run -c release [--json] [--time SECONDS] [--filter TEXT]`.
//
// Times the primitives FROST is built from, libsecp256k1's single-signer BIP-340 as a
// yardstick, and dealer key generation, round one, round two, aggregation, verification and
// whole sessions for both ciphersuites at 2-of-3, 3-of-5, 7-of-10 and 67-of-100.
// Results go to standard output (Markdown tables, or JSON with --json); progress to standard
// error. See docs/performance.md for figures and their analysis.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let usage = """
    usage: FROSTBenchmarks [--json] [--time SECONDS] [--cpu-time] [--filter TEXT]...

      --json            write the results as JSON instead of Markdown tables
      --time SECONDS    timed time per figure, after warm-up (default 1)
      --cpu-time        time with the thread's CPU time instead of the wall clock (for a
                        machine shared with other work)
      --filter TEXT     only figures whose "group suite name" contains TEXT, e.g. 3-of-5, round 2,
                        primitives, secp256k1-tr; repeated, figures matching any of them
    """

var json = false
var seconds = 1.0
var filters: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--json":
        json = true
    case "--time":
        guard let value = arguments.popFirst().flatMap(Double.init), value > 0 else {
            printError(usage)
            exit(2)
        }
        seconds = value
    case "--filter":
        guard let value = arguments.popFirst() else {
            printError(usage)
            exit(2)
        }
        filters.append(value)
    case "--cpu-time":
        Measure.cpuTime = true
    case "--help", "-h":
        print(usage)
        exit(0)
    default:
        printError("unknown argument \(argument)\n\(usage)")
        exit(2)
    }
}

#if DEBUG
    printError("warning: a debug build; the figures mean little. Run `swift run -c release`.")
#endif

let budget = Duration.nanoseconds(Int64(seconds * 1e9))
var runner = Runner(budget: budget, filters: filters)
printError("FROST benchmarks, about \(seconds) s per figure")
runner.warmUpProcess()
runner.primitives()
runner.yardstick()
do {
    for configuration in Configuration.all { try runner.configuration(configuration) }
} catch {
    printError("benchmark failed: \(error)")
    exit(1)
}

let machine = Machine.current()
if json {
    printJSON(runner.figures, machine: machine, budget: budget)
} else {
    printTable(runner.figures, machine: machine, budget: budget)
}
