internal import CPKCS11
public import SecureMemory

/// The curve of a signer's identity key.
public enum IdentityCurve: String, Sendable, Codable, CaseIterable {
    case secp256k1
    case p256 = "p-256"

    /// The DER encoding of the curve's object identifier (CKA_EC_PARAMS).
    var parameters: [UInt8] {
        switch self {
        case .secp256k1: [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x0A]
        case .p256: [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
        }
    }

    init?(parameters: [UInt8]) {
        guard let curve = Self.allCases.first(where: { $0.parameters == parameters }) else { return nil }
        self = curve
    }
}

extension HSMToken {
    /// The label of the identity key pair (both halves).
    public static let identityKeyLabel = "custody-identity-key"

    /// Creates the identity key pair inside the token unless it exists. The private half is
    /// sensitive and never extractable, usable to sign (ECDSA) and to derive (ECDH) only.
    /// - Returns: true when it created the pair, false when it was already there.
    /// - Throws: `.invalidInput` when the existing pair is on another curve.
    @discardableResult
    public func ensureIdentityKey(curve: IdentityCurve) throws(PKCS11Error) -> Bool {
        try withSession { (session) throws(PKCS11Error) in
            if let existing = try findObject(
                label: Self.identityKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session)
            {
                let parameters = attribute(UInt(CKA_EC_PARAMS), of: existing, session: session) ?? []
                guard IdentityCurve(parameters: parameters) == curve else {
                    throw PKCS11Error(
                        .invalidInput,
                        "token \"\(info.label)\" already has an identity key on another curve than \(curve.rawValue)")
                }
                try checkIdentityPair(publicKey: existing, session: session)
                return false
            }
            let publicTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PUBLIC_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC))
                .add(UInt(CKA_EC_PARAMS), bytes: curve.parameters).add(UInt(CKA_LABEL), string: Self.identityKeyLabel)
                .add(UInt(CKA_TOKEN), bool: true).add(UInt(CKA_VERIFY), bool: true)
                .add(UInt(CKA_ENCRYPT), bool: false).add(UInt(CKA_WRAP), bool: false)
            let privateTemplate = AttributeTemplate()
                .add(UInt(CKA_CLASS), ulong: UInt(CKO_PRIVATE_KEY)).add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_EC))
                .add(UInt(CKA_LABEL), string: Self.identityKeyLabel).add(UInt(CKA_TOKEN), bool: true)
                .add(UInt(CKA_PRIVATE), bool: true).add(UInt(CKA_SENSITIVE), bool: true)
                .add(UInt(CKA_EXTRACTABLE), bool: false).add(UInt(CKA_SIGN), bool: true)
                .add(UInt(CKA_DERIVE), bool: true).add(UInt(CKA_DECRYPT), bool: false).add(
                    UInt(CKA_UNWRAP), bool: false)
            try generateKeyPair(
                mechanism: UInt(CKM_EC_KEY_PAIR_GEN), publicTemplate: publicTemplate, privateTemplate: privateTemplate,
                session: session, what: "generating the \(curve.rawValue) identity key pair")
            return true
        }
    }

    /// The identity public key: 65-byte uncompressed SEC1, and its curve, after the pair check
    /// (the token signs with the private half and verifies with this public half).
    public func identityPublicKey() throws(PKCS11Error) -> (curve: IdentityCurve, key: [UInt8]) {
        try withSession { (session) throws(PKCS11Error) in
            guard
                let object = try findObject(
                    label: Self.identityKeyLabel, objectClass: UInt(CKO_PUBLIC_KEY), session: session),
                let point = attribute(UInt(CKA_EC_POINT), of: object, session: session),
                let curve = IdentityCurve(
                    parameters: attribute(UInt(CKA_EC_PARAMS), of: object, session: session) ?? [])
            else {
                throw PKCS11Error(
                    .objectNotFound, "token \"\(info.label)\" has no identity key; run `custodyd signer init` first")
            }
            // The public object can be replaced without the PIN: it must be the private key's.
            try checkIdentityPair(publicKey: object, session: session)
            // CKA_EC_POINT is a DER OCTET STRING around the SEC1 point.
            if point.count == 67, point[0] == 0x04, point[1] == 65 { return (curve, Array(point.dropFirst(2))) }
            if point.count == 65, point[0] == 0x04 { return (curve, point) }
            throw PKCS11Error(.moduleError, "the token returned an EC point Custody does not understand")
        }
    }

    /// Signs a random digest with the private half and verifies it with the public half, inside
    /// the token: the two objects labelled as Custody's identity must be one key pair.
    private func checkIdentityPair(publicKey: UInt, session: UInt) throws(PKCS11Error) {
        let privateKey = try identityPrivateKey(session: session)
        var generator = SystemRandomNumberGenerator()
        let digest = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let signature = try sign(digest, key: privateKey, mechanism: UInt(CKM_ECDSA), session: session, name: "ECDSA")
        guard
            try verify(
                signature, of: digest, key: publicKey, mechanism: UInt(CKM_ECDSA), session: session, name: "ECDSA")
        else {
            throw PKCS11Error(
                .invalidInput,
                "the identity public and private keys on token \"\(info.label)\" are not one pair; refusing to use them"
            )
        }
    }

    private func identityPrivateKey(session: UInt) throws(PKCS11Error) -> UInt {
        guard
            let key = try keyHandle(label: Self.identityKeyLabel, objectClass: UInt(CKO_PRIVATE_KEY), session: session)
        else {
            throw PKCS11Error(
                .objectNotFound, "token \"\(info.label)\" has no identity key; run `custodyd signer init` first")
        }
        return key
    }

    /// The curve of the identity private key, from its own CKA_EC_PARAMS.
    private func identityCurve(of key: UInt, session: UInt) throws(PKCS11Error) -> IdentityCurve {
        guard let curve = IdentityCurve(parameters: attribute(UInt(CKA_EC_PARAMS), of: key, session: session) ?? [])
        else {
            throw PKCS11Error(
                .invalidInput, "the identity key on token \"\(info.label)\" is on a curve Custody does not use")
        }
        return curve
    }

    /// Signs a 32-byte digest with the identity key (CKM_ECDSA): 64 bytes, r ‖ s, with s in
    /// the lower half of the group order (an HSM returns either; Custody takes n − s for a high
    /// s, and ``IdentityPublicKey/isValidSignature(_:digest:)`` refuses a high s).
    public func signWithIdentity(digest: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        guard digest.count == 32 else {
            throw PKCS11Error(.invalidInput, "the identity key signs 32-byte digests, got \(digest.count) bytes")
        }
        return try withSession { (session) throws(PKCS11Error) in
            let key = try identityPrivateKey(session: session)
            let curve = try identityCurve(of: key, session: session)
            let signature = try sign(digest, key: key, mechanism: UInt(CKM_ECDSA), session: session, name: "ECDSA")
            guard signature.count == 64 else {
                throw PKCS11Error(
                    .moduleError, "the token returned a \(signature.count)-byte ECDSA signature, not 64 bytes (r ‖ s)")
            }
            let s = Array(signature[32...])
            return curve.isLowS(s) ? signature : Array(signature[..<32]) + curve.negatedS(s)
        }
    }

    /// The ECDH shared secret (the x coordinate, 32 bytes) between the identity key and a peer's
    /// public key (SEC1, compressed or uncompressed), in wiped memory.
    ///
    /// The peer's point is parsed and validated by Custody (``IdentityPublicKey``) on the
    /// identity key's curve before the token sees it: an HSM that skipped the check would
    /// otherwise leak bits of the identity key to an invalid-curve point.
    /// - Throws: `.invalidInput` naming what is wrong with the point.
    public func deriveSharedSecret(peerPublicKey: [UInt8]) throws(PKCS11Error) -> SecretBytes {
        try withSession { (session) throws(PKCS11Error) in
            let key = try identityPrivateKey(session: session)
            let peer = try IdentityPublicKey(curve: try identityCurve(of: key, session: session), sec1: peerPublicKey)
            return try deriveSharedSecret(peer: peer, key: key, session: session)
        }
    }

    /// The ECDH shared secret with an already validated peer key, which must be on the identity
    /// key's curve.
    /// - Throws: `.invalidInput` when the peer's curve is not the identity key's.
    public func deriveSharedSecret(peer: IdentityPublicKey) throws(PKCS11Error) -> SecretBytes {
        try withSession { (session) throws(PKCS11Error) in
            let key = try identityPrivateKey(session: session)
            let curve = try identityCurve(of: key, session: session)
            guard peer.curve == curve else {
                throw PKCS11Error(
                    .invalidInput,
                    "the peer's identity key is on \(peer.curve.rawValue), this token's on \(curve.rawValue)")
            }
            return try deriveSharedSecret(peer: peer, key: key, session: session)
        }
    }

    /// CKM_ECDH1_DERIVE with no KDF. The derived object lives only in this session and is
    /// destroyed at once.
    private func deriveSharedSecret(peer: IdentityPublicKey, key: UInt, session: UInt) throws(PKCS11Error)
        -> SecretBytes
    {
        var point = peer.uncompressed
        let template = AttributeTemplate()
            .add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY)).add(
                UInt(CKA_KEY_TYPE), ulong: UInt(CKK_GENERIC_SECRET)
            )
            .add(UInt(CKA_VALUE_LEN), ulong: 32).add(UInt(CKA_TOKEN), bool: false)
            .add(UInt(CKA_SENSITIVE), bool: false).add(UInt(CKA_EXTRACTABLE), bool: true)
        var derived: UInt = 0
        let status = point.withUnsafeMutableBufferPointer { point in
            var parameters = CK_ECDH1_DERIVE_PARAMS(
                kdf: UInt(CKD_NULL), ulSharedDataLen: 0, pSharedData: nil, ulPublicDataLen: UInt(point.count),
                pPublicData: point.baseAddress)
            return withUnsafeMutablePointer(to: &parameters) { pointer in
                var mechanism = CK_MECHANISM(
                    mechanism: UInt(CKM_ECDH1_DERIVE), pParameter: UnsafeMutableRawPointer(pointer),
                    ulParameterLen: UInt(MemoryLayout<CK_ECDH1_DERIVE_PARAMS>.size))
                return template.withAttributes { attributes, count in
                    functions.pointee.C_DeriveKey(session, &mechanism, key, attributes, count, &derived)
                }
            }
        }
        if Self.isStaleHandle(status) { forgetKeyHandles() }
        try ReturnValue.check(status, "C_DeriveKey (ECDH)")
        defer { _ = functions.pointee.C_DestroyObject(session, derived) }
        guard var value = attribute(UInt(CKA_VALUE), of: derived, session: session) else {
            throw PKCS11Error(.moduleError, "the token did not release the derived ECDH secret")
        }
        defer { Wipe.bytes(&value) }
        return SecretBytes(copying: value)
    }
}
