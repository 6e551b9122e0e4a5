import CustodyTestSupport
import Encoding
import Foundation
import Secp256k1
import Testing

/// `custody frost`, run as a real process.
@Suite struct FrostCommandTests {
    typealias Result = ProcessRunner.Result

    static func custody(_ arguments: String...) throws -> Result { try custody(arguments) }

    struct SignOutput: Decodable {
        let suite, groupPublicKey, message, signature: String
        let signers: [Int]
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "custody-frost-\(UUID().uuidString)"
        return path
    }

    @Test(arguments: ["secp256k1", "secp256k1-tr"])
    func keygenSignVerify(suite: String) throws {
        let keys = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let keygen = try Self.custody(
            "frost", "keygen", "--suite", suite, "--threshold", "3", "--signers", "5", "--out", keys)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: keys + "/signer-1.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        var keysSeen: Set<String> = []
        for signers in ["1,3,5", "2,4,5"] {
            let sign = try Self.custody("frost", "sign", "--keys", keys, "--signers", signers, "--message", "deadbeef")
            #expect(sign.status == 0, "\(sign.stderr)")
            let output = try JSONDecoder().decode(SignOutput.self, from: Data(sign.stdout.utf8))
            #expect(output.suite == suite)
            #expect(output.message == "deadbeef")
            #expect(output.signers == signers.split(separator: ",").map { Int($0)! })
            #expect(output.signature == output.signature.lowercased())
            keysSeen.insert(output.groupPublicKey)
            if suite == "secp256k1-tr" {
                // An independent verifier: libsecp256k1, through the library directly.
                #expect(
                    Schnorr.verify(
                        signature: try Hex.decode(output.signature), message: [0xde, 0xad, 0xbe, 0xef],
                        publicKey: try Hex.decode(output.groupPublicKey)))
            }
            let verify = try Self.custody(
                "frost", "verify", "--suite", suite, "--public-key", output.groupPublicKey, "--message", "deadbeef",
                "--signature", output.signature)
            #expect(verify.status == 0)
            let wrongMessage = try Self.custody(
                "frost", "verify", "--suite", suite, "--public-key", output.groupPublicKey, "--message", "deadbeee",
                "--signature", output.signature)
            #expect(wrongMessage.status == 1)
        }
        #expect(keysSeen.count == 1)
    }

    @Test func taprootTweaksChangeTheKeySignedFor() throws {
        let keys = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        _ = try Self.custody(
            "frost", "keygen", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "3", "--out", keys)
        let root = String(repeating: "ab", count: 32)
        var outputs: [SignOutput] = []
        for extra in [[], ["--tweak"], ["--merkle-root", root]] {
            let tweaked = try Self.custody(
                ["frost", "sign", "--keys", keys, "--signers", "1,2", "--message", String(repeating: "11", count: 32)]
                    + extra)
            #expect(tweaked.status == 0, "\(tweaked.stderr)")
            outputs.append(try JSONDecoder().decode(SignOutput.self, from: Data(tweaked.stdout.utf8)))
        }
        #expect(Set(outputs.map(\.groupPublicKey)).count == 3)
        // The key-path output key is BIP-341's tweak of the internal key.
        let internalKey = try Point(xOnly: Hex.decode(outputs[0].groupPublicKey))
        #expect(
            try TaprootTweak.outputKey(internalKey: internalKey, merkleRoot: nil).xOnly()
                == Hex.decode(outputs[1].groupPublicKey))
        #expect(
            try TaprootTweak.outputKey(internalKey: internalKey, merkleRoot: Hex.decode(root)).xOnly()
                == Hex.decode(outputs[2].groupPublicKey))
        for output in outputs {
            #expect(
                Schnorr.verify(
                    signature: try Hex.decode(output.signature), message: try Hex.decode(output.message),
                    publicKey: try Hex.decode(output.groupPublicKey)))
        }
    }

    @Test func badInputIsRefusedWithAClearMessage() throws {
        let keys = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let threshold = try Self.custody(
            "frost", "keygen", "--suite", "secp256k1", "--threshold", "1", "--signers", "3", "--out", keys)
        #expect(threshold.status != 0)
        #expect(threshold.stderr.contains("--threshold must be at least 2"))
        #expect(!FileManager.default.fileExists(atPath: keys))

        #expect(
            try Self.custody(
                "frost", "keygen", "--suite", "secp256k1", "--threshold", "2", "--signers", "3", "--out", keys
            ).status == 0)
        let again = try Self.custody(
            "frost", "keygen", "--suite", "secp256k1", "--threshold", "2", "--signers", "3", "--out", keys)
        #expect(again.status != 0)
        #expect(again.stderr.contains("refusing to overwrite"))

        let cases: [([String], String)] = [
            (["--signers", "1", "--message", "00"], "needs 2 signers"),
            (["--signers", "1,1", "--message", "00"], "listed twice"),
            (["--signers", "1,x", "--message", "00"], "not a participant number"),
            (["--signers", "1,7", "--message", "00"], "signer 7 has no key package"),
            (["--signers", "1,2", "--message", "0g"], "--message"),
            (["--signers", "1,2", "--message", "00", "--tweak"], "secp256k1-tr"),
        ]
        for (arguments, expected) in cases {
            let result = try Self.custody(["frost", "sign", "--keys", keys] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }

        // A corrupted key file: its share no longer matches its verifying share.
        let path = keys + "/signer-2.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let share = try #require(text.firstRange(of: "\"signingShare\" : \"")).upperBound
        text.replaceSubrange(
            share..<text.index(share, offsetBy: 2),
            with: text[share..<text.index(share, offsetBy: 2)] == "00" ? "01" : "00")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let corrupted = try Self.custody("frost", "sign", "--keys", keys, "--signers", "1,2", "--message", "00")
        #expect(corrupted.status != 0)
        #expect(corrupted.stdout.isEmpty)
        #expect(corrupted.stderr.contains("signer-2.json"))

        // A key file of 513 unclosed brackets: Foundation's decoder traps on it, so it is
        // refused before any decoder runs.
        try String(repeating: "[", count: 513).write(toFile: path, atomically: true, encoding: .utf8)
        let nested = try Self.custody("frost", "sign", "--keys", keys, "--signers", "1,2", "--message", "00")
        #expect(nested.status != 0, "\(nested.stderr)")
        #expect(nested.stdout.isEmpty)
        #expect(nested.stderr.contains("signer-2.json: JSON nested deeper than 16 levels"))

        let badKey = try Self.custody(
            "frost", "verify", "--suite", "secp256k1-tr", "--public-key", "00", "--message", "00", "--signature",
            String(repeating: "00", count: 64))
        #expect(badKey.status != 0 && badKey.status != 1)
        #expect(badKey.stderr.contains("--public-key"))
    }

    static func custody(_ arguments: [String]) throws -> Result {
        try ProcessRunner.run(ProcessRunner.product("custody"), arguments)
    }
}
