import Foundation
import Synchronization

/// A daemon (`custodyd … serve`) started as a real process for a test: its output collected as it
/// comes, its listening line awaited, signals sent, its exit awaited with a deadline.
public final class RunningDaemon: Sendable {
    /// How a daemon ended.
    public struct Exit: Sendable {
        /// The exit status, or nil when a signal ended it.
        public let status: Int32?
        /// The signal that ended it, if one did.
        public let signal: Int32?
        public let stdout: String
        public let stderr: String
    }

    private let process: Process
    private let output = Output()

    /// What the process printed, appended as it arrives.
    private final class Output: Sendable {
        let buffers = Mutex((stdout: Data(), stderr: Data()))
    }
    /// When the process was launched.
    public let launched: ContinuousClock.Instant

    /// Launches `executable` with `arguments`, the environment extended by `environment`, in
    /// `directory` (the test's own working directory unless given).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let output = self.output
        // At the end of the output (empty data) the handler is removed: Foundation would call
        // it again and again, and its dispatch source would outlive the handle.
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            output.buffers.withLock { $0.stdout.append(data) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            output.buffers.withLock { $0.stderr.append(data) }
        }
        launched = .now
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// What the daemon printed so far.
    /// Whether the process has not exited.
    public var isRunning: Bool { process.isRunning }

    public var stdout: String { output.buffers.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    public var stderr: String { output.buffers.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// The port of the `listening on HOST:PORT` line, once printed, with the time it took from
    /// launch; nil when the process ended first or `timeout` passed.
    public func awaitListening(timeout: Duration = .seconds(60)) -> (port: Int, after: Duration)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = stdout
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
                text.hasSuffix("\n"), let colon = line.lastIndex(of: ":"),
                let port = Int(line[line.index(after: colon)...])
            {
                return (port, ContinuousClock.now - launched)
            }
            if !process.isRunning { return nil }
            usleep(5_000)
        }
        return nil
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits at most `timeout` for the process to end; nil if it is still running (it is then
    /// killed, so that no test leaves a process behind).
    public func awaitExit(timeout: Duration = .seconds(10)) -> Exit? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            let killed = ContinuousClock.now + .seconds(5)
            while process.isRunning && ContinuousClock.now < killed { usleep(5_000) }
            return nil
        }
        // `isRunning` turned false once the exit was reaped, so the status is known; Foundation's
        // `waitUntilExit()` can wait on its run loop forever after that.
        // The pipes' last bytes arrive after the exit.
        usleep(50_000)
        let signaled = process.terminationReason == .uncaughtSignal
        return Exit(
            status: signaled ? nil : process.terminationStatus, signal: signaled ? process.terminationStatus : nil,
            stdout: stdout, stderr: stderr)
    }
}

/// A minimal HTTP/1.1 client over loopback for tests: one request per connection.
public enum LoopbackHTTP {
    public struct Response: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let body: String
        /// The body's bytes as received (not dechunked).
        public let bodyBytes: [UInt8]
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Sends `method path` to 127.0.0.1:`port` and reads the whole response. With a `body`, or
    /// `headers`, they are sent too (`Content-Length` is the body's unless `headers` gives it or
    /// `Transfer-Encoding`, when `body` must be framed by the caller).
    public static func request(
        port: Int, _ path: String, method: String = "GET", body requestBody: [UInt8] = [],
        headers requestHeaders: [String: String] = [:],
        timeout: Duration = .seconds(10)
    ) throws(Failure) -> Response {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(socket) }
        var seconds = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
        var requestHead = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        let framed = requestHeaders.keys.contains {
            ["content-length", "transfer-encoding"].contains($0.lowercased())
        }
        if !requestBody.isEmpty && !framed {
            requestHead += "Content-Length: \(requestBody.count)\r\n"
        }
        for (name, value) in requestHeaders.sorted(by: { $0.key < $1.key }) { requestHead += "\(name): \(value)\r\n" }
        let request = Array((requestHead + "\r\n").utf8) + requestBody
        var sent = 0
        while sent < request.count {
            // MSG_NOSIGNAL: a server that closes early (a refused body) must not kill the test with SIGPIPE.
            let count = request[sent...].withUnsafeBytes {
                send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            // A server that refused a body it did not read may reset the connection after its answer.
            if count < 0 && errno == ECONNRESET && !received.isEmpty { break }
            guard count >= 0 else { throw Failure(description: "recv: errno \(errno)") }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no HTTP response: \(text)") }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw Failure(description: "no status line: \(text.prefix(200))") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        let separator: [UInt8] = [13, 10, 13, 10]
        let bodyStart =
            (0...max(0, received.count - 4)).first {
                received[$0..<min($0 + 4, received.count)].elementsEqual(separator)
            }
            .map { $0 + 4 } ?? received.count
        return Response(status: status, headers: headers, body: body, bodyBytes: Array(received[bodyStart...]))
    }

    private static func dechunk(_ text: String) -> String {
        var rest = Substring(text)
        var out = ""
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let bytes = Array(rest[start...].utf8)
            guard bytes.count >= size else { break }
            out += String(decoding: bytes[0..<size], as: UTF8.self)
            rest = Substring(String(decoding: bytes[size...], as: UTF8.self)).dropFirst(2)
        }
        return out
    }

    /// A port no socket is bound to now (bound, read and closed).
    public static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 ? getsockname(socket, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
