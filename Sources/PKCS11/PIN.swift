import Foundation
public import SecureMemory

/// Where a token's user PIN comes from: a file or an environment variable, never the command
/// line (which other users can read) and never a log.
public enum PINSource: Sendable, Equatable {
    /// A file holding the PIN (one trailing newline is ignored), readable by its owner alone.
    case file(String)
    /// An environment variable holding the PIN.
    case environment(String)

    /// Reads the PIN into wiped memory.
    /// - Throws: `.pinUnavailable` naming the file or variable, never the PIN.
    public func read() throws(PKCS11Error) -> SecretBytes {
        var bytes: [UInt8]
        switch self {
        case .file(let path):
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                mode & 0o077 != 0
            {
                throw PKCS11Error(
                    .pinUnavailable,
                    "the PIN file \(path) can be read by other users (mode \(String(mode, radix: 8))); "
                        + "make it readable by its owner alone (chmod 600)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PKCS11Error(.pinUnavailable, "cannot read the PIN file \(path)")
            }
            bytes = Array(data)
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw PKCS11Error(.pinUnavailable, "the environment variable \(name) is not set")
            }
            bytes = Array(value.utf8)
        }
        defer { Wipe.bytes(&bytes) }
        while let last = bytes.last, last == 0x0a || last == 0x0d { bytes.removeLast() }
        guard !bytes.isEmpty else { throw PKCS11Error(.pinUnavailable, "the PIN from \(self) is empty") }
        return SecretBytes(copying: bytes)
    }
}

extension PINSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .environment(let name): "environment variable \(name)"
        }
    }
}
