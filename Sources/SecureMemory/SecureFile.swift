#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way Custody writes a file that holds a secret or must never be replaced (key-package
/// files, `signer.json`), and reads such a file back into wiped memory.
///
/// ``create(_:contents:mode:)``:
/// - creates the file exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`): an existing file, directory
///   or symbolic link at the path, dangling or not, is an error and stays as it was;
/// - creates it with `mode`, so that it is never more accessible than `mode`, not even for an
///   instant, then sets the open descriptor's mode to exactly `mode` (`fchmod`), whatever the
///   umask;
/// - writes every byte (short writes and `EINTR` are retried), flushes the file (`fsync`), then
///   its directory (`fsync`), and closes it;
/// - on any failure after the file was created, removes it: no partial file remains. Every
///   error names the path and the cause, never the contents.
///
/// The caller owns the contents: a secret is handed over as `SecretBytes`, wiped when released.
public enum SecureFile {
    /// Creates `path` holding `contents`, with permission bits `mode` (0 to 0o777).
    public static func create(_ path: String, contents: UnsafeRawBufferPointer, mode: Int) throws(SecureFileError) {
        guard (0...0o777).contains(mode) else {
            throw SecureFileError(path: path, "cannot create \(path): mode \(String(mode, radix: 8)) is not 0 to 777")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else {
            let number = errno
            if number == EEXIST {
                throw SecureFileError(
                    path: path, errorNumber: number,
                    "cannot create \(path): it already exists; refusing to overwrite it")
            }
            throw SecureFileError(path: path, errorNumber: number, "cannot create \(path): \(message(number))")
        }
        var failure: (errorNumber: Int32, what: String)? = nil
        if fchmod(descriptor, mode_t(mode)) != 0 {
            failure = (errno, "cannot set the mode of \(path)")
        } else if let number = writeAll(descriptor, contents) {
            failure = (number, "cannot write \(path)")
        } else if fsync(descriptor) != 0 {
            failure = (errno, "cannot flush \(path) to disk")
        }
        if close(descriptor) != 0, failure == nil {
            failure = (errno, "cannot close \(path)")
        }
        if failure == nil, let number = syncDirectory(of: path) {
            failure = (number, "cannot flush the directory of \(path) to disk")
        }
        if let failure {
            unlink(path)
            throw SecureFileError(
                path: path, errorNumber: failure.errorNumber,
                "\(failure.what): \(message(failure.errorNumber)); the partial file was removed")
        }
    }

    /// Creates `path` holding the secret `contents`, with permission bits `mode`.
    public static func create(_ path: String, contents: SecretBytes, mode: Int) throws(SecureFileError) {
        try contents.withUnsafeBytes { (bytes) throws(SecureFileError) in try create(path, contents: bytes, mode: mode)
        }
    }

    /// Creates `path` holding the public `contents`, with permission bits `mode`.
    public static func create(_ path: String, contents: [UInt8], mode: Int) throws(SecureFileError) {
        let failure: SecureFileError? = contents.withUnsafeBytes { bytes in
            do throws(SecureFileError) {
                try create(path, contents: bytes, mode: mode)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Reads the regular file at `path`, at most `maxBytes` long, into wiped memory.
    ///
    /// A symbolic link at `path` is followed unless `followingLinks` is false, when it is refused
    /// (`errorNumber` `ELOOP`); anything but a regular file (a directory, a FIFO, a device) is
    /// refused without being read, and so is a file longer than `maxBytes` or one that grows
    /// while it is read.
    public static func read(
        _ path: String, maxBytes: Int, followingLinks: Bool = true
    ) throws(SecureFileError) -> SecretBytes {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followingLinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else {
            let number = errno
            if number == ELOOP && !followingLinks {
                throw SecureFileError(path: path, errorNumber: number, "cannot read \(path): it is a symbolic link")
            }
            throw readError(path, number)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw readError(path, errno) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SecureFileError(path: path, "cannot read \(path): not a regular file")
        }
        let size = Int(status.st_size)
        guard size <= maxBytes else {
            throw SecureFileError(path: path, "cannot read \(path): \(size) bytes, more than the limit of \(maxBytes)")
        }
        // One byte more than the size, to notice a file that grew.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 1, alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        var total = 0
        while total < buffer.count {
            let count = systemRead(descriptor, buffer.baseAddress! + total, buffer.count - total)
            if count < 0 {
                let number = errno
                if number == EINTR { continue }
                throw readError(path, number)
            }
            if count == 0 { break }
            total += count
        }
        guard total <= size else { throw SecureFileError(path: path, "cannot read \(path): it grew while being read") }
        return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<total]))
    }

    /// Writes every byte; the `errno` of the failure, or nil.
    private static func writeAll(_ descriptor: Int32, _ contents: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < contents.count {
            let written = write(descriptor, contents.baseAddress! + offset, contents.count - offset)
            if written < 0 {
                let number = errno
                if number == EINTR { continue }
                return number
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    /// Flushes the directory that holds `path`, so that the new name survives a crash; the
    /// `errno` of the failure, or nil.
    private static func syncDirectory(of path: String) -> Int32? {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        return fsync(descriptor) == 0 ? nil : errno
    }

    private static func readError(_ path: String, _ number: Int32) -> SecureFileError {
        SecureFileError(path: path, errorNumber: number, "cannot read \(path): \(message(number))")
    }

    private static func message(_ number: Int32) -> String { String(cString: strerror(number)) }
}

/// The system's `read(2)`, under a name that ``SecureFile/read(_:maxBytes:)`` does not hide.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// A file that could not be created, written or read. ``description`` names the path and the
/// cause (the system's message), never the contents.
public struct SecureFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The system's error number (`errno`), when a system call failed.
    public let errorNumber: Int32?
    /// What went wrong, naming the path.
    public let description: String

    init(path: String, errorNumber: Int32? = nil, _ description: String) {
        self.path = path
        self.errorNumber = errorNumber
        self.description = description
    }
}
