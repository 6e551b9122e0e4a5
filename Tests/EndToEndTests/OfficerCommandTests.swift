import Crypto
import CustodyTestSupport
import Foundation
import Policy
import Testing

/// `custody officer keygen/pubkey`, `custody approve` and `custody reject`, run as real
/// processes: an officer's key file, and the approvals it signs (docs/officer-cli.md).
@Suite struct OfficerCommandTests {
    static let passphrase = "Tr0ub4dor&3-officer-passphrase"
    static let examples = PolicyCommandTests.policies + "/examples"
    static let aliceExampleKey = "ed25519:a0f63fcb831b21d32c0597604be3f8b88bd902f507c510d4ef097ba127b865c9"

    /// A directory with a passphrase file, alice's new key file and the example exchange policy
    /// naming that key for alice, and a copy of the example request.
    struct Officer {
        let directory: String
        let key: String
        let publicKey: String
        let policy: String
        let request: String
        let passphraseFile: String
        var outputs: [String] = []

        init(algorithm: String = "ed25519") throws {
            directory = FrostCommandTests.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            passphraseFile = directory + "/passphrase"
            try (OfficerCommandTests.passphrase + "\n").write(toFile: passphraseFile, atomically: true, encoding: .utf8)
            key = directory + "/alice.key"
            let keygen = try FrostCommandTests.custody([
                "officer", "keygen", "--out", key, "--passphrase-file", passphraseFile, "--algorithm", algorithm,
                "--scrypt-log2-n", "14",
            ])
            #expect(keygen.status == 0, "\(keygen.stderr)")
            publicKey = keygen.stdout.trimmingCharacters(in: .newlines)
            outputs = [keygen.stdout, keygen.stderr]
            policy = directory + "/policy.yaml"
            let text = try String(contentsOfFile: OfficerCommandTests.examples + "/exchange.yaml", encoding: .utf8)
                .replacingOccurrences(of: OfficerCommandTests.aliceExampleKey, with: publicKey)
            try text.write(toFile: policy, atomically: true, encoding: .utf8)
            request = directory + "/request.json"
            try FileManager.default.copyItem(atPath: OfficerCommandTests.examples + "/request.json", toPath: request)
        }

        func arguments(_ verb: String, _ extra: [String] = []) -> [String] {
            [
                verb, "--request", request, "--policy", policy, "--key", key, "--passphrase-file", passphraseFile,
                "--at", "2025-03-03T10:05:00Z",
            ] + extra
        }

        func loadPolicy() throws -> Policy {
            try PolicyDecoder.decode(yaml: String(contentsOfFile: policy, encoding: .utf8), file: policy)
        }

        func requestDigest() throws -> [UInt8] {
            try PolicyInputDecoder.signedRequest(json: Array(FileManager.default.contents(atPath: request)!)).request
                .digest
        }
    }

    static func custody(_ arguments: [String]) throws -> ProcessRunner.Result {
        try FrostCommandTests.custody(arguments)
    }

    @Test func keygenThenApproveGivesAnApprovalTheVerifierAcceptsForThatOfficer() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        #expect(officer.publicKey.hasPrefix("ed25519:") && officer.publicKey.count == 8 + 64)
        let pubkey = try Self.custody(["officer", "pubkey", officer.key])
        #expect(pubkey.status == 0 && pubkey.stdout == officer.publicKey + "\n")
        let mode = try FileManager.default.attributesOfItem(atPath: officer.key)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let result = try Self.custody(officer.arguments("approve", ["--yes"]))
        #expect(result.status == 0, "\(result.stderr)")
        // What was signed was shown first.
        #expect(result.stderr.contains("You are about to approve this request"))
        #expect(result.stderr.contains(try officer.requestDigest().map { String(format: "%02x", $0) }.joined()))
        #expect(result.stderr.contains("btc-hot (BTC, hot)"))
        #expect(result.stderr.contains("150000000 sat (1.50000000 BTC)"))
        #expect(result.stderr.contains("address bc1qcustomer"))
        #expect(result.stderr.contains("fee"))
        let approvals = try PolicyInputDecoder.approvals(json: Array(result.stdout.utf8))
        #expect(approvals.count == 1)
        let policy = try officer.loadPolicy()
        let statement = try ApprovalVerifier.verify(
            approvals[0], policy: policy, requestDigest: officer.requestDigest())
        #expect(statement.officer == "alice" && statement.verdict == .approve)
        #expect(statement.at == Instant(rfc3339: "2025-03-03T10:05:00Z"))
    }

    @Test func aP256KeyApprovesToo() throws {
        let officer = try Officer(algorithm: "p256")
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        #expect(officer.publicKey.hasPrefix("p256:"))
        let out = officer.directory + "/approval.json"
        let result = try Self.custody(officer.arguments("approve", ["--yes", "--out", out, "--json"]))
        #expect(result.status == 0, "\(result.stderr)")
        let approvals = try PolicyInputDecoder.approvals(json: Array(FileManager.default.contents(atPath: out)!))
        _ = try ApprovalVerifier.verify(
            approvals[0], policy: officer.loadPolicy(), requestDigest: officer.requestDigest())
        struct Output: Decodable {
            let officer, verdict, requestDigest, policyHash, at: String
            let out: String?
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        #expect(output.officer == "alice" && output.verdict == "approve" && output.out == out)
        #expect(output.policyHash == (try officer.loadPolicy()).hash.hex)
    }

    @Test func rejectSignsAVetoWithItsReasonShownButNotSigned() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let result = try Self.custody(
            officer.arguments("reject", ["--yes", "--json"]) + ["--reason", "unknown customer"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("unknown customer (not signed)"))
        struct Output: Decodable {
            struct Approval: Decodable {
                struct Statement: Decodable { let verdict: String }
                let statement: Statement
            }
            let approval: Approval
            let reason: String
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        #expect(output.approval.statement.verdict == "reject" && output.reason == "unknown customer")
    }

    @Test func aWrongPassphraseIsRefusedWithExitStatus3AndNothingIsWritten() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let wrong = officer.directory + "/wrong"
        try "Tr0ub4dor&3-officer-passphrasf\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        let out = officer.directory + "/approval.json"
        let result = try Self.custody([
            "approve", "--request", officer.request, "--policy", officer.policy, "--key", officer.key,
            "--passphrase-file", wrong, "--yes", "--out", out,
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("wrong passphrase"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aTamperedKeyFileIsRefusedWithExitStatus4() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        var bytes = Array(FileManager.default.contents(atPath: officer.key)!)
        bytes[100] ^= 0x40
        let tampered = officer.directory + "/tampered.key"
        #expect(FileManager.default.createFile(atPath: tampered, contents: Data(bytes)))
        let result = try Self.custody(["officer", "pubkey", tampered])
        #expect(result.status == 4)
        #expect(result.stderr.contains("corrupted: the checksum does not match"))
        let approve = try Self.custody(
            officer.arguments("approve", ["--yes"]).map { $0 == officer.key ? tampered : $0 })
        #expect(approve.status == 4 && approve.stdout.isEmpty)
        // Truncated and oversized files, and something else entirely.
        for (name, contents) in [
            ("short", Array(bytes.prefix(100))), ("long", bytes + [0]), ("other", Array("{}".utf8)),
        ] {
            let path = officer.directory + "/" + name
            #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
            let refused = try Self.custody(["officer", "pubkey", path])
            #expect(refused.status == 4, "\(name)")
            #expect(["truncated", "oversized", "not an officer key file"].contains { refused.stderr.contains($0) })
        }
    }

    @Test func aHostileKeyFileWithHugeScryptParametersIsRefusedQuickly() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        var bytes = Array(FileManager.default.contents(atPath: officer.key)!)
        bytes[22] = 40
        bytes[23] = 255
        let body = Array(bytes.dropLast(32))
        bytes = body + Array(SHA256.hash(data: body))
        let hostile = officer.directory + "/hostile.key"
        #expect(FileManager.default.createFile(atPath: hostile, contents: Data(bytes)))
        let start = Date()
        let result = try Self.custody(officer.arguments("approve", ["--yes"]).map { $0 == officer.key ? hostile : $0 })
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(result.status == 4)
        #expect(result.stderr.contains("scrypt N = 2^40 is outside the allowed 2^14 … 2^18"))
    }

    @Test func aRequestFileChangedAfterItWasShownIsRefused() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.product("custody"))
        process.arguments = officer.arguments("approve")
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Wait for the prompt: the officer has been shown the request.
        var shown = Data()
        while !String(decoding: shown, as: UTF8.self).contains("Type 'yes'") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            shown += chunk
        }
        #expect(String(decoding: shown, as: UTF8.self).contains("150000000 sat"))
        // Meanwhile someone swaps the request for a larger one (the initiator's signature no
        // longer matters: the digest is compared first).
        let text = try String(contentsOfFile: officer.request, encoding: .utf8)
            .replacingOccurrences(of: "150000000", with: "450000000")
        try text.write(toFile: officer.request, atomically: true, encoding: .utf8)
        input.fileHandleForWriting.write(Data("yes\n".utf8))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 5)
        #expect(stderr.contains("changed after it was shown"))
        #expect(stdout.isEmpty)
    }

    @Test func aDigestOtherThanTheOneGivenIsRefused() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let result = try Self.custody(
            officer.arguments("approve", ["--yes", "--digest", String(repeating: "ab", count: 32)]))
        #expect(result.status == 5 && result.stdout.isEmpty)
        let digest = try officer.requestDigest().map { String(format: "%02x", $0) }.joined()
        let matching = try Self.custody(officer.arguments("approve", ["--yes", "--digest", digest.uppercased()]))
        #expect(matching.status == 0, "\(matching.stderr)")
    }

    @Test func withoutConfirmationNothingIsSigned() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        // Standard input is empty: no "yes".
        let result = try Self.custody(officer.arguments("approve"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("not confirmed; nothing was signed"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aKeyThePolicyDoesNotNameIsRefused() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let result = try Self.custody(
            officer.arguments("approve", ["--yes"]).map { $0 == officer.policy ? Self.examples + "/exchange.yaml" : $0 }
        )
        #expect(result.status == 6)
        #expect(result.stderr.contains("is not the key of any officer of the policy"))
        let named = try Self.custody(officer.arguments("approve", ["--yes", "--officer", "bob"]))
        #expect(named.status == 6)
        #expect(named.stderr.contains("gives this key to 'alice', not to 'bob'"))
    }

    @Test func aRequestWhoseInitiatorSignatureDoesNotVerifyIsRefused() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let text = try String(contentsOfFile: officer.request, encoding: .utf8)
            .replacingOccurrences(of: "bc1qcustomer", with: "bc1qattacker")
        try text.write(toFile: officer.request, atomically: true, encoding: .utf8)
        let result = try Self.custody(officer.arguments("approve", ["--yes"]))
        #expect(result.status == 7)
        #expect(result.stderr.contains("the initiator's signature does not verify"))
    }

    @Test func keygenRefusesToOverwriteAnExistingFile() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let before = FileManager.default.contents(atPath: officer.key)
        let result = try Self.custody([
            "officer", "keygen", "--out", officer.key, "--passphrase-file", officer.passphraseFile,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("already exists; refusing to overwrite it"))
        #expect(FileManager.default.contents(atPath: officer.key) == before)
        let short = officer.directory + "/short"
        try "short\n".write(toFile: short, atomically: true, encoding: .utf8)
        let weak = try Self.custody([
            "officer", "keygen", "--out", officer.directory + "/new.key", "--passphrase-file", short,
        ])
        #expect(weak.status == 1 && weak.stderr.contains("shorter than 12 bytes"))
        #expect(!FileManager.default.fileExists(atPath: officer.directory + "/new.key"))
    }

    @Test func thePassphraseNeverAppearsInAnyOutputOrInTheKeyFile() throws {
        let officer = try Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let wrong = officer.directory + "/wrong"
        try "Tr0ub4dor&3-officer-passphrasX".write(toFile: wrong, atomically: true, encoding: .utf8)
        var outputs = officer.outputs
        for arguments in [
            officer.arguments("approve", ["--yes"]), officer.arguments("approve", ["--yes", "--json"]),
            officer.arguments("reject", ["--yes", "--reason", "no"]), officer.arguments("approve"),
            officer.arguments("approve", ["--yes"]).map { $0 == officer.passphraseFile ? wrong : $0 },
            ["officer", "pubkey", officer.key],
        ] {
            let result = try Self.custody(arguments)
            outputs += [result.stdout, result.stderr]
        }
        for output in outputs {
            #expect(!output.contains("Tr0ub4dor"), "\(output)")
            #expect(!output.contains("officer-passphras"), "\(output)")
        }
        let file = FileManager.default.contents(atPath: officer.key)!
        #expect(file.range(of: Data("Tr0ub4dor".utf8)) == nil)
    }
}

/// The passphrase typed at a real terminal (a pseudo-terminal from `script(1)`).
@Suite(.serialized) struct OfficerTerminalTests {
    /// Runs `arguments` of `custody` on a pseudo-terminal; for each step, waits until the
    /// terminal shows `waitFor`, then types `send`. Returns the exit status and everything the
    /// terminal showed.
    static func onTerminal(_ arguments: [String], _ steps: [(waitFor: String, send: String)]) throws -> (
        status: Int32, screen: String
    ) {
        let command = ([ProcessRunner.product("custody")] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var screen = Data()
        for step in steps {
            while !String(decoding: screen, as: UTF8.self).contains(step.waitFor) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                screen += chunk
            }
            // The prompt is written after echo is turned off; give the terminal a moment.
            Thread.sleep(forTimeInterval: 0.2)
            input.fileHandleForWriting.write(Data((step.send + "\n").utf8))
        }
        screen += output.fileHandleForReading.readDataToEndOfFile()
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: screen, as: UTF8.self))
    }

    @Test func thePassphraseTypedAtTheTerminalIsNeverEchoed() throws {
        let directory = FrostCommandTests.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = directory + "/alice.key"
        let passphrase = "typed-at-the-terminal-42"
        let keygen = try Self.onTerminal(
            ["officer", "keygen", "--out", key, "--scrypt-log2-n", "14"],
            [("Passphrase for the new key", passphrase), ("Repeat the passphrase", passphrase)])
        #expect(keygen.status == 0, "\(keygen.screen)")
        #expect(!keygen.screen.contains(passphrase), "\(keygen.screen)")
        let publicKey = try #require(
            keygen.screen.split(whereSeparator: \.isNewline).map(String.init).last { $0.hasPrefix("ed25519:") })
        let policy = directory + "/policy.yaml"
        try String(contentsOfFile: OfficerCommandTests.examples + "/exchange.yaml", encoding: .utf8)
            .replacingOccurrences(
                of: OfficerCommandTests.aliceExampleKey, with: publicKey.trimmingCharacters(in: .whitespaces)
            )
            .write(toFile: policy, atomically: true, encoding: .utf8)
        let out = directory + "/approval.json"
        let approve = try Self.onTerminal(
            [
                "approve", "--request", OfficerCommandTests.examples + "/request.json", "--policy", policy, "--key",
                key,
                "--out", out,
            ],
            [("Type 'yes'", "yes"), ("Passphrase for", passphrase)])
        #expect(approve.status == 0, "\(approve.screen)")
        #expect(!approve.screen.contains(passphrase), "\(approve.screen)")
        #expect(approve.screen.contains("Signed; the approvals file is"))
        #expect(FileManager.default.fileExists(atPath: out))
        // Two different passphrases at keygen: refused, no file.
        let mismatch = try Self.onTerminal(
            ["officer", "keygen", "--out", directory + "/bob.key", "--scrypt-log2-n", "14"],
            [("Passphrase for the new key", passphrase), ("Repeat the passphrase", passphrase + "x")])
        #expect(mismatch.status == 1 && mismatch.screen.contains("the passphrases do not match"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/bob.key"))
    }
}
