import Foundation
public import SecureMemory

#if canImport(Glibc)
    import Glibc
#endif

/// Where a token's user PIN comes from: a file or an environment variable, never the command
/// line (which other users can read) and never a log.
public enum PINSource: Sendable, Equatable {
    /// A file holding the PIN (one trailing newline is ignored), readable by its owner alone.
    case file(String)
    /// An environment variable holding the PIN.
    case environment(String)

    /// The longest PIN file Custody reads, in bytes.
    static let maximumFileLength = 4096

    /// Reads the PIN into wiped memory. The PIN goes from the file (read with `read(2)`) or the
    /// environment block (`getenv`) straight into `SecretBytes`: never through `Data`, `String`
    /// or an array.
    /// - Throws: `.pinUnavailable` naming the file or variable, never the PIN.
    public func read() throws(PKCS11Error) -> SecretBytes {
        let raw: SecretBytes
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
            raw = try Self.readFile(path)
        case .environment(let name):
            guard let value = getenv(name) else {
                throw PKCS11Error(.pinUnavailable, "the environment variable \(name) is not set")
            }
            raw = SecretBytes(count: strlen(value)) { buffer in
                if let base = buffer.baseAddress { base.copyMemory(from: value, byteCount: buffer.count) }
            }
        }
        // One trailing newline (and any carriage returns with it) is not part of the PIN.
        let length = raw.withUnsafeBytes { bytes in
            var length = bytes.count
            while length > 0, bytes[length - 1] == 0x0a || bytes[length - 1] == 0x0d { length -= 1 }
            return length
        }
        guard length > 0 else { throw PKCS11Error(.pinUnavailable, "the PIN from \(self) is empty") }
        if length == raw.count { return raw }
        return raw.withUnsafeBytes { bytes in
            SecretBytes(count: length) { buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<length]))
            }
        }
    }

    /// The whole file, read into wiped memory.
    private static func readFile(_ path: String) throws(PKCS11Error) -> SecretBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PKCS11Error(.pinUnavailable, "cannot read the PIN file \(path)") }
        defer { close(descriptor) }
        var length = 0
        let scratch = try SecretBytes(count: maximumFileLength + 1) { (buffer) throws(PKCS11Error) in
            while length < buffer.count {
                let count = Glibc.read(descriptor, buffer.baseAddress! + length, buffer.count - length)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw PKCS11Error(.pinUnavailable, "cannot read the PIN file \(path)") }
                if count == 0 { break }
                length += count
            }
        }
        guard length <= maximumFileLength else {
            throw PKCS11Error(
                .pinUnavailable, "the PIN file \(path) is longer than \(maximumFileLength) bytes; it is not a PIN")
        }
        return scratch.withUnsafeBytes { bytes in
            SecretBytes(count: length) { buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<length]))
            }
        }
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
