import CustodyTestSupport
import Foundation
import Testing

/// `custodyd signer init --policy FILE` as a real process against a SoftHSM2 token: the genesis
/// policy is stored once, kept on a rerun, and never replaced by another file.
@Suite(.serialized) struct SignerInitPolicyTests {
    @Test func theGenesisPolicyIsStoredOnceAndAnotherIsRefused() throws {
        let label = try SoftHSM.makeToken("init-policy")
        let data = SoftHSM.directory.appendingPathComponent("signer-\(label)").path
        let hsm = ["--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile]
        func initialise(_ policy: String) throws -> ProcessRunner.Result {
            try ProcessRunner.run(
                ProcessRunner.product("custodyd"),
                ["signer", "init"] + hsm + ["--data", data, "--policy", policy],
                environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        }
        let genesis = Repository.root.appendingPathComponent("Policies/default.yaml").path
        let other = Repository.root.appendingPathComponent("Policies/examples/exchange.yaml").path

        let first = try initialise(genesis)
        #expect(first.status == 0, "\(first.stderr)")
        let stored = try #require(first.stdout.split(separator: "\n").last.map(String.init))
        #expect(stored.hasPrefix("stored the genesis policy "))
        #expect(stored.contains(" as version 1, in force from "))
        let hash = String(stored.dropFirst("stored the genesis policy ".count).prefix(64))
        #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit))

        let again = try initialise(genesis)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("kept the genesis policy \(hash), version 1 since "))

        let refused = try initialise(other)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("the signer's genesis policy is \(hash.prefix(16))…"))
        #expect(refused.stderr.contains("a new policy is adopted only as a governed change"))

        let missing = try initialise(data + "/no-such-policy.yaml")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read the policy file"))
        #expect(try initialise(genesis).stdout.contains("kept the genesis policy \(hash)"))
    }

    @Test func theGenesisPolicyGoesToTheStoreTheConfigurationNames() throws {
        let label = try SoftHSM.makeToken("init-store")
        let data = SoftHSM.directory.appendingPathComponent("signer-\(label)").path
        let store = SoftHSM.directory.appendingPathComponent("store-\(label).sqlite").path
        let hsm = ["--hsm-module", SoftHSM.modulePath, "--token", label, "--pin-file", SoftHSM.pinFile]
        let genesis = Repository.root.appendingPathComponent("Policies/default.yaml").path
        func initialise(_ extra: [String]) throws -> ProcessRunner.Result {
            try ProcessRunner.run(
                ProcessRunner.product("custodyd"), ["signer", "init"] + hsm + ["--data", data] + extra,
                environment: ["SOFTHSM2_CONF": SoftHSM.configurationPath])
        }
        let stored = try initialise(["--policy", genesis, "--store", store])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout.contains("stored the genesis policy "))
        #expect(FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: data + "/signer.sqlite"))
        // --store alone is a usage error.
        let alone = try initialise(["--store", store])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("--store is used only with --policy"), "\(alone.stderr)")
    }
}
