import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// `custody audit verify`, run as a real process on the sample bundles: exit codes, printed
/// output, and the verdict document byte for byte as `AuditLog` makes it.
@Suite struct AuditVerifyCommandTests {
    static func custody(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.product("custody"), arguments)
    }

    static func sample(_ name: String) -> String { Repository.auditSamples.appendingPathComponent(name).path }

    static var trusted: [String] { ["--trusted-key", TestLog.key1.verifierKey.vkey] }

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
        let path = Self.sample(name + ".bundle")
        let result = try Self.custody(["audit", "verify", "--bundle", path, "--json"] + Self.trusted)
        #expect(result.status == status)
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        #expect(output.verdict == verdict)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let document = VerdictDocument(
            try BundleVerifier.verify(bytes, trustedKey: TestLog.key1.verifierKey),
            genesisKey: try AuditBundle.genesisKey(of: bytes),
            anchors: .init(trustedKey: TestLog.key1.verifierKey, pinnedCheckpoints: []))
        #expect(result.stdout == (try document.json()) + "\n")
        let text = try Self.custody(["audit", "verify", "--bundle", path] + Self.trusted)
        #expect(text.status == status && text.stdout.hasPrefix(verdict))
        #expect(
            text.stdout.contains(
                "trust anchors: genesis key \(TestLog.key1.verifierKey.vkey); pinned checkpoints: none"))
    }

    @Test func trustedKeyAndUnreadableBundle() throws {
        let path = Self.sample("sample.bundle")
        let vkeys = try String(contentsOfFile: Self.sample("keys.vkey"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(try Self.custody(["audit", "verify", "--bundle", path, "--trusted-key", vkeys[0]]).status == 0)
        #expect(try Self.custody(["audit", "verify", "--bundle", path, "--trusted-key", vkeys[1]]).status == 13)
        #expect(try Self.custody(["audit", "verify", "--bundle", "/nonexistent.bundle", "--insecure"]).status != 0)
    }

    /// Without a trust anchor the verdict would rest on the bundle's own key: refused unless the
    /// auditor says --insecure, and then the output says so.
    @Test func aTrustedKeyIsRequiredUnlessInsecure() throws {
        let path = Self.sample("sample.bundle")
        #expect(try Self.custody(["audit", "verify", "--bundle", path]).status == 64)
        let insecure = try Self.custody(["audit", "verify", "--bundle", path, "--insecure"])
        #expect(insecure.status == 0 && insecure.stdout.contains("NONE (--insecure"), "\(insecure.stdout)")
    }

    /// `--checkpoint FILE`: the log cut short together with its checkpoints is TRUNCATED for an
    /// auditor who holds a larger checkpoint, and the output names the pin.
    @Test func aPinnedCheckpointExposesACutLog() throws {
        let genuine = try TestLog.make(count: 40, every: 10, rotateAt: nil)
        var cut = genuine.bundle
        cut.entries.removeLast(15)
        cut.checkpoints.removeLast(2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundle = directory.appendingPathComponent("cut.bundle").path
        let held = directory.appendingPathComponent("held.note").path
        try Data(cut.serialized()).write(to: URL(fileURLWithPath: bundle))
        try Data(genuine.checkpoints.last!.serialized.utf8).write(to: URL(fileURLWithPath: held))
        #expect(try Self.custody(["audit", "verify", "--bundle", bundle] + Self.trusted).status == 0)
        let pinned = try Self.custody(["audit", "verify", "--bundle", bundle, "--checkpoint", held] + Self.trusted)
        #expect(pinned.status == 11 && pinned.stdout.hasPrefix("TRUNCATED"), "\(pinned.stdout)")
        #expect(pinned.stdout.contains("pinned checkpoints: size 40 (\(held))"), "\(pinned.stdout)")
        let json = try Self.custody(
            ["audit", "verify", "--bundle", bundle, "--checkpoint", held, "--json"] + Self.trusted)
        struct Anchored: Decodable {
            struct Anchors: Decodable {
                struct Pin: Decodable { let size: UInt64 }
                let trustedKey: String?
                let pinnedCheckpoints: [Pin]
            }
            let verdict: String
            let anchors: Anchors
        }
        let decoded = try JSONDecoder().decode(Anchored.self, from: Data(json.stdout.utf8))
        #expect(decoded.verdict == "TRUNCATED" && decoded.anchors.pinnedCheckpoints.map(\.size) == [40])
        #expect(decoded.anchors.trustedKey == TestLog.key1.verifierKey.vkey)
        let garbage = directory.appendingPathComponent("garbage.note").path
        try Data("not a note".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(
            try Self.custody(["audit", "verify", "--bundle", bundle, "--checkpoint", garbage] + Self.trusted).status
                == 64)
    }
}
