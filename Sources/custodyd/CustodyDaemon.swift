import ArgumentParser
import CommandSupport
import Custody
import CustodyServer
import Foundation
import PKCS11
import SignerService

/// `custodyd`: the Custody daemons and their set-up.
@main
struct CustodyDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custodyd", abstract: "Custody daemons: the coordinator and the signers.",
        subcommands: [Signer.self, Coordinator.self])
}

struct Signer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The signer daemon and its set-up.", subcommands: [SignerInit.self, SignerServe.self])
}

struct Coordinator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The coordinator daemon and its set-up.", subcommands: [CoordinatorServe.self, ServiceKey.self])
}

struct SignerInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the signer's keys in its HSM (if absent) and its configuration and store.",
        discussion: """
            Creates an AES-256 sealing key and an EC identity key pair inside the token, both \
            sensitive and never extractable, unless they exist; writes signer.json and the \
            sealed-share store under --data; prints the identity public key. Running it again \
            reuses the keys and leaves an equal signer.json as it is; signer.json is never \
            overwritten (remove it to initialise with other settings). With --policy, stores the \
            policy file as the signer's genesis policy in the store (--store, default \
            signer.sqlite under --data), in force from now; again with the same policy it is \
            kept, another is refused (a new policy is adopted only as a governed change).
            """)

    @OptionGroup var hsm: HSMOptions
    @Option(help: "The signer's data directory.")
    var data: String
    @Option(name: .customLong("identity-curve"), help: "The identity key's curve: secp256k1 or p-256.")
    var identityCurve: IdentityCurve = .secp256k1
    @Option(help: "The signer's genesis policy file (YAML), stored as its first adopted version.")
    var policy: String?
    @Option(
        help: """
            With --policy: the signer's store, as its configuration's `store` names it \
            (default: signer.sqlite under --data).
            """)
    var store: String?

    func validate() throws {
        if store != nil && policy == nil { throw ValidationError("--store is used only with --policy") }
    }

    func run() async throws {
        let policyFile = try policy.map { path in
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read the policy file \(path)")
            }
            return Array(bytes)
        }
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
        if let policyFile {
            let storePath = store ?? (data as NSString).appendingPathComponent("signer.sqlite")
            print(try await SignerGenesisPolicy.store(policyFile: policyFile, storePath: storePath))
        }
    }
}

/// The options of both `serve` commands.
struct ServeOptions: ParsableArguments {
    @Option(help: "The daemon's JSON configuration file (docs/daemons.md).")
    var config: String
}

struct SignerServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve as a signer daemon until SIGTERM or SIGINT.",
        discussion: """
            Reads the configuration (--config, then CUSTODY_SIGNER_* environment overrides) and \
            signer.json in its data directory, opens the HSM token, checks the identity and \
            sealing keys, opens the store and the audit log, prints `listening on HOST:PORT` \
            and serves. Exit codes: 0 after a graceful shutdown, 78 when it could not start, \
            1 when serving failed. See docs/daemons.md.
            """)

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let configuration: SignerDaemonConfiguration
        do {
            configuration = try SignerDaemonConfiguration.load(
                path: options.config, environment: DaemonEnvironment(ProcessInfo.processInfo.environment))
        } catch {
            DaemonProcess.configurationError(error)
        }
        let code = await SignerDaemon.run(configuration, handlers: SignerPeerServices.handlers)
        DaemonProcess.exit(code)
    }
}

struct CoordinatorServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve as the coordinator until SIGTERM or SIGINT.",
        discussion: """
            Reads the configuration (--config, then CUSTODY_COORDINATOR_* environment \
            overrides), validates every pinned signer identity key on its curve, opens the HSM \
            token, the database and the audit log, prints `listening on HOST:PORT` and serves. \
            Exit codes: 0 after a graceful shutdown, 78 when it could not start, 1 when serving \
            failed. See docs/daemons.md.
            """)

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let configuration: CoordinatorDaemonConfiguration
        do {
            configuration = try CoordinatorDaemonConfiguration.load(
                path: options.config, environment: DaemonEnvironment(ProcessInfo.processInfo.environment))
        } catch {
            DaemonProcess.configurationError(error)
        }
        let code = await CoordinatorDaemon.run(configuration, routes: CoordinatorServices.routes)
        DaemonProcess.exit(code)
    }
}

/// How a daemon process ends.
enum DaemonProcess {
    /// Prints `custodyd: configuration error: …` on standard error and exits 78.
    static func configurationError(_ error: ConfigurationError) -> Never {
        FileHandle.standardError.write(Data("custodyd: configuration error: \(error)\n".utf8))
        exit(DaemonExitCode.configuration)
    }

    /// Exits with `code` once the daemon has closed everything (the PKCS#11 module finalized).
    static func exit(_ code: Int32) -> Never {
        fflush(nil)
        Foundation.exit(code)
    }
}
