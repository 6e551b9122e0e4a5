import Crypto
import Custody
import Encoding
import Policy

/// Officer and service keys from public seeds, SHA-256("custody-authorization-test:" + id), as
/// the policy and authorization tests make them; a policy that gives them roles; and governed
/// changes as an honest coordinator would bring them.
enum Governance {
    static func key(_ id: String) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(
            rawRepresentation: Array(SHA256.hash(data: Array("custody-authorization-test:\(id)".utf8))))
    }

    static func publicKey(_ id: String) -> String {
        "ed25519:" + Hex.encode(Array(key(id).publicKey.rawRepresentation))
    }

    static func at(_ text: String) -> Instant { Instant(rfc3339: text)! }

    /// When the first change is created; the genesis version is in force from a day before.
    static let start = at("2026-03-02T10:00:00Z")
    static let genesisActivation = start.adding(-86_400)

    /// A policy whose changes take two of treasury and 48 hours.
    static func yaml(name: String) -> String {
        """
        version: 1
        name: \(name)
        roles:
          treasury:
            - {id: alice, key: "\(publicKey("alice"))"}
            - {id: bob, key: "\(publicKey("bob"))"}
            - {id: carol, key: "\(publicKey("carol"))"}
          risk:
            - {id: dave, key: "\(publicKey("dave"))"}
        services: [{id: engine, key: "\(publicKey("engine"))"}]
        wallets:
          hot: {asset: BTC, tier: hot, key: k1}
        rules:
          - id: small
            match: {wallets: [hot], amount: {max: 1_000_000}, initiators: [engine]}
            action: allow
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [risk]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
        """
    }

    static func file(_ name: String) -> [UInt8] { Array(yaml(name: name).utf8) }

    static func policy(_ name: String) -> Policy {
        try! PolicyDecoder.decode(yaml: yaml(name: name), file: "test.yaml")
    }

    static let genesis = policy("genesis")
    static let v2 = policy("version 2")
    static let v3 = policy("version 3")

    /// The first change (to `v2`) is first seen at `start` + 120 s; its delay ends 48 h later.
    static let seen = start.adding(120)
    static let earliest = seen.adding(48 * 3600)

    static func sign(_ request: PolicyRequest) -> SignedRequest {
        SignedRequest(
            request: request,
            signature: Array(
                try! key(request.initiator).signature(for: SignedRequest.signedBytes(digest: request.digest))))
    }

    static func approve(_ officer: String, _ request: PolicyRequest, under policy: Policy, signedBy: String? = nil)
        -> SignedApproval
    {
        let statement = ApprovalStatement(
            requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: officer,
            at: request.createdAt.adding(60))
        return SignedApproval(
            statement: statement,
            signature: Array(try! key(signedBy ?? officer).signature(for: statement.canonicalBytes)))
    }

    /// A governed change to `name`'s policy, created at `createdAt` by alice and approved under
    /// `governing` by `officers`.
    static func change(
        to name: String = "version 2", id: String = "change-1", createdAt: Instant = start,
        approvedBy officers: [String] = ["bob", "carol"], under governing: Policy = genesis,
        activatesAt: Instant = earliest, file: [UInt8]? = nil
    ) -> PolicyAdoption {
        let proposed = policy(name)
        let request = PolicyRequest(
            id: id, kind: .policyChange, initiator: "alice", createdAt: createdAt, newPolicy: proposed.hash)
        return PolicyAdoption(
            policyFile: file ?? Self.file(name), hash: proposed.hash, change: sign(request),
            approvals: officers.map { approve($0, request, under: governing) }, activatesAt: activatesAt)
    }
}
