import CustodyTestSupport
import Foundation
import Testing

/// `custody frost keygen` as a real process against what an attacker or a broken disk does to
/// the key directory: planted links, a permissive umask, a write the disk refuses.
@Suite struct KeyFileWriteAttackTests {
    static func temporaryDirectory() -> String { NSTemporaryDirectory() + "custody-keyattack-\(UUID().uuidString)" }

    /// `custody` run by bash after `setup` (shell commands), with `exec`, so that limits and
    /// ignored signals reach it.
    static func custodyInShell(_ setup: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        let quoted = ([ProcessRunner.product("custody")] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try ProcessRunner.run("/bin/bash", ["-c", "\(setup); exec \(quoted)"])
    }

    static func keygen(_ out: String, signers: Int = 3) -> [String] {
        ["frost", "keygen", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", String(signers), "--out", out]
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func keygenIntoDirectoryWithPlantedSymlinkDoesNotFollowIt() throws {
        let keys = Self.temporaryDirectory()
        let elsewhere = Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: keys)
            try? FileManager.default.removeItem(atPath: elsewhere)
        }
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        // Dangling: following it would create the share where the attacker reads it.
        try FileManager.default.createSymbolicLink(
            atPath: keys + "/signer-3.json", withDestinationPath: elsewhere + "/stolen.json")
        let result = try ProcessRunner.run(ProcessRunner.product("custody"), Self.keygen(keys))
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(keys) already holds key files (signer-3.json); refusing to overwrite"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/stolen.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: keys) == ["signer-3.json"])
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: keys + "/signer-3.json") == elsewhere
                + "/stolen.json")
    }

    @Test func keyFileIsCreatedWithMode0600EvenUnderPermissiveUmask() throws {
        let keys = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let result = try Self.custodyInShell("umask 000", Self.keygen(keys))
        #expect(result.status == 0, "\(result.stderr)")
        for number in 1...3 { #expect(try Self.mode(keys + "/signer-\(number).json") == 0o600) }
        #expect(try Self.mode(keys + "/group.json") == 0o644)
        // And exactly those modes under a strict umask too: the mode is set, not left to it.
        let strict = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: strict) }
        let strictResult = try Self.custodyInShell("umask 077", Self.keygen(strict))
        #expect(strictResult.status == 0, "\(strictResult.stderr)")
        #expect(try Self.mode(strict + "/group.json") == 0o644)
    }

    @Test func failedWriteLeavesNoPartialKeyFile() throws {
        let keys = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        // Files may grow to 1024 bytes: each signer's file fits, the group file of 20 signers
        // (about 1.9 KB) does not. SIGXFSZ is ignored, so the write fails with EFBIG.
        let result = try Self.custodyInShell("trap '' XFSZ; ulimit -f 1", Self.keygen(keys, signers: 20))
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(
                "cannot write \(keys)/group.json: File too large; the partial file was removed; the 20 key files written before it were removed"
            ), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: keys).isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test func existingKeyFileIsNeverOverwrittenByKeygen() throws {
        let keys = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try Data("an operator's file\n".utf8).write(to: URL(fileURLWithPath: keys + "/group.json"))
        let result = try ProcessRunner.run(ProcessRunner.product("custody"), Self.keygen(keys))
        #expect(result.status != 0)
        #expect(result.stderr.contains("already holds key files (group.json); refusing to overwrite"))
        #expect(FileManager.default.contents(atPath: keys + "/group.json") == Data("an operator's file\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: keys) == ["group.json"])
    }
}
