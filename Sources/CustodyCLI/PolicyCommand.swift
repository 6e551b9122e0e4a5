public import ArgumentParser
import Encoding
import Foundation
import Policy

/// `custody policy`: validate, hash, compare and evaluate policies offline, with the same engine
/// the coordinator and the signers run.
public struct PolicyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Validate, hash, compare and evaluate policies.",
        subcommands: [
            PolicyCheck.self, PolicyEval.self, PolicyExplain.self, PolicyHashCommand.self, PolicyDiffCommand.self,
            PolicyProposeCommand.self, PolicySendCommand.self,
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
    @Option(help: "The signed request file (JSON): {\"request\": {…}, \"signature\": \"<hex>\"}.")
    var request: String
    @Option(help: "The signed approvals (a JSON array).")
    var approvals: String?
    @Option(help: "The history (JSON): transfers, freezes, allowlist additions.")
    var history: String?
    @Option(
        help: ArgumentHelp(
            "When the request was received, RFC 3339: time locks never start earlier.",
            discussion: "Recorded by whoever received the request, never taken from the request itself."))
    var receivedAt: String
    @Option(help: "The evaluation time, RFC 3339 (default: now).")
    var at: String?

    func decide() throws -> Decision {
        let policy = try PolicyFiles.policy(self.policy)
        let request = try PolicyFiles.input(
            self.request, limit: PolicyInputDecoder.maxRequestBytes, PolicyInputDecoder.signedRequest(json:))
        let approvals =
            try self.approvals.map { path in
                try PolicyFiles.input(
                    path, limit: PolicyInputDecoder.maxApprovalsBytes, PolicyInputDecoder.approvals(json:))
            } ?? []
        let history =
            try self.history.map { path in
                try PolicyFiles.input(
                    path, limit: PolicyInputDecoder.maxHistoryBytes, PolicyInputDecoder.history(json:))
            } ?? History()
        guard let receivedAt = Instant(rfc3339: receivedAt) else {
            throw ValidationError(
                "--received-at: '\(receivedAt)' is not an RFC 3339 time such as 2025-03-01T09:30:00Z")
        }
        let now: Instant
        if let at {
            guard let instant = Instant(rfc3339: at) else {
                throw ValidationError("--at: '\(at)' is not an RFC 3339 time such as 2025-03-01T09:30:00Z")
            }
            now = instant
        } else {
            now = Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
        }
        return PolicyEngine.evaluate(
            policy: policy, request: request, approvals: approvals, history: history, receivedAt: receivedAt, now: now)
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

/// Reading the files the policy commands take: the size is checked before a byte is read.
enum PolicyFiles {
    /// The bytes of `path`, refused before reading when the file is larger than `limit`.
    static func bytes(_ path: String, limit: Int) throws -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else { throw CLIError("\(path): cannot read") }
        guard size.int64Value <= Int64(limit) else {
            throw CLIError("\(path): \(size.int64Value) bytes, more than the limit of \(limit)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError("\(path): cannot read") }
        defer { try? handle.close() }
        // Read one byte past the limit, so that a file that grew since is refused too.
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else { throw CLIError("\(path): more than the limit of \(limit) bytes") }
        return Array(data)
    }

    static func text(_ path: String) throws -> String {
        let bytes = try bytes(path, limit: PolicyDecoder.maxPolicyBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CLIError("\(path): not UTF-8") }
        return text
    }

    static func policy(_ path: String) throws -> Policy {
        do {
            return try PolicyDecoder.decode(yaml: text(path), file: path)
        } catch let error as PolicyError {
            throw CLIError(error.description)
        }
    }

    /// A JSON input read by `decode`, errors prefixed with the path.
    static func input<T>(
        _ path: String, limit: Int, _ decode: ([UInt8]) throws(PolicyError) -> T
    ) throws -> T {
        let bytes = try bytes(path, limit: limit)
        do {
            return try decode(bytes)
        } catch {
            throw CLIError("\(path): \(error.reason)")
        }
    }

    static func prettyJSON(_ value: some Encodable) throws -> String {
        try DocumentJSON.string(value)
    }
}

private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
