import Encoding
import Secp256k1
import SecureMemory
import Testing

@testable import FROST

/// Every type that holds a secret share, nonce or coefficient: neither its description, its
/// debug description, `dump` nor its mirror shows the secret, in hex or as limbs.
@Suite struct RedactionTests {
    /// Everything a value can be printed as.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        let mirror = Mirror(reflecting: value)
        return [String(describing: value), String(reflecting: value), dumped, "\(mirror.children.map { $0 })"]
    }

    static func hex(_ secret: SecretBytes) -> String { secret.withUnsafeBytes { Hex.encode($0) } }

    /// Neither the hex of the secret nor its first 64-bit limb in decimal appears.
    static func expectRedacted(_ value: Any, hiding secret: SecretBytes, _ what: String) {
        let limb = secret.withUnsafeBytes { bytes in bytes[24..<32].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        for text in renderings(value) {
            #expect(!text.contains(hex(secret)), "\(what) shows its secret in hex: \(text)")
            #expect(!text.contains(String(limb)), "\(what) shows a limb of its secret: \(text)")
        }
    }

    @Test func scalarsAreRedacted() {
        let scalar = Scalar.random()
        Self.expectRedacted(scalar, hiding: scalar.secretBytes, "Scalar")
    }

    @Test func keyMaterialIsRedacted() throws {
        let (shares, _) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        let share = shares[0]
        let secret = share.signingShare.secret
        Self.expectRedacted(share.signingShare, hiding: secret, "SigningShare")
        Self.expectRedacted(share, hiding: secret, "SecretShare")
        let keyPackage = try share.verify()
        Self.expectRedacted(keyPackage, hiding: secret, "KeyPackage")
        // The public parts are still there to read.
        #expect(String(describing: keyPackage).contains(String(describing: keyPackage.verifyingShare)))
    }

    @Test func polynomialsAndRepairContributionsAreRedacted() {
        let coefficient = Scalar.random()
        let polynomial = Polynomial(coefficients: [coefficient, .random()])
        Self.expectRedacted(polynomial, hiding: coefficient.secretBytes, "Polynomial")
        let delta = Scalar.random()
        Self.expectRedacted(Repair.Contribution(delta), hiding: delta.secretBytes, "Repair.Contribution")
    }

    @Test func noncePoolsAreRedacted() throws {
        let (shares, _) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        let keyPackage = try shares[0].verify()
        let pool = Secp256k1SHA256Taproot.preprocess(count: 2, keyPackage: keyPackage)
        // Printed while it holds both pairs; the secrets are taken out afterwards to compare.
        let printed = Self.renderings(pool)
        var secrets: [SecretBytes] = []
        for commitments in pool.commitments {
            guard let nonces = pool.take(for: commitments) else {
                Issue.record("the pool lost its nonces")
                return
            }
            secrets += [nonces.hiding, nonces.binding]
            _ = consume nonces
        }
        for secret in secrets {
            for text in printed { #expect(!text.contains(Self.hex(secret)), "NoncePool shows a nonce: \(text)") }
        }
        #expect(printed[0].contains("2 nonces"))
    }

    @Test func dkgSecretsAreRedacted() throws {
        let identifiers = try (1...3).map { try Identifier($0) }
        var firsts: [Identifier: DKG.Round1Secret] = [:]
        var packages: [Identifier: DKG.Round1Package] = [:]
        let ceremony = try DKG.Ceremony(id: [UInt8](repeating: 0x5A, count: 16), participants: identifiers)
        for identifier in identifiers {
            let secret = try Secp256k1SHA256.dkgPart1(
                identifier: identifier, maxSigners: 3, minSigners: 2, ceremony: ceremony)
            firsts[identifier] = secret
            packages[identifier] = secret.package
        }
        let first = firsts[identifiers[0]]!
        Self.expectRedacted(first, hiding: first.polynomial.constant.secretBytes, "DKG.Round1Secret")
        let second = try Secp256k1SHA256.dkgPart2(
            secret: first, round1Packages: packages.filter { $0.key != identifiers[0] })
        Self.expectRedacted(second, hiding: second.ownShare, "DKG.Round2Secret")
        for (_, package) in second.packages {
            Self.expectRedacted(package, hiding: package.signingShare.secret, "DKG.Round2Package")
            Self.expectRedacted(second, hiding: package.signingShare.secret, "DKG.Round2Secret")
        }
    }
}
