import CustodyAPI
import CustodyTestSupport
import Foundation
import Testing

/// The service API fuzzed through a running coordinator (docs/api.md, docs/fuzzing.md): for each
/// method, 320 generated malformed bodies (wrong types, missing and unknown fields, huge values,
/// invalid UTF-8, truncated JSON, deep nesting, duplicate keys, oversized bodies, random bytes),
/// each answered with a Connect error of a 4xx status, or a success, and never a crash, a hang
/// or a 5xx. Replayable from its seed.
@Suite(.serialized) struct ServiceAPIFuzzTests {
    static let bodiesPerMethod = 320

    /// A valid body of each method, and its fields with a valid value each.
    static let methods: [(name: String, fields: [(String, String)])] = [
        (
            "CreateWithdrawal",
            [
                ("idempotencyKey", #""fuzz-1""#), ("walletId", #""hot""#), ("memo", #""m""#),
                (
                    "digestWithdrawal",
                    #"{"digest": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "asset": "BTC", "amount": "5", "destination": "bcrt1qx"}"#
                ),
            ]
        ),
        ("GetRequest", [("requestId", #""req_a""#)]),
        (
            "ListRequests",
            [
                ("walletId", #""hot""#), ("states", #"["REQUEST_STATE_SIGNED"]"#), ("pageSize", "10"),
                ("cursor", #""""#),
            ]
        ),
        ("CancelRequest", [("requestId", #""req_a""#), ("reason", #""r""#)]),
        ("ListWallets", [("pageSize", "5"), ("cursor", #""""#)]),
        ("GetWallet", [("walletId", #""hot""#)]),
        (
            "RegisterDeposit",
            [
                ("walletId", #""hot""#), ("txid", "\"" + String(repeating: "ab", count: 32) + "\""), ("vout", "1"),
                ("amount", #""1000""#),
            ]
        ),
        // waitSeconds is left at 0: a valid wait would hold the call.
        ("WatchRequests", [("cursor", #""""#), ("walletId", #""hot""#), ("pageSize", "3")]),
    ]

    /// Values of every JSON type, and out-of-range ones.
    static let hostileValues = [
        "null", "true", "0", "-1", "1.5", "1e3", "1e309", "-0", "99999999999999999999999", #""""#,
        #""-9223372036854775809""#, "\"" + String(repeating: "x", count: 70_000) + "\"", #""\u0000""#,
        #""\ud800""#, "[]", "[null]", "{}", #"{"a": 1}"#, #""REQUEST_STATE_UNSPECIFIED""#, "17",
        #""not base64!""#, "[1, 2, 3]", #""\u001b[31m""#,
    ]

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// One malformed body for `method`, chosen by `generator`.
    static func body(_ fields: [(String, String)], _ generator: inout SeededGenerator) -> [UInt8] {
        let valid = Array(object(fields).utf8)
        switch Int.random(in: 0..<11, using: &generator) {
        case 0:  // a field of the wrong type or out of range
            var changed = fields
            let index = Int.random(in: 0..<changed.count, using: &generator)
            changed[index].1 = hostileValues.randomElement(using: &generator)!
            return Array(object(changed).utf8)
        case 1:  // a field missing
            var changed = fields
            changed.remove(at: Int.random(in: 0..<changed.count, using: &generator))
            return Array(object(changed).utf8)
        case 2:  // an unknown field, or a reserved one
            let name = ["initiator", "serviceId", "service_id", "x", "walletID", "__proto__"].randomElement(
                using: &generator)!
            return Array(object(fields + [(name, #""engine""#)]).utf8)
        case 3:  // truncated
            return Array(valid.prefix(Int.random(in: 0..<valid.count, using: &generator)))
        case 4:  // invalid UTF-8 inside a string
            var bytes = valid
            let position = bytes.firstIndex(of: UInt8(ascii: "\"")).map { $0 + 1 } ?? 0
            bytes.insert(
                contentsOf: [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]].randomElement(
                    using: &generator)!, at: min(position, bytes.count))
            return bytes
        case 5:  // nested too deep
            let depth = Int.random(in: 9...600, using: &generator)
            return Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        case 6:  // a key given twice, or under both its names
            let (name, value) = fields.randomElement(using: &generator)!
            let snake = name.replacingOccurrences(of: "([A-Z])", with: "_$1", options: .regularExpression).lowercased()
            return Array(object(fields + [(Bool.random(using: &generator) ? name : snake, value)]).utf8)
        case 7:  // random bytes
            return (0..<Int.random(in: 0..<256, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
        case 8:  // not an object
            return Array(
                ["[]", "null", "\"{}\"", "42", " ", "{}{}", #"{"a":}"#].randomElement(using: &generator)!.utf8)
        case 9:  // trailing bytes after the object
            return valid + Array([" x", "}", ",", "\u{0}"].randomElement(using: &generator)!.utf8)
        default:  // oversized: over the 1 MiB limit
            return Array(object(fields + [("memo", "\"" + String(repeating: "a", count: 1_100_000) + "\"")]).utf8)
        }
    }

    @Test func hundredsOfMalformedBodiesPerMethodAreEachAnsweredWithAConnectErrorNeverA5xxOrAHang() throws {
        let (cluster, _) = try ServiceAPITests.makeCluster()
        defer { cluster.stopAll() }
        var generator = SeededGenerator(seed: 0xC0_FFEE)
        var answered: [String: [Int: Int]] = [:]
        for method in Self.methods {
            for index in 0..<Self.bodiesPerMethod {
                let body = Self.body(method.fields, &generator)
                let response = try LoopbackHTTP.request(
                    port: cluster.coordinatorPort, "/custody.v1.CustodyService/\(method.name)", method: "POST",
                    body: body,
                    headers: [
                        "Content-Type": "application/json", "Authorization": "Bearer \(ServiceAPITests.engineKey)",
                    ],
                    timeout: .seconds(20))
                answered[method.name, default: [:]][response.status, default: 0] += 1
                guard response.status != 200 else { continue }
                #expect(
                    (400..<500).contains(response.status),
                    "\(method.name) #\(index): \(response.status) \(response.body)")
                let error = ConnectError.decodeBody(response.bodyBytes, httpStatus: response.status)
                #expect(error.httpStatus == response.status, "\(method.name) #\(index): \(response.body)")
                #expect(
                    response.body.contains(#""code":"\#(error.code.rawValue)""#),
                    "\(method.name) #\(index): a Connect error body, not an inferred code: \(response.body.prefix(300))"
                )
            }
        }
        // Each method refused most of what it was sent, and the coordinator still serves.
        for method in Self.methods {
            let refused = answered[method.name, default: [:]].filter { $0.key != 200 }.values.reduce(0, +)
            #expect(refused >= Self.bodiesPerMethod * 3 / 4, "\(method.name): \(answered[method.name] ?? [:])")
        }
        let health = try LoopbackHTTP.request(port: cluster.coordinatorPort, "/healthz")
        #expect(health.status == 200)
        #expect(cluster.coordinator.isRunning)
    }
}
