import ArgumentParser
import Encoding
import Foundation
import OfficerKeys
import Policy
import SecureMemory

/// `custody policy propose`: an officer initiates a governed policy change (docs/officer-cli.md
/// § Policy changes).
struct PolicyProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose", abstract: "Sign a policy-change request for a new policy file and write it to a file.",
        discussion: "Exit status: 0 written, 1 error, 3 wrong passphrase, 4 invalid key file, 6 not an officer.")

    @OptionGroup var initiation: InitiationOptions
    @Option(help: "The proposed policy file (YAML).")
    var new: String
    @Option(help: "The signed request file to create (never overwritten).")
    var out: String

    func run() throws {
        try OfficerFailure.running {
            let policy = try PolicyFiles.policy(initiation.policy)
            let proposed = try PolicyFiles.policy(new)
            let officer = try initiation.officer(in: policy)
            if FileManager.default.fileExists(atPath: out) {
                throw OfficerFailure(.failure, "\(out): it already exists; refusing to overwrite it")
            }
            let request = PolicyRequest(
                id: initiation.requestID(prefix: "policy-change-"), kind: .policyChange, initiator: officer,
                createdAt: try initiation.time(), newPolicy: proposed.hash)
            let privateKey = try OfficerKeyFiles.open(initiation.key, passphraseFile: initiation.passphraseFile)
            let signed = try InitiationOptions.sign(request, with: privateKey)
            do throws(SecureFileError) {
                try SecureFile.create(
                    out, contents: Array(JSONWriter.pretty(PolicyInputEncoder.signedRequest(signed)).utf8), mode: 0o644)
            } catch {
                throw OfficerFailure(.failure, error.description)
            }
            FileHandle.standardError.write(
                Data(
                    """
                    Wrote the policy-change request \(request.id) for policy \(proposed.hash.hex) \
                    (digest \(Hex.encode(request.digest))) to \(out).
                    Its approvers sign it with: custody approve --request \(out) --policy … --key …

                    """.utf8))
            print(Hex.encode(request.digest))
        }
    }
}

/// `custody policy send`: sends a governed policy change to every signer through the coordinator.
struct PolicySendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract:
            "Send a policy change, its approvals and the new policy file to every signer through the coordinator.",
        discussion: "Exit status: 0 every signer adopted it, 1 a signer or the coordinator refused, 7 the "
            + "initiator's signature does not verify, 64 usage, 69 coordinator unreachable.")

    @Option(help: "The signed policy-change request file (custody policy propose).")
    var request: String
    @Option(help: "An approvals file (custody approve); repeat for each.")
    var approvals: [String] = []
    @Option(help: "The policy file (YAML) in force: the change's initiator is checked under it.")
    var policy: String
    @Option(help: "The proposed policy file (YAML): the change's newPolicy must be its hash.")
    var new: String
    @Option(help: "When the new version takes effect, RFC 3339: no earlier than the governance delay allows.")
    var activatesAt: String
    @OptionGroup var sending: FreezeSendingOptions

    func run() throws {
        try OfficerFailure.running {
            let policy = try PolicyFiles.policy(self.policy)
            let proposed = try PolicyFiles.policy(new)
            let review = try RequestReview(path: request)
            guard review.request.kind == .policyChange, review.request.newPolicy == proposed.hash else {
                throw OfficerFailure(
                    .failure, "\(request): not a policy-change request for \(new) (policy \(proposed.hash.hex))")
            }
            try review.checkInitiation(policy)
            guard let activation = Instant(rfc3339: activatesAt) else {
                throw OfficerFailure(.failure, "--activates-at: '\(activatesAt)' is not an RFC 3339 time")
            }
            var statements: [SignedApproval] = []
            for path in approvals {
                statements += try PolicyFiles.input(
                    path, limit: PolicyInputDecoder.maxApprovalsBytes, PolicyInputDecoder.approvals(json:))
            }
            let text = String(decoding: try PolicyFiles.bytes(new, limit: 524_288), as: UTF8.self)
            let body = JSONWriter.canonical(
                .fields([
                    "request": PolicyInputEncoder.signedRequest(review.signed),
                    "approvals": PolicyInputEncoder.approvals(statements), "policyFile": .string(text),
                    "activatesAt": .string(activation.rfc3339),
                ]))
            let client = try sending.client()
            let answer: CoordinatorClient.Answer
            do throws(CoordinatorCallFailure) {
                answer = try client.call("POST", "/v1/policies", body: Data(body))
            } catch {
                throw OfficerFailure(.unavailable, error.description)
            }
            if sending.json {
                print(String(decoding: answer.body, as: UTF8.self))
            } else {
                let adopted = answer.object["adopted"] as? [String: [String: Any]] ?? [:]
                let failed = answer.object["failed"] as? [String: String] ?? [:]
                for signer in adopted.keys.sorted() {
                    let version = adopted[signer] ?? [:]
                    print(
                        "\(signer)  adopted version \(version["version"] as? Int ?? 0), in force from "
                            + "\(version["activatesAt"] as? String ?? "?")")
                }
                for signer in failed.keys.sorted() { print("\(signer)  failed: \(failed[signer] ?? "")") }
            }
            switch answer.status {
            case 200: return
            case 502: throw OfficerFailure(.failure, "not every signer adopted the policy")
            default: throw OfficerFailure(.failure, answer.message)
            }
        }
    }
}
