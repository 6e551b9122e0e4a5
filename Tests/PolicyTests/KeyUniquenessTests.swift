import Crypto
import Policy
import Testing

/// One key, one person: the same public key under two ids filled two quorum slots.
@Suite struct KeyUniquenessTests {
    static func diagnostics(_ yaml: String) -> [String] {
        PolicyDecoder.diagnose(yaml: yaml, file: "k.yaml").1.map(\.message)
    }

    @Test func oneEd25519KeyUnderTwoOfficerIdsIsRefused() {
        let yaml = Fixtures.yaml(rules: "  - {id: r, action: allow}").replacingOccurrences(
            of: "- {id: bob, key: \"\(TestKeys.publicKey("bob"))\"}",
            with: "- {id: bob, key: \"\(TestKeys.publicKey("alice"))\"}")
        #expect(Self.diagnostics(yaml).contains { $0.contains("'bob' has the same key as 'alice'") })
    }

    @Test func theCompressedAndUncompressedFormsOfOneP256PointAreOneKey() throws {
        // A "second" officer, listed before carol, with carol's point uncompressed.
        let key = try P256.Signing.PrivateKey(rawRepresentation: TestKeys.seed("carol")).publicKey
        let uncompressed = "p256:" + TestKeys.hex(Array(key.x963Representation))
        let yaml = Fixtures.yaml(rules: "  - {id: r, action: approve, approvals: [{role: treasury, min: 2}]}")
            .replacingOccurrences(
                of: "- {id: bob, key: \"\(TestKeys.publicKey("bob"))\"}",
                with: "- {id: carol2, key: \"\(uncompressed)\"}")
        let messages = Self.diagnostics(yaml)
        #expect(messages.contains { $0.contains("'carol' has the same key as 'carol2'") }, "\(messages)")
    }

    @Test func aServiceCannotShareAnOfficersKey() {
        let yaml = Fixtures.yaml(rules: "  - {id: r, action: allow}").replacingOccurrences(
            of: TestKeys.publicKey("engine"), with: TestKeys.publicKey("dave"))
        #expect(Self.diagnostics(yaml).contains { $0.contains("'engine' has the same key as 'dave'") })
    }

    @Test func oneOfficerInTwoRolesKeepsOneKey() {
        // carol is in treasury and risk with the same key: that is one person, not a clash.
        #expect(Self.diagnostics(Fixtures.yaml(rules: "  - {id: r, action: allow}")).isEmpty)
    }

    @Test func aNonCanonicalEd25519EncodingIsRefused() {
        let nonCanonical = "ed25519:ee" + String(repeating: "ff", count: 30) + "7f"
        let yaml = Fixtures.yaml(rules: "  - {id: r, action: allow}").replacingOccurrences(
            of: TestKeys.publicKey("engine"), with: nonCanonical)
        #expect(Self.diagnostics(yaml).contains { $0.contains("Ed25519 key") })
    }
}
