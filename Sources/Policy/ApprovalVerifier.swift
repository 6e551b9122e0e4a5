import Crypto

/// Verifies signed approval statements against a policy and a request: the one check that the
/// coordinator, every signer and the CLI share.
public enum ApprovalVerifier {
    /// The statement, once its signature verifies under the officer's key in `policy` and it is
    /// bound to `requestDigest` and to `policy.hash`.
    public static func verify(
        _ approval: SignedApproval, policy: Policy, requestDigest: [UInt8]
    ) throws(PolicyError) -> ApprovalStatement {
        let statement = approval.statement
        guard let officer = policy.officer(statement.officer) else {
            throw PolicyError(.unknownOfficer, "'\(statement.officer)' is no member of any role of this policy")
        }
        guard statement.requestDigest == requestDigest else {
            throw PolicyError(.wrongRequest, "the statement of '\(statement.officer)' is for another request")
        }
        guard statement.policy == policy.hash else {
            throw PolicyError(
                .wrongPolicy,
                "the statement of '\(statement.officer)' is for policy \(statement.policy.hex.prefix(16))…, "
                    + "not \(policy.hash.hex.prefix(16))…")
        }
        guard verify(signature: approval.signature, message: statement.canonicalBytes, key: officer.key) else {
            throw PolicyError(.invalidSignature, "the signature of '\(statement.officer)' does not verify")
        }
        return statement
    }

    /// Whether `signature` over `message` verifies under `key`.
    public static func verify(signature: [UInt8], message: [UInt8], key: OfficerKey) -> Bool {
        switch key.algorithm {
        case .ed25519:
            guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.bytes) else { return false }
            return publicKey.isValidSignature(signature, for: message)
        case .p256:
            guard let publicKey = p256Key(key.bytes) else { return false }
            let parsed: P256.Signing.ECDSASignature?
            if signature.count == 64 {
                parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            } else {
                parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature)
            }
            guard let parsed else { return false }
            return publicKey.isValidSignature(parsed, for: message)
        }
    }

    static func p256Key(_ bytes: [UInt8]) -> P256.Signing.PublicKey? {
        switch bytes.count {
        case 33: try? P256.Signing.PublicKey(compressedRepresentation: bytes)
        case 65: try? P256.Signing.PublicKey(x963Representation: bytes)
        default: nil
        }
    }
}
