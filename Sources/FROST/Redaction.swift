/// Redacted descriptions and reflection for every FROST type that holds a secret: `print`,
/// string interpolation, `String(reflecting:)`, `dump` and `Mirror` show the public parts
/// (identifiers, points, counts) and never a share, nonce or polynomial coefficient.
///
/// `SigningNonces` is non-copyable, so it cannot be described or reflected at all.

extension SigningShare: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension KeyPackage: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "KeyPackage(identifier: \(identifier), signingShare: redacted, verifyingShare: \(verifyingShare), "
            + "groupPublicKey: \(groupPublicKey), minSigners: \(minSigners))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "identifier": identifier, "verifyingShare": verifyingShare, "groupPublicKey": groupPublicKey,
                "minSigners": minSigners,
            ], displayStyle: .struct)
    }
}

extension SecretShare: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "SecretShare(identifier: \(identifier), signingShare: redacted, commitment: \(commitment.coefficients.count) points)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["identifier": identifier, "commitment": commitment], displayStyle: .struct)
    }
}

extension Repair.Contribution: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension NoncePool: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "NoncePool(\(count) nonces, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["commitments": commitments], displayStyle: .class) }
}

extension Polynomial: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    var description: String { "Polynomial(redacted)" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension DKG.Round1Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "DKG.Round1Secret(identifier: \(identifier), polynomial: redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["identifier": identifier, "package": package], displayStyle: .struct)
    }
}

extension DKG.Round2Package: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "DKG.Round2Package(signingShare: redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension DKG.Round2Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "DKG.Round2Secret(identifier: \(identifier), \(packages.count) packages, ownShare: redacted)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["identifier": identifier, "packages": packages.count], displayStyle: .struct)
    }
}
