import ArgumentParser
import Bitcoin
import Encoding
import Foundation
import Policy

/// `custody requests`: the service API's requests as officers review them, through the
/// coordinator (docs/officer-cli.md § Requests).
struct RequestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests", abstract: "List and show the service API's requests through the coordinator.",
        subcommands: [RequestsListCommand.self, RequestsShowCommand.self])
}

struct RequestsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The requests waiting for approval, for their time lock, or being signed.")

    @OptionGroup var options: CoordinatorOptions

    func run() throws {
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            let answer = try options.client().call("GET", "v1/requests", body: nil)
            guard answer.status == 200 else { throw CoordinatorCallFailure(.refused, answer.message) }
            if options.json {
                print(String(decoding: answer.body, as: UTF8.self))
                return
            }
            let shown = answer.object["requests"] as? [[String: Any]] ?? []
            var rows = [["ID", "STATE", "WALLET", "AMOUNT", "DESTINATION", "SERVICE", "CREATED"]]
            for item in shown {
                let request = item["request"] as? [String: Any] ?? [:]
                rows.append([
                    RequestText.printable(request["id"] as? String ?? ""),
                    RequestText.state(request["state"] as? String ?? ""),
                    RequestText.printable(request["walletId"] as? String ?? ""),
                    RequestText.amount(request),
                    RequestText.printable(request["destination"] as? String ?? ""),
                    RequestText.printable(item["service"] as? String ?? ""),
                    request["createdAt"] as? String ?? "",
                ])
            }
            if shown.isEmpty {
                print("No request is waiting.")
                return
            }
            print(RequestText.table(rows), terminator: "")
        }
    }
}

struct RequestsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One request: what it pays, the PSBT's outputs and fee, the policy's decision, its approvals.")

    @Argument(help: "The request's id.")
    var id: String
    @OptionGroup var options: CoordinatorOptions
    @Option(help: "The policy file (YAML): destinations are shown with their allowlist labels.")
    var policy: String?
    @Option(help: "The network the PSBT's addresses are shown for: mainnet, testnet, signet or regtest.")
    var network: String = "mainnet"

    func run() throws {
        let policy = try self.policy.map { try PolicyFiles.policy($0) }
        guard let network = Network(rawValue: network) else {
            throw ValidationError("--network: '\(network)' is not mainnet, testnet, signet or regtest")
        }
        var shownObject: [String: Any] = [:]
        var body = Data()
        try CoordinatorOptions.running { () throws(CoordinatorCallFailure) in
            let answer = try options.client().call("GET", "v1/requests/\(RequestSource.escaped(id))", body: nil)
            guard answer.status == 200 else { throw CoordinatorCallFailure(.refused, answer.message) }
            shownObject = answer.object
            body = answer.body
        }
        if options.json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        try OfficerFailure.running {
            for line in try RequestText.lines(shownObject, policy: policy, network: network) { print(line) }
        }
    }
}

/// How the requests commands print what the coordinator answers.
enum RequestText {
    /// Untrusted text as the terminal shows it: printable ASCII as is, anything else `\u{…}`.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.map {
            (0x20...0x7E).contains($0.value) ? String($0) : "\\u{\(String($0.value, radix: 16))}"
        }
        .joined()
    }

    /// `REQUEST_STATE_PENDING_APPROVAL` as `pending_approval`.
    static func state(_ name: String) -> String {
        printable(name.hasPrefix("REQUEST_STATE_") ? String(name.dropFirst(14)).lowercased() : name)
    }

    static func amount(_ request: [String: Any]) -> String {
        let asset = request["asset"] as? String
        guard let amount = Int64(request["amount"] as? String ?? "") else { return "" }
        guard asset == "BTC", amount >= 0 else { return "\(amount) \(printable(asset ?? ""))" }
        let fraction = String(amount % 100_000_000)
        return "\(amount / 100_000_000).\(String(repeating: "0", count: 8 - fraction.count) + fraction) BTC"
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// The lines of `custody requests show`.
    static func lines(_ shown: [String: Any], policy: Policy?, network: Network) throws -> [String] {
        let request = shown["request"] as? [String: Any] ?? [:]
        let signedObject = shown["signedRequest"] ?? [:]
        let bytes = (try? JSONSerialization.data(withJSONObject: signedObject, options: [.sortedKeys])) ?? Data()
        let id = printable(request["id"] as? String ?? "")
        let review = try RequestReview(bytes: Array(bytes), source: "request \(id)")
        let asset = request["asset"] as? String
        let destination = request["destination"] as? String ?? ""
        var lines: [(String, String)] = [
            ("request", id), ("state", state(request["state"] as? String ?? "")),
            ("service", "\(printable(shown["service"] as? String ?? "")) (the initiator)"),
            ("kind", printable(shown["label"] as? String ?? "")),
            ("wallet", printable(request["walletId"] as? String ?? "")),
            ("amount", RequestReview.amount(Int64(request["amount"] as? String ?? "") ?? 0, asset: asset)),
            ("destination", printable(destination) + label(destination, policy)),
        ]
        if let psbt = (request["psbt"] as? String).flatMap({ Data(base64Encoded: $0) }) {
            let summary = try PSBTSummary(
                bytes: Array(psbt), source: "request \(id)", request: review.request, network: network)
            lines += summary.lines(asset: asset)
        } else {
            lines.append(("fee", "not in the request: a digest withdrawal declares its amount and destination"))
        }
        if let memo = request["memo"] as? String, !memo.isEmpty { lines.append(("memo", printable(memo))) }
        lines += [
            ("created", request["createdAt"] as? String ?? ""), ("expires", request["expiresAt"] as? String ?? ""),
        ]
        if let notBefore = request["notBefore"] as? String { lines.append(("time lock until", notBefore)) }
        if let reason = request["reason"] as? String, !reason.isEmpty {
            lines.append(("decision", printable(reason)))
        }
        let approvals = (shown["approvals"] as? [[String: Any]] ?? []).compactMap {
            $0["statement"] as? [String: Any]
        }.map { "\(printable($0["officer"] as? String ?? "")) (\(printable($0["verdict"] as? String ?? "")))" }
        lines.append(("approvals", approvals.isEmpty ? "none yet" : approvals.joined(separator: ", ")))
        lines += [
            ("request digest", Hex.encode(review.digest) + " (what an approval signs)"),
            ("policy", printable(shown["policy"] as? String ?? "")),
        ]
        if let signature = request["signature"] as? String { lines.append(("signature", signature)) }
        if let signed = request["signedPsbt"] as? String {
            lines.append(("signed PSBT", signed))
            if let psbt = try? PSBT(bytes: Array(Data(base64Encoded: signed) ?? Data())),
                let hex = try? psbt.extractTransactionHex()
            {
                lines.append(("transaction", hex))
            }
        }
        let width = (lines.map(\.0.count).max() ?? 0) + 1
        return lines.map { ($0.0 + ":").padding(toLength: width, withPad: " ", startingAt: 0) + " " + $0.1 }
    }

    /// ` [allowlist: label]` when `policy` lists `address`.
    static func label(_ address: String, _ policy: Policy?) -> String {
        guard let policy else { return "" }
        for list in policy.allowlists {
            if let entry = list.entries.first(where: { $0.address == address }) {
                return " [\(printable(list.id)): \(printable(entry.label))]"
            }
        }
        return " [on no allowlist of the policy]"
    }
}
