internal import CPKCS11

/// What `custody hsm info` reports: the token, the module, the mechanisms Custody needs, and
/// Custody's objects with their protection flags. Never any secret.
public struct HSMInventory: Sendable, Codable, Equatable {
    public struct Mechanism: Sendable, Codable, Equatable {
        public let name: String
        public let purpose: String
        public let present: Bool
    }

    public struct Object: Sendable, Codable, Equatable {
        public let label: String
        public let type: String
        public let sensitive: Bool?
        public let extractable: Bool?
        public let neverExtractable: Bool?
        public let alwaysSensitive: Bool?
    }

    public let module: PKCS11Module.Info
    public let token: PKCS11Module.TokenInfo
    public let mechanisms: [Mechanism]
    public let objects: [Object]

    /// True when every mechanism Custody needs is present.
    public var isComplete: Bool { mechanisms.allSatisfy(\.present) }
}

extension HSMToken {
    /// The mechanisms Custody uses, with what it uses each for.
    static let requiredMechanisms: [(UInt, String, String)] = [
        (UInt(CKM_AES_KEY_GEN), "CKM_AES_KEY_GEN", "create the sealing key"),
        (UInt(CKM_AES_GCM), "CKM_AES_GCM", "seal and unseal key shares"),
        (UInt(CKM_EC_KEY_PAIR_GEN), "CKM_EC_KEY_PAIR_GEN", "create the identity key"),
        (UInt(CKM_ECDSA), "CKM_ECDSA", "sign messages with the identity key"),
        (UInt(CKM_ECDH1_DERIVE), "CKM_ECDH1_DERIVE", "derive pairwise keys for key ceremonies"),
    ]

    /// The token's inventory, as `custody hsm info` shows it.
    public func inventory() throws(PKCS11Error) -> HSMInventory {
        let available = try module.mechanisms(slot: info.slot)
        let mechanisms = Self.requiredMechanisms.map {
            HSMInventory.Mechanism(name: $0.1, purpose: $0.2, present: available.contains($0.0))
        }
        let objects = try withSession { (session) throws(PKCS11Error) -> [HSMInventory.Object] in
            var found: [HSMInventory.Object] = []
            // The checkpoint key's public half is a private object; a public one under its
            // label is not Custody's.
            let kinds: [(String, UInt, String, Bool)] = [
                (Self.sealingKeyLabel, UInt(CKO_SECRET_KEY), "AES secret key", true),
                (Self.identityKeyLabel, UInt(CKO_PRIVATE_KEY), "EC private key", true),
                (Self.identityKeyLabel, UInt(CKO_PUBLIC_KEY), "EC public key", false),
                (Self.checkpointKeyLabel, UInt(CKO_PRIVATE_KEY), "Ed25519 private key", true),
                (Self.checkpointKeyLabel, UInt(CKO_PUBLIC_KEY), "Ed25519 public key", true),
            ]
            for (label, objectClass, type, privateOnly) in kinds {
                guard
                    let object = try findObject(
                        label: label, objectClass: objectClass, session: session, privateOnly: privateOnly)
                else { continue }
                let isPublic = objectClass == UInt(CKO_PUBLIC_KEY)
                found.append(
                    HSMInventory.Object(
                        label: label, type: type,
                        sensitive: isPublic ? nil : boolAttribute(UInt(CKA_SENSITIVE), of: object, session: session),
                        extractable: isPublic
                            ? nil : boolAttribute(UInt(CKA_EXTRACTABLE), of: object, session: session),
                        neverExtractable: isPublic
                            ? nil : boolAttribute(UInt(CKA_NEVER_EXTRACTABLE), of: object, session: session),
                        alwaysSensitive: isPublic
                            ? nil : boolAttribute(UInt(CKA_ALWAYS_SENSITIVE), of: object, session: session)))
            }
            return found
        }
        return HSMInventory(module: try module.info(), token: info, mechanisms: mechanisms, objects: objects)
    }
}
