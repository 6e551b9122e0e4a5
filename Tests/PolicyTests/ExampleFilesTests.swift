import Foundation
import Policy
import Testing

/// The example inputs under Policies/examples read strictly and decide as documented: their
/// signatures are checked, so a change to the policy hash or a digest shows up here.
@Suite struct ExampleFilesTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.repository.appendingPathComponent("Policies/examples/\(name)")))
    }

    @Test func theExampleRequestIsAllowedByHotLargeAtEleven() throws {
        let request = try PolicyInputDecoder.signedRequest(json: Self.bytes("request.json"))
        let approvals = try PolicyInputDecoder.approvals(json: Self.bytes("approvals.json"))
        let history = try PolicyInputDecoder.history(json: Self.bytes("history.json"))
        let decision = PolicyEngine.evaluate(
            policy: Fixtures.exchange, request: request, approvals: approvals, history: history,
            receivedAt: Fixtures.at("2025-03-03T10:00:00Z"), now: Fixtures.at("2025-03-03T11:00:00Z"))
        #expect(decision.outcome == .allowed, "\(decision.explanation)")
        #expect(decision.rule == "hot-large")
        #expect(decision.ignoredApprovals.isEmpty)
        #expect(approvals.allSatisfy { $0.statement.policy == Fixtures.exchange.hash })
    }

    @Test(arguments: ["request.json", "approvals.json", "history.json"])
    func theExamplesAreWrittenAsTheEncoderWritesThem(name: String) throws {
        let bytes = try Self.bytes(name)
        let value: JSONValue =
            switch name {
            case "request.json": PolicyInputEncoder.signedRequest(try PolicyInputDecoder.signedRequest(json: bytes))
            case "approvals.json": PolicyInputEncoder.approvals(try PolicyInputDecoder.approvals(json: bytes))
            default: PolicyInputEncoder.history(try PolicyInputDecoder.history(json: bytes))
            }
        #expect(JSONWriter.pretty(value) == String(decoding: bytes, as: UTF8.self))
    }
}
