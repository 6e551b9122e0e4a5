public import SecureMemory

/// The `async` API: each call runs the synchronous one on the token's dedicated threads
/// (a `BlockingThreadPool` of as many threads as sessions), and the calling task waits without holding a cooperative thread.
extension HSMToken {
    /// Runs `body` with this token on one of the token's dedicated threads.
    public func perform<R: Sendable>(
        _ body: @escaping @Sendable (HSMToken) throws(PKCS11Error) -> R
    ) async throws(PKCS11Error) -> R {
        try await threads.run { [self] () throws(PKCS11Error) -> R in try body(self) }
    }

    /// ``signWithIdentity(digest:)``, off the cooperative pool.
    public func signWithIdentity(digest: [UInt8]) async throws(PKCS11Error) -> [UInt8] {
        try await perform { (token) throws(PKCS11Error) in try token.signWithIdentity(digest: digest) }
    }

    /// ``deriveSharedSecret(peer:)``, off the cooperative pool.
    public func deriveSharedSecret(peer: IdentityPublicKey) async throws(PKCS11Error) -> SecretBytes {
        try await perform { (token) throws(PKCS11Error) in try token.deriveSharedSecret(peer: peer) }
    }

    /// ``seal(_:context:)``, off the cooperative pool.
    public func seal(_ secret: SecretBytes, context: SealContext) async throws(PKCS11Error) -> [UInt8] {
        try await perform { (token) throws(PKCS11Error) in try token.seal(secret, context: context) }
    }

    /// ``unseal(_:context:)``, off the cooperative pool.
    public func unseal(_ blob: [UInt8], context: SealContext) async throws(PKCS11Error) -> SecretBytes {
        try await perform { (token) throws(PKCS11Error) in try token.unseal(blob, context: context) }
    }

    /// ``randomBytes(count:)``, off the cooperative pool.
    public func randomBytes(count: Int) async throws(PKCS11Error) -> SecretBytes {
        try await perform { (token) throws(PKCS11Error) in try token.randomBytes(count: count) }
    }

    /// ``signWithCheckpointKey(_:)``, off the cooperative pool.
    public func signWithCheckpointKey(_ message: [UInt8]) async throws(PKCS11Error) -> [UInt8] {
        try await perform { (token) throws(PKCS11Error) in try token.signWithCheckpointKey(message) }
    }
}

extension HSMToken {
    /// ``signWithEd25519Key(label:_:)``, off the cooperative pool.
    public func signWithEd25519Key(label: String, _ message: [UInt8]) async throws(PKCS11Error) -> [UInt8] {
        try await perform { (token) throws(PKCS11Error) in try token.signWithEd25519Key(label: label, message) }
    }
}
