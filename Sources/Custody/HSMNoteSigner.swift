public import AuditLog
public import PKCS11

/// Signs audit-log checkpoints with an Ed25519 key that never leaves the HSM (PKCS#11 3.0
/// CKM_EDDSA), as production checkpoints must be.
public struct HSMNoteSigner: NoteSigner {
    public let verifierKey: NoteVerifierKey
    private let token: HSMToken

    /// The signer for `token`'s checkpoint key (created if absent), named `name` in notes.
    /// The verifier key is the one the pair check proved to belong to the private key (see
    /// `HSMToken.checkpointPublicKey()`), never a public object taken on trust.
    public init(token: HSMToken, name: String) throws {
        try token.ensureCheckpointKey()
        self.token = token
        self.verifierKey = try NoteVerifierKey(name: name, ed25519PublicKey: token.checkpointPublicKey())
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        try token.signWithCheckpointKey(message)
    }
}
