import Foundation
import Policy

/// Policies, requests and approvals for the tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ relative: String) -> String {
        try! String(contentsOf: repository.appendingPathComponent(relative), encoding: .utf8)
    }

    static func policy(_ relative: String) -> Policy {
        do {
            return try PolicyDecoder.decode(yaml: text(relative), file: relative)
        } catch {
            fatalError("\(error)")
        }
    }

    static let exchange = policy("Policies/examples/exchange.yaml")
    static let fund = policy("Policies/examples/fund.yaml")
    static let standard = policy("Policies/default.yaml")

    static func at(_ text: String) -> Instant { Instant(rfc3339: text)! }

    /// 2025-03-03 is a Monday.
    static let monday = at("2025-03-03T10:00:00Z")

    static func transfer(
        _ id: String = "req-1", wallet: String, amount: Int64, address: String? = nil, to internalWallet: String? = nil,
        initiator: String = "withdrawal-engine", at created: Instant = monday
    ) -> PolicyRequest {
        PolicyRequest(
            id: id, wallet: wallet, amount: amount,
            destination: .init(
                address: address ?? (internalWallet == nil ? "bc1qcustomer" : nil), wallet: internalWallet),
            initiator: initiator, createdAt: created)
    }

    static func approve(
        _ officer: String, _ request: PolicyRequest, _ policy: Policy, at time: Instant? = nil,
        verdict: ApprovalStatement.Verdict = .approve
    ) -> SignedApproval {
        TestKeys.sign(
            ApprovalStatement(
                requestDigest: request.digest, policy: policy.hash, verdict: verdict, officer: officer,
                at: time ?? request.createdAt.adding(60)))
    }

    /// Evaluates `request`, signed by its initiator and received at its `createdAt` unless
    /// `receivedAt` says otherwise, an hour later unless `now` says otherwise.
    static func evaluate(
        _ policy: Policy, _ request: PolicyRequest, _ approvals: [SignedApproval] = [], history: History = History(),
        receivedAt: Instant? = nil, now: Instant? = nil
    ) -> Decision {
        PolicyEngine.evaluate(
            policy: policy, request: TestKeys.sign(request), approvals: approvals, history: history,
            receivedAt: receivedAt ?? request.createdAt, now: now ?? request.createdAt.adding(3600))
    }

    /// A minimal valid policy with `rules` spliced in, for validation and rule-kind tests.
    static func yaml(rules: String, extra: String = "") -> String {
        """
        version: 1
        name: test
        roles:
          treasury:
            - {id: alice, key: "\(TestKeys.publicKey("alice"))"}
            - {id: bob, key: "\(TestKeys.publicKey("bob"))"}
            - {id: carol, key: "\(TestKeys.publicKey("carol"))"}
          risk:
            - {id: dave, key: "\(TestKeys.publicKey("dave"))"}
            - {id: carol, key: "\(TestKeys.publicKey("carol"))"}
        services: [{id: engine, key: "\(TestKeys.publicKey("engine"))"}]
        wallets:
          hot: {asset: BTC, tier: hot, key: k1}
          warm: {asset: BTC, tier: warm, key: k2}
          cold: {asset: BTC, tier: cold, key: k3}
        allowlists:
          partners:
            cooldown: 24h
            addition: [{role: treasury, min: 1}]
            entries:
              - {address: bc1qpartner, label: Partner, added: 2025-03-01T00:00:00Z}
              - {address: bc1qnew, label: New, added: 2025-03-03T00:00:00Z}
        rules:
        \(rules)
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [risk]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
        \(extra)
        """
    }

    static func decode(rules: String, extra: String = "") -> Policy {
        do {
            return try PolicyDecoder.decode(yaml: yaml(rules: rules, extra: extra), file: "test.yaml")
        } catch {
            fatalError("\(error)")
        }
    }
}
