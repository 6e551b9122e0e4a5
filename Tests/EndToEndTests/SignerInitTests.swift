import CustodyTestSupport
import Foundation
import Testing

/// `custodyd signer init` and `custody hsm info` as real processes against a SoftHSM2 token,
/// then OpenSC's `pkcs11-tool` as an outside witness of the keys' flags.
@Suite(.serialized) struct SignerInitTests {
    static func run(_ executable: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(executable, arguments, environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
    }

    static func product(_ name: String) -> String { ProcessRunner.product(name) }

    @Test func initIsIdempotentAndKeysAreNeverExtractable() throws {
        let label = try SoftHSM.makeToken("init")
        let data = SoftHSM.directory.appendingPathComponent("signer-\(label)").path
        let hsm = ["--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile]

        let first = try Self.run(Self.product("custodyd"), ["signer", "init"] + hsm + ["--data", data])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("created the sealing key"))
        #expect(first.stdout.contains("created the identity key"))
        let key = try #require(
            first.stdout.split(separator: " ").last.map { String($0.trimmingCharacters(in: .newlines)) })
        #expect(key.count == 130 && key.hasPrefix("04"))

        let second = try Self.run(Self.product("custodyd"), ["signer", "init"] + hsm + ["--data", data])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("reused the sealing key"))
        #expect(second.stdout.contains("reused the identity key"))
        #expect(second.stdout.contains(key))

        let configuration = try String(contentsOfFile: data + "/signer.json", encoding: .utf8)
        #expect(configuration.contains(key))
        #expect(!configuration.contains(SoftHSM.userPIN))
        let mode = try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int
        #expect(mode == 0o700)

        let info = try Self.run(Self.product("custody"), ["hsm", "info"] + hsm + ["--json"])
        #expect(info.status == 0, "\(info.stderr)")
        struct Inventory: Decodable {
            struct Object: Decodable {
                let label, type: String
                let sensitive, extractable, neverExtractable: Bool?
            }
            struct Mechanism: Decodable {
                let name: String
                let present: Bool
            }
            let objects: [Object]
            let mechanisms: [Mechanism]
        }
        let inventory = try JSONDecoder().decode(Inventory.self, from: Data(info.stdout.utf8))
        #expect(inventory.mechanisms.allSatisfy { $0.present })
        let secrets = inventory.objects.filter { $0.type != "EC public key" }
        #expect(secrets.count == 2)
        #expect(secrets.allSatisfy { $0.sensitive == true && $0.extractable == false && $0.neverExtractable == true })
        let text = try Self.run(Self.product("custody"), ["hsm", "info"] + hsm)
        #expect(text.stdout.contains("CKM_AES_GCM"))
        #expect(!text.stdout.contains(SoftHSM.userPIN))

        // OpenSC's pkcs11-tool, an independent PKCS#11 client, sees the same flags. (By slot:
        // pkcs11-tool matches --token-label by prefix.)
        let listing = try Self.run(
            "/usr/bin/pkcs11-tool",
            [
                "--module", SoftHSM.modulePath, "--slot", String(try SoftHSM.module.token(labelOrSerial: label).slot),
                "--login", "--pin", SoftHSM.userPIN,
                "--list-objects",
            ])
        #expect(listing.status == 0, "\(listing.stderr)")
        // One block per object: a header line ("Secret Key Object; AES length 32"), then
        // indented attribute lines.
        var objects: [String] = []
        for line in listing.stdout.split(separator: "\n") {
            if line.first == " " || line.first == "\t" {
                if !objects.isEmpty { objects[objects.count - 1] += "\n" + line }
            } else {
                objects.append(String(line))
            }
        }
        let sealing = objects.first { $0.contains("custody-sealing-key") && $0.contains("Secret Key") }
        let identity = objects.first { $0.contains("custody-identity-key") && $0.contains("Private Key") }
        for object in [sealing, identity] {
            let text = try #require(object)
            #expect(text.contains("never extractable"), "\(text)")
            #expect(text.contains("sensitive"), "\(text)")
        }
    }

    @Test func badTokenOrPINFailsClearlyAndWritesNothing() throws {
        let label = try SoftHSM.makeToken("badinit")
        let data = SoftHSM.directory.appendingPathComponent("signer-bad-\(label)").path
        let wrongPIN = SoftHSM.directory.appendingPathComponent("wrong-\(label).pin").path
        try "0000\n".write(toFile: wrongPIN, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrongPIN)
        let cases: [([String], String)] = [
            (["--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", wrongPIN], "CKR_PIN_INCORRECT"),
            (["--hsm-module", SoftHSM.modulePath, "--token", "absent", "--pin-file", SoftHSM.pinFile], "no token"),
            (
                ["--hsm-module", "/nonexistent/module.so", "--token", label, "--pin-file", SoftHSM.pinFile],
                "no readable PKCS#11 module"
            ),
            (["--hsm-module", SoftHSM.modulePath, "--token", label], "--pin-file or --pin-env"),
        ]
        for (arguments, expected) in cases {
            let result = try Self.run(Self.product("custodyd"), ["signer", "init"] + arguments + ["--data", data])
            #expect(result.status != 0)
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(!result.stderr.contains("0000"))
            #expect(!FileManager.default.fileExists(atPath: data))
        }
    }
    @Test func signerJSONIsCreatedWithMode0600EvenUnderPermissiveUmaskAndNeverOverwritten() throws {
        let label = try SoftHSM.makeToken("reinit")
        let data = SoftHSM.directory.appendingPathComponent("signer-\(label)").path
        let hsm = ["--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile]
        let configurationPath = data + "/signer.json"
        func custodyd(_ arguments: [String], umask: String = "022") throws -> ProcessRunner.Result {
            let quoted = ([Self.product("custodyd")] + arguments).map { "'\($0)'" }.joined(separator: " ")
            return try Self.run("/bin/bash", ["-c", "umask \(umask); exec \(quoted)"])
        }

        let first = try custodyd(["signer", "init"] + hsm + ["--data", data], umask: "000")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote signer.json"))
        let mode = try FileManager.default.attributesOfItem(atPath: configurationPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let written = try #require(FileManager.default.contents(atPath: configurationPath))

        // The same settings again: the file is kept as it is.
        let second = try custodyd(["signer", "init"] + hsm + ["--data", data])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("kept signer.json"))
        #expect(FileManager.default.contents(atPath: configurationPath) == written)

        // Other settings (the same module through another path): refused, the file unchanged.
        let alias = SoftHSM.directory.appendingPathComponent("softhsm-alias-\(label).so").path
        try? FileManager.default.removeItem(atPath: alias)
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: SoftHSM.modulePath)
        let other = try custodyd(
            ["signer", "init", "--hsm-module", alias, "--token", label, "--pin-file", SoftHSM.pinFile, "--data", data])
        #expect(other.status != 0)
        #expect(
            other.stderr.contains(
                "\(configurationPath) holds other settings (hsm.module); refusing to overwrite it: remove it to initialise this signer again"
            ), "\(other.stderr)")
        #expect(FileManager.default.contents(atPath: configurationPath) == written)

        // A link planted where signer.json goes in a fresh data directory is not followed.
        let planted = SoftHSM.directory.appendingPathComponent("signer-planted-\(label)").path
        let stolen = SoftHSM.directory.appendingPathComponent("stolen-\(label).json").path
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: planted + "/signer.json", withDestinationPath: stolen)
        let linked = try custodyd(["signer", "init"] + hsm + ["--data", planted])
        #expect(linked.status != 0)
        #expect(
            linked.stderr.contains("cannot create \(planted)/signer.json: it already exists; refusing to overwrite it"),
            "\(linked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stolen))
    }

    /// `custodyd signer init` in `/bin/bash` with a time limit, so that a run that blocks fails
    /// (status 124) instead of hanging the suite.
    static func initWithTimeLimit(_ arguments: [String]) throws -> ProcessRunner.Result {
        let quoted = ([Self.product("custodyd"), "signer", "init"] + arguments).map { "'\($0)'" }
        return try Self.run("/bin/bash", ["-c", "exec timeout 60 " + quoted.joined(separator: " ")])
    }

    /// A new token and the options and paths of a signer on it that is not set up yet.
    static func freshSigner(_ name: String) throws -> (
        label: String, hsm: [String], data: String, configurationPath: String
    ) {
        let label = try SoftHSM.makeToken(name)
        let data = SoftHSM.directory.appendingPathComponent("signer-\(label)").path
        let hsm = ["--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile]
        return (label, hsm, data, data + "/signer.json")
    }

    @Test func signerJSONReplacedBySymlinkIsRefused() throws {
        let (label, hsm, data, configurationPath) = try Self.freshSigner("symlink")
        let first = try Self.initWithTimeLimit(hsm + ["--data", data])
        #expect(first.status == 0, "\(first.stderr)")

        // The same configuration, but behind a link: not read, refused, the link left as it was.
        let elsewhere = SoftHSM.directory.appendingPathComponent("elsewhere-\(label).json").path
        try? FileManager.default.removeItem(atPath: elsewhere)
        try FileManager.default.moveItem(atPath: configurationPath, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: configurationPath, withDestinationPath: elsewhere)
        let linked = try Self.initWithTimeLimit(hsm + ["--data", data])
        #expect(linked.status != 0)
        #expect(
            linked.stderr.contains("cannot create \(configurationPath): it already exists; refusing to overwrite it"),
            "\(linked.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: configurationPath) == elsewhere)
    }

    @Test func signerJSONReplacedByFIFODoesNotHang() throws {
        let (_, hsm, data, configurationPath) = try Self.freshSigner("fifo")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        #expect(mkfifo(configurationPath, 0o600) == 0)

        let result = try Self.initWithTimeLimit(hsm + ["--data", data])
        #expect(result.status != 0 && result.status != 124, "status \(result.status)")
        #expect(
            result.stderr.contains("cannot create \(configurationPath): it already exists; refusing to overwrite it"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data + "/sealed-shares"))
    }

    @Test func signerJSONLargerThanItsLimitIsRefusedUnread() throws {
        let (_, hsm, data, configurationPath) = try Self.freshSigner("large")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: configurationPath, contents: nil))
        #expect(truncate(configurationPath, 1 << 40) == 0)

        let result = try Self.initWithTimeLimit(hsm + ["--data", data])
        #expect(result.status != 0 && result.status != 124, "status \(result.status)")
        #expect(
            result.stderr.contains("\(configurationPath) exists but is not a Custody signer configuration"),
            "\(result.stderr)")
    }
}
