import Foundation
public import Policy

/// The policy examples of the repository (`Policies/examples`), read once from the checkout the
/// fuzz targets were built in: the exchange policy and the signed request, approvals and history
/// that go with it, each read as `custody policy eval` reads it (`PolicyDecoder`,
/// `PolicyInputDecoder`).
public enum PolicyFixture {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../Policies/examples").standardized

    static func contents(_ name: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: examples.appendingPathComponent(name).path) else {
            fatalError("cannot read \(name) in \(examples.path)")
        }
        return Array(data)
    }

    static func read<Value>(_ name: String, _ decode: ([UInt8]) throws(PolicyError) -> Value) -> Value {
        do {
            return try decode(contents(name))
        } catch {
            fatalError("the example \(name) does not decode: \(error)")
        }
    }

    public static let policy: Policy = read("exchange.yaml") { bytes throws(PolicyError) in
        try PolicyDecoder.decode(bytes: bytes, file: "exchange.yaml")
    }
    public static let request: SignedRequest = read("request.json", PolicyInputDecoder.signedRequest(json:))
    public static let approvals: [SignedApproval] = read("approvals.json", PolicyInputDecoder.approvals(json:))
    public static let history: History = read("history.json", PolicyInputDecoder.history(json:))

    /// Decides `request` under the example policy, received when it was made and decided an hour
    /// later.
    public static func decide(
        _ request: SignedRequest = request, approvals: [SignedApproval] = approvals, history: History = history
    ) -> Decision {
        PolicyEngine.evaluate(
            policy: policy, request: request, approvals: approvals, history: history,
            receivedAt: request.request.createdAt, now: request.request.createdAt.adding(3600))
    }

    /// `value` written by `encode` in canonical JSON (`JSONWriter.canonical`), which must read
    /// back through `decode` to the same value: a violated property stops the fuzzer otherwise.
    /// Returns the value read back.
    public static func requireRoundTrip<Value: Equatable>(
        _ value: Value, _ encode: (Value) -> JSONValue, _ decode: ([UInt8]) throws(PolicyError) -> Value,
        _ what: String
    ) -> Value {
        let encoded = JSONWriter.canonical(encode(value))
        guard let again = try? decode(encoded) else {
            fatalError("property violated: \(what) that reads does not read again once written")
        }
        if again != value { fatalError("property violated: \(what) changes through its canonical JSON") }
        if JSONWriter.canonical(encode(again)) != encoded {
            fatalError("property violated: the canonical JSON of \(what) is no fixed point")
        }
        return again
    }
}
