import Crypto
import Custody
import Encoding
import Policy

/// Officer and service keys from public seeds, SHA-256("custody-signing-service-test:" + id), a
/// policy that gives them roles, and bundles as an honest coordinator builds them.
enum Officers {
    static func key(_ id: String) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(
            rawRepresentation: Array(SHA256.hash(data: Array("custody-signing-service-test:\(id)".utf8))))
    }

    static func publicKey(_ id: String) -> String {
        "ed25519:" + Hex.encode(Array(key(id).publicKey.rawRepresentation))
    }

    /// When requests are created; the signers' clocks read ten minutes later.
    static let start = Instant(rfc3339: "2026-03-02T10:00:00Z")!

    /// `small` lets the engine send up to 1,000,000 from `hot` (key `k1`) at once; `large`
    /// takes two of treasury and a one-hour time lock.
    static let policy = try! PolicyDecoder.decode(
        yaml: """
            version: 1
            name: signing-service-test
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
              cold: {asset: BTC, tier: cold, key: k2}
            rules:
              - id: small
                match: {wallets: [hot], amount: {max: 1_000_000}, initiators: [engine]}
                action: allow
                velocity:
                  - {scope: wallet, window: 24h, max-amount: 1_500_000}
              - id: large
                match: {wallets: [hot]}
                action: approve
                approvals: [{role: treasury, min: 2}]
                time-lock: 1h
              - id: cold-out
                match: {wallets: [cold]}
                action: approve
                approvals: [{role: risk, min: 1}]
            governance:
              change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
              freeze: {roles: [risk]}
              unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
            """, file: "test.yaml")

    /// The policy versions every signer adopted: `policy`, a day before `start`.
    static var adopted: AdoptedPolicies { AdoptedPolicies(genesis: policy, activatesAt: start.adding(-86_400)) }

    /// A sighash-like message: SHA-256 of `text`.
    static func message(_ text: String = "a sighash") -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    static func transfer(
        _ id: String = "tx-1", wallet: String = "hot", amount: Int64 = 500_000, message: [UInt8] = message()
    ) -> PolicyRequest {
        PolicyRequest(
            id: id, wallet: wallet, amount: amount, destination: .init(address: "bc1qcustomer"), initiator: "engine",
            createdAt: start, payload: .init(kind: .digest, hash: message))
    }

    static func sign(_ request: PolicyRequest, by id: String? = nil) -> SignedRequest {
        SignedRequest(
            request: request,
            signature: Array(
                try! key(id ?? request.initiator).signature(for: SignedRequest.signedBytes(digest: request.digest))))
    }

    static func approve(_ officer: String, _ request: PolicyRequest, signedBy signer: String? = nil) -> SignedApproval {
        let statement = ApprovalStatement(
            requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: officer,
            at: request.createdAt.adding(60))
        return SignedApproval(
            statement: statement, signature: Array(try! key(signer ?? officer).signature(for: statement.canonicalBytes))
        )
    }

    /// A bundle for `request`, approved by `officers`, asking for the message its payload binds.
    static func bundle(
        _ request: PolicyRequest, approvedBy officers: [String] = [], signedBy initiator: String? = nil,
        messages: [[UInt8]]? = nil
    ) -> AuthorizationBundle {
        AuthorizationBundle(
            request: sign(request, by: initiator), approvals: officers.map { approve($0, request) },
            policy: policy.hash, messages: messages ?? [request.payload!.hash])
    }
}
