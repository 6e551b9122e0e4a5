import AuditLog
import CustodyTestSupport
@_spi(TestVectors) import FROST
import Foundation
import Secp256k1
import SecureMemory
import Testing

@testable import CustodyCLI
@testable import PKCS11

/// Every type of Custody's key-handling modules that holds a secret shows none of it in any
/// rendering Swift offers: `String(describing:)`, `String(reflecting:)`, interpolation and
/// `dump`.
@Suite struct SecretRedactionTests {
    /// Every way Swift renders a value.
    static func renderings(_ value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    /// The forms a secret would take in a rendering as text: hex in either case, and base64.
    static func forms(of secret: [UInt8]) -> [String] {
        let hex = secret.map { String(format: "%02x", $0) }.joined()
        return [
            hex, hex.uppercased(), Data(secret).base64EncodedString(),
        ]
    }

    /// True when the last six bytes of `secret` appear as consecutive decimal numbers in
    /// `rendering`, however they are separated (`[97, 98, …]`, or `dump`'s `- 97` lines).
    static func showsAsNumbers(_ secret: [UInt8], in rendering: String) -> Bool {
        let numbers = rendering.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let prefix = secret.suffix(6).map(Int.init)
        guard numbers.count >= prefix.count else { return false }
        return (0...(numbers.count - prefix.count)).contains { Array(numbers[$0..<($0 + prefix.count)]) == prefix }
    }

    static func expectRedacted(
        _ value: some Any, hiding secrets: [[UInt8]], _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for rendering in renderings(value) {
            for secret in secrets {
                #expect(
                    !showsAsNumbers(secret, in: rendering), "\(name) shows a secret: \(rendering)",
                    sourceLocation: sourceLocation)
                for form in forms(of: secret) {
                    #expect(
                        !rendering.contains(form), "\(name) shows a secret: \(rendering)",
                        sourceLocation: sourceLocation)
                }
            }
        }
    }

    static func bytes(of secret: SecretBytes) -> [UInt8] { secret.withUnsafeBytes { Array($0) } }

    @Test func secretBytesAndPINsAreRedacted() throws {
        let secret: [UInt8] = (0..<32).map { UInt8(0xA0 + $0 % 16) }
        Self.expectRedacted(SecretBytes(copying: secret), hiding: [secret], "SecretBytes")
        let pinFile = SoftHSM.directory.appendingPathComponent("redaction.pin").path
        try "correct-horse-battery\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pinFile)
        let pin = try PINSource.file(pinFile).read()
        #expect(Self.bytes(of: pin) == Array("correct-horse-battery".utf8))
        for rendering in Self.renderings(pin) + Self.renderings(PINSource.file(pinFile)) {
            #expect(!rendering.contains("correct-horse"))
        }
    }

    @Test func pinsAreReadFromFilesAndTheEnvironmentIntoWipedMemory() throws {
        let directory = SoftHSM.directory.path
        let cases: [(String, [UInt8])] = [
            ("1234\n", Array("1234".utf8)), ("1234\r\n", Array("1234".utf8)), ("12 34", Array("12 34".utf8)),
        ]
        for (index, (content, expected)) in cases.enumerated() {
            let path = "\(directory)/pin-case-\(index)"
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            #expect(Self.bytes(of: try PINSource.file(path).read()) == expected)
        }
        let empty = "\(directory)/pin-empty"
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: empty)
        #expect(throws: PKCS11Error.self) { try PINSource.file(empty).read() }
        let huge = "\(directory)/pin-huge"
        try String(repeating: "9", count: PINSource.maximumFileLength + 1).write(
            toFile: huge, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: huge)
        do {
            _ = try PINSource.file(huge).read()
            Issue.record("read a PIN file longer than the limit")
        } catch {
            #expect(error.code == .pinUnavailable)
            #expect(!error.reason.contains("9999"))
        }
        setenv("CUSTODY_TEST_REDACTION_PIN", "env-pin-5678\n", 1)
        defer { unsetenv("CUSTODY_TEST_REDACTION_PIN") }
        #expect(
            Self.bytes(of: try PINSource.environment("CUSTODY_TEST_REDACTION_PIN").read()) == Array("env-pin-5678".utf8)
        )
    }

    @Test func hsmRandomNumberGeneratorIsRedacted() throws {
        let token = try SoftHSM.preparedToken("redaction")
        var generator = try HSMRandomNumberGenerator(token: token, byteCount: 32)
        let renderings = Self.renderings(generator)
        var drawn: [UInt8] = []
        for _ in 0..<4 { drawn += withUnsafeBytes(of: generator.next()) { Array($0) } }
        for rendering in renderings {
            #expect(!Self.showsAsNumbers(drawn, in: rendering), "\(rendering)")
            for form in Self.forms(of: drawn) { #expect(!rendering.contains(form), "\(rendering)") }
        }
        #expect(String(describing: generator) == "HSMRandomNumberGenerator(0 bytes left, redacted)")
    }

    @Test func dkgSecretsAreRedacted() throws {
        let identifiers = try (1...3).map { try Identifier($0) }
        var secrets: [Identifier: DKG.Round1Secret] = [:]
        var coefficients: [[UInt8]] = []
        for (index, identifier) in identifiers.enumerated() {
            let constant: [UInt8] = [UInt8](repeating: 0, count: 16) + (0..<16).map { UInt8(0x51 + index + $0) }
            let linear: [UInt8] = [UInt8](repeating: 0, count: 16) + (0..<16).map { UInt8(0x91 + index + $0) }
            coefficients += [constant, linear]
            secrets[identifier] = try Secp256k1SHA256.dkgPart1(
                identifier: identifier, maxSigners: 3, minSigners: 2, secret: try Scalar(bigEndian: constant),
                coefficients: [try Scalar(bigEndian: linear)])
        }
        for secret in secrets.values { Self.expectRedacted(secret, hiding: coefficients, "DKG.Round1Secret") }
        let me = identifiers[0]
        let round2 = try Secp256k1SHA256.dkgPart2(
            secret: secrets[me]!, round1Packages: secrets.filter { $0.key != me }.mapValues(\.package))
        let shares = round2.packages.values.map { Self.bytes(of: $0.signingShare.secret) }
        Self.expectRedacted(round2, hiding: shares + coefficients, "DKG.Round2Secret")
        for package in round2.packages.values {
            Self.expectRedacted(package, hiding: shares, "DKG.Round2Package")
        }
    }

    @Test func developmentNoteSignerIsRedacted() throws {
        let seed: [UInt8] = (0..<32).map { UInt8(0x61 + $0) }
        let signer = try DevelopmentNoteSigner(name: "custody.example/dev", seed: seed)
        Self.expectRedacted(signer, hiding: [seed], "DevelopmentNoteSigner")
        for rendering in Self.renderings(signer) {
            #expect(!rendering.contains(signer.skey))
            #expect(!rendering.contains(String(signer.skey.split(separator: "+", maxSplits: 4)[4])))
        }
        // The key still signs as before.
        let message = Array("note".utf8)
        #expect(signer.verifierKey.verify(signature: try signer.sign(message), message: message))
        #expect(try DevelopmentNoteSigner(skey: signer.skey).verifierKey == signer.verifierKey)
    }
}
