import Crypto

extension OfficerKey {
    /// A public key checked as a policy file's `key` is: an Ed25519 key of 32 bytes with a
    /// canonical encoding, or a P-256 point on the curve (33 or 65 bytes), kept compressed. Nil
    /// for anything else.
    public init?(validating bytes: [UInt8], algorithm: Algorithm) {
        switch algorithm {
        case .ed25519:
            guard bytes.count == 32, PolicyDecoding.isCanonicalEd25519(bytes),
                (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
            else { return nil }
            self.init(algorithm: .ed25519, bytes: bytes)
        case .p256:
            guard let key = ApprovalVerifier.p256Key(bytes) else { return nil }
            self.init(algorithm: .p256, bytes: Array(key.compressedRepresentation))
        }
    }

    /// The officer of `policy` whose key this is, or nil; a policy never gives one key to two
    /// ids.
    public func officer(in policy: Policy) -> Officer? {
        for role in policy.roles {
            if let officer = role.members.first(where: { $0.key == self }) { return officer }
        }
        return nil
    }
}
