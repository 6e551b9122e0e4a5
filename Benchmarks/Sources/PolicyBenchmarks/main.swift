// The policy engine benchmark: a 200-rule policy, a 10,000-entry velocity history, one
// evaluation of a request that only the last rule matches (every rule is tried); then the
// validation of a 10,000-rule policy.
import Crypto
import Foundation
import Policy

let key = "ed25519:a0f63fcb831b21d32c0597604be3f8b88bd902f507c510d4ef097ba127b865c9"
let engineKey = Curve25519.Signing.PrivateKey()
let engineHex = engineKey.publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined()
var yaml = """
    version: 1
    name: benchmark
    roles:
      treasury:
        - {id: alice, key: "\(key)"}
    services: [{id: engine, key: "ed25519:\(engineHex)"}]
    wallets:

    """
for index in 0..<200 { yaml += "  w\(index): {asset: BTC, tier: hot, key: k\(index)}\n" }
yaml += "rules:\n"
for index in 0..<200 {
    yaml += """
          - id: r\(index)
            match: {wallets: w\(index), destinations: external, amount: {max: 100_000_000}}
            action: allow
            velocity:
              - {scope: wallet, window: 24h, max-amount: 100_000_000_000, max-count: 20_000}
              - {scope: rule, window: 1h, max-amount: 50_000_000_000}

        """
}
yaml += """
    governance:
      change: {approvals: [{role: treasury, min: 1}], activation-delay: 48h}
      freeze: {roles: [treasury]}
      unfreeze: {approvals: [{role: treasury, min: 1}], delay: 1h}
    """

let policy = try PolicyDecoder.decode(yaml: yaml, file: "benchmark.yaml")
let now = Instant(rfc3339: "2025-03-03T10:00:00Z")!
let history = History(
    transfers: (0..<10_000).map { index in
        History.Transfer(
            request: "h\(index)", wallet: "w\(index % 3 == 0 ? 199 : index % 200)", amount: 10_000,
            at: now.adding(-Int64(index) * 17), rule: "r\(index % 200)")
    })
let buildStart = DispatchTime.now().uptimeNanoseconds
let index = HistoryIndex(history)
let buildNanoseconds = DispatchTime.now().uptimeNanoseconds - buildStart
let body = PolicyRequest(
    id: "bench", wallet: "w199", amount: 50_000, destination: .init(address: "bc1qcustomer"), initiator: "engine",
    createdAt: now)
let request = SignedRequest(
    request: body, signature: Array(try engineKey.signature(for: SignedRequest.signedBytes(digest: body.digest))))

var allowed = 0
let iterations = 100_000
for _ in 0..<1000 {
    allowed +=
        PolicyEngine.evaluate(
            policy: policy, request: request, approvals: [], history: index, receivedAt: now, now: now
        ).outcome
            == .allowed ? 1 : 0
}
var best = Double.infinity
for _ in 0..<5 {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations {
        let decision = PolicyEngine.evaluate(
            policy: policy, request: request, approvals: [], history: index, receivedAt: now, now: now)
        allowed += decision.outcome == .allowed ? 1 : 0
    }
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
}
precondition(allowed == 1000 + 5 * iterations, "the benchmark request must be allowed by r199")
print(String(format: "policy evaluate (200 rules, 10,000-entry history): %.2f µs per evaluation", best / 1000))
// Worst case: 200 rules on the same wallet, every one tried before the last matches.
var ladder = yaml.components(separatedBy: "rules:\n")[0] + "rules:\n"
for index in 0..<199 {
    ladder += """
          - id: l\(index)
            match: {wallets: w199, destinations: external, amount: {min: \(index * 2 + 1), max: \(index * 2 + 2)}}
            action: allow
            velocity:
              - {scope: wallet, window: 24h, max-amount: 100_000_000_000}

        """
}
ladder += """
      - id: r199
        match: {wallets: w199, destinations: external}
        action: allow
        velocity:
          - {scope: wallet, window: 24h, max-amount: 100_000_000_000, max-count: 20_000}
    governance:
      change: {approvals: [{role: treasury, min: 1}], activation-delay: 48h}
      freeze: {roles: [treasury]}
      unfreeze: {approvals: [{role: treasury, min: 1}], delay: 1h}
    """
let ladderPolicy = try PolicyDecoder.decode(yaml: ladder, file: "ladder.yaml")
var ladderBest = Double.infinity
for _ in 0..<5 {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations {
        let decision = PolicyEngine.evaluate(
            policy: ladderPolicy, request: request, approvals: [], history: index, receivedAt: now, now: now)
        allowed += decision.outcome == .allowed ? 1 : 0
    }
    ladderBest = min(ladderBest, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
}
print(String(format: "policy evaluate, 200 rules on one wallet, all tried: %.2f µs per evaluation", ladderBest / 1000))
print(String(format: "history index build (10,000 entries): %.2f ms", Double(buildNanoseconds) / 1e6))

// Validation of a 10,000-rule policy, every rule on one wallet with its own band of amounts.
var large = yaml.components(separatedBy: "rules:\n")[0] + "rules:\n"
for index in 0..<10_000 {
    large +=
        "  - {id: b\(index), match: {wallets: w0, amount: {min: \(index * 10), max: \(index * 10 + 9)}}, "
        + "action: approve, approvals: [{role: treasury, min: 1}]}\n"
}
large += """
    governance:
      change: {approvals: [{role: treasury, min: 1}], activation-delay: 48h}
      freeze: {roles: [treasury]}
      unfreeze: {approvals: [{role: treasury, min: 1}], delay: 1h}
    """
var checkBest = Double.infinity
for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    let (checked, diagnostics) = PolicyDecoder.diagnose(yaml: large, file: "large.yaml")
    precondition(checked != nil && diagnostics.isEmpty, "\(diagnostics.prefix(3))")
    checkBest = min(checkBest, Double(DispatchTime.now().uptimeNanoseconds - start))
}
print(
    String(
        format: "policy check, 10,000 rules (%d KiB): %.0f ms", large.utf8.count / 1024, checkBest / 1e6))
