import FROST
import FROSTKeyFiles
import Foundation
import SecureMemory
import Testing

/// `KeyDirectory` on the real file system: a key directory is written whole or not at all, and
/// never over anything already there.
@Suite struct KeyDirectoryTests {
    static func temporary() -> String { NSTemporaryDirectory() + "custody-keydir-\(UUID().uuidString)" }

    static func dealt(_ minSigners: Int, _ maxSigners: Int) throws -> ([KeyPackage], PublicKeyPackage) {
        let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: minSigners, maxSigners: maxSigners)
        return (try shares.map { try $0.verify() }, publicKeyPackage)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func createWritesEveryFileWithItsModeAndReadsBack() throws {
        let directory = Self.temporary() + "/nested/keys"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let (keyPackages, publicKeyPackage) = try Self.dealt(2, 3)
        try KeyDirectory.create(
            at: directory, suite: .secp256k1Taproot, keyPackages: keyPackages, publicKeyPackage: publicKeyPackage)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                == ["group.json", "signer-1.json", "signer-2.json", "signer-3.json"])
        let group = try KeyDirectory.readPublicKeyPackage(at: directory + "/group.json")
        #expect(group.publicKeyPackage == publicKeyPackage)
        #expect(group.suite == .secp256k1Taproot)
        #expect(try Self.mode(directory + "/group.json") == 0o644)
        for keyPackage in keyPackages {
            let path = directory + "/signer-\(keyPackage.identifier.number!).json"
            #expect(try Self.mode(path) == 0o600)
            #expect(try KeyDirectory.readKeyPackage(at: path).keyPackage == keyPackage)
        }
    }

    @Test func existingKeyFileIsNeverOverwritten() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (first, firstGroup) = try Self.dealt(2, 3)
        try KeyDirectory.create(at: directory, suite: .secp256k1, keyPackages: first, publicKeyPackage: firstGroup)
        let before = try (1...3).map { try Data(contentsOf: URL(fileURLWithPath: directory + "/signer-\($0).json")) }
        // A second key into the same directory, and one with more signers (signer-4 is new,
        // signer-1 to 3 are not): both refused, nothing written.
        for (minSigners, maxSigners) in [(2, 3), (2, 4)] {
            let (second, secondGroup) = try Self.dealt(minSigners, maxSigners)
            let error = try #require(throws: KeyFileError.self) {
                try KeyDirectory.create(
                    at: directory, suite: .secp256k1, keyPackages: second, publicKeyPackage: secondGroup)
            }
            #expect(error.reason.hasPrefix("\(directory) already holds key files (signer-1.json"))
            #expect(error.reason.hasSuffix("group.json); refusing to overwrite"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/signer-4.json"))
        let after = try (1...3).map { try Data(contentsOf: URL(fileURLWithPath: directory + "/signer-\($0).json")) }
        #expect(before == after)
        #expect(try KeyDirectory.readPublicKeyPackage(at: directory + "/group.json").publicKeyPackage == firstGroup)
        // One file alone is never overwritten either.
        let file = try KeyPackageFile(suite: .secp256k1, keyPackage: first[1])
        #expect(throws: SecureFileError.self) { try KeyDirectory.write(file, to: directory + "/signer-1.json") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/signer-1.json")) == before[0])
    }

    @Test func keyDirectoryWithPlantedSymlinkIsRefusedAndTheLinkNotFollowed() throws {
        let directory = Self.temporary()
        let elsewhere = Self.temporary()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: elsewhere)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        // A dangling link where signer-3's share would go: following it would put the share
        // where the attacker reads it.
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/signer-3.json", withDestinationPath: elsewhere + "/stolen.json")
        let (keyPackages, publicKeyPackage) = try Self.dealt(2, 3)
        let error = try #require(throws: KeyFileError.self) {
            try KeyDirectory.create(
                at: directory, suite: .secp256k1, keyPackages: keyPackages, publicKeyPackage: publicKeyPackage)
        }
        #expect(error.reason == "\(directory) already holds key files (signer-3.json); refusing to overwrite")
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/stolen.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["signer-3.json"])
    }

    @Test func aFailedWriteRemovesEveryFileTheCallWrote() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Two packages for participant 1: the second write meets the first file. (The same
        // clean-up runs for any failure; EndToEndTests makes the disk refuse a write.)
        let (keyPackages, publicKeyPackage) = try Self.dealt(2, 3)
        let error = try #require(throws: KeyFileError.self) {
            try KeyDirectory.create(
                at: directory, suite: .secp256k1, keyPackages: [keyPackages[0], keyPackages[1], keyPackages[0]],
                publicKeyPackage: publicKeyPackage)
        }
        #expect(
            error.reason
                == "cannot create \(directory)/signer-1.json: it already exists; refusing to overwrite it; the 2 key files written before it were removed"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func readingSomethingElseIsAClearError() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (keyPackages, publicKeyPackage) = try Self.dealt(2, 3)
        try KeyDirectory.create(
            at: directory, suite: .secp256k1, keyPackages: keyPackages, publicKeyPackage: publicKeyPackage)
        let group = directory + "/group.json"
        let signer = directory + "/signer-1.json"
        let asKeyPackage = try #require(throws: KeyFileError.self) { try KeyDirectory.readKeyPackage(at: group) }
        #expect(asKeyPackage.description == "\(group): missing field signingShare")
        let asGroup = try #require(throws: KeyFileError.self) { try KeyDirectory.readPublicKeyPackage(at: signer) }
        #expect(asGroup.description == "\(signer): missing field verifyingShares")
        let absent = try #require(throws: SecureFileError.self) {
            try KeyDirectory.readKeyPackage(at: directory + "/signer-9.json")
        }
        #expect(absent.description == "cannot read \(directory)/signer-9.json: No such file or directory")
    }
}
