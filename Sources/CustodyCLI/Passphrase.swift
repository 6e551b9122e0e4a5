import Foundation
import SecureMemory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an officer key's passphrase comes from: a file (`--passphrase-file`), or the terminal
/// with echo off. The passphrase is only ever in wiped memory (`SecretBytes`).
enum Passphrase {
    /// The longest passphrase read, in bytes.
    static let maxBytes = 1024
    /// The shortest passphrase `custody officer keygen` accepts, in bytes.
    static let minNewBytes = 12

    /// The passphrase in `file`, without one final line feed (LF or CR LF), or asked for on the
    /// terminal with `prompt`; when `confirming`, asked twice and required to match.
    static func read(file: String?, prompt: String, confirming: Bool = false) throws -> SecretBytes {
        let passphrase: SecretBytes
        if let file {
            let contents: SecretBytes
            do throws(SecureFileError) {
                contents = try SecureFile.read(file, maxBytes: maxBytes + 2)
            } catch {
                throw OfficerFailure(.failure, "\(file): cannot read the passphrase file: \(error.description)")
            }
            passphrase = withoutFinalNewline(contents)
        } else {
            passphrase = try fromTerminal(prompt: prompt + ": ")
            if confirming {
                let again = try fromTerminal(prompt: "Repeat the passphrase: ")
                guard again == passphrase else { throw OfficerFailure(.failure, "the passphrases do not match") }
            }
        }
        guard passphrase.count > 0 else { throw OfficerFailure(.failure, "the passphrase is empty") }
        guard passphrase.count <= maxBytes else {
            throw OfficerFailure(.failure, "the passphrase is longer than \(maxBytes) bytes")
        }
        return passphrase
    }

    static func withoutFinalNewline(_ contents: SecretBytes) -> SecretBytes {
        contents.withUnsafeBytes { bytes in
            var count = bytes.count
            if count > 0, bytes[count - 1] == 0x0A {
                count -= 1
                if count > 0, bytes[count - 1] == 0x0D { count -= 1 }
            }
            return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
        }
    }

    /// One line read from the controlling terminal with echo off, restored afterwards, also when
    /// the process is interrupted (SIGINT, SIGTERM, SIGHUP, SIGQUIT) while it waits.
    static func fromTerminal(prompt: String) throws -> SecretBytes {
        let terminal = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard terminal >= 0 else {
            throw OfficerFailure(.failure, "no terminal to ask for the passphrase on; give --passphrase-file")
        }
        defer { close(terminal) }
        var saved = termios()
        guard tcgetattr(terminal, &saved) == 0 else {
            throw OfficerFailure(.failure, "cannot turn off the terminal's echo; give --passphrase-file")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        EchoRestore.arm(terminal: terminal, settings: saved)
        guard tcsetattr(terminal, TCSAFLUSH, &quiet) == 0 else {
            EchoRestore.disarm()
            throw OfficerFailure(.failure, "cannot turn off the terminal's echo; give --passphrase-file")
        }
        defer {
            tcsetattr(terminal, TCSAFLUSH, &saved)
            EchoRestore.disarm()
            _ = "\n".withCString { write(terminal, $0, 1) }
        }
        _ = prompt.withCString { write(terminal, $0, strlen($0)) }
        var length = 0
        let line = SecretBytes(count: maxBytes + 1) { buffer in
            var byte: UInt8 = 0
            while length < buffer.count {
                let got = readByte(terminal, &byte)
                if got < 0, errno == EINTR { continue }
                if got <= 0 || byte == 0x0A { break }
                buffer[length] = byte
                length += 1
            }
            byte = 0
        }
        return line.withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }
}

/// The system's `read(2)` of one byte, under a name that `Passphrase.read` does not hide.
private func readByte(_ descriptor: Int32, _ byte: inout UInt8) -> Int {
    read(descriptor, &byte, 1)
}

/// Puts the terminal's settings back when a signal ends the process while echo is off, then
/// lets the signal do what it would have done.
private enum EchoRestore {
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    static func arm(terminal: Int32, settings: termios) {
        echoTerminal = terminal
        echoSettings = settings
        for number in signals { signal(number, restoreThenResignal) }
    }

    static func disarm() {
        for number in signals { signal(number, SIG_DFL) }
        echoTerminal = -1
    }
}

// Read by the signal handler: set before the handler is installed, and only plain values (no
// lazy initialisation, no reference counting) so that reading them is async-signal-safe.
nonisolated(unsafe) private var echoTerminal: Int32 = -1
nonisolated(unsafe) private var echoSettings = termios()

/// The signal handler: `tcsetattr`, `signal` and `raise` are async-signal-safe.
private func restoreThenResignal(_ number: Int32) {
    if echoTerminal >= 0 { tcsetattr(echoTerminal, TCSAFLUSH, &echoSettings) }
    signal(number, SIG_DFL)
    raise(number)
}
