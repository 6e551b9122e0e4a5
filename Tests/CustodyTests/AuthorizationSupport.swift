import Crypto
import Custody
import Encoding
import Policy

/// Officer and service keys from public seeds, SHA-256("custody-authorization-test:" + id), a
/// policy that gives them roles, and bundles built as an honest coordinator would build them.
enum Authorization {
    static func key(_ id: String) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(
            rawRepresentation: Array(SHA256.hash(data: Array("custody-authorization-test:\(id)".utf8))))
    }

    static func publicKey(_ id: String) -> String {
        "ed25519:" + Hex.encode(Array(key(id).publicKey.rawRepresentation))
    }

    static func at(_ text: String) -> Instant { Instant(rfc3339: text)! }

    /// When the request is created and first seen by the signer, in the tests that keep to time.
    static let start = at("2026-03-02T10:00:00Z")

    /// The policy file: `small` lets the engine send up to 1,000,000 from `hot` at once within
    /// 1,500,000 a day; `large` takes two of treasury and an hour; `cold` takes one of risk.
    static func policyYAML(name: String = "signer-authorization-test", risk: [String] = ["dave"]) -> String {
        """
        version: 1
        name: \(name)
        roles:
          treasury:
            - {id: alice, key: "\(publicKey("alice"))"}
            - {id: bob, key: "\(publicKey("bob"))"}
            - {id: carol, key: "\(publicKey("carol"))"}
          risk:
        \(risk.map { "    - {id: \($0), key: \"\(publicKey($0))\"}" }.joined(separator: "\n"))
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
        """
    }

    static func policy(_ yaml: String = policyYAML()) -> Policy {
        try! PolicyDecoder.decode(yaml: yaml, file: "test.yaml")
    }

    static let genesis = policy()

    /// A signer that adopted `genesis` a day before `start`.
    static func signer() -> SignerAuthorizer {
        SignerAuthorizer(policies: AdoptedPolicies(genesis: genesis, activatesAt: start.adding(-86_400)))
    }

    /// The one message of the default digest payload.
    static let message = Array(SHA256.hash(data: Array("a sighash".utf8)))

    static func transfer(
        _ id: String = "tx-1", wallet: String = "hot", amount: Int64 = 2_000_000, initiator: String = "engine",
        createdAt: Instant = start, payload: PolicyRequest.Payload? = .init(kind: .digest, hash: message)
    ) -> PolicyRequest {
        PolicyRequest(
            id: id, wallet: wallet, amount: amount, destination: .init(address: "bc1qcustomer"), initiator: initiator,
            createdAt: createdAt, payload: payload)
    }

    static func sign(_ request: PolicyRequest, by id: String? = nil) -> SignedRequest {
        let message = SignedRequest.signedBytes(digest: request.digest)
        return SignedRequest(
            request: request, signature: Array(try! key(id ?? request.initiator).signature(for: message)))
    }

    static func approve(
        _ officer: String, _ request: PolicyRequest, policy: Policy = genesis, at time: Instant? = nil,
        signedBy signer: String? = nil
    ) -> SignedApproval {
        let statement = ApprovalStatement(
            requestDigest: request.digest, policy: policy.hash, verdict: .approve, officer: officer,
            at: time ?? request.createdAt.adding(60))
        return SignedApproval(
            statement: statement, signature: Array(try! key(signer ?? officer).signature(for: statement.canonicalBytes))
        )
    }

    /// A bundle for `request` approved by `officers`, asking for the messages its payload binds.
    static func bundle(
        _ request: PolicyRequest, approvedBy officers: [String] = ["alice", "bob"], policy: Policy = genesis,
        messages: [[UInt8]]? = nil, document: [UInt8] = []
    ) -> AuthorizationBundle {
        AuthorizationBundle(
            request: sign(request), approvals: officers.map { approve($0, request, policy: policy) },
            policy: policy.hash, document: document, messages: messages ?? [request.payload?.hash ?? []])
    }
}

/// A reader of the test's stand-in for a PSBT: 32-byte messages laid end to end after a
/// `psbt` magic, one per input.
struct ConcatenatedSighashes: PayloadMessageReader {
    static let magic = Array("psbt".utf8)

    static func document(_ messages: [[UInt8]]) -> [UInt8] { magic + messages.flatMap { $0 } }

    func messages(of document: [UInt8], kind: PolicyRequest.Payload.Kind) -> [[UInt8]]? {
        guard kind == .psbt, document.starts(with: Self.magic) else { return nil }
        let body = Array(document.dropFirst(Self.magic.count))
        guard body.count % 32 == 0 else { return nil }
        return stride(from: 0, to: body.count, by: 32).map { Array(body[$0..<$0 + 32]) }
    }
}

/// A signer's own state as a driver keeps it: the authorizer, first-seen records and history.
struct SignerState {
    var authorizer = Authorization.signer()
    var firstSeen = FirstSeenMemory()
    var history = History()

    /// Authorizes `bundle` at `now`; on release, records it in the history as the daemon would.
    mutating func authorize(
        _ bundle: AuthorizationBundle, at now: Instant = Authorization.start,
        reader: some PayloadMessageReader = DigestPayloadsOnly()
    ) throws(AuthorizationRefusal) -> SigningRelease {
        let release = try authorizer.authorize(
            bundle, now: now, firstSeen: &firstSeen, history: history, reader: reader)
        history.record(release)
        return release
    }

    /// Adopts `adoption` at `now`, as the daemon would.
    mutating func adopt(_ adoption: PolicyAdoption, at now: Instant) throws(AuthorizationRefusal)
        -> AdoptedPolicies.Version
    {
        var authorizer = self.authorizer
        var records = firstSeen
        defer {
            self.authorizer = authorizer
            firstSeen = records
        }
        return try authorizer.adopt(adoption, now: now, firstSeen: &records, history: history)
    }

    /// The refusal of `adoption` at `now`, or nil when it is adopted.
    mutating func adoptionRefusal(_ adoption: PolicyAdoption, at now: Instant) -> AuthorizationRefusal? {
        do {
            _ = try adopt(adoption, at: now)
            return nil
        } catch {
            return error
        }
    }

    /// The refusal of `bundle` at `now`, or nil when it is released.
    mutating func refusal(
        _ bundle: AuthorizationBundle, at now: Instant = Authorization.start,
        reader: some PayloadMessageReader = DigestPayloadsOnly()
    ) -> AuthorizationRefusal? {
        do {
            _ = try authorize(bundle, at: now, reader: reader)
            return nil
        } catch {
            return error
        }
    }
}
