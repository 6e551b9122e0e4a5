internal import CPKCS11
public import SecureMemory

/// What a sealed blob is bound to. The blob unseals only with the same context: a blob copied
/// to another wallet, signer, suite or key version fails authentication.
public struct SealContext: Sendable, Equatable {
    public let wallet: String
    public let signer: String
    public let suite: String
    public let keyVersion: UInt32

    public init(wallet: String, signer: String, suite: String, keyVersion: UInt32) {
        self.wallet = wallet
        self.signer = signer
        self.suite = suite
        self.keyVersion = keyVersion
    }

    /// The AES-GCM associated data: a domain tag, then each field with a 4-byte length prefix,
    /// so that no two contexts encode alike.
    var associatedData: [UInt8] {
        var out = Array("custody.seal.v1".utf8)
        for field in [wallet, signer, suite] {
            let bytes = Array(field.utf8)
            out += withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { Array($0) } + bytes
        }
        out += withUnsafeBytes(of: keyVersion.bigEndian) { Array($0) }
        return out
    }
}

extension HSMToken {
    /// The label of Custody's AES-256 sealing key.
    public static let sealingKeyLabel = "custody-sealing-key"
    static let blobMagic: [UInt8] = Array("CSB1".utf8)
    static let nonceLength = 12
    static let tagLength = 16

    /// Creates the sealing key inside the token unless it exists: AES-256, on the token,
    /// sensitive, never extractable, for encryption and decryption only.
    /// - Returns: true when it created the key, false when it was already there.
    @discardableResult
    public func ensureSealingKey() throws(PKCS11Error) -> Bool {
        try withSession { (session) throws(PKCS11Error) in
            if let existing = try keyHandle(
                label: Self.sealingKeyLabel, objectClass: UInt(CKO_SECRET_KEY), session: session)
            {
                let aes = withUnsafeBytes(of: UInt(CKK_AES)) { Array($0) }
                let thirtyTwo = withUnsafeBytes(of: UInt(32)) { Array($0) }
                guard attribute(UInt(CKA_KEY_TYPE), of: existing, session: session) == aes,
                    attribute(UInt(CKA_VALUE_LEN), of: existing, session: session) == thirtyTwo
                else {
                    throw PKCS11Error(
                        .invalidInput,
                        "the sealing key on token \"\(info.label)\" is not an AES-256 key; refusing to use it")
                }
                return false
            }
            let template = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_AES))
                .add(UInt(CKA_VALUE_LEN), ulong: 32).add(UInt(CKA_LABEL), string: Self.sealingKeyLabel)
                .add(UInt(CKA_TOKEN), bool: true).add(UInt(CKA_PRIVATE), bool: true)
                .add(UInt(CKA_SENSITIVE), bool: true).add(UInt(CKA_EXTRACTABLE), bool: false)
                .add(UInt(CKA_ENCRYPT), bool: true).add(UInt(CKA_DECRYPT), bool: true)
                .add(UInt(CKA_WRAP), bool: false).add(UInt(CKA_UNWRAP), bool: false)
                .add(UInt(CKA_SIGN), bool: false).add(UInt(CKA_VERIFY), bool: false).add(UInt(CKA_DERIVE), bool: false)
            var mechanism = CK_MECHANISM(mechanism: UInt(CKM_AES_KEY_GEN), pParameter: nil, ulParameterLen: 0)
            var key: UInt = 0
            try template.withAttributes { (attributes, count) throws(PKCS11Error) in
                try ReturnValue.check(
                    functions.pointee.C_GenerateKey(session, &mechanism, attributes, count, &key),
                    "generating the AES-256 sealing key")
            }
            return true
        }
    }

    private func sealingKey(session: UInt) throws(PKCS11Error) -> UInt {
        guard let key = try keyHandle(label: Self.sealingKeyLabel, objectClass: UInt(CKO_SECRET_KEY), session: session)
        else {
            throw PKCS11Error(
                .objectNotFound, "token \"\(info.label)\" has no sealing key; run `custodyd signer init` first")
        }
        return key
    }

    /// Seals a secret under the token's AES-256 key with AES-GCM, bound to `context`.
    ///
    /// The blob is "CSB1" ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. Nonces are random (token
    /// and system generators mixed); one key seals far fewer than the 2^32 messages that random
    /// 96-bit nonces allow.
    public func seal(_ secret: SecretBytes, context: SealContext) throws(PKCS11Error) -> [UInt8] {
        let nonce = try randomBytes(count: Self.nonceLength).withUnsafeBytes { Array($0) }
        return try withSession { (session) throws(PKCS11Error) in
            let key = try sealingKey(session: session)
            var output = [UInt8](repeating: 0, count: secret.count + Self.tagLength)
            var length = UInt(output.count)
            try withGCM(nonce: nonce, associatedData: context.associatedData) { (mechanism) throws(PKCS11Error) in
                try ReturnValue.check(
                    functions.pointee.C_EncryptInit(session, mechanism, key), "C_EncryptInit (AES-GCM)")
                let status = secret.withUnsafeBytes { plain in
                    output.withUnsafeMutableBufferPointer { out in
                        functions.pointee.C_Encrypt(
                            session, UnsafeMutablePointer(mutating: plain.bindMemory(to: UInt8.self).baseAddress),
                            UInt(plain.count), out.baseAddress, &length)
                    }
                }
                try ReturnValue.check(status, "C_Encrypt (AES-GCM)")
            }
            return Self.blobMagic + nonce + output.prefix(Int(length))
        }
    }

    /// Unseals a blob made by ``seal(_:context:)`` with the same context, into wiped memory.
    ///
    /// - Throws: `.unsealFailed` when the blob was altered, belongs to another context, or was
    ///   sealed by another token's key; `.invalidInput` when it is not a blob at all.
    public func unseal(_ blob: [UInt8], context: SealContext) throws(PKCS11Error) -> SecretBytes {
        let headerLength = Self.blobMagic.count + Self.nonceLength
        guard blob.count >= headerLength + Self.tagLength, Array(blob.prefix(Self.blobMagic.count)) == Self.blobMagic
        else {
            throw PKCS11Error(.invalidInput, "not a Custody sealed blob (bad header or too short: \(blob.count) bytes)")
        }
        let nonce = Array(blob[Self.blobMagic.count..<headerLength])
        var ciphertext = Array(blob[headerLength...])
        return try withSession { (session) throws(PKCS11Error) in
            let key = try sealingKey(session: session)
            return try withGCM(nonce: nonce, associatedData: context.associatedData) {
                (mechanism) throws(PKCS11Error) in
                try ReturnValue.check(
                    functions.pointee.C_DecryptInit(session, mechanism, key), "C_DecryptInit (AES-GCM)")
                var length = UInt(ciphertext.count)
                let plaintextLength = ciphertext.count - Self.tagLength
                // SoftHSM2 and other modules want room for the whole input; the secret is
                // then copied into an exactly sized wiped buffer.
                var scratch = [UInt8](repeating: 0, count: ciphertext.count)
                defer { Wipe.bytes(&scratch) }
                let status = ciphertext.withUnsafeMutableBufferPointer { input in
                    scratch.withUnsafeMutableBufferPointer { out in
                        functions.pointee.C_Decrypt(
                            session, input.baseAddress, UInt(input.count), out.baseAddress, &length)
                    }
                }
                guard status == ReturnValue.ok, Int(length) == plaintextLength else {
                    throw PKCS11Error(
                        .unsealFailed,
                        "the blob does not authenticate: it was altered, sealed for another context, or by another token's key",
                        returnValue: ReturnValue.name(status))
                }
                return SecretBytes(copying: scratch.prefix(plaintextLength))
            }
        }
    }

    private func withGCM<R>(
        nonce: [UInt8], associatedData: [UInt8], _ body: (UnsafeMutablePointer<CK_MECHANISM>) throws(PKCS11Error) -> R
    ) throws(PKCS11Error) -> R {
        var nonce = nonce
        var associatedData = associatedData
        return try nonce.withUnsafeMutableBufferPointer { (iv) throws(PKCS11Error) -> R in
            try associatedData.withUnsafeMutableBufferPointer { (aad) throws(PKCS11Error) -> R in
                var parameters = CK_GCM_PARAMS(
                    pIv: iv.baseAddress, ulIvLen: UInt(iv.count), ulIvBits: UInt(iv.count * 8), pAAD: aad.baseAddress,
                    ulAADLen: UInt(aad.count), ulTagBits: UInt(Self.tagLength * 8))
                return try withUnsafeMutablePointer(to: &parameters) { (pointer) throws(PKCS11Error) -> R in
                    var mechanism = CK_MECHANISM(
                        mechanism: UInt(CKM_AES_GCM), pParameter: UnsafeMutableRawPointer(pointer),
                        ulParameterLen: UInt(MemoryLayout<CK_GCM_PARAMS>.size))
                    return try body(&mechanism)
                }
            }
        }
    }
}
