import Foundation
import Testing

/// `custody audit verify`, run as a real process on the sample bundles.
@Suite struct AuditCommandTests {
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("custody").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("custody")
    }()

    static func custody(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct Output: Decodable {
        let verdict: String
        let firstBadIndex: UInt64?
        let size: UInt64?
    }

    @Test(arguments: [
        ("sample", "OK", Int32(0)), ("tampered", "TAMPERED", 10), ("truncated", "TRUNCATED", 11),
        ("forked", "FORKED", 12), ("unverifiable", "UNVERIFIABLE", 13),
    ])
    func verdictsAndExitCodes(name: String, verdict: String, status: Int32) throws {
        let path = SampleBundles.directory.appendingPathComponent(name + ".bundle").path
        let result = try Self.custody(["audit", "verify", "--bundle", path, "--json"])
        #expect(result.status == status)
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        #expect(output.verdict == verdict)
        let text = try Self.custody(["audit", "verify", "--bundle", path])
        #expect(text.status == status && text.stdout.hasPrefix(verdict))
    }

    @Test func trustedKeyAndUnreadableBundle() throws {
        let path = SampleBundles.directory.appendingPathComponent("sample.bundle").path
        let vkeys = try String(contentsOf: SampleBundles.directory.appendingPathComponent("keys.vkey"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(try Self.custody(["audit", "verify", "--bundle", path, "--trusted-key", vkeys[0]]).status == 0)
        #expect(try Self.custody(["audit", "verify", "--bundle", path, "--trusted-key", vkeys[1]]).status == 13)
        #expect(try Self.custody(["audit", "verify", "--bundle", "/nonexistent.bundle"]).status != 0)
    }
}
