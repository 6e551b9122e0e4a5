internal import CPKCS11

extension HSMToken {
    /// The label of the Ed25519 key pair that signs audit-log checkpoints.
    public static let checkpointKeyLabel = "custody-checkpoint-key"

    /// DER of the edwards25519 curve's object identifier, 1.3.101.112 (CKA_EC_PARAMS).
    static let ed25519Parameters: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]

    /// Creates the checkpoint key pair (Ed25519, PKCS#11 3.0's CKK_EC_EDWARDS) inside the token
    /// unless it exists; the private half is sensitive, never extractable, for signing only.
    /// - Returns: true when it created the pair.
    @discardableResult
    public func ensureCheckpointKey() throws(PKCS11Error) -> Bool {
        try withSession { (session) throws(PKCS11Error) in
            if try findObject(label: Self.checkpointKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session)
                != nil
            {
                _ = try checkpointPrivateKey(session: session)
                return false
            }
            let publicTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC_EDWARDS))
                .add(UInt(CKA_EC_PARAMS), bytes: Self.ed25519Parameters)
                .add(UInt(CKA_LABEL), string: Self.checkpointKeyLabel).add(UInt(CKA_TOKEN), bool: true)
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
    }

    /// The checkpoint key's 32-byte Ed25519 public key.
    public func checkpointPublicKey() throws(PKCS11Error) -> [UInt8] {
        try withSession { (session) throws(PKCS11Error) in
            guard
                let object = try findObject(
                    label: Self.checkpointKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session),
                let point = attribute(UInt(CKA_EC_POINT), of: object, session: session)
            else {
                throw PKCS11Error(.objectNotFound, "token \"\(info.label)\" has no checkpoint key")
            }
            // CKA_EC_POINT holds the 32 bytes, raw or as a DER OCTET STRING.
            if point.count == 34, point[0] == 0x04, point[1] == 32 { return Array(point.dropFirst(2)) }
            if point.count == 32 { return point }
            throw PKCS11Error(.moduleError, "the token returned an Ed25519 point Custody does not understand")
        }
    }

    /// Signs a message (the whole note text; Ed25519 hashes it itself) with the checkpoint key.
    public func signWithCheckpointKey(_ message: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        try withSession { (session) throws(PKCS11Error) in
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
