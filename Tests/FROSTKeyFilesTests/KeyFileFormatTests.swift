import FROST
import FROSTKeyFiles
import Foundation
import Secp256k1
import SecureMemory
import Testing

/// The two key-file formats, byte for byte, against the files the first release of
/// `custody frost keygen` wrote (Fixtures/) and the layout docs/key-files.md gives.
@Suite struct KeyFileFormatTests {
    /// The key directories written by `custody frost keygen` before the formats moved into
    /// `FROSTKeyFiles` (test keys, generated for this purpose).
    static let directories = ["keygen-secp256k1-2-of-3", "keygen-secp256k1-tr-3-of-11"]

    static func fixture(_ directory: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/\(directory)", withExtension: nil))
    }

    /// The DKG vector's participant 1 (secp256k1), as docs/key-files.md shows its file.
    static let vectorFile = """
        {
          "format" : "custody.frost.key-package.v1",
          "groupPublicKey" : "037b5b0c4b6c91a16fb78499e8a74cc792f9ea79cb94860fcb90f801472930de47",
          "identifier" : 1,
          "minSigners" : 2,
          "signingShare" : "87cee034add572924bbd40001bbffa1db1f28a4bf52efebb4c2ad0978c71edf5",
          "suite" : "secp256k1",
          "verifyingShare" : "02b2597e19a037ba2eef224402a50652be93c1ab5bbd6195fc07ae6f6ecfa1304d"
        }

        """

    static func vectorKeyPackage() throws -> KeyPackage {
        try KeyPackage(
            identifier: Identifier(1),
            signingShare: SigningShare(
                secret: SecretBytes(
                    copying: try hex("87cee034add572924bbd40001bbffa1db1f28a4bf52efebb4c2ad0978c71edf5"))),
            verifyingShare: Point(
                compressed: try hex("02b2597e19a037ba2eef224402a50652be93c1ab5bbd6195fc07ae6f6ecfa1304d")),
            groupPublicKey: Point(
                compressed: try hex("037b5b0c4b6c91a16fb78499e8a74cc792f9ea79cb94860fcb90f801472930de47")),
            minSigners: 2)
    }

    static func hex(_ text: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(text[index..<next], radix: 16)))
            index = next
        }
        return bytes
    }

    static func bytes(of secret: SecretBytes) -> [UInt8] { secret.withUnsafeBytes { Array($0) } }

    @Test func theVectorKeyPackageEncodesToTheDocumentedBytes() throws {
        let file = try KeyPackageFile(suite: .secp256k1, keyPackage: Self.vectorKeyPackage())
        let encoded = Self.bytes(of: try file.encoded())
        #expect(encoded == Array(Self.vectorFile.utf8))
        #expect(encoded.count == 382)
        #expect(try KeyPackageFile(decoding: SecretBytes(copying: encoded)) == file)
    }

    @Test(arguments: directories)
    func filesOfTheFirstReleaseDecodeAndReencodeByteForByte(directory: String) throws {
        let url = try Self.fixture(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        let group = try PublicKeyPackageFile(
            decoding: Array(try Data(contentsOf: url.appendingPathComponent("group.json"))))
        #expect(try group.encoded() == Array(try Data(contentsOf: url.appendingPathComponent("group.json"))))
        #expect(names.count == group.publicKeyPackage.verifyingShares.count + 1)
        for identifier in group.publicKeyPackage.identifiers {
            let name = KeyDirectory.keyPackageFileName(try #require(identifier.number))
            let original = Array(try Data(contentsOf: url.appendingPathComponent(name)))
            let file = try KeyPackageFile(decoding: SecretBytes(copying: original))
            #expect(Self.bytes(of: try file.encoded()) == original, "\(name)")
            #expect(file.suite == group.suite)
            #expect(file.keyPackage.identifier == identifier)
            #expect(file.keyPackage.verifyingShare == group.publicKeyPackage.verifyingShares[identifier])
            #expect(file.keyPackage.groupPublicKey == group.publicKeyPackage.groupPublicKey)
            #expect(file.keyPackage.minSigners == group.publicKeyPackage.minSigners)
        }
    }

    @Test func participantsSortAsStringsInTheGroupFile() throws {
        let url = try Self.fixture("keygen-secp256k1-tr-3-of-11")
        let text = try String(contentsOf: url.appendingPathComponent("group.json"), encoding: .utf8)
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("    \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["1", "10", "11", "2", "3", "4", "5", "6", "7", "8", "9"])
    }

    @Test func aDealtKeyRoundTripsThroughBothFormatsForBothSuites() throws {
        for suite in KeyFileSuite.allCases {
            let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: 3, maxSigners: 12)
            let group = try PublicKeyPackageFile(suite: suite, publicKeyPackage: publicKeyPackage)
            let decodedGroup = try PublicKeyPackageFile(decoding: try group.encoded())
            #expect(decodedGroup == group)
            #expect(decodedGroup.publicKeyPackage == publicKeyPackage)
            for share in shares {
                let file = try KeyPackageFile(suite: suite, keyPackage: try share.verify())
                let decoded = try KeyPackageFile(decoding: try file.encoded())
                #expect(decoded == file)
                #expect(decoded.keyPackage.signingShare == share.signingShare)
            }
        }
    }

    @Test func anIdentifierThatIsNotAParticipantNumberCannotBeWritten() throws {
        let named = try Identifier.derive(from: Array("alice".utf8), suite: Secp256k1SHA256.self)
        let package = try Self.vectorKeyPackage()
        let renamed = try KeyPackage(
            identifier: named, signingShare: package.signingShare, verifyingShare: package.verifyingShare,
            groupPublicKey: package.groupPublicKey, minSigners: 2)
        let error = try #require(throws: KeyFileError.self) {
            try KeyPackageFile(suite: .secp256k1, keyPackage: renamed)
        }
        #expect(error.reason.contains("not a participant number from 1 to 65535"))
        let group = try PublicKeyPackage(
            verifyingShares: [named: package.verifyingShare, try Identifier(2): package.groupPublicKey],
            groupPublicKey: package.groupPublicKey, minSigners: 2)
        #expect(throws: KeyFileError.self) { try PublicKeyPackageFile(suite: .secp256k1, publicKeyPackage: group) }
    }
}
