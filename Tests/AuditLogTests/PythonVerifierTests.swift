import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// audit/verify.py, the independent verifier, must agree with BundleVerifier on every verdict
/// and first bad index.
@Suite struct PythonVerifierTests {
    static let root = Repository.root

    @Test func bothVerifiersAgree() throws {
        let log = TamperTests.log
        var cases: [(file: String, bytes: [UInt8])] = [("good", log.bundle.serialized())]
        for attack in Attack.allCases {
            for seed in UInt64(1)...8 {
                cases.append(("\(attack)-\(seed)", try attack.apply(to: log, seed: seed).bundle.serialized()))
            }
        }
        for sample in try SampleBundles.all() { cases.append((sample.name, sample.bytes)) }
        let results = try PythonVerifier.run(bundles: cases.map { ($0.file, $0.bytes) })
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
        #expect(try PythonVerifier.run(files: [path], trustedKey: TestLog.key1.verifierKey.vkey).first?.verdict == "OK")
        #expect(
            try PythonVerifier.run(files: [path], trustedKey: TestLog.key2.verifierKey.vkey).first?.verdict
                == "UNVERIFIABLE")
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
