import CPKCS11
import Crypto
import CustodyTestSupport
import Foundation
import Testing

@testable import PKCS11

/// Identity signatures: one valid signature per statement, so that no one can alter a
/// signature into another that still identifies its signer.
@Suite struct IdentitySignatureTests {
    /// Anyone can turn (r, s) into (r, n − s), which the plain ECDSA equation also accepts.
    @Test(arguments: IdentityCurve.allCases)
    func aSignatureMalleatedToHighSIsRefused(curve: IdentityCurve) throws {
        let token = try SoftHSM.preparedToken("high-s", curve: curve)
        let key = try IdentityPublicKey(curve: curve, sec1: try token.identityPublicKey().key)
        var generator = SystemRandomNumberGenerator()
        // An HSM returns a high s about half of the time: 24 signatures all but surely include one.
        for _ in 0..<24 {
            let digest = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = try token.signWithIdentity(digest: digest)
            let s = Array(signature[32...])
            #expect(curve.isLowS(s), "Custody signs with low s")
            #expect(key.isValidSignature(signature, digest: digest))
            let malleated = Array(signature[..<32]) + curve.negatedS(s)
            #expect(!curve.isLowS(Array(malleated[32...])))
            #expect(!key.isValidSignature(malleated, digest: digest), "a high-s twin of a valid signature is refused")
            if curve == .p256 {
                // The malleated signature satisfies the ECDSA equation: an independent
                // implementation with no low-s rule (swift-crypto) accepts both.
                let publicKey = try P256.Signing.PublicKey(x963Representation: key.uncompressed)
                let twin = try P256.Signing.ECDSASignature(rawRepresentation: malleated)
                #expect(publicKey.isValidSignature(twin, for: PrehashedDigest(bytes: digest)))
            }
        }
    }

    @Test func lowSBoundaryAndOrderArithmetic() {
        for curve in IdentityCurve.allCases {
            let half = curve.halfOrder
            #expect(curve.isLowS(half))
            var above = half
            above[31] += 1
            #expect(!curve.isLowS(above))
            // n − ⌊n/2⌋ = ⌊n/2⌋ + 1, and negating twice gives the value back.
            #expect(curve.negatedS(half) == above)
            #expect(curve.negatedS(curve.negatedS(above)) == above)
            #expect(!curve.isLowS([UInt8](repeating: 0, count: 31)))
        }
        // The orders, as published (SEC 2).
        #expect(
            IdentityCurve.secp256k1.order.map { String(format: "%02x", $0) }.joined()
                == "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        #expect(
            IdentityCurve.p256.order.map { String(format: "%02x", $0) }.joined()
                == "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
    }

    @Test(arguments: IdentityCurve.allCases)
    func malformedSignaturesAreRefused(curve: IdentityCurve) throws {
        let token = try SoftHSM.preparedToken("bad-signatures", curve: curve)
        let key = try IdentityPublicKey(curve: curve, sec1: try token.identityPublicKey().key)
        let digest = [UInt8](repeating: 7, count: 32)
        let signature = try token.signWithIdentity(digest: digest)
        #expect(key.isValidSignature(signature, digest: digest))
        #expect(!key.isValidSignature(Array(signature.prefix(63)), digest: digest))
        #expect(!key.isValidSignature(signature + [0], digest: digest))
        #expect(!key.isValidSignature(signature, digest: Array(digest.prefix(31))))
        #expect(!key.isValidSignature([UInt8](repeating: 0, count: 64), digest: digest))
        #expect(!key.isValidSignature(curve.order + Array(signature[32...]), digest: digest))
        var flipped = signature
        flipped[5] ^= 1
        #expect(!key.isValidSignature(flipped, digest: digest))
    }
}

/// The identity public key decides who a signer is to the others; its public object can be
/// replaced by anyone who reaches the HSM without the PIN.
@Suite struct IdentityKeyTakeoverTests {
    @Test func anIdentityPublicKeyReplacedWithoutThePINIsRefused() throws {
        let label = try SoftHSM.makeToken("identity-takeover")
        do {
            let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
            try token.ensureIdentityKey(curve: .secp256k1)
        }
        // The token is closed; a session without the PIN replaces the public half with the
        // generator, a point the attacker knows the key of (1).
        let planted = PeerPointTests.generator[.secp256k1]!
        try CheckpointKeyTakeoverTests.withUnauthenticatedSession(label: label) { session, functions in
            let find = AttributeTemplate().add(UInt(CKA_LABEL), string: HSMToken.identityKeyLabel)
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY))
            _ = find.withAttributes { functions.pointee.C_FindObjectsInit(session, $0, $1) }
            var handles = [UInt](repeating: 0, count: 4)
            var found: UInt = 0
            _ = functions.pointee.C_FindObjects(session, &handles, 4, &found)
            _ = functions.pointee.C_FindObjectsFinal(session)
            try #require(found == 1)
            #expect(functions.pointee.C_DestroyObject(session, handles[0]) == 0)
            let template = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC))
                .add(UInt(CKA_EC_PARAMS), bytes: IdentityCurve.secp256k1.parameters)
                .add(UInt(CKA_EC_POINT), bytes: [0x04, 65] + planted)
                .add(UInt(CKA_LABEL), string: HSMToken.identityKeyLabel).add(UInt(CKA_TOKEN), bool: true)
                .add(UInt(CKA_VERIFY), bool: true)
            var object: UInt = 0
            #expect(template.withAttributes { functions.pointee.C_CreateObject(session, $0, $1, &object) } == 0)
        }
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        do {
            let (_, key) = try token.identityPublicKey()
            #expect(key != planted, "the planted key was reported as the signer's identity")
            Issue.record("read an identity public key that is not the private key's")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.reason.contains("not one pair"))
        }
    }
}
