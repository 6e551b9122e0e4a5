import CPKCS11
import Crypto
import CustodyTestSupport
import Foundation
import Secp256k1
import SecureMemory
import Testing

@testable import PKCS11

/// Login, key attributes, identity keys and randomness on a real SoftHSM2 token.
@Suite struct TokenTests {
    @Test func wrongPINMissingTokenAndMissingModuleAreClearErrors() throws {
        let label = try SoftHSM.makeToken("errors")
        let wrong = SoftHSM.directory.appendingPathComponent("wrong.pin").path
        try "not-the-pin\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrong)
        do {
            _ = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(wrong))
            Issue.record("logged in with a wrong PIN")
        } catch {
            #expect(error.code == .loginFailed)
            #expect(error.returnValue == "CKR_PIN_INCORRECT")
            #expect(!error.description.contains("not-the-pin"))
        }
        do {
            _ = try HSMToken(module: SoftHSM.module, labelOrSerial: "no-such-token", pin: .file(SoftHSM.pinFile))
            Issue.record("found a token that does not exist")
        } catch {
            #expect(error.code == .tokenNotFound)
            #expect(error.reason.contains("no-such-token"))
        }
        do {
            _ = try PKCS11Module(path: "/nonexistent/libpkcs11.so")
            Issue.record("loaded a module that does not exist")
        } catch {
            #expect(error.code == .moduleNotLoaded)
        }
        do {
            _ = try PKCS11Module(path: "/bin/sh")
            Issue.record("loaded a program as a module")
        } catch {
            #expect(error.code == .moduleNotLoaded)
        }
        #expect(throws: PKCS11Error.self) {
            try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file("/nonexistent/pin"))
        }
        // A PIN file other users can read is refused before it is read.
        let shared = SoftHSM.directory.appendingPathComponent("shared.pin").path
        try (SoftHSM.userPIN + "\n").write(toFile: shared, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: shared)
        do {
            _ = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(shared))
            Issue.record("used a PIN file other users can read")
        } catch {
            #expect(error.code == .pinUnavailable)
            #expect(error.reason.contains("chmod 600"))
        }
        #expect(throws: PKCS11Error.self) {
            try HSMToken(
                module: SoftHSM.module, labelOrSerial: label, pin: .environment("CUSTODY_TEST_UNSET_PIN_VARIABLE"))
        }
    }

    @Test func keysAreSensitiveAndNeverExtractable() throws {
        let token = try SoftHSM.preparedToken("attributes")
        #expect(try token.ensureSealingKey() == false)
        #expect(try token.ensureIdentityKey(curve: .secp256k1) == false)
        try token.withSession { (session) throws(PKCS11Error) in
            let sealing = try token.findObject(
                label: HSMToken.sealingKeyLabel, objectClass: UInt(0x04), session: session)
            let identity = try token.findObject(
                label: HSMToken.identityKeyLabel, objectClass: UInt(0x03), session: session)
            #expect(sealing != nil && identity != nil)
            for key in [sealing, identity].compactMap({ $0 }) {
                #expect(token.boolAttribute(0x103, of: key, session: session) == true)  // CKA_SENSITIVE
                #expect(token.boolAttribute(0x162, of: key, session: session) == false)  // CKA_EXTRACTABLE
                #expect(token.boolAttribute(0x164, of: key, session: session) == true)  // CKA_NEVER_EXTRACTABLE
                #expect(token.boolAttribute(0x165, of: key, session: session) == true)  // CKA_ALWAYS_SENSITIVE
                #expect(token.attribute(0x011, of: key, session: session) == nil)  // CKA_VALUE is refused
                #expect(try token.wrapAttempt(key: key, session: session) != 0)
            }
        }
    }

    @Test(arguments: IdentityCurve.allCases)
    func identityKeySignsAndDerives(curve: IdentityCurve) throws {
        let token = try SoftHSM.preparedToken("identity", curve: curve)
        let (reportedCurve, publicKey) = try token.identityPublicKey()
        #expect(reportedCurve == curve)
        #expect(publicKey.count == 65)
        let digest = Array(SHA256.hash(data: Array("signer-2 says hello".utf8)))
        let signature = try token.signWithIdentity(digest: digest)
        #expect(signature.count == 64)
        switch curve {
        case .secp256k1:
            #expect(ECDSA.verify(signature: signature, digest: digest, publicKey: publicKey))
            #expect(!ECDSA.verify(signature: signature, digest: digest.reversed(), publicKey: publicKey))
        case .p256:
            // swift-crypto hashes the message itself: SHA-256 of the same text is the digest signed.
            let key = try P256.Signing.PublicKey(x963Representation: publicKey)
            let parsed = try P256.Signing.ECDSASignature(rawRepresentation: signature)
            #expect(key.isValidSignature(parsed, for: Array("signer-2 says hello".utf8)))
            #expect(!key.isValidSignature(parsed, for: Array("signer-2 says goodbye".utf8)))
        }
        #expect(throws: PKCS11Error.self) { try token.signWithIdentity(digest: [1, 2, 3]) }

        // ECDH with another token's identity key gives both sides the same secret.
        let peer = try SoftHSM.preparedToken("peer", curve: curve)
        let (_, peerKey) = try peer.identityPublicKey()
        let ours = try token.deriveSharedSecret(peerPublicKey: peerKey)
        let theirs = try peer.deriveSharedSecret(peerPublicKey: publicKey)
        #expect(ours.count == 32)
        #expect(ours == theirs)
        var bogus = peerKey
        bogus[64] ^= 1
        #expect(throws: PKCS11Error.self) { try token.deriveSharedSecret(peerPublicKey: bogus) }
        #expect(throws: PKCS11Error.self) { try token.deriveSharedSecret(peerPublicKey: [4, 1, 2]) }
    }

    @Test func randomBytesAreFreshAndMixed() throws {
        let token = try SoftHSM.preparedToken("random")
        let draws = try (0..<64).map { _ in try token.randomBytes(count: 32).withUnsafeBytes { Array($0) } }
        #expect(Set(draws).count == 64)
        #expect(draws.allSatisfy { $0.count == 32 && $0 != [UInt8](repeating: 0, count: 32) })
        #expect(try token.randomBytes(count: 0).count == 0)
    }
}

extension HSMToken {
    /// Tries to wrap `key` with a fresh session AES key (CKM_AES_KEY_WRAP_PAD); returns the
    /// module's return value, 0 if the key came out.
    func wrapAttempt(key: UInt, session: UInt) throws(PKCS11Error) -> UInt {
        let template = AttributeTemplate()
            .add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_AES))
            .add(UInt(CKA_VALUE_LEN), ulong: 32).add(UInt(CKA_TOKEN), bool: false).add(UInt(CKA_WRAP), bool: true)
            .add(UInt(CKA_ENCRYPT), bool: true)
        var generate = CK_MECHANISM(mechanism: UInt(CKM_AES_KEY_GEN), pParameter: nil, ulParameterLen: 0)
        var wrapping: UInt = 0
        try template.withAttributes { (attributes, count) throws(PKCS11Error) in
            try ReturnValue.check(
                functions.pointee.C_GenerateKey(session, &generate, attributes, count, &wrapping), "wrapping key")
        }
        defer { _ = functions.pointee.C_DestroyObject(session, wrapping) }
        var wrap = CK_MECHANISM(mechanism: UInt(CKM_AES_KEY_WRAP_PAD), pParameter: nil, ulParameterLen: 0)
        var output = [UInt8](repeating: 0, count: 4096)
        var length = UInt(output.count)
        return functions.pointee.C_WrapKey(session, &wrap, wrapping, key, &output, &length)
    }
}

@Suite struct HSMRandomnessTests {
    @Test func generatorServesWhatItFetched() throws {
        let token = try SoftHSM.preparedToken("generator")
        var generator = try HSMRandomNumberGenerator(token: token, byteCount: 64)
        var values: Set<UInt64> = []
        for _ in 0..<8 { values.insert(generator.next()) }
        #expect(values.count == 8)
        #expect(generator.remaining == 0)
        var other = try HSMRandomNumberGenerator(token: token, byteCount: 8)
        #expect(!values.contains(other.next()))
    }
}

/// Keys planted under Custody's labels by someone with access to the token.
@Suite struct PlantedKeyTests {
    /// Creates an AES-256 key labelled as Custody's sealing key, with the given protection.
    static func plantSealingKey(on token: HSMToken, private isPrivate: Bool, sensitive: Bool, extractable: Bool) throws
    {
        try token.withSession { (session) throws(PKCS11Error) in
            let template = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_AES))
                .add(UInt(CKA_VALUE_LEN), ulong: 32).add(UInt(CKA_LABEL), string: HSMToken.sealingKeyLabel)
                .add(UInt(CKA_TOKEN), bool: true).add(UInt(CKA_PRIVATE), bool: isPrivate)
                .add(UInt(CKA_SENSITIVE), bool: sensitive).add(UInt(CKA_EXTRACTABLE), bool: extractable)
                .add(UInt(CKA_ENCRYPT), bool: true).add(UInt(CKA_DECRYPT), bool: true)
            var mechanism = CK_MECHANISM(mechanism: UInt(CKM_AES_KEY_GEN), pParameter: nil, ulParameterLen: 0)
            var key: UInt = 0
            try template.withAttributes { (attributes, count) throws(PKCS11Error) in
                try ReturnValue.check(
                    token.functions.pointee.C_GenerateKey(session, &mechanism, attributes, count, &key), "plant")
            }
        }
    }

    @Test func anExtractablePrivateKeyUnderCustodysLabelIsRefused() throws {
        let label = try SoftHSM.makeToken("planted")
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        try Self.plantSealingKey(on: token, private: true, sensitive: false, extractable: true)
        do {
            try token.ensureSealingKey()
            Issue.record("reused a sealing key that can leave the token")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.reason.contains("not extractable"))
        }
        #expect(throws: PKCS11Error.self) { try token.seal(SecretBytes(copying: [1]), context: SealingTests.context) }
    }

    @Test func aPublicKeyUnderCustodysLabelIsIgnored() throws {
        let label = try SoftHSM.makeToken("public-plant")
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        // A public object (no PIN needed to create one) is never taken for Custody's key.
        try Self.plantSealingKey(on: token, private: false, sensitive: false, extractable: true)
        #expect(try token.ensureSealingKey() == true)
        let secret = SecretBytes(copying: [UInt8](repeating: 3, count: 32))
        let blob = try token.seal(secret, context: SealingTests.context)
        #expect(try token.unseal(blob, context: SealingTests.context) == secret)
    }
}
