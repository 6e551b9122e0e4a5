import ArgumentParser
import Foundation

/// `custody wallet`: create wallets by a key ceremony among signer daemons, and list them,
/// through the coordinator (docs/officer-cli.md § Wallets).
struct WalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet", abstract: "Create, list, refresh and repair wallets through the coordinator.",
        subcommands: [
            WalletCreateCommand.self, WalletListCommand.self, WalletShowCommand.self, WalletRefreshCommand.self,
            WalletRepairCommand.self,
        ])
}

/// The options every `custody wallet` command takes.
struct CoordinatorOptions: ParsableArguments {
    @Option(help: "The coordinator's base URL (default: CUSTODY_COORDINATOR_URL, else http://127.0.0.1:7400).")
    var coordinator: String?
    @Option(help: "Seconds to wait for the coordinator's answer.")
    var timeout: Double = 120
    @Flag(help: "Print the coordinator's JSON answer instead of a table.")
    var json = false

    func client() throws(CoordinatorCallFailure) -> CoordinatorClient {
        try CoordinatorClient(url: coordinator, timeout: timeout)
    }

    /// Runs `body`; a failure is printed as "Error: message" and becomes its exit status.
    static func running(_ body: () throws(CoordinatorCallFailure) -> Void) throws {
        do {
            try body()
        } catch {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode(error.status.rawValue)
        }
    }
}

struct WalletCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Run a key ceremony among signer daemons and register the wallet.",
        discussion: """
            The coordinator runs a distributed key generation among the named signers (no \
            dealer); each signer seals its share with its own HSM. Prints the group key and, for \
            secp256k1-tr, the wallet's bech32m address. Exit codes: 0 created, 1 refused or the \
            ceremony failed (the coordinator's reason is printed, naming the signer), 64 usage, \
            69 the coordinator could not be reached.
            """)

    @Option(help: "The wallet's name: 1 to 64 characters of a-z 0-9 . _ -.")
    var name: String
    @Option(help: "The signing suite: secp256k1-tr (Taproot, BIP-340) or secp256k1 (RFC 9591).")
    var suite = "secp256k1-tr"
    @Option(help: "How many signers must take part in a signature.")
    var threshold: Int
    @Option(help: "The signer daemons' ids, comma-separated, in the order of their FROST identifiers.")
    var signers: String
    @Option(
        help: "The network of the Taproot address: mainnet, testnet, signet or regtest (default: the coordinator's).")
    var network: String?
    @OptionGroup var options: CoordinatorOptions

    func run() throws {
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            let ids = signers.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            var body: [String: Any] = ["name": name, "suite": suite, "threshold": threshold, "signers": ids]
            if let network { body["network"] = network }
            let answer = try options.client().call("POST", "v1/wallets", json: body)
            guard answer.status == 201 else { throw CoordinatorCallFailure(.refused, answer.message) }
            WalletPrinter.print(answer, json: options.json)
        }
    }
}

struct WalletRefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh the signers' shares of a wallet: the same key and address, new shares.",
        discussion: """
            Every signer holding a share deals a share of zero to the others, so that the \
            wallet's key and address stay and every share changes; each signer seals its new \
            share with its HSM and retires the old one once every signer holds its new one, so \
            shares stolen before the refresh are useless. The coordinator's signing for the \
            wallet waits while it runs. Exit codes: 0 refreshed, 1 refused or the refresh failed \
            (the coordinator's reason is printed, naming the signer; "incomplete" when some \
            signers refreshed and others did not), 64 usage, 69 the coordinator could not be \
            reached.
            """)

    @Option(help: "The wallet's name.")
    var name: String
    @OptionGroup var options: CoordinatorOptions

    func run() throws {
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            guard !name.contains("/") else { throw CoordinatorCallFailure(.usage, "a wallet name has no \"/\"") }
            let answer = try options.client().call("POST", "v1/wallets/\(name)/refresh")
            guard answer.status == 200 else { throw CoordinatorCallFailure(.refused, answer.message) }
            WalletPrinter.print(answer, json: options.json)
        }
    }
}

struct WalletRepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Rebuild the share a signer of a wallet lost, from the other signers' shares.",
        discussion: """
            For a signer daemon that lost its store or its HSM and was set up again under the \
            same id: every other signer of the wallet helps rebuild its share without learning \
            it, and the signer checks the share against the wallet's key and seals it with its \
            HSM. The key, the address and the other shares do not change. A share goes back \
            only to the daemon that held it. Exit codes: 0 repaired, 1 refused or the repair \
            failed (the coordinator's reason is printed, naming the signer), 64 usage, 69 the \
            coordinator could not be reached.
            """)

    @Option(help: "The wallet's name.")
    var name: String
    @Option(help: "The id of the signer daemon whose share is rebuilt.")
    var signer: String
    @OptionGroup var options: CoordinatorOptions

    func run() throws {
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            guard !name.contains("/") else { throw CoordinatorCallFailure(.usage, "a wallet name has no \"/\"") }
            let answer = try options.client().call("POST", "v1/wallets/\(name)/repair", json: ["signer": signer])
            guard answer.status == 200 else { throw CoordinatorCallFailure(.refused, answer.message) }
            WalletPrinter.print(answer, json: options.json)
        }
    }
}

struct WalletListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered wallets.")

    @OptionGroup var options: CoordinatorOptions

    func run() throws {
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            let answer = try options.client().call("GET", "v1/wallets")
            guard answer.status == 200 else { throw CoordinatorCallFailure(.refused, answer.message) }
            if options.json { return WalletPrinter.printJSON(answer) }
            let wallets = answer.object["wallets"] as? [[String: Any]] ?? []
            var rows = [["NAME", "SUITE", "THRESHOLD", "ADDRESS"]]
            for wallet in wallets {
                let signers = (wallet["signers"] as? [Any])?.count ?? 0
                rows.append([
                    wallet["name"] as? String ?? "", wallet["suite"] as? String ?? "",
                    "\(wallet["threshold"] as? Int ?? 0)-of-\(signers)", wallet["address"] as? String ?? "-",
                ])
            }
            WalletPrinter.table(rows)
        }
    }
}

struct WalletShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one wallet.")

    @Argument(help: "The wallet's name.")
    var name: String
    @OptionGroup var options: CoordinatorOptions

    func run() throws {
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            guard !name.contains("/") else { throw CoordinatorCallFailure(.usage, "a wallet name has no \"/\"") }
            let answer = try options.client().call("GET", "v1/wallets/\(name)")
            guard answer.status == 200 else { throw CoordinatorCallFailure(.refused, answer.message) }
            WalletPrinter.print(answer, json: options.json)
        }
    }
}

/// How the wallet commands print a wallet.
enum WalletPrinter {
    static func print(_ answer: CoordinatorClient.Answer, json: Bool) {
        if json { return printJSON(answer) }
        let wallet = answer.object
        let signers = (wallet["signers"] as? [[String: Any]] ?? []).map {
            "\($0["id"] as? String ?? "?") (\($0["identifier"] as? Int ?? 0))"
        }
        var rows: [[String]] = [
            ["wallet", wallet["name"] as? String ?? ""],
            ["suite", "\(wallet["suite"] as? String ?? "") (\(wallet["threshold"] as? Int ?? 0)-of-\(signers.count))"],
            ["group key", wallet["groupKey"] as? String ?? ""],
        ]
        if let address = wallet["address"] as? String {
            rows.append(["address", "\(address) (\(wallet["network"] as? String ?? ""))"])
        }
        rows.append(["signers", signers.joined(separator: ", ")])
        if let version = wallet["keyVersion"] as? Int { rows.append(["key version", String(version)]) }
        if let transcript = wallet["transcriptHash"] as? String { rows.append(["transcript", transcript]) }
        table(rows)
    }

    static func printJSON(_ answer: CoordinatorClient.Answer) {
        let object = try? JSONSerialization.jsonObject(with: answer.body)
        let data = object.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        Swift.print(String(decoding: data ?? answer.body, as: UTF8.self))
    }

    static func table(_ rows: [[String]]) {
        guard let columns = rows.map(\.count).max() else { return }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            Swift.print(cells.joined(separator: "  "))
        }
    }
}
