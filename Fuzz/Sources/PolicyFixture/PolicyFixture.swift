import Foundation
public import Policy

/// The policy examples of the repository (`Policies/examples`), read once from the checkout the
/// fuzz targets were built in: the exchange policy and the request, approvals and history that
/// go with it.
public enum PolicyFixture {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../Policies/examples").standardized

    static func contents(_ name: String) -> Data {
        guard let data = FileManager.default.contents(atPath: examples.appendingPathComponent(name).path) else {
            fatalError("cannot read \(name) in \(examples.path)")
        }
        return data
    }

    public static let policy: Policy = {
        do {
            return try PolicyDecoder.decode(
                yaml: String(decoding: contents("exchange.yaml"), as: UTF8.self), file: "exchange.yaml")
        } catch {
            fatalError("the example policy does not decode: \(error)")
        }
    }()
    public static let request = try! JSONDecoder().decode(PolicyRequest.self, from: contents("request.json"))
    public static let approvals = try! JSONDecoder().decode([SignedApproval].self, from: contents("approvals.json"))
    public static let history = try! JSONDecoder().decode(History.self, from: contents("history.json"))

    /// Decides `request` under the example policy, a minute after it was made.
    public static func decide(
        _ request: PolicyRequest = request, approvals: [SignedApproval] = approvals, history: History = history
    ) -> Decision {
        PolicyEngine.evaluate(
            policy: policy, request: request, approvals: approvals, history: history,
            now: request.createdAt.adding(3600))
    }
}
