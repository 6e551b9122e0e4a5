import ArgumentParser
import CommandSupport
import Encoding
import Foundation
import PKCS11

/// `custody hsm`: inspect an HSM token.
struct HSMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hsm", abstract: "Inspect an HSM token.", subcommands: [HSMInfo.self])
}

struct HSMInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "The token, its module, the mechanisms Custody needs, and Custody's keys with their flags.",
        discussion: "Never prints secret material. Exits 0 when every needed mechanism is present, 1 otherwise.")

    @OptionGroup var hsm: HSMOptions
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let inventory = try hsm.open().inventory()
        if json {
            print(try DocumentJSON.string(inventory))
        } else {
            print(Self.text(inventory))
        }
        if !inventory.isComplete { throw ExitCode(1) }
    }

    static func text(_ inventory: HSMInventory) -> String {
        let token = inventory.token
        let module = inventory.module
        var lines = [
            "token     \"\(token.label)\" serial \(token.serial), \(token.manufacturer) \(token.model)",
            "          hardware \(token.hardwareVersion), firmware \(token.firmwareVersion), slot \(token.slot)",
            "library   \(module.manufacturer) \(module.description) \(module.libraryVersion), PKCS#11 \(module.cryptokiVersion)",
            "mechanisms",
        ]
        for mechanism in inventory.mechanisms {
            lines.append("  \(mechanism.present ? "yes" : "NO ") \(mechanism.name) (\(mechanism.purpose))")
        }
        lines.append("objects")
        if inventory.objects.isEmpty { lines.append("  none of Custody's keys (run `custodyd signer init`)") }
        func flag(_ name: String, _ value: Bool?) -> String? { value.map { "\(name)=\($0)" } }
        for object in inventory.objects {
            let flags = [
                flag("sensitive", object.sensitive), flag("extractable", object.extractable),
                flag("never-extractable", object.neverExtractable), flag("always-sensitive", object.alwaysSensitive),
            ].compactMap { $0 }
            lines.append(
                "  \(object.label) (\(object.type))" + (flags.isEmpty ? "" : ": " + flags.joined(separator: " ")))
        }
        return lines.joined(separator: "\n")
    }
}
