internal import CPKCS11
import Crypto

extension HSMToken {
    /// The label of the Ed25519 key pair that signs audit-log checkpoints.
    public static let checkpointKeyLabel = "custody-checkpoint-key"

    /// DER of the edwards25519 curve's object identifier, 1.3.101.112 (CKA_EC_PARAMS).
    static let ed25519Parameters: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]

    /// Creates the checkpoint key pair (Ed25519, PKCS#11 3.0's CKK_EC_EDWARDS) inside the token
    /// unless it exists. The private half is sensitive, never extractable, for signing only;
    /// the public half is a private object too (CKA_PRIVATE), so that nobody without the PIN
    /// can replace or shadow it. An existing pair must pass the pair check
    /// (``checkpointPublicKey()``).
    /// - Returns: true when it created the pair.
    /// - Throws: `.invalidInput` when only one half is there, or the halves are not one pair.
    @discardableResult
    public func ensureCheckpointKey() throws(PKCS11Error) -> Bool {
        let created = try withSession { (session) throws(PKCS11Error) -> Bool in
            let privateKey = try keyHandle(
                label: Self.checkpointKeyLabel, objectClass: UInt(CKO_PRIVATE_KEY), session: session)
            let publicKey = try findObject(
                label: Self.checkpointKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session, privateOnly: true)
            switch (privateKey, publicKey) {
            case (nil, nil):
                break
            case (.some, .some):
                return false
            case (.some, nil):
                throw PKCS11Error(
                    .invalidInput,
                    "token \"\(info.label)\" has a checkpoint private key but no public half that is a private "
                        + "object (a public object can be replaced without the PIN); refusing to use it")
            case (nil, .some):
                throw PKCS11Error(
                    .invalidInput, "token \"\(info.label)\" has a checkpoint public key without its private key")
            }
            let publicTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC_EDWARDS))
                .add(UInt(CKA_EC_PARAMS), bytes: Self.ed25519Parameters)
                .add(UInt(CKA_LABEL), string: Self.checkpointKeyLabel).add(UInt(CKA_TOKEN), bool: true)
                .add(UInt(CKA_PRIVATE), bool: true).add(UInt(CKA_MODIFIABLE), bool: false)
                .add(UInt(CKA_VERIFY), bool: true)
            let privateTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PRIVATE_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC_EDWARDS))
                .add(UInt(CKA_LABEL), string: Self.checkpointKeyLabel).add(UInt(CKA_TOKEN), bool: true)
                .add(UInt(CKA_PRIVATE), bool: true).add(UInt(CKA_SENSITIVE), bool: true)
                .add(UInt(CKA_EXTRACTABLE), bool: false).add(UInt(CKA_SIGN), bool: true)
                .add(UInt(CKA_DERIVE), bool: false)
            try generateKeyPair(
                mechanism: UInt(CKM_EC_EDWARDS_KEY_PAIR_GEN), publicTemplate: publicTemplate,
                privateTemplate: privateTemplate, session: session, what: "generating the Ed25519 checkpoint key pair")
            return true
        }
        _ = try checkpointPublicKey()
        return created
    }

    /// The checkpoint key's 32-byte Ed25519 public key, proven to belong to the private key:
    /// the token signs a fresh random message with the private half, and both the token (with
    /// the public object) and swift-crypto (with the 32 bytes returned) must verify it. The
    /// proof is done once per ``HSMToken`` and again after a key handle went stale.
    /// - Throws: `.objectNotFound` without a key; `.invalidInput` when the halves are not one
    ///   pair.
    public func checkpointPublicKey() throws(PKCS11Error) -> [UInt8] {
        if let proven = provenCheckpointKey.withLock({ $0 }) { return proven }
        let proven = try withSession { (session) throws(PKCS11Error) -> [UInt8] in
            guard
                let object = try findObject(
                    label: Self.checkpointKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session,
                    privateOnly: true),
                let point = attribute(UInt(CKA_EC_POINT), of: object, session: session)
            else {
                throw PKCS11Error(.objectNotFound, "token \"\(info.label)\" has no checkpoint key")
            }
            // CKA_EC_POINT holds the 32 bytes, raw or as a DER OCTET STRING.
            let publicKey: [UInt8]
            if point.count == 34, point[0] == 0x04, point[1] == 32 {
                publicKey = Array(point.dropFirst(2))
            } else if point.count == 32 {
                publicKey = point
            } else {
                throw PKCS11Error(.moduleError, "the token returned an Ed25519 point Custody does not understand")
            }
            let privateKey = try checkpointPrivateKey(session: session)
            var generator = SystemRandomNumberGenerator()
            let challenge =
                Array("custody checkpoint key pair check\n".utf8)
                + (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = try sign(
                challenge, key: privateKey, mechanism: UInt(CKM_EDDSA), session: session, name: "EdDSA")
            let inToken = try verify(
                signature, of: challenge, key: object, mechanism: UInt(CKM_EDDSA), session: session, name: "EdDSA")
            let inSoftware =
                (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey))?.isValidSignature(
                    signature, for: challenge) ?? false
            guard inToken, inSoftware else {
                throw PKCS11Error(
                    .invalidInput,
                    "the checkpoint public and private keys on token \"\(info.label)\" are not one pair; "
                        + "refusing to use them")
            }
            return publicKey
        }
        provenCheckpointKey.withLock { $0 = proven }
        return proven
    }

    /// Signs a message (the whole note text; Ed25519 hashes it itself) with the checkpoint key,
    /// after the pair check of ``checkpointPublicKey()``.
    public func signWithCheckpointKey(_ message: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        _ = try checkpointPublicKey()
        return try withSession { (session) throws(PKCS11Error) in
            try sign(
                message, key: try checkpointPrivateKey(session: session), mechanism: UInt(CKM_EDDSA), session: session,
                name: "EdDSA")
        }
    }

    private func checkpointPrivateKey(session: UInt) throws(PKCS11Error) -> UInt {
        guard
            let key = try keyHandle(
                label: Self.checkpointKeyLabel, objectClass: UInt(CKO_PRIVATE_KEY), session: session)
        else {
            throw PKCS11Error(.objectNotFound, "token \"\(info.label)\" has no checkpoint key")
        }
        return key
    }
}
