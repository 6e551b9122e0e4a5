import ArgumentParser
import Encoding
import Foundation
import OfficerKeys
import Policy

/// `custody freeze`: an officer of a freeze role signs a freeze of the policy and sends it
/// through the coordinator to every signer, which verifies it and from then on signs nothing
/// but sweeps to colder tiers until a governed unfreeze (docs/officer-cli.md § Freeze).
struct FreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract: "Freeze every signer: sign a freeze with your officer key and send it through the coordinator.",
        discussion: "Exit status: 0 every signer recorded it, 1 a signer or the coordinator refused, 2 not confirmed, "
            + "3 wrong passphrase, 4 invalid key file, 6 not an officer of the policy, 64 usage, 69 coordinator "
            + "unreachable.")

    @Option(help: "The policy file (YAML) in force: the freeze binds its hash.")
    var policy: String
    @Option(help: "Your officer key file.")
    var key: String
    @Option(help: "Read the passphrase from this file (without one final line feed) instead of the terminal.")
    var passphraseFile: String?
    @Option(help: "Your officer id; refused unless the policy gives your key to it (default: found from the key).")
    var officer: String?
    @Option(help: "The freeze request's id (default: freeze- and 16 random hex digits).")
    var id: String?
    @Option(help: "The request's time, RFC 3339 (default: now).")
    var at: String?
    @Option(help: "The coordinator's base URL (default: CUSTODY_COORDINATOR_URL, else http://127.0.0.1:7400).")
    var coordinator: String?
    @Option(help: "Seconds to wait for the coordinator's answer.")
    var timeout: Double = 60
    @Flag(help: "Sign without asking for confirmation (what will be signed is still shown).")
    var yes = false
    @Flag(help: "Print the coordinator's JSON answer instead of a table.")
    var json = false

    func run() throws {
        try OfficerFailure.running {
            let policy = try PolicyFiles.policy(self.policy)
            let header = try OfficerKeyFiles.header(key)
            guard let officer = header.publicKey.officer(in: policy) else {
                throw OfficerFailure(
                    .notAnOfficer, "\(key): the key \(header.publicKey) is not the key of any officer of the policy")
            }
            if let expected = self.officer, expected != officer.id {
                throw OfficerFailure(
                    .notAnOfficer, "\(key): the policy gives this key to '\(officer.id)', not to '\(expected)'")
            }
            let client: CoordinatorClient
            do {
                client = try CoordinatorClient(url: coordinator, timeout: timeout)
            } catch {
                throw OfficerFailure(.failure, "\(error)")
            }
            let now: Instant
            if let at {
                guard let instant = Instant(rfc3339: at) else {
                    throw OfficerFailure(.failure, "--at: '\(at)' is not an RFC 3339 time such as 2025-03-01T09:30:00Z")
                }
                now = instant
            } else {
                now = Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
            }
            let requestID = id ?? "freeze-" + Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
            let request = PolicyRequest(id: requestID, kind: .freeze, initiator: officer.id, createdAt: now)
            let statement = ApprovalStatement(
                requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: officer.id, at: now)
            printError("You are about to freeze the policy \(policy.hash.hex.prefix(16))… (\(policy.name)):")
            printError("  request     \(requestID), digest \(Hex.encode(request.digest))")
            printError("  officer     \(officer.id), at \(now.rfc3339)")
            printError(
                "  effect      every signer refuses everything but sweeps to colder tiers until a governed unfreeze")
            if !yes {
                printError("Sign and send? Type 'yes' to freeze: ", newline: false)
                let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "yes" || answer == "y" else {
                    throw OfficerFailure(.declined, "not confirmed; nothing was signed")
                }
            }
            let privateKey = try OfficerKeyFiles.open(key, passphraseFile: passphraseFile)
            let signed: SignedRequest
            let approval: SignedApproval
            do {
                signed = SignedRequest(
                    request: request,
                    signature: try privateKey.signature(for: SignedRequest.signedBytes(digest: request.digest)))
                approval = try privateKey.sign(statement)
            } catch {
                throw OfficerFailure(.failure, "the freeze could not be signed: \(error)")
            }
            let body = JSONWriter.canonical(
                .fields([
                    "request": PolicyInputEncoder.signedRequest(signed),
                    "approvals": PolicyInputEncoder.approvals([approval]), "policy": .string(policy.hash.hex),
                ]))
            let answer: CoordinatorClient.Answer
            do {
                answer = try client.call("POST", "/v1/freezes", body: Data(body))
            } catch let error as CoordinatorCallFailure {
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
            case 502: throw OfficerFailure(.failure, "not every signer recorded the freeze")
            default: throw OfficerFailure(.failure, answer.message)
            }
        }
    }
}

private func printError(_ message: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}
