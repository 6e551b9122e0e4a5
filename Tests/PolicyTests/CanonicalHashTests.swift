import Crypto
import Foundation
import Policy
import Testing

/// The policy hash is pinned: the canonical encoding is defined byte for byte in
/// docs/policy.md, written without Foundation's encoder, and the shipped policies' hashes are
/// fixed here, so that no library upgrade can silently orphan every signed approval.
@Suite struct CanonicalHashTests {
    static let golden: [(path: String, hash: String)] = [
        ("Policies/default.yaml", "6f6fa80f7d11094a92e7d448e15e7784164a5dfcb8d39163fb71b6659a9d8826"),
        ("Policies/examples/exchange.yaml", "66cd9a08ab7c10cc29e61e79961993839f1d024c5b080827083821ecf42a7b33"),
        ("Policies/examples/fund.yaml", "8b6cc464770940c39e82121a97f2e477e69b2f5e33561bf6056d55744fb043e0"),
    ]

    @Test(arguments: golden.indices)
    func theShippedPoliciesHashAsPinned(index: Int) {
        let (path, hash) = Self.golden[index]
        let policy = Fixtures.policy(path)
        #expect(policy.hash.hex == hash, "\(path)")
        #expect(policy.hash.bytes == Array(SHA256.hash(data: PolicyCanonical.encoding(of: policy))))
    }

    static let small = """
        version: 1
        name: "tiny \\"quoted\\" \\\\ é"
        roles:
          ops:
            - {id: alice, key: "ed25519:a0f63fcb831b21d32c0597604be3f8b88bd902f507c510d4ef097ba127b865c9"}
        services:
          - {id: engine, key: "ed25519:8c94df5602500e0f0561240a5fb6b4eb1002521467b974642d6833e813bae205"}
        wallets:
          hot: {asset: BTC, tier: hot, key: k1}
        rules:
          - id: small
            match: {amount: {max: 1_000}, initiators: engine}
            action: allow
            velocity: [{scope: wallet, window: 1h, max-count: 10}]
          - id: rest
            action: approve
            approvals: [{role: ops, min: 1}]
            time-lock: 1h30m
            window: {days: mon-fri, hours: "09:00-17:00", time-zone: UTC}
        governance:
          change: {approvals: [{role: ops, min: 1}], activation-delay: 48h}
          freeze: {roles: [ops]}
          unfreeze: {approvals: [{role: ops, min: 1}], delay: 12h}
        """

    @Test func theCanonicalEncodingIsTheDocumentedBytes() throws {
        let policy = try PolicyDecoder.decode(yaml: Self.small, file: "tiny.yaml")
        let expected =
            "custody.policy.v1\n"
            + #"{"allowlists":[],"clockSkew":300,"governance":{"activationDelay":172800,"#
            + #""change":[{"min":1,"role":"ops"}],"freezeRoles":["ops"],"unfreeze":[{"min":1,"role":"ops"}],"#
            + #""unfreezeDelay":43200},"name":"tiny \"quoted\" \\ é","rebalancing":[],"#
            + #""roles":[{"id":"ops","members":[{"id":"alice","#
            + #""key":"ed25519:a0f63fcb831b21d32c0597604be3f8b88bd902f507c510d4ef097ba127b865c9"}]}],"#
            + #""rules":[{"action":"allow","approvals":null,"id":"small","#
            + #""match":{"amount":{"max":1000,"min":0},"assets":null,"destinations":null,"initiators":["engine"],"#
            + #""tiers":null,"wallets":null},"reason":null,"timeLock":0,"#
            + #""velocity":[{"maxAmount":null,"maxCount":10,"scope":"wallet","window":3600}],"window":null},"#
            + #"{"action":"approve","approvals":[{"min":1,"role":"ops"}],"id":"rest","#
            + #""match":{"amount":null,"assets":null,"destinations":null,"initiators":null,"tiers":null,"#
            + #""wallets":null},"reason":null,"timeLock":5400,"velocity":[],"#
            + #""window":{"days":[1,2,3,4,5],"end":1020,"start":540,"timeZone":"UTC"}}],"#
            + #""services":[{"id":"engine","#
            + #""key":"ed25519:8c94df5602500e0f0561240a5fb6b4eb1002521467b974642d6833e813bae205"}],"version":1,"#
            + #""wallets":[{"asset":"BTC","id":"hot","key":"k1","tier":"hot"}]}"#
        let actual = String(decoding: PolicyCanonical.encoding(of: policy), as: UTF8.self)
        #expect(actual == expected)
        #expect(policy.hash.bytes == Array(SHA256.hash(data: Array(expected.utf8))))
    }

    @Test func controlCharactersAreEscapedAsLowercaseUnicodeEscapes() {
        let bytes = JSONWriter.canonical(.string("a\u{1}\u{1F}\n\"\\/é"))
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\u0001\u001f\u000a\"\\/é""#)
    }

    /// The same P-256 key written compressed or uncompressed is one key, with one hash.
    @Test func aP256KeyHashesTheSameInEitherForm() throws {
        let key = try P256.Signing.PrivateKey(rawRepresentation: TestKeys.seed("carol")).publicKey
        let compressed = "p256:" + TestKeys.hex(Array(key.compressedRepresentation))
        let uncompressed = "p256:" + TestKeys.hex(Array(key.x963Representation))
        let a = Fixtures.decode(rules: "  - {id: r, action: allow}")
        let b = try PolicyDecoder.decode(
            yaml: Fixtures.yaml(rules: "  - {id: r, action: allow}").replacingOccurrences(
                of: compressed, with: uncompressed),
            file: "b.yaml")
        #expect(Fixtures.yaml(rules: "").contains(compressed))
        #expect(a.hash == b.hash)
        #expect(b.officer("carol")?.key.description == compressed)
    }
}
