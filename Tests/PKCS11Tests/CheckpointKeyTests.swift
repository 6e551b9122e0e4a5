import AuditLog
import CPKCS11
import Crypto
import Custody
import CustodyTestSupport
import Foundation
import Testing

@testable import PKCS11

/// Audit-log checkpoints signed by an Ed25519 key inside a real SoftHSM2 token.
@Suite struct CheckpointKeyTests {
    @Test func checkpointsSignedInTheHSMVerify() throws {
        let label = try SoftHSM.makeToken("checkpoint")
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        let signer = try HSMNoteSigner(token: token, name: "custody.example/audit")
        #expect(try token.ensureCheckpointKey() == false)

        // The key never leaves the token.
        try token.withSession { (session) throws(PKCS11Error) in
            let key = try token.findObject(
                label: HSMToken.checkpointKeyLabel, objectClass: UInt(CKO_PRIVATE_KEY), session: session)
            #expect(key != nil)
            if let key {
                #expect(token.boolAttribute(UInt(CKA_SENSITIVE), of: key, session: session) == true)
                #expect(token.boolAttribute(UInt(CKA_NEVER_EXTRACTABLE), of: key, session: session) == true)
                #expect(token.attribute(UInt(CKA_VALUE), of: key, session: session) == nil)
            }
        }

        // swift-crypto, an independent Ed25519 implementation, accepts the HSM's signatures.
        let message = Array("custody.example/audit\n1\nroot\n".utf8)
        let signature = try signer.sign(message)
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: signer.verifierKey.publicKey)
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: message + [0]))

        // A log whose checkpoints the HSM signed verifies OK.
        var writer = AuditLogWriter(origin: "custody.example/audit", genesisKey: signer.verifierKey)
        for index in 0..<20 {
            try writer.append(time: Int64(index), type: .requestCreated, actor: "svc", payload: Array("{}".utf8))
            if index % 7 == 6 { try writer.checkpoint(signer: signer) }
        }
        try writer.checkpoint(signer: signer)
        let verdict = try BundleVerifier.verify(writer.bundle.serialized(), trustedKey: signer.verifierKey)
        guard case .ok(let size, _, _) = verdict else {
            Issue.record("expected OK, got \(verdict)")
            return
        }
        #expect(size == 20)
    }
}

/// The checkpoint key's public half decides which verifier key goes into the audit log: nobody
/// without the PIN may choose it.
@Suite struct CheckpointKeyTakeoverTests {
    /// Runs `body` in a read-write session on the token that is not logged in (the process has
    /// no other session on the token), as anyone who can reach the HSM without the PIN can.
    static func withUnauthenticatedSession(
        label: String, _ body: (UInt, UnsafeMutablePointer<CK_FUNCTION_LIST>) throws -> Void
    ) throws {
        let functions = SoftHSM.module.functions
        let slot = try SoftHSM.module.token(labelOrSerial: label).slot
        var session: UInt = 0
        try #require(
            functions.pointee.C_OpenSession(slot, UInt(CKF_SERIAL_SESSION | CKF_RW_SESSION), nil, nil, &session) == 0)
        defer { _ = functions.pointee.C_CloseSession(session) }
        var info = CK_SESSION_INFO()
        try #require(functions.pointee.C_GetSessionInfo(session, &info) == 0)
        try #require(info.state == UInt(CKS_RW_PUBLIC_SESSION), "the session must not be logged in")
        try body(session, functions)
    }

    /// Creates a public (CKA_PRIVATE false) Ed25519 public-key object labelled as Custody's
    /// checkpoint key; returns the module's return value.
    static func plantPublicKey(
        _ key: [UInt8], session: UInt, functions: UnsafeMutablePointer<CK_FUNCTION_LIST>, private isPrivate: Bool
    ) -> UInt {
        let template = AttributeTemplate()
            .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC_EDWARDS))
            .add(UInt(CKA_EC_PARAMS), bytes: HSMToken.ed25519Parameters)
            .add(UInt(CKA_EC_POINT), bytes: [0x04, 32] + key)
            .add(UInt(CKA_LABEL), string: HSMToken.checkpointKeyLabel).add(UInt(CKA_TOKEN), bool: true)
            .add(UInt(CKA_PRIVATE), bool: isPrivate).add(UInt(CKA_VERIFY), bool: true)
        var object: UInt = 0
        return template.withAttributes { attributes, count in
            functions.pointee.C_CreateObject(session, attributes, count, &object)
        }
    }

    /// Every object labelled as the checkpoint key that `session` can see.
    static func checkpointObjects(session: UInt, functions: UnsafeMutablePointer<CK_FUNCTION_LIST>) -> [UInt] {
        let template = AttributeTemplate().add(UInt(CKA_LABEL), string: HSMToken.checkpointKeyLabel)
        _ = template.withAttributes { attributes, count in
            functions.pointee.C_FindObjectsInit(session, attributes, count)
        }
        defer { _ = functions.pointee.C_FindObjectsFinal(session) }
        var handles = [UInt](repeating: 0, count: 16)
        var found: UInt = 0
        _ = functions.pointee.C_FindObjects(session, &handles, 16, &found)
        return Array(handles.prefix(Int(found)))
    }

    @Test func aPublicKeyReplacedWithoutThePINIsNotAdoptedAsTheCheckpointKey() throws {
        let label = try SoftHSM.makeToken("checkpoint-takeover")
        let genuine: [UInt8]
        do {
            let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
            genuine = try HSMNoteSigner(token: token, name: "custody.example/audit").verifierKey.publicKey
        }
        // The token is closed: its last session is gone and the process is logged out.
        let attacker = Curve25519.Signing.PrivateKey()
        try Self.withUnauthenticatedSession(label: label) { session, functions in
            // Without the PIN no private object can be made...
            #expect(
                Self.plantPublicKey(
                    [UInt8](repeating: 1, count: 32), session: session, functions: functions, private: true)
                    == 0x101)  // CKR_USER_NOT_LOGGED_IN
            // ...but every public object can be destroyed, and a new one made.
            for object in Self.checkpointObjects(session: session, functions: functions) {
                _ = functions.pointee.C_DestroyObject(session, object)
            }
            #expect(
                Self.plantPublicKey(
                    Array(attacker.publicKey.rawRepresentation), session: session, functions: functions, private: false)
                    == 0)
        }
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        let signer = try HSMNoteSigner(token: token, name: "custody.example/audit")
        #expect(signer.verifierKey.publicKey != Array(attacker.publicKey.rawRepresentation))
        #expect(signer.verifierKey.publicKey == genuine)
        #expect(try token.ensureCheckpointKey() == false)
        let message = Array("custody.example/audit\n1\nroot\n".utf8)
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: signer.verifierKey.publicKey)
        #expect(publicKey.isValidSignature(try signer.sign(message), for: message))
    }

    @Test func aCheckpointPublicHalfOfAnotherKeyIsRefusedBeforeAnyCheckpointIsSigned() throws {
        let label = try SoftHSM.makeToken("checkpoint-mismatch")
        do {
            let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
            try token.ensureCheckpointKey()
            // With the PIN (a mistaken migration, a restored backup of another token): the
            // public half is replaced by another key's, as a private object.
            let other = Curve25519.Signing.PrivateKey()
            try token.withSession { (session) throws(PKCS11Error) in
                let functions = token.functions
                guard
                    let object = try token.findObject(
                        label: HSMToken.checkpointKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session,
                        privateOnly: true)
                else { throw PKCS11Error(.objectNotFound, "no public half") }
                try ReturnValue.check(functions.pointee.C_DestroyObject(session, object), "destroy")
                try ReturnValue.check(
                    Self.plantPublicKey(
                        Array(other.publicKey.rawRepresentation), session: session, functions: functions, private: true),
                    "plant")
            }
        }
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        for attempt in [
            { () throws -> Void in _ = try HSMNoteSigner(token: token, name: "custody.example/audit") },
            { () throws -> Void in _ = try token.signWithCheckpointKey(Array("note".utf8)) },
            { () throws -> Void in _ = try token.ensureCheckpointKey() },
        ] {
            do {
                try attempt()
                Issue.record("used a checkpoint public key that is not the private key's")
            } catch let error as PKCS11Error {
                #expect(error.code == .invalidInput)
                #expect(error.reason.contains("not one pair"))
            }
        }
    }
}
