import BlockingIO
internal import CPKCS11
import Foundation
public import SecureMemory
import Synchronization

/// A logged-in token with a pool of sessions, safe to use from many tasks at once.
///
/// Calls into the module block their thread. The synchronous methods run on the caller's
/// thread; their `async` overloads (and ``perform(_:)``) run on the token's own dedicated
/// threads, one per session, so that a task awaiting the HSM never holds one of Swift's
/// cooperative threads.
///
/// `@unchecked Sendable`: the mutable state is the idle-session list and the remembered
/// handles, each guarded by a `Mutex`; a session handle is used by one thread at a time,
/// between taking it from the pool and returning it.
public final class HSMToken: @unchecked Sendable {
    /// The module the token lives in.
    public let module: PKCS11Module
    /// The token's identity.
    public let info: PKCS11Module.TokenInfo
    private let idle = Mutex<[UInt]>([])
    /// Handles of Custody's keys, found once: finding an object makes SoftHSM2 (and some HSMs)
    /// decrypt every private object's attributes.
    private let keyHandles = Mutex<[String: UInt]>([:])
    /// The Ed25519 public keys by label, once the pair check proved each belongs to its private
    /// key; emptied after a handle went stale.
    let provenEd25519Keys = Mutex<[String: [UInt8]]>([:])
    /// A session held open for the token's lifetime and never used for operations: PKCS#11 ends
    /// the login when an application's last session on a token closes.
    private let anchorSession: UInt
    private let available: DispatchSemaphore
    /// Set by ``close()``: no session is opened or returned to the pool after it.
    private let closed = Mutex(false)
    private let poolSize: Int
    /// The threads the `async` API runs the blocking calls on, as many as sessions.
    let threads: BlockingThreadPool

    /// Opens the token with this label or serial and logs in as its user.
    ///
    /// - Parameter poolSize: how many sessions may be open at once, and how many threads run
    ///   the `async` API's calls (started here, whether or not the `async` API is used); at
    ///   least 1 and at most ``BlockingThreadPool/maximumThreads`` (256), a value outside
    ///   clamped to that range.
    /// - Throws: `.tokenNotFound`, `.pinUnavailable`, or `.loginFailed` with the module's
    ///   `CKR_` code and what to do.
    public init(module: PKCS11Module, labelOrSerial: String, pin: PINSource, poolSize: Int = 8) throws(PKCS11Error) {
        self.module = module
        self.info = try module.token(labelOrSerial: labelOrSerial)
        self.poolSize = min(max(poolSize, 1), BlockingThreadPool.maximumThreads)
        self.available = DispatchSemaphore(value: self.poolSize)
        let pinBytes = try pin.read()
        let session = try Self.openSession(module: module, slot: info.slot, label: info.label)
        self.threads = BlockingThreadPool(threads: self.poolSize, name: "custody-hsm")
        let status = pinBytes.withUnsafeBytes { buffer in
            module.functions.pointee.C_Login(
                session, UInt(CKU_USER), UnsafeMutablePointer(mutating: buffer.bindMemory(to: UInt8.self).baseAddress),
                UInt(buffer.count))
        }
        // Login is per application and token: a second HSMToken in this process is already in.
        if status != ReturnValue.ok && status != 0x100 {
            _ = module.functions.pointee.C_CloseSession(session)
            threads.shutdown()
            try ReturnValue.check(status, "login to token \"\(info.label)\"", code: .loginFailed)
        }
        anchorSession = session
    }

    deinit { close() }

    /// Closes the token's sessions (which ends its login) and stops its threads; every later
    /// operation fails with `.moduleError`. Call it once nothing uses the token any more (a
    /// daemon: after its server stopped and its audit log closed), then
    /// ``PKCS11Module/finalize()``. Calling it again does nothing.
    public func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        threads.shutdown()
        for session in idle.withLock({ sessions in
            defer { sessions = [] }
            return sessions
        }) {
            _ = module.functions.pointee.C_CloseSession(session)
        }
        _ = module.functions.pointee.C_CloseSession(anchorSession)
    }

    var functions: UnsafeMutablePointer<CK_FUNCTION_LIST> { module.functions }

    private static func openSession(module: PKCS11Module, slot: UInt, label: String) throws(PKCS11Error) -> UInt {
        var session: UInt = 0
        try ReturnValue.check(
            module.functions.pointee.C_OpenSession(slot, UInt(CKF_SERIAL_SESSION | CKF_RW_SESSION), nil, nil, &session),
            "opening a session on token \"\(label)\"")
        return session
    }

    /// Runs `body` with a session of its own, taken from the pool and returned after.
    func withSession<R>(_ body: (UInt) throws(PKCS11Error) -> R) throws(PKCS11Error) -> R {
        available.wait()
        defer { available.signal() }
        guard !closed.withLock({ $0 }) else {
            throw PKCS11Error(.moduleError, "token \"\(info.label)\" was closed")
        }
        let session: UInt
        if let reused = idle.withLock({ $0.popLast() }) {
            session = reused
        } else {
            session = try Self.openSession(module: module, slot: info.slot, label: info.label)
        }
        do {
            let result = try body(session)
            // A session that ends after close() is closed, not pooled.
            let pooled = closed.withLock { closed in
                if !closed { idle.withLock { $0.append(session) } }
                return !closed
            }
            if !pooled { _ = functions.pointee.C_CloseSession(session) }
            return result
        } catch {
            // A session in an unknown state (an operation left active) is closed, not reused.
            _ = functions.pointee.C_CloseSession(session)
            throw error
        }
    }

    // MARK: Objects

    /// The handle of one of Custody's keys, found once and then remembered; nil when absent.
    ///
    /// Secret and private keys are looked up among private token objects only, and a key that
    /// is not protected as Custody creates its own (sensitive, never extractable, always
    /// sensitive, generated on the token) is refused: anyone who can open a session can plant
    /// a public object with Custody's label, without the PIN.
    func keyHandle(label: String, objectClass: UInt, session: UInt) throws(PKCS11Error) -> UInt? {
        let key = "\(objectClass):\(label)"
        if let handle = keyHandles.withLock({ $0[key] }) { return handle }
        guard let found = try findObject(label: label, objectClass: objectClass, session: session) else { return nil }
        if objectClass != UInt(CKO_PUBLIC_KEY) { try checkProtection(of: found, label: label, session: session) }
        keyHandles.withLock { $0[key] = found }
        return found
    }

    /// Throws unless the key is sensitive, never extractable, always sensitive and local.
    private func checkProtection(of object: UInt, label: String, session: UInt) throws(PKCS11Error) {
        let required: [(UInt, Bool, String)] = [
            (UInt(CKA_SENSITIVE), true, "sensitive"), (UInt(CKA_EXTRACTABLE), false, "not extractable"),
            (UInt(CKA_NEVER_EXTRACTABLE), true, "never extractable"),
            (UInt(CKA_ALWAYS_SENSITIVE), true, "always sensitive"), (UInt(CKA_LOCAL), true, "generated on the token"),
            (UInt(CKA_PRIVATE), true, "private"), (UInt(CKA_TOKEN), true, "a token object"),
        ]
        let missing = required.filter { boolAttribute($0.0, of: object, session: session) != $0.1 }.map(\.2)
        guard missing.isEmpty else {
            throw PKCS11Error(
                .invalidInput,
                "the key labelled \"\(label)\" on token \"\(info.label)\" is not \(missing.joined(separator: ", ")); "
                    + "refusing to use it (remove it and run `custodyd signer init` again)")
        }
    }

    /// Generates a key pair inside the token from two templates; `what` names it in errors.
    func generateKeyPair(
        mechanism type: UInt, publicTemplate: AttributeTemplate, privateTemplate: AttributeTemplate, session: UInt,
        what: String
    ) throws(PKCS11Error) {
        var mechanism = CK_MECHANISM(mechanism: type, pParameter: nil, ulParameterLen: 0)
        var publicKey: UInt = 0
        var privateKey: UInt = 0
        try publicTemplate.withAttributes { (publicAttributes, publicCount) throws(PKCS11Error) in
            try privateTemplate.withAttributes { (privateAttributes, privateCount) throws(PKCS11Error) in
                try ReturnValue.check(
                    functions.pointee.C_GenerateKeyPair(
                        session, &mechanism, publicAttributes, publicCount, privateAttributes, privateCount,
                        &publicKey, &privateKey),
                    what)
            }
        }
    }

    /// Signs `message` with the private key `key` by `mechanism` (no parameters); a handle the
    /// token reports stale is forgotten.
    func sign(
        _ message: [UInt8], key: UInt, mechanism type: UInt, session: UInt, name: String
    ) throws(PKCS11Error) -> [UInt8] {
        var input = message
        var mechanism = CK_MECHANISM(mechanism: type, pParameter: nil, ulParameterLen: 0)
        let started = functions.pointee.C_SignInit(session, &mechanism, key)
        if Self.isStaleHandle(started) { forgetKeyHandles() }
        try ReturnValue.check(started, "C_SignInit (\(name))")
        var signature = [UInt8](repeating: 0, count: 132)
        var length = UInt(signature.count)
        try ReturnValue.check(
            functions.pointee.C_Sign(session, &input, UInt(input.count), &signature, &length), "C_Sign (\(name))")
        return Array(signature.prefix(Int(length)))
    }

    /// True when the token verifies `signature` of `message` with the public key `key` by
    /// `mechanism` (no parameters).
    func verify(
        _ signature: [UInt8], of message: [UInt8], key: UInt, mechanism type: UInt, session: UInt, name: String
    ) throws(PKCS11Error) -> Bool {
        var input = message
        var signature = signature
        var mechanism = CK_MECHANISM(mechanism: type, pParameter: nil, ulParameterLen: 0)
        try ReturnValue.check(functions.pointee.C_VerifyInit(session, &mechanism, key), "C_VerifyInit (\(name))")
        return functions.pointee.C_Verify(session, &input, UInt(input.count), &signature, UInt(signature.count))
            == ReturnValue.ok
    }

    /// Forgets remembered handles, after the token said one is no longer valid.
    func forgetKeyHandles() {
        keyHandles.withLock { $0.removeAll() }
        provenEd25519Keys.withLock { $0 = [:] }
    }

    /// True for the return values that mean a remembered handle went stale.
    static func isStaleHandle(_ value: UInt) -> Bool { value == 0x060 || value == 0x082 }

    /// The handle of the one token object of `objectClass` labelled `label`, or nil. Secret and
    /// private keys, and public keys when `privateOnly` is true, are searched among private
    /// objects only: objects nobody can create or replace without the PIN.
    func findObject(
        label: String, objectClass: UInt, session: UInt, privateOnly: Bool = false
    ) throws(PKCS11Error) -> UInt? {
        let template = AttributeTemplate().add(UInt(CKA_CLASS), ulong: objectClass).add(UInt(CKA_LABEL), string: label)
            .add(UInt(CKA_TOKEN), bool: true)
        if privateOnly || objectClass != UInt(CKO_PUBLIC_KEY) { template.add(UInt(CKA_PRIVATE), bool: true) }
        try template.withAttributes { (attributes, count) throws(PKCS11Error) in
            try ReturnValue.check(functions.pointee.C_FindObjectsInit(session, attributes, count), "C_FindObjectsInit")
        }
        defer { _ = functions.pointee.C_FindObjectsFinal(session) }
        var handles = [UInt](repeating: 0, count: 2)
        var found: UInt = 0
        try ReturnValue.check(functions.pointee.C_FindObjects(session, &handles, 2, &found), "C_FindObjects")
        guard found <= 1 else {
            throw PKCS11Error(
                .invalidInput,
                "token \"\(info.label)\" holds several objects labelled \"\(label)\"; remove the extra ones")
        }
        return found == 1 ? handles[0] : nil
    }

    /// Reads one attribute's bytes. Returns nil when the token refuses (sensitive or absent).
    func attribute(_ type: UInt, of object: UInt, session: UInt) -> [UInt8]? {
        var attribute = CK_ATTRIBUTE(type: type, pValue: nil, ulValueLen: 0)
        // A module may report any length: Custody's attributes are small.
        guard functions.pointee.C_GetAttributeValue(session, object, &attribute, 1) == ReturnValue.ok,
            attribute.ulValueLen <= 65_536
        else { return nil }
        var value = [UInt8](repeating: 0, count: Int(attribute.ulValueLen))
        let status = value.withUnsafeMutableBytes { buffer in
            attribute.pValue = buffer.baseAddress
            return functions.pointee.C_GetAttributeValue(session, object, &attribute, 1)
        }
        return status == ReturnValue.ok ? Array(value.prefix(Int(attribute.ulValueLen))) : nil
    }

    /// A boolean attribute, or nil when it cannot be read.
    func boolAttribute(_ type: UInt, of object: UInt, session: UInt) -> Bool? {
        attribute(type, of: object, session: session).flatMap { $0.first.map { $0 != 0 } }
    }

    // MARK: Randomness

    /// `count` random bytes: the token's C_GenerateRandom XOR the operating system's generator,
    /// so that the result is as strong as the stronger of the two.
    public func randomBytes(count: Int) throws(PKCS11Error) -> SecretBytes {
        try withSession { (session) throws(PKCS11Error) in
            try SecretBytes(count: count) { (buffer) throws(PKCS11Error) in
                guard count > 0 else { return }
                let bytes = buffer.bindMemory(to: UInt8.self)
                try ReturnValue.check(
                    functions.pointee.C_GenerateRandom(session, bytes.baseAddress, UInt(count)), "C_GenerateRandom")
                var generator = SystemRandomNumberGenerator()
                for index in 0..<count { bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() as UInt64) }
            }
        }
    }
}
