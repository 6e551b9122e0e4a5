import CustodyAPI
import Foundation
import Testing

/// The Swift types say what `docs/api/custody/v1/custody.proto` says: the same methods, the
/// same fields under their JSON names, the same enum values and numbers.
@Suite struct ProtoFileTests {
    static let proto: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("docs/api/custody/v1/custody.proto")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The body lines of `kind NAME { … }` (nested braces of `oneof` included), comments removed.
    static func block(_ kind: String, _ name: String) -> [String] {
        var lines: [String] = []
        var depth = 0
        for raw in proto.split(separator: "\n", omittingEmptySubsequences: false) {
            let line =
                raw.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if depth == 0 {
                if line == "\(kind) \(name) {" { depth = 1 }
                continue
            }
            if line.hasSuffix("{") { depth += 1 }
            if line == "}" {
                depth -= 1
                if depth == 0 { break }
                continue
            }
            if !line.isEmpty, !line.hasSuffix("{") { lines.append(line) }
        }
        return lines
    }

    /// The JSON names of a message's fields: lowerCamelCase of each field's name.
    static func jsonNames(_ message: String) -> Set<String> {
        var names: Set<String> = []
        for line in block("message", message) where line.contains("=") && !line.hasPrefix("reserved") {
            let words = line.split(separator: " ")
            guard let equals = words.firstIndex(of: "="), equals > 0 else { continue }
            let parts = words[equals - 1].split(separator: "_")
            names.insert(
                parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined())
        }
        return names
    }

    /// The top-level keys of the message's JSON.
    func keys(_ message: some APIMessage) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(try APIJSON.encode(message))) as? [String: Any]
        return Set(object?.keys.map { $0 } ?? [])
    }

    @Test func theProtoFileIsThere() {
        #expect(Self.proto.contains("package custody.v1;"))
        #expect(Self.proto.contains("service CustodyService {"))
    }

    @Test func theServiceHasTheSameMethods() {
        let rpcs = Self.block("service", "CustodyService").filter { $0.hasPrefix("rpc ") }
        let expected = CustodyService.methods.map {
            "rpc \($0.name)(\($0.requestType.dropFirst(11))) returns (\($0.responseType.dropFirst(11)));"
        }
        #expect(rpcs == expected)
    }

    @Test func everyMessageHasTheSameFields() throws {
        let time = Timestamp(seconds: 1)!
        let digest = DigestWithdrawal(digest: [1], asset: "A", amount: 1, destination: "d")
        let request = SigningRequest(
            id: "i", walletId: "w", idempotencyKey: "k", state: .signed, withdrawal: .psbt([1]), asset: "A",
            amount: 1, destination: "d", memo: "m", reason: "r", signature: [1], signedPsbt: [1], createdAt: time,
            updatedAt: time, expiresAt: time, notBefore: time, kind: "withdrawal")
        var digestRequest = request
        digestRequest.withdrawal = .digest(digest)
        let wallet = Wallet(
            id: "i", name: "n", tier: .cold, asset: "A", groupKey: [1], address: "a", balance: 1, createdAt: time)
        let deposit = Deposit(walletId: "w", txid: "t", vout: 1, amount: 1, registeredAt: time)
        let messages: [(String, [Set<String>])] = [
            ("DigestWithdrawal", [try keys(digest)]),
            ("SigningRequest", [try keys(request), try keys(digestRequest)]),
            (
                "CreateWithdrawalRequest",
                [
                    try keys(
                        CreateWithdrawalRequest(idempotencyKey: "k", walletId: "w", withdrawal: .psbt([1]), memo: "m")),
                    try keys(CreateWithdrawalRequest(withdrawal: .digest(digest))),
                ]
            ),
            ("CreateWithdrawalResponse", [try keys(CreateWithdrawalResponse(request: request, created: true))]),
            ("GetRequestRequest", [try keys(GetRequestRequest(requestId: "r"))]),
            ("GetRequestResponse", [try keys(GetRequestResponse(request: request))]),
            (
                "ListRequestsRequest",
                [try keys(ListRequestsRequest(walletId: "w", states: [.signed], pageSize: 1, cursor: "c"))]
            ),
            ("ListRequestsResponse", [try keys(ListRequestsResponse(requests: [request], nextCursor: "c"))]),
            ("CancelRequestRequest", [try keys(CancelRequestRequest(requestId: "r", reason: "r"))]),
            ("CancelRequestResponse", [try keys(CancelRequestResponse(request: request))]),
            ("Wallet", [try keys(wallet)]),
            ("ListWalletsRequest", [try keys(ListWalletsRequest(pageSize: 1, cursor: "c"))]),
            ("ListWalletsResponse", [try keys(ListWalletsResponse(wallets: [wallet], nextCursor: "c"))]),
            ("GetWalletRequest", [try keys(GetWalletRequest(walletId: "w"))]),
            ("GetWalletResponse", [try keys(GetWalletResponse(wallet: wallet))]),
            ("Deposit", [try keys(deposit)]),
            (
                "RegisterDepositRequest",
                [try keys(RegisterDepositRequest(walletId: "w", txid: "t", vout: 1, amount: 1))]
            ),
            ("RegisterDepositResponse", [try keys(RegisterDepositResponse(deposit: deposit, created: true))]),
            (
                "WatchRequestsRequest",
                [try keys(WatchRequestsRequest(cursor: "c", waitSeconds: 1, walletId: "w", pageSize: 1))]
            ),
            ("WatchRequestsResponse", [try keys(WatchRequestsResponse(requests: [request], cursor: "c"))]),
        ]
        let declared = Self.proto.split(separator: "\n").filter { $0.hasPrefix("message ") }.count
        #expect(messages.count == declared)
        for (name, variants) in messages {
            let fields = Self.jsonNames(name)
            #expect(!fields.isEmpty, "\(name)")
            #expect(variants.reduce(into: Set<String>()) { $0.formUnion($1) } == fields, "\(name)")
        }
    }

    @Test func theEnumsHaveTheSameValuesAndNumbers() {
        func values(_ name: String) -> [String] { Self.block("enum", name) }
        #expect(values("RequestState") == RequestState.allCases.map { "\($0.name) = \($0.number);" })
        #expect(values("WalletTier") == WalletTier.allCases.map { "\($0.name) = \($0.number);" })
    }

    @Test func theInitiatorIsReservedNotAField() {
        #expect(Self.block("message", "CreateWithdrawalRequest").contains(#"reserved "initiator", "service_id";"#))
    }
}
