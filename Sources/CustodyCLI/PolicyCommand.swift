public import ArgumentParser
import Foundation
import Policy

/// `custody policy`: validate, hash, compare and evaluate policies offline, with the same engine
/// the coordinator and the signers run.
public struct PolicyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Validate, hash, compare and evaluate policies.",
        subcommands: [
            PolicyCheck.self, PolicyEval.self, PolicyExplain.self, PolicyHashCommand.self, PolicyDiffCommand.self,
        ])
    public init() {}
}

struct PolicyCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate policy files: exit status 0 when every one is valid.",
        discussion: "Prints every problem as file:line:column: message.")

    @Argument(help: "The policy files.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            let text = try PolicyFiles.text(file)
            let (policy, diagnostics) = PolicyDecoder.diagnose(yaml: text, file: file)
            if let policy, diagnostics.isEmpty {
                print("\(file): valid, policy \(policy.hash.hex)")
            } else {
                failed = true
                for diagnostic in diagnostics { printError(diagnostic.description) }
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// The inputs of an evaluation, shared by `eval` and `explain`.
struct EvaluationInputs: ParsableArguments {
    @Option(help: "The policy file (YAML).")
    var policy: String
    @Option(help: "The request file (JSON).")
    var request: String
    @Option(help: "The signed approvals (a JSON array).")
    var approvals: String?
    @Option(help: "The history (JSON): transfers, freezes, allowlist additions.")
    var history: String?
    @Option(help: "The evaluation time, RFC 3339 (default: now).")
    var at: String?

    func decide() throws -> Decision {
        let policy = try PolicyFiles.policy(self.policy)
        let request = try PolicyFiles.json(PolicyRequest.self, from: self.request)
        let approvals = try self.approvals.map { try PolicyFiles.json([SignedApproval].self, from: $0) } ?? []
        let history = try self.history.map { try PolicyFiles.json(History.self, from: $0) } ?? History()
        let now: Instant
        if let at {
            guard let instant = Instant(rfc3339: at) else {
                throw ValidationError("--at: '\(at)' is not an RFC 3339 time such as 2025-03-01T09:30:00Z")
            }
            now = instant
        } else {
            now = Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
        }
        return PolicyEngine.evaluate(policy: policy, request: request, approvals: approvals, history: history, now: now)
    }
}

struct PolicyEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate a request and print the decision as JSON.")

    @OptionGroup var inputs: EvaluationInputs

    func run() throws {
        print(try PolicyFiles.prettyJSON(inputs.decide()))
    }
}

struct PolicyExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Evaluate a request and say, for a person, which rule matched, what is satisfied and what is missing."
    )

    @OptionGroup var inputs: EvaluationInputs

    func run() throws {
        print(try inputs.decide().explanation)
    }
}

struct PolicyHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the policy hash: SHA-256 of the canonical encoding of the parsed policy.")

    @Argument(help: "The policy file.")
    var file: String
    @Flag(help: "Print the canonical encoding that the hash covers instead.")
    var canonical = false

    func run() throws {
        let policy = try PolicyFiles.policy(file)
        if canonical {
            FileHandle.standardOutput.write(Data(PolicyCanonical.encoding(of: policy)))
        } else {
            print(policy.hash.hex)
        }
    }
}

struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Say what changes in effect from one policy to another.")

    @Argument(help: "The policy in force.")
    var old: String
    @Argument(help: "The proposed policy.")
    var new: String

    func run() throws {
        let before = try PolicyFiles.policy(old)
        let after = try PolicyFiles.policy(new)
        print("old \(before.hash.hex)\nnew \(after.hash.hex)")
        let changes = PolicyDiff.compare(before, after)
        if changes.isEmpty { print("no change in effect") }
        for change in changes { print(change.description) }
    }
}

/// Reading the files the policy commands take.
enum PolicyFiles {
    static func text(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path): not UTF-8") }
        return text
    }

    static func policy(_ path: String) throws -> Policy {
        do {
            return try PolicyDecoder.decode(yaml: text(path), file: path)
        } catch let error as PolicyError {
            throw CLIError(error.description)
        }
    }

    static func json<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read") }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.dataCorrupted(context), let DecodingError.typeMismatch(_, context),
            let DecodingError.valueNotFound(_, context)
        {
            throw CLIError("\(path): \(location(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw CLIError("\(path): \(location(context.codingPath)): missing '\(key.stringValue)'")
        }
    }

    static func location(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    static func prettyJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
