import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// audit/verify.py on one bundle, with the auditor's trust anchors.
enum PythonVerifier {
    /// The JSON verdict (`ERROR` with exit status 1 for a bundle that does not parse).
    static func run(_ bytes: [UInt8], trustedKey: NoteVerifierKey?, pinned: [String] = []) throws
        -> PythonVerifierTests.PythonVerdict
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundle = directory.appendingPathComponent("log.bundle")
        try Data(bytes).write(to: bundle)
        var arguments = trustedKey.map { ["--trusted-key", $0.vkey] } ?? ["--insecure"]
        for (position, note) in pinned.enumerated() {
            let file = directory.appendingPathComponent("held-\(position).note")
            try Data(note.utf8).write(to: file)
            arguments += ["--checkpoint", file.path]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", PythonVerifierTests.root.appendingPathComponent("audit/verify.py").path, "--json"]
            + arguments + [bundle.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(PythonVerifierTests.PythonVerdict.self, from: data)
    }
}

/// audit/verify.py, the independent verifier, must agree with BundleVerifier on every verdict
/// and first bad index.
@Suite struct PythonVerifierTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct PythonVerdict: Decodable {
        let verdict: String
        let firstBadIndex: UInt64?
        let size: UInt64?
        let root: String?
        let file: String
    }

    /// Runs verify.py on the files at once; one JSON line per file.
    static func python(_ files: [String], trustedKey: String? = nil) throws -> [PythonVerdict] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", root.appendingPathComponent("audit/verify.py").path, "--json"]
            + (trustedKey.map { ["--trusted-key", $0] } ?? ["--insecure"]) + files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(PythonVerdict.self, from: Data($0.utf8))
        }
    }

    @Test func bothVerifiersAgree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = TamperTests.log
        var cases: [(file: String, bytes: [UInt8])] = [("good", log.bundle.serialized())]
        for attack in Attack.allCases {
            for seed in UInt64(1)...8 {
                cases.append(("\(attack)-\(seed)", try attack.apply(to: log, seed: seed).bundle.serialized()))
            }
        }
        for sample in try SampleBundles.all() { cases.append((sample.name, sample.bytes)) }
        var files: [String] = []
        for (name, bytes) in cases {
            let path = directory.appendingPathComponent(name + ".bundle").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let results = try Self.python(files)
        try #require(results.count == cases.count)
        for ((name, bytes), python) in zip(cases, results) {
            let swift = try BundleVerifier.verify(bytes)
            #expect(python.verdict == swift.name, "\(name): Swift \(swift), Python \(python.verdict)")
            #expect(python.firstBadIndex == swift.firstBadIndex, "\(name): Swift \(swift)")
            if case .ok(let size, let root, _) = swift {
                #expect(python.size == size && python.root == hex(root), "\(name)")
            }
        }
        #expect(Set(results.map(\.verdict)) == ["OK", "TAMPERED", "TRUNCATED", "FORKED", "UNVERIFIABLE"])
    }

    @Test func pythonChecksTheTrustedKey() throws {
        let path = Self.root.appendingPathComponent("audit/sample/sample.bundle").path
        #expect(try Self.python([path], trustedKey: TestLog.key1.verifierKey.vkey).first?.verdict == "OK")
        #expect(try Self.python([path], trustedKey: TestLog.key2.verifierKey.vkey).first?.verdict == "UNVERIFIABLE")
    }

    /// verify.py refuses to run without a trust anchor unless told --insecure (exit 64).
    @Test func pythonRequiresATrustedKeyUnlessInsecure() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.root.appendingPathComponent("audit/verify.py").path,
            Self.root.appendingPathComponent("audit/sample/sample.bundle").path,
        ]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
    }
}
