import AuditLog
import CPKCS11
import Crypto
import Custody
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
