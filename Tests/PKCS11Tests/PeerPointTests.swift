import CustodyTestSupport
import Encoding
import Secp256k1
import Testing

@testable import PKCS11

/// ECDH with a peer's identity key: the peer's point is checked by Custody, before the HSM
/// sees it, so that an HSM that skips the check cannot be led into an invalid-curve attack.
@Suite struct PeerPointTests {
    /// The generators, as published (SEC 2): valid points of each curve.
    static let generator: [IdentityCurve: [UInt8]] = [
        .secp256k1: hex(
            "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
        .p256: hex(
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
    ]

    /// Each curve's field prime p.
    static let prime: [IdentityCurve: [UInt8]] = [
        .secp256k1: hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
        .p256: hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
    ]

    static func hex(_ text: String) -> [UInt8] { try! Hex.decode(text) }

    @Test(arguments: IdentityCurve.allCases)
    func invalidPeerPointsAreRefusedBeforeTheHSMSeesThem(curve: IdentityCurve) throws {
        let token = try SoftHSM.preparedToken("peer-points", curve: curve)
        let other: IdentityCurve = curve == .secp256k1 ? .p256 : .secp256k1
        let own = try token.identityPublicKey().key
        var offCurve = own
        offCurve[64] ^= 1
        // The generator's y with x = p: x is not a field element (p ≡ 0 would be the real x).
        let xIsPrime = [0x04] + Self.prime[curve]! + Array(Self.generator[curve]![33...])
        let attacks: [(String, [UInt8], String)] = [
            ("a point off the curve", offCurve, "not a point of \(curve.rawValue)"),
            ("a point of the other curve", Self.generator[other]!, "not a point of \(curve.rawValue)"),
            ("a coordinate equal to the field prime", xIsPrime, "not a point of \(curve.rawValue)"),
            ("(0, 0)", [0x04] + [UInt8](repeating: 0, count: 64), "not a point of \(curve.rawValue)"),
            ("the point at infinity", [0x00], "point at infinity"),
            ("a hybrid encoding", [0x06] + Array(own.dropFirst()), "SEC1"),
            ("a truncated point", Array(own.prefix(64)), "SEC1"),
        ]
        for (name, point, expected) in attacks {
            do {
                _ = try token.deriveSharedSecret(peerPublicKey: point)
                Issue.record("ECDH ran with \(name)")
            } catch {
                #expect(error.code == .invalidInput, "\(name)")
                #expect(error.reason.contains(expected), "\(name): \(error.reason)")
                // No CKR_ code: the refusal is Custody's, not the token's.
                #expect(error.returnValue == nil, "\(name) reached the HSM: \(error)")
            }
        }
    }

    @Test func aPeerKeyOnTheOtherCurveIsRefused() throws {
        let token = try SoftHSM.preparedToken("peer-curve", curve: .secp256k1)
        let p256Key = try IdentityPublicKey(curve: .p256, sec1: Self.generator[.p256]!)
        do {
            _ = try token.deriveSharedSecret(peer: p256Key)
            Issue.record("ECDH ran with a P-256 key on a secp256k1 token")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.reason.contains("p-256"))
            #expect(error.returnValue == nil)
        }
    }

    @Test(arguments: IdentityCurve.allCases)
    func compressedAndUncompressedPeerKeysAgree(curve: IdentityCurve) throws {
        let token = try SoftHSM.preparedToken("peer-forms", curve: curve)
        let generator = Self.generator[curve]!
        let compressed = [0x02 | (generator[64] & 1)] + Array(generator[1...32])
        let parsed = try IdentityPublicKey(curve: curve, sec1: compressed)
        #expect(parsed.uncompressed == generator)
        let viaBytes = try token.deriveSharedSecret(peerPublicKey: generator)
        #expect(try token.deriveSharedSecret(peerPublicKey: compressed) == viaBytes)
        #expect(try token.deriveSharedSecret(peer: parsed) == viaBytes)
        #expect(viaBytes.count == 32)
    }
}
