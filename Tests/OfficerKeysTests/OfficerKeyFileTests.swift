import Crypto
import Foundation
import Policy
import SecureMemory
import Testing

@testable import OfficerKeys

/// The officer key file: sealed, opened, and every way a file can be wrong (docs/officer-keys.md).
@Suite struct OfficerKeyFileTests {
    /// The cheapest parameters a file may have, so that the tests run quickly.
    static let fast = try! ScryptParameters(log2N: 14, r: 8, p: 1)
    static let passphrase = SecretBytes(copying: Array("correct horse battery staple".utf8))

    static func sealed(_ algorithm: OfficerKey.Algorithm = .ed25519) throws -> (OfficerPrivateKey, [UInt8]) {
        let key = try OfficerPrivateKey.generate(algorithm)
        return (key, try OfficerKeyFile.seal(key, passphrase: passphrase, parameters: fast))
    }

    /// `bytes` with its final checksum recomputed, as an attacker who edits a file would.
    static func rechecksummed(_ bytes: [UInt8]) -> [UInt8] {
        let body = Array(bytes.dropLast(32))
        return body + Array(SHA256.hash(data: body))
    }

    static func error(_ body: () throws(OfficerKeyError) -> Void) -> OfficerKeyError? {
        do throws(OfficerKeyError) {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [OfficerKey.Algorithm.ed25519, .p256])
    func aSealedKeyOpensWithItsPassphraseAndSignsApprovalsThePolicyAccepts(_ algorithm: OfficerKey.Algorithm) throws {
        let (key, file) = try Self.sealed(algorithm)
        #expect(file.count == OfficerKeyFile.size(of: algorithm))
        #expect(file.count == (algorithm == .ed25519 ? 165 : 166))
        #expect(Array(file.prefix(20)) == Array("custody.officer.key".utf8) + [0])
        let header = try OfficerKeyFile.header(of: file)
        #expect(header.publicKey == key.publicKey)
        #expect(header.parameters == Self.fast)
        let opened = try OfficerKeyFile.open(file, passphrase: Self.passphrase)
        #expect(opened.publicKey == key.publicKey)

        let policy = try PolicyFixture.policy(alice: opened.publicKey)
        #expect(opened.publicKey.officer(in: policy)?.id == "alice")
        let digest = Array(repeating: UInt8(7), count: 32)
        let statement = ApprovalStatement(
            requestDigest: digest, policy: policy.hash, verdict: .approve, officer: "alice",
            at: Instant(seconds: 1_741_000_000))
        let approval = try opened.sign(statement)
        #expect(try ApprovalVerifier.verify(approval, policy: policy, requestDigest: digest) == statement)
        // Under another officer's name, or for another request, it does not verify.
        var forged = approval
        forged.statement.officer = "bob"
        #expect(throws: PolicyError.self) { try ApprovalVerifier.verify(forged, policy: policy, requestDigest: digest) }
        #expect(throws: PolicyError.self) {
            try ApprovalVerifier.verify(approval, policy: policy, requestDigest: Array(repeating: 8, count: 32))
        }
    }

    @Test func twoSealsOfOneKeyDifferInSaltNonceAndCiphertext() throws {
        let (key, first) = try Self.sealed()
        let second = try OfficerKeyFile.seal(key, passphrase: Self.passphrase, parameters: Self.fast)
        #expect(first[25..<53] != second[25..<53])
        #expect(first[85..<117] != second[85..<117])
    }

    @Test func aWrongPassphraseIsRefusedAsSuch() throws {
        let (_, file) = try Self.sealed()
        let wrong = SecretBytes(copying: Array("correct horse battery stapler".utf8))
        let error = Self.error { () throws(OfficerKeyError) in _ = try OfficerKeyFile.open(file, passphrase: wrong) }
        #expect(error?.code == .wrongPassphrase)
        #expect(error?.reason.contains("wrong passphrase") == true)
    }

    @Test func everyFlippedBitIsRefusedAsCorruptedBeforeAnyKeyDerivation() throws {
        let (_, file) = try Self.sealed()
        for index in file.indices {
            var altered = file
            altered[index] ^= 0x01
            let error = Self.error { () throws(OfficerKeyError) in
                _ = try OfficerKeyFile.open(altered, passphrase: Self.passphrase)
            }
            // The magic, version and algorithm bytes are read before the checksum.
            let expected: OfficerKeyError.Code =
                switch index {
                case 0..<20: .notAKeyFile
                case 20: .unsupportedVersion
                case 21: .unknownAlgorithm
                default: .corrupted
                }
            #expect(error?.code == expected, "byte \(index)")
        }
    }

    @Test func anAttackerWhoRecomputesTheChecksumStillCannotChangeAnything() throws {
        let (_, file) = try Self.sealed()
        // One byte in each field after the algorithm: KDF parameters, salt, nonce, public key,
        // ciphertext, tag. The header is the GCM's additional data, so every change is caught.
        for index in [22, 23, 24, 25, 40, 41, 52, 53, 84, 85, 116, 117, 132] {
            var altered = file
            altered[index] ^= 0x01
            altered = Self.rechecksummed(altered)
            let error = Self.error { () throws(OfficerKeyError) in
                _ = try OfficerKeyFile.open(altered, passphrase: Self.passphrase)
            }
            #expect(error != nil, "byte \(index)")
            #expect(
                [OfficerKeyError.Code.wrongPassphrase, .invalidKey, .kdfParametersOutOfBounds].contains(error?.code),
                "byte \(index): \(String(describing: error))")
        }
    }

    @Test func everyTruncationAndAnyExtraByteIsRefused() throws {
        let (_, file) = try Self.sealed()
        for count in 0..<file.count {
            let error = Self.error { () throws(OfficerKeyError) in
                _ = try OfficerKeyFile.header(of: Array(file.prefix(count)))
            }
            #expect(error?.code == .truncated, "\(count) bytes")
        }
        for extra in [[UInt8(0)], Array(repeating: 0xFF, count: 1000)] {
            let error = Self.error { () throws(OfficerKeyError) in _ = try OfficerKeyFile.header(of: file + extra) }
            #expect(error?.code == .oversized)
            #expect(error?.reason.contains("exactly 165") == true)
        }
    }

    @Test func aHostileFileWithHugeKDFParametersIsRefusedQuickly() throws {
        let (_, file) = try Self.sealed()
        // N = 2^63, r = 255, p = 255 would be exabytes; 2^20 with r = 8 is 1 GiB; 2^18 with r = 16 is 512 MiB.
        for (log2N, r, p) in [(63, 255, 255), (20, 8, 1), (18, 16, 1), (18, 8, 4), (13, 8, 1), (16, 0, 1), (16, 8, 0)] {
            var hostile = file
            hostile[22] = UInt8(log2N)
            hostile[23] = UInt8(r)
            hostile[24] = UInt8(p)
            hostile = Self.rechecksummed(hostile)
            let clock = ContinuousClock()
            let start = clock.now
            let error = Self.error { () throws(OfficerKeyError) in
                _ = try OfficerKeyFile.open(hostile, passphrase: Self.passphrase)
            }
            #expect(clock.now - start < .milliseconds(200))
            #expect(error?.code == .kdfParametersOutOfBounds, "\(log2N) \(r) \(p)")
        }
    }

    @Test func anotherPublicKeyInTheHeaderIsRefused() throws {
        // A file whose clear public key is another officer's, re-sealed by someone who knows the
        // passphrase: the decrypted key does not match the key the file names.
        let (_, file) = try Self.sealed()
        let other = try OfficerPrivateKey.generate(.ed25519)
        var swapped = file
        swapped.replaceSubrange(53..<85, with: other.publicKey.bytes)
        swapped = Self.rechecksummed(swapped)
        let error = Self.error { () throws(OfficerKeyError) in
            _ = try OfficerKeyFile.open(swapped, passphrase: Self.passphrase)
        }
        // The header is authenticated, so the tag fails first.
        #expect(error?.code == .wrongPassphrase)
    }

    @Test func unknownVersionsAlgorithmsAndOtherFilesAreRefusedByName() throws {
        let (_, file) = try Self.sealed()
        var version = file
        version[20] = 2
        #expect(
            Self.error { () throws(OfficerKeyError) in _ = try OfficerKeyFile.header(of: version) }?.code
                == .unsupportedVersion)
        var algorithm = file
        algorithm[21] = 3
        #expect(
            Self.error { () throws(OfficerKeyError) in _ = try OfficerKeyFile.header(of: algorithm) }?.code
                == .unknownAlgorithm)
        let json = Array(#"{"key": "ed25519:00"}"#.utf8)
        #expect(
            Self.error { () throws(OfficerKeyError) in _ = try OfficerKeyFile.header(of: json) }?.code == .notAKeyFile)
    }

    @Test func neitherTheKeyNorThePassphraseAppearsInDescriptionsOrErrors() throws {
        let (key, file) = try Self.sealed()
        let secretHex = key.withSecret { Array($0) }.map { String(format: "%02x", $0) }.joined()
        for text in [
            key.description, String(reflecting: key), "\(key)",
            String(describing: Mirror(reflecting: key).children.map(\.value)),
        ] {
            #expect(!text.contains(secretHex))
            #expect(!text.contains(secretHex.prefix(16)))
            #expect(
                text.contains(key.publicKey.description) || text.contains("OfficerPrivateKey")
                    || text.contains("ed25519"))
        }
        let wrong = SecretBytes(copying: Array("a passphrase that leaks?".utf8))
        let error = Self.error { () throws(OfficerKeyError) in _ = try OfficerKeyFile.open(file, passphrase: wrong) }
        #expect(error.map { !"\($0) \(String(reflecting: $0))".contains("leaks") } == true)
        #expect(!String(decoding: file, as: UTF8.self).contains("correct horse"))
    }
}
