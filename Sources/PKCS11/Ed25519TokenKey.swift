internal import CPKCS11
import Crypto

extension HSMToken {
    /// The label of the Ed25519 key pair that signs audit-log checkpoints.
    public static let checkpointKeyLabel = "custody-checkpoint-key"

    /// The label of the Ed25519 key pair with which the coordinator signs, as service `service`,
    /// the requests that service submits through the API: `custody-service-key:<service>`.
    public static func serviceKeyLabel(_ service: String) -> String { "custody-service-key:\(service)" }

    /// DER of the edwards25519 curve's object identifier, 1.3.101.112 (CKA_EC_PARAMS).
    static let ed25519Parameters: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]

    /// Creates the checkpoint key pair unless it exists: ``ensureEd25519Key(label:)``.
    @discardableResult
    public func ensureCheckpointKey() throws(PKCS11Error) -> Bool {
        try ensureEd25519Key(label: Self.checkpointKeyLabel)
    }

    /// The checkpoint key's public key: ``ed25519PublicKey(label:)``.
    public func checkpointPublicKey() throws(PKCS11Error) -> [UInt8] {
        try ed25519PublicKey(label: Self.checkpointKeyLabel)
    }

    /// Signs a message (the whole note text; Ed25519 hashes it itself) with the checkpoint key.
    public func signWithCheckpointKey(_ message: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        try signWithEd25519Key(label: Self.checkpointKeyLabel, message)
    }

    /// Creates the Ed25519 key pair `label` (PKCS#11 3.0's CKK_EC_EDWARDS) inside the token
    /// unless it exists. The private half is sensitive, never extractable, for signing only;
    /// the public half is a private object too (CKA_PRIVATE), so that nobody without the PIN
    /// can replace or shadow it. An existing pair must pass the pair check
    /// (``ed25519PublicKey(label:)``).
    /// - Returns: true when it created the pair.
    /// - Throws: `.invalidInput` when only one half is there, or the halves are not one pair.
    @discardableResult
    public func ensureEd25519Key(label: String) throws(PKCS11Error) -> Bool {
        let created = try withSession { (session) throws(PKCS11Error) -> Bool in
            let privateKey = try keyHandle(label: label, objectClass: UInt(CKO_PRIVATE_KEY), session: session)
            let publicKey = try findObject(
                label: label, objectClass: UInt(CKO_PUBLIC_KEY), session: session, privateOnly: true)
            switch (privateKey, publicKey) {
            case (nil, nil):
                break
            case (.some, .some):
                return false
            case (.some, nil):
                throw PKCS11Error(
                    .invalidInput,
                    "token \"\(info.label)\" has a private key \"\(label)\" but no public half that is a private "
                        + "object (a public object can be replaced without the PIN); refusing to use it")
            case (nil, .some):
                throw PKCS11Error(
                    .invalidInput, "token \"\(info.label)\" has a public key \"\(label)\" without its private key")
            }
            let publicTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC_EDWARDS))
                .add(UInt(CKA_EC_PARAMS), bytes: Self.ed25519Parameters)
                .add(UInt(CKA_LABEL), string: label).add(UInt(CKA_TOKEN), bool: true)
                .add(UInt(CKA_PRIVATE), bool: true).add(UInt(CKA_MODIFIABLE), bool: false)
                .add(UInt(CKA_VERIFY), bool: true)
            let privateTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PRIVATE_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC_EDWARDS))
                .add(UInt(CKA_LABEL), string: label).add(UInt(CKA_TOKEN), bool: true)
                .add(UInt(CKA_PRIVATE), bool: true).add(UInt(CKA_SENSITIVE), bool: true)
                .add(UInt(CKA_EXTRACTABLE), bool: false).add(UInt(CKA_SIGN), bool: true)
                .add(UInt(CKA_DERIVE), bool: false)
            try generateKeyPair(
                mechanism: UInt(CKM_EC_EDWARDS_KEY_PAIR_GEN), publicTemplate: publicTemplate,
                privateTemplate: privateTemplate, session: session,
                what: "generating the Ed25519 key pair \"\(label)\"")
            return true
        }
        _ = try ed25519PublicKey(label: label)
        return created
    }

    /// Whether the token holds a private key labelled `label`.
    public func hasPrivateKey(label: String) throws(PKCS11Error) -> Bool {
        try withSession { (session) throws(PKCS11Error) -> Bool in
            try keyHandle(label: label, objectClass: UInt(CKO_PRIVATE_KEY), session: session) != nil
        }
    }

    /// The 32-byte Ed25519 public key of pair `label`, proven to belong to its private key: the
    /// token signs a fresh random message with the private half, and both the token (with the
    /// public object) and swift-crypto (with the 32 bytes returned) must verify it. The proof is
    /// done once per ``HSMToken`` and label, and again after a key handle went stale.
    /// - Throws: `.objectNotFound` without the key; `.invalidInput` when the halves are not one
    ///   pair.
    public func ed25519PublicKey(label: String) throws(PKCS11Error) -> [UInt8] {
        if let proven = provenEd25519Keys.withLock({ $0[label] }) { return proven }
        let proven = try withSession { (session) throws(PKCS11Error) -> [UInt8] in
            guard
                let object = try findObject(
                    label: label, objectClass: UInt(CKO_PUBLIC_KEY), session: session, privateOnly: true),
                let point = attribute(UInt(CKA_EC_POINT), of: object, session: session)
            else {
                throw PKCS11Error(.objectNotFound, "token \"\(info.label)\" has no key \"\(label)\"")
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
            let privateKey = try ed25519PrivateKey(label: label, session: session)
            var generator = SystemRandomNumberGenerator()
            let challenge =
                Array("custody Ed25519 key pair check\n".utf8)
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
                    "the public and private keys \"\(label)\" on token \"\(info.label)\" are not one pair; "
                        + "refusing to use them")
            }
            return publicKey
        }
        provenEd25519Keys.withLock { $0[label] = proven }
        return proven
    }

    /// Signs a message (Ed25519 hashes it itself) with the pair `label`, after the pair check of
    /// ``ed25519PublicKey(label:)``.
    public func signWithEd25519Key(label: String, _ message: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        _ = try ed25519PublicKey(label: label)
        return try withSession { (session) throws(PKCS11Error) in
            try sign(
                message, key: try ed25519PrivateKey(label: label, session: session), mechanism: UInt(CKM_EDDSA),
                session: session, name: "EdDSA")
        }
    }

    private func ed25519PrivateKey(label: String, session: UInt) throws(PKCS11Error) -> UInt {
        guard let key = try keyHandle(label: label, objectClass: UInt(CKO_PRIVATE_KEY), session: session) else {
            throw PKCS11Error(.objectNotFound, "token \"\(info.label)\" has no key \"\(label)\"")
        }
        return key
    }
}
