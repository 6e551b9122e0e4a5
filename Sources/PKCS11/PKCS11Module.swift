internal import CPKCS11
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A PKCS#11 v2.40 module (SoftHSM2, a Luna, a YubiHSM 2, CloudHSM…) loaded at run time with
/// `dlopen`, initialised for multi-threaded use with the operating system's locking.
///
/// `@unchecked Sendable`: the function list is immutable after loading, and the module is
/// initialised with `CKF_OS_LOCKING_OK`, which obliges it to serialise its own state across
/// threads; Custody never shares one session between threads (see ``SessionPool``).
public final class PKCS11Module: @unchecked Sendable {
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>
    private let handle: UnsafeMutableRawPointer
    /// The path the module was loaded from.
    public let path: String
    private let finalized = Mutex(false)

    /// Loads and initialises the module at `path`.
    /// - Throws: `.moduleNotLoaded` when the file is missing or is not a PKCS#11 module.
    public init(path: String) throws(PKCS11Error) {
        guard access(path, R_OK) == 0 else {
            throw PKCS11Error(.moduleNotLoaded, "no readable PKCS#11 module at \(path)")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let detail = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PKCS11Error(.moduleNotLoaded, "cannot load \(path): \(detail)")
        }
        guard let symbol = dlsym(handle, "C_GetFunctionList") else {
            dlclose(handle)
            throw PKCS11Error(.moduleNotLoaded, "\(path) is not a PKCS#11 module (no C_GetFunctionList)")
        }
        typealias GetFunctionList =
            @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CK_FUNCTION_LIST>?>?) -> UInt
        let getFunctionList = unsafeBitCast(symbol, to: GetFunctionList.self)
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        let listed = getFunctionList(&list)
        guard listed == ReturnValue.ok, let list else {
            dlclose(handle)
            throw PKCS11Error(
                .moduleNotLoaded, "C_GetFunctionList of \(path) failed", returnValue: ReturnValue.name(listed))
        }
        var arguments = CK_C_INITIALIZE_ARGS()
        arguments.flags = UInt(CKF_OS_LOCKING_OK)
        let initialized = list.pointee.C_Initialize(&arguments)
        // Another part of this process may have initialised the module already; that is fine.
        guard initialized == ReturnValue.ok || initialized == 0x191 else {
            dlclose(handle)
            throw PKCS11Error(
                .moduleNotLoaded, "C_Initialize of \(path) failed", returnValue: ReturnValue.name(initialized))
        }
        self.handle = handle
        self.functions = list
        self.path = path
    }

    /// Ends this process's use of the module (`C_Finalize`): every session of every token of
    /// the module closes, and every later call into it fails. A daemon calls it last, after
    /// closing its tokens (``HSMToken/close()``) and before exiting: SoftHSM2 frees its global
    /// objects in exit handlers, which can crash a process that exits with the module still
    /// initialised (SoftHSMv2 issues 635 and 729). Calling it again does nothing.
    public func finalize() {
        let first = finalized.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = functions.pointee.C_Finalize(nil)
    }

    deinit {
        // The module stays initialised: other instances in this process may share it, and
        // finalising under them would invalidate their sessions.
        dlclose(handle)
    }

    /// What the module says of itself.
    public struct Info: Sendable, Codable, Equatable {
        public let manufacturer: String
        public let description: String
        public let cryptokiVersion: String
        public let libraryVersion: String
    }

    /// The module's own description (C_GetInfo).
    public func info() throws(PKCS11Error) -> Info {
        var info = CK_INFO()
        try ReturnValue.check(functions.pointee.C_GetInfo(&info), "C_GetInfo")
        return Info(
            manufacturer: paddedString(info.manufacturerID), description: paddedString(info.libraryDescription),
            cryptokiVersion: "\(info.cryptokiVersion.major).\(info.cryptokiVersion.minor)",
            libraryVersion: "\(info.libraryVersion.major).\(info.libraryVersion.minor)")
    }

    /// A token's identity and versions.
    public struct TokenInfo: Sendable, Codable, Equatable {
        public let slot: UInt
        public let label: String
        public let serial: String
        public let manufacturer: String
        public let model: String
        public let hardwareVersion: String
        public let firmwareVersion: String
        public let initialized: Bool
        public let loginRequired: Bool
    }

    /// Every token present in the module's slots whose information could be read.
    public func tokens() throws(PKCS11Error) -> [TokenInfo] {
        try scanTokens().tokens
    }

    /// The tokens, and how many slots would not say what they hold (a token busy in another
    /// process, or in a bad state, must not hide the others).
    private func scanTokens() throws(PKCS11Error) -> (tokens: [TokenInfo], unreadable: Int) {
        var count: UInt = 0
        try ReturnValue.check(functions.pointee.C_GetSlotList(1, nil, &count), "C_GetSlotList")
        var slots = [UInt](repeating: 0, count: Int(count))
        try ReturnValue.check(functions.pointee.C_GetSlotList(1, &slots, &count), "C_GetSlotList")
        var tokens: [TokenInfo] = []
        var unreadable = 0
        for slot in slots.prefix(Int(count)) {
            var info = CK_TOKEN_INFO()
            guard functions.pointee.C_GetTokenInfo(slot, &info) == ReturnValue.ok else {
                unreadable += 1
                continue
            }
            tokens.append(
                TokenInfo(
                    slot: slot, label: paddedString(info.label), serial: paddedString(info.serialNumber),
                    manufacturer: paddedString(info.manufacturerID), model: paddedString(info.model),
                    hardwareVersion: "\(info.hardwareVersion.major).\(info.hardwareVersion.minor)",
                    firmwareVersion: "\(info.firmwareVersion.major).\(info.firmwareVersion.minor)",
                    initialized: info.flags & UInt(CKF_TOKEN_INITIALIZED) != 0,
                    loginRequired: info.flags & UInt(CKF_LOGIN_REQUIRED) != 0))
        }
        return (tokens, unreadable)
    }

    /// The token with this label or serial number. Slots that cannot be read are tried again
    /// a few times before the token is declared missing.
    /// - Throws: `.tokenNotFound`, listing the tokens that are there.
    public func token(labelOrSerial: String) throws(PKCS11Error) -> TokenInfo {
        var attempt = 0
        while true {
            let (all, unreadable) = try scanTokens()
            if let match = all.first(where: { $0.label == labelOrSerial || $0.serial == labelOrSerial }) {
                return match
            }
            attempt += 1
            if unreadable > 0 && attempt < 5 {
                usleep(100_000)
                continue
            }
            let present = all.filter(\.initialized).map { "\"\($0.label)\"" }.joined(separator: ", ")
            throw PKCS11Error(
                .tokenNotFound,
                "no token labelled or numbered \"\(labelOrSerial)\" in \(path)"
                    + (present.isEmpty ? "; no initialised token is present" : "; present: \(present)")
                    + (unreadable > 0 ? "; \(unreadable) slot(s) would not report their token" : ""))
        }
    }

    /// The mechanisms a slot's token offers.
    public func mechanisms(slot: UInt) throws(PKCS11Error) -> Set<UInt> {
        var count: UInt = 0
        try ReturnValue.check(functions.pointee.C_GetMechanismList(slot, nil, &count), "C_GetMechanismList")
        var list = [UInt](repeating: 0, count: Int(count))
        try ReturnValue.check(functions.pointee.C_GetMechanismList(slot, &list, &count), "C_GetMechanismList")
        return Set(list.prefix(Int(count)))
    }
}

/// A fixed-size, space-padded PKCS#11 text field as a Swift string.
func paddedString<T>(_ field: T) -> String {
    withUnsafeBytes(of: field) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: " ")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.last == set { text = text.dropLast() }
        while text.first == set { text = text.dropFirst() }
        return String(text)
    }
}
