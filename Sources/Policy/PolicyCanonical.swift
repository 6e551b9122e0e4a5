import Crypto
import Foundation

/// The canonical encodings that hashes and signatures cover.
///
/// A policy's canonical encoding is the UTF-8 JSON of its parsed model (every field, defaults
/// filled in, durations in seconds, times in RFC 3339 UTC) with object keys sorted and no
/// insignificant whitespace, prefixed by the domain tag `custody.policy.v1` and a newline. Its
/// SHA-256 is the policy hash. Comments, key order and YAML style do not change it; every
/// change of meaning does.
public enum PolicyCanonical {
    static let policyTag = Array("custody.policy.v1\n".utf8)

    /// The canonical JSON of an encodable value: sorted keys, no whitespace, `/` unescaped.
    static func json(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The model holds only strings, integers, booleans, arrays and objects: it always encodes.
        return Array(try! encoder.encode(value))
    }

    /// The canonical encoding of a policy (the bytes its hash covers).
    public static func encoding(of policy: Policy) -> [UInt8] { policyTag + json(policy) }

    static func encode(
        roles: [Role], services: [String], wallets: [Wallet], allowlists: [Allowlist], rules: [Rule],
        governance: Governance, rebalancing: [RebalancingPlan], version: Int, name: String
    ) -> [UInt8] {
        struct Body: Encodable {
            let version: Int
            let name: String
            let roles: [Role]
            let services: [String]
            let wallets: [Wallet]
            let allowlists: [Allowlist]
            let rules: [Rule]
            let governance: Governance
            let rebalancing: [RebalancingPlan]
        }
        return policyTag
            + json(
                Body(
                    version: version, name: name, roles: roles, services: services, wallets: wallets,
                    allowlists: allowlists, rules: rules, governance: governance, rebalancing: rebalancing))
    }

    static func digest(of bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
