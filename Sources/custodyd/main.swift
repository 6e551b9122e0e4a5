import ArgumentParser
import CommandSupport
import Custody
import PKCS11

/// `custodyd`: the Custody daemons and their set-up.
struct CustodyDaemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custodyd", abstract: "Custody daemons: the coordinator and the signers.",
        subcommands: [Signer.self])
}

struct Signer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The signer daemon and its set-up.", subcommands: [SignerInit.self])
}

struct SignerInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the signer's keys in its HSM (if absent) and its configuration and store.",
        discussion: """
            Creates an AES-256 sealing key and an EC identity key pair inside the token, both \
            sensitive and never extractable, unless they exist; writes signer.json and the \
            sealed-share store under --data; prints the identity public key. Running it again \
            reuses the keys and leaves an equal signer.json as it is; signer.json is never \
            overwritten (remove it to initialise with other settings).
            """)

    @OptionGroup var hsm: HSMOptions
    @Option(help: "The signer's data directory.")
    var data: String
    @Option(name: .customLong("identity-curve"), help: "The identity key's curve: secp256k1 or p-256.")
    var identityCurve: IdentityCurve = .secp256k1

    func run() throws {
        let token = try hsm.open()
        let outcome = try SignerSetup.initialize(
            token: token, modulePath: hsm.module, curve: identityCurve, dataDirectory: data)
        let keys = [
            outcome.createdSealingKey ? "created the sealing key" : "reused the sealing key",
            outcome.createdIdentityKey ? "created the identity key" : "reused the identity key",
            outcome.wroteConfiguration ? "wrote signer.json" : "kept signer.json",
        ]
        print("signer initialised on token \"\(token.info.label)\": \(keys.joined(separator: ", "))")
        print("identity public key (\(identityCurve.rawValue)): \(outcome.configuration.identityPublicKey)")
    }
}

CustodyDaemon.main()
