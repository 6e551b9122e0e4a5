import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL server for tests: `initdb` and `pg_ctl` in a temporary directory, on
/// a free loopback port, as a non-root user (the `postgres` account when the tests run as
/// root), stopped and removed when the test process exits. When `CUSTODY_TEST_POSTGRES_URL`
/// names a server, that server is used instead (its user needs CREATEDB).
///
/// Each test asks for a database of its own with ``makeDatabase()``.
public final class PostgresTestServer: Sendable {
    /// The server for this test process, started on first use.
    public static let shared: Result<PostgresTestServer, PostgresTestServerError> = Result {
        () throws(PostgresTestServerError) in try PostgresTestServer()
    }

    /// A URL for the server's administrative database.
    public let adminURL: String
    private let directory: String?
    private let binaries: String?

    private init() throws(PostgresTestServerError) {
        if let url = ProcessInfo.processInfo.environment["CUSTODY_TEST_POSTGRES_URL"], !url.isEmpty {
            adminURL = url
            directory = nil
            binaries = nil
            return
        }
        let binaries = try Self.findBinaries()
        let directory = NSTemporaryDirectory() + "custody-postgres-\(UUID().uuidString)"
        let data = directory + "/data"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let runAs = getuid() == 0 ? "postgres" : nil
        if let runAs {
            guard Self.run("/usr/bin/chown", [runAs, directory]) == 0 else {
                throw PostgresTestServerError("cannot hand \(directory) to the \(runAs) user")
            }
        }
        guard
            Self.run(
                binaries + "/initdb", ["-D", data, "-A", "trust", "-U", "custody", "-E", "UTF8", "--no-sync"], as: runAs
            )
                == 0
        else {
            throw PostgresTestServerError("initdb failed in \(directory)")
        }
        let port = try Self.freePort()
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1"
        guard
            Self.run(
                binaries + "/pg_ctl", ["-D", data, "-l", directory + "/server.log", "-w", "-o", options, "start"],
                as: runAs)
                == 0
        else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw PostgresTestServerError("pg_ctl could not start the server: \(log.suffix(500))")
        }
        self.adminURL = "postgresql://custody@127.0.0.1:\(port)/postgres"
        self.directory = directory
        self.binaries = binaries
        Self.cleanup.withLock { $0 = (binaries, data, directory, runAs) }
        atexit { PostgresTestServer.stopAtExit() }
    }

    /// A fresh, empty database; returns its URL.
    public func makeDatabase() throws(PostgresTestServerError) -> String {
        let name = "custody_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let psql = (binaries.map { $0 + "/psql" }) ?? "/usr/bin/psql"
        guard Self.run(psql, [adminURL, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"]) == 0 else {
            throw PostgresTestServerError("cannot create database \(name)")
        }
        guard var components = URLComponents(string: adminURL) else { throw PostgresTestServerError("bad URL") }
        components.path = "/" + name
        return components.string!
    }

    private static let cleanup = Mutex<(String, String, String, String?)?>(nil)

    private static func stopAtExit() {
        guard let (binaries, data, directory, runAs) = cleanup.withLock({ $0 }) else { return }
        _ = run(binaries + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func findBinaries() throws(PostgresTestServerError) -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
            .sorted()
        for version in versions.reversed() where FileManager.default.fileExists(atPath: "\(root)/\(version)/bin/initdb")
        {
            return "\(root)/\(version)/bin"
        }
        throw PostgresTestServerError("no PostgreSQL server binaries under \(root): run 'make deps'")
    }

    private static func freePort() throws(PostgresTestServerError) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PostgresTestServerError("no socket for a port probe") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw PostgresTestServerError("cannot find a free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program (as `user` when given, through runuser) and returns its exit status.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process: `pg_ctl start` leaves a daemon
    /// behind that would inherit, and hold open, the descriptor Process waits on.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], as user: String? = nil) -> Int32 {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--", program] } ?? [program]) + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}

/// Why the test server could not start.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
