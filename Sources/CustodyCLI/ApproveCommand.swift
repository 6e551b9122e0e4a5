public import ArgumentParser
import Bitcoin
import Encoding
import Foundation
import OfficerKeys
import Policy
import SecureMemory

/// `custody approve`: sign an approval of a request with an officer key file, offline.
public struct ApproveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign an approval of a request with your officer key, after showing what it approves.",
        discussion: "Exit status: 0 signed, 1 error, 2 not confirmed, 3 wrong passphrase, 4 invalid key file, "
            + "5 request changed, 6 not an officer of the policy, 7 invalid initiator signature, 8 PSBT mismatch.")

    @OptionGroup var options: VerdictOptions

    public init() {}

    public func run() throws {
        try OfficerFailure.running { try options.sign(.approve, reason: nil) }
    }
}

/// `custody reject`: sign a rejection (a veto) of a request with an officer key file, offline.
public struct RejectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Sign a rejection of a request with your officer key, after showing what it rejects.",
        discussion: "Exit status as for approve.")

    @Option(help: "Why, for the people who read the rejection (not part of the signed statement).")
    var reason: String
    @OptionGroup var options: VerdictOptions

    public init() {}

    public func run() throws {
        try OfficerFailure.running {
            let characters = reason.unicodeScalars
            guard (1...256).contains(reason.utf8.count),
                !characters.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            else {
                throw OfficerFailure(.failure, "--reason must be 1 to 256 bytes of text without control characters")
            }
            try options.sign(.reject, reason: reason)
        }
    }
}

/// What `approve` and `reject` share.
struct VerdictOptions: ParsableArguments {
    @Option(help: "The signed request file (JSON), as `custody policy eval --request` takes it.")
    var request: String?
    @Option(
        help: """
            A request of the service API, by id: read from the coordinator (with its PSBT), and the \
            statement sent back to it once signed. Instead of --request.
            """)
    var id: String?
    @Option(
        help: "With --id: the coordinator's base URL (default: CUSTODY_COORDINATOR_URL, else http://127.0.0.1:7400).")
    var coordinator: String?
    @Option(help: "The policy file (YAML) in force: the statement binds its hash and names you as its officer.")
    var policy: String
    @Option(help: "Your officer key file.")
    var key: String
    @Option(help: "Read the passphrase from this file (without one final line feed) instead of the terminal.")
    var passphraseFile: String?
    @Option(help: "Your officer id; refused unless the policy gives your key to it (default: found from the key).")
    var officer: String?
    @Option(help: "Refuse unless the request's digest is this (64 hex digits), as shown to you elsewhere.")
    var digest: String?
    @Option(
        help:
            "The PSBT the request's psbt payload binds: its outputs and fee are shown, and checked against the request."
    )
    var psbt: String?
    @Option(help: "The network the PSBT's addresses are shown for: mainnet, testnet, signet or regtest.")
    var network: String = "mainnet"
    @Option(help: "The statement's time, RFC 3339 (default: now).")
    var at: String?
    @Option(help: "Write the approvals file here (never overwritten) instead of standard output.")
    var out: String?
    @Flag(help: "Sign without asking for confirmation (what will be signed is still shown).")
    var yes = false
    @Flag(help: "Print one JSON object: the signed statement and what it binds.")
    var json = false

    func validate() throws {
        guard (request == nil) != (id == nil) else { throw ValidationError("give one of --request FILE and --id ID") }
        if coordinator != nil && id == nil { throw ValidationError("--coordinator is used only with --id") }
    }

    /// Where the request comes from: its file, or the coordinator.
    func source() throws -> RequestSource {
        if let request { return .file(request) }
        do throws(CoordinatorCallFailure) {
            return .coordinator(try CoordinatorClient(url: coordinator, timeout: 30), id ?? "")
        } catch {
            throw OfficerFailure(.failure, error.description)
        }
    }

    func sign(_ verdict: ApprovalStatement.Verdict, reason: String?) throws {
        let policy = try PolicyFiles.policy(self.policy)
        let officer = try OfficerKeyFiles.officer(key, in: policy, expected: self.officer)
        let time = try OfficerKeyFiles.time(at)
        if let out, FileManager.default.fileExists(atPath: out) {
            throw OfficerFailure(.failure, "\(out): it already exists; refusing to overwrite it")
        }

        let source = try source()
        let fetched = try source.read()
        let shown = fetched.review
        try shown.checkInitiation(policy)
        if let digest {
            guard digest.lowercased() == Hex.encode(shown.digest) else {
                throw OfficerFailure(
                    .requestChanged,
                    "\(shown.path): the request's digest is \(Hex.encode(shown.digest)), not the \(digest) given")
            }
        }
        guard let network = Network(rawValue: network) else {
            throw OfficerFailure(.failure, "--network: '\(network)' is not mainnet, testnet, signet or regtest")
        }
        let summary: PSBTSummary?
        if let psbt {
            summary = try PSBTSummary(path: psbt, request: shown.request, network: network)
        } else if let bytes = fetched.psbt {
            summary = try PSBTSummary(bytes: bytes, source: shown.path, request: shown.request, network: network)
        } else {
            summary = nil
        }
        for line in fetched.status { printError(line) }
        let statement = ApprovalStatement(
            requestDigest: shown.digest, policy: policy.hash, verdict: verdict, officer: officer.id, at: time)
        let what = verdict == .approve ? "approve" : "reject"
        printError("You are about to \(what) this request:")
        for line in shown.lines(policy: policy, statement: statement, reason: reason, psbt: summary) {
            printError(line)
        }
        if !yes {
            printError("Sign? Type 'yes' to \(what): ", newline: false)
            let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "yes" || answer == "y" else {
                throw OfficerFailure(.declined, "not confirmed; nothing was signed")
            }
        }

        let privateKey = try OfficerKeyFiles.open(key, passphraseFile: passphraseFile)
        // What is signed is what was shown: the request is read again and must have the same digest.
        let current: RequestReview
        do {
            current = try source.read().review
        } catch let failure as OfficerFailure where failure.status == .unavailable {
            throw failure
        } catch {
            throw OfficerFailure(
                .requestChanged, "\(shown.path) changed after it was shown: \(error); nothing was signed")
        }
        guard current.digest == shown.digest else {
            throw OfficerFailure(
                .requestChanged,
                "\(shown.path) changed after it was shown: its digest is now \(Hex.encode(current.digest)); nothing was signed"
            )
        }
        let approval: SignedApproval
        do {
            approval = try privateKey.sign(statement)
            _ = try ApprovalVerifier.verify(approval, policy: policy, requestDigest: shown.digest)
        } catch {
            throw OfficerFailure(.failure, "the statement could not be signed: \(error)")
        }

        let approvals = PolicyInputEncoder.approvals([approval])
        guard case .array(let elements) = approvals, let element = elements.first else {
            throw OfficerFailure(.failure, "the approval could not be encoded")
        }
        let document = JSONWriter.pretty(approvals)
        if case .coordinator = source {
            let state = try source.send(Array(document.utf8))
            printError("Sent to the coordinator; the request is now \(state).")
        }
        if let out {
            do throws(SecureFileError) {
                try SecureFile.create(out, contents: Array(document.utf8), mode: 0o644)
            } catch {
                throw OfficerFailure(.failure, error.description)
            }
            printError("Signed; the approvals file is \(out).")
        }
        if json {
            print(
                JSONWriter.pretty(
                    .fields([
                        "approval": element, "officer": .string(officer.id), "verdict": .string(verdict.rawValue),
                        "requestId": .string(shown.request.id), "requestDigest": .string(Hex.encode(shown.digest)),
                        "policyHash": .string(policy.hash.hex), "at": .string(time.rfc3339),
                        "reason": reason.map { .string($0) } ?? .null, "out": out.map { .string($0) } ?? .null,
                    ])),
                terminator: "")
        } else if out == nil {
            print(document, terminator: "")
        }
    }
}

private func printError(_ message: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}
