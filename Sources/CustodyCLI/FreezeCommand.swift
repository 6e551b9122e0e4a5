import ArgumentParser
import Encoding
import Foundation
import OfficerKeys
import Policy
import SecureMemory

/// `custody freeze`: an officer of a freeze role signs a freeze of the policy and sends it
/// through the coordinator to every signer, which verifies it and from then on signs nothing
/// but sweeps to colder tiers until a governed unfreeze (docs/officer-cli.md § Freeze and unfreeze).
struct FreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract: "Freeze every signer: sign a freeze with your officer key and send it through the coordinator.",
        discussion: "Exit status: 0 every signer recorded it, 1 a signer or the coordinator refused, 2 not confirmed, "
            + "3 wrong passphrase, 4 invalid key file, 6 not an officer of the policy, 64 usage, 69 coordinator "
            + "unreachable.")

    @OptionGroup var initiation: InitiationOptions
    @OptionGroup var sending: FreezeSendingOptions
    @Flag(help: "Sign without asking for confirmation (what will be signed is still shown).")
    var yes = false

    func run() throws {
        try OfficerFailure.running {
            let policy = try PolicyFiles.policy(initiation.policy)
            let officer = try initiation.officer(in: policy)
            let client = try sending.client()
            let now = try initiation.time()
            let request = PolicyRequest(
                id: initiation.requestID(prefix: "freeze-"), kind: .freeze, initiator: officer, createdAt: now)
            let statement = ApprovalStatement(
                requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: officer, at: now)
            printError("You are about to freeze the policy \(policy.hash.hex.prefix(16))… (\(policy.name)):")
            printError("  request     \(request.id), digest \(Hex.encode(request.digest))")
            printError("  officer     \(officer), at \(now.rfc3339)")
            printError(
                "  effect      every signer refuses everything but sweeps to colder tiers until a governed unfreeze")
            if !yes {
                printError("Sign and send? Type 'yes' to freeze: ", newline: false)
                let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "yes" || answer == "y" else {
                    throw OfficerFailure(.declined, "not confirmed; nothing was signed")
                }
            }
            let privateKey = try OfficerKeyFiles.open(initiation.key, passphraseFile: initiation.passphraseFile)
            let signed = try InitiationOptions.sign(request, with: privateKey)
            let approval: SignedApproval
            do {
                approval = try privateKey.sign(statement)
            } catch {
                throw OfficerFailure(.failure, "the freeze could not be signed: \(error)")
            }
            try sending.send(signed, approvals: [approval], policy: policy.hash, client: client)
        }
    }
}

/// `custody unfreeze`: an unfreeze takes the governance block's `unfreeze` quorum, so it is
/// proposed (signed by its initiator), approved with `custody approve`, then sent.
struct UnfreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unfreeze",
        abstract: "Propose an unfreeze, or send one with its approvals through the coordinator.",
        subcommands: [UnfreezeProposeCommand.self, UnfreezeSendCommand.self])
}

/// `custody unfreeze propose`: writes an unfreeze request signed by its initiator, for the
/// officers of the unfreeze quorum to approve.
struct UnfreezeProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose", abstract: "Sign an unfreeze request as its initiator and write it to a file.",
        discussion: "Exit status: 0 written, 1 error, 3 wrong passphrase, 4 invalid key file, 6 not an officer.")

    @OptionGroup var initiation: InitiationOptions
    @Option(help: "The signed request file to create (never overwritten).")
    var out: String

    func run() throws {
        try OfficerFailure.running {
            let policy = try PolicyFiles.policy(initiation.policy)
            let officer = try initiation.officer(in: policy)
            if FileManager.default.fileExists(atPath: out) {
                throw OfficerFailure(.failure, "\(out): it already exists; refusing to overwrite it")
            }
            let request = PolicyRequest(
                id: initiation.requestID(prefix: "unfreeze-"), kind: .unfreeze, initiator: officer,
                createdAt: try initiation.time())
            let privateKey = try OfficerKeyFiles.open(initiation.key, passphraseFile: initiation.passphraseFile)
            let signed = try InitiationOptions.sign(request, with: privateKey)
            do throws(SecureFileError) {
                try SecureFile.create(
                    out, contents: Array(JSONWriter.pretty(PolicyInputEncoder.signedRequest(signed)).utf8), mode: 0o644)
            } catch {
                throw OfficerFailure(.failure, error.description)
            }
            printError("Wrote the unfreeze request \(request.id) (digest \(Hex.encode(request.digest))) to \(out).")
            printError("Its approvers sign it with: custody approve --request \(out) --policy … --key …")
            print(Hex.encode(request.digest))
        }
    }
}

/// `custody unfreeze send`: sends a signed unfreeze request with its approvals to every signer.
struct UnfreezeSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a signed unfreeze request and its approvals through the coordinator.",
        discussion: "Exit status: 0 every signer recorded it, 1 a signer or the coordinator refused, 7 the "
            + "initiator's signature does not verify, 64 usage, 69 coordinator unreachable.")

    @Option(help: "The signed unfreeze request file (custody unfreeze propose).")
    var request: String
    @Option(help: "An approvals file (custody approve); repeat for each.")
    var approvals: [String] = []
    @Option(help: "The policy file (YAML) in force: its hash is sent with the request.")
    var policy: String
    @OptionGroup var sending: FreezeSendingOptions

    func run() throws {
        try OfficerFailure.running {
            let policy = try PolicyFiles.policy(self.policy)
            let review = try RequestReview(path: request)
            guard review.request.kind == .unfreeze else {
                throw OfficerFailure(.failure, "\(request): a \(review.request.kind.rawValue) request is no unfreeze")
            }
            try review.checkInitiation(policy)
            var statements: [SignedApproval] = []
            for path in approvals {
                statements += try PolicyFiles.input(
                    path, limit: PolicyInputDecoder.maxApprovalsBytes, PolicyInputDecoder.approvals(json:))
            }
            try sending.send(review.signed, approvals: statements, policy: policy.hash, client: try sending.client())
        }
    }
}

/// Who initiates a freeze or an unfreeze, and when.
struct InitiationOptions: ParsableArguments {
    @Option(help: "The policy file (YAML) in force: the request binds its hash.")
    var policy: String
    @Option(help: "Your officer key file.")
    var key: String
    @Option(help: "Read the passphrase from this file (without one final line feed) instead of the terminal.")
    var passphraseFile: String?
    @Option(help: "Your officer id; refused unless the policy gives your key to it (default: found from the key).")
    var officer: String?
    @Option(help: "The request's id (default: a prefix and 16 random hex digits).")
    var id: String?
    @Option(help: "The request's time, RFC 3339 (default: now).")
    var at: String?

    /// The id of the officer the policy gives the key to.
    func officer(in policy: Policy) throws -> String {
        try OfficerKeyFiles.officer(key, in: policy, expected: officer).id
    }

    /// `--at`, or now in whole seconds.
    func time() throws -> Instant { try OfficerKeyFiles.time(at) }

    /// `--id`, or `prefix` and 16 random hex digits.
    func requestID(prefix: String) -> String {
        id ?? prefix + Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
    }

    /// `request` signed by its initiator's key.
    static func sign(_ request: PolicyRequest, with key: OfficerPrivateKey) throws -> SignedRequest {
        do {
            return SignedRequest(
                request: request, signature: try key.signature(for: SignedRequest.signedBytes(digest: request.digest)))
        } catch {
            throw OfficerFailure(.failure, "the request could not be signed: \(error)")
        }
    }
}

/// Where a freeze or unfreeze goes, and how the answer is shown.
struct FreezeSendingOptions: ParsableArguments {
    @Option(help: "The coordinator's base URL (default: CUSTODY_COORDINATOR_URL, else http://127.0.0.1:7400).")
    var coordinator: String?
    @Option(help: "Seconds to wait for the coordinator's answer.")
    var timeout: Double = 60
    @Flag(help: "Print the coordinator's JSON answer instead of a line per signer.")
    var json = false

    func client() throws -> CoordinatorClient {
        do {
            return try CoordinatorClient(url: coordinator, timeout: timeout)
        } catch {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode(error.status.rawValue)
        }
    }

    /// `POST /v1/freezes`; prints a line per signer (or the JSON answer); throws unless every
    /// signer recorded it.
    func send(_ signed: SignedRequest, approvals: [SignedApproval], policy: PolicyHash, client: CoordinatorClient)
        throws
    {
        let body = JSONWriter.canonical(
            .fields([
                "request": PolicyInputEncoder.signedRequest(signed),
                "approvals": PolicyInputEncoder.approvals(approvals),
                "policy": .string(policy.hex),
            ]))
        let answer: CoordinatorClient.Answer
        do {
            answer = try client.call("POST", "/v1/freezes", body: Data(body))
        } catch {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode(error.status.rawValue)
        }
        if json {
            print(String(decoding: answer.body, as: UTF8.self))
        } else {
            let recorded = answer.object["recorded"] as? [String: [String: Any]] ?? [:]
            let failed = answer.object["failed"] as? [String: String] ?? [:]
            for signer in recorded.keys.sorted() {
                let event = recorded[signer] ?? [:]
                let before = (event["recordedBefore"] as? Bool) == true ? " (recorded before)" : ""
                print("\(signer)  \(event["kind"] as? String ?? "?")  \(event["at"] as? String ?? "?")\(before)")
            }
            for signer in failed.keys.sorted() { print("\(signer)  failed: \(failed[signer] ?? "")") }
        }
        switch answer.status {
        case 200: return
        case 502: throw OfficerFailure(.failure, "not every signer recorded the \(signed.request.kind.rawValue)")
        default: throw OfficerFailure(.failure, answer.message)
        }
    }
}

private func printError(_ message: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}
