import ArgumentParser
import CommandSupport
import Foundation
import PKCS11

/// `custodyd coordinator service-key`: a service's request-signing key in the coordinator's HSM.
struct ServiceKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service-key",
        abstract: "Create a service's request-signing key in the coordinator's HSM and print it for the policy.",
        discussion: """
            Creates the Ed25519 key pair custody-service-key:<ID> inside the coordinator's token \
            (sensitive, never extractable) unless it exists, and prints its public key as the \
            policy's services[].key wants it: `ed25519:<64 hex digits>`. The coordinator signs, \
            as service ID, the requests that service submits through the API (docs/api.md).
            """)

    @OptionGroup var hsm: HSMOptions
    @Option(help: "The service's id in the policy (1 to 128 ASCII letters, digits, '.', '_', '-' or '@').")
    var service: String

    func validate() throws {
        guard !service.isEmpty, service.utf8.count <= 128,
            service.utf8.allSatisfy({
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    || ".-_@".utf8.contains($0)
            })
        else { throw ValidationError("--service: 1 to 128 ASCII letters, digits, '.', '_', '-' or '@'") }
    }

    func run() async throws {
        let token = try hsm.open()
        defer { token.close() }
        let label = HSMToken.serviceKeyLabel(service)
        let created = try token.ensureEd25519Key(label: label)
        let key = try token.ed25519PublicKey(label: label)
        FileHandle.standardError.write(
            Data("\(created ? "created" : "reused") the key \(label) on token \"\(token.info.label)\"\n".utf8))
        print("ed25519:" + key.map { String(format: "%02x", $0) }.joined())
    }
}
