import FROST
import FROSTKeyFiles
import Foundation
import Secp256k1
import SecureMemory
import Testing

/// Hostile and broken key files: every documented error (docs/key-files.md), and the share
/// never showing in any of them.
@Suite struct KeyFileAttackTests {
    static let good = KeyFileFormatTests.vectorFile
    static let share = "87cee034add572924bbd40001bbffa1db1f28a4bf52efebb4c2ad0978c71edf5"

    static func decode(_ text: String) throws(KeyFileError) -> KeyPackageFile {
        try KeyPackageFile(decoding: SecretBytes(copying: Array(text.utf8)))
    }

    /// Every way Swift renders a value.
    static func renderings(_ value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    /// The share's digits, or any 16 of them in a row, in either case.
    static func showsShare(_ text: String) -> Bool {
        let lower = text.lowercased()
        return stride(from: 0, to: 48, by: 8).contains { offset in
            let start = share.index(share.startIndex, offsetBy: offset)
            return lower.contains(share[start..<share.index(start, offsetBy: 16)])
        }
    }

    @Test func keyPackageFilesAreRedacted() throws {
        let file = try Self.decode(Self.good)
        for rendering in Self.renderings(file) + Self.renderings(try file.encoded()) {
            #expect(!Self.showsShare(rendering), "\(rendering)")
        }
        #expect(String(describing: file) == "KeyPackageFile(secp256k1, participant 1, signing share redacted)")
    }

    @Test func shareDigitsInEitherCaseAndAnyLayoutDecodeToTheSameShare() throws {
        let expected = try Self.decode(Self.good)
        let variants = [
            Self.good.replacingOccurrences(of: Self.share, with: Self.share.uppercased()),
            Self.good.replacingOccurrences(of: "\"signingShare\" : ", with: "\"signingShare\":\n\t "),
            Self.good.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " : ", with: ":"),
            // An unknown member, holding a nested "signingShare": ignored like any unknown member.
            Self.good.replacingOccurrences(
                of: "\"suite\"",
                with: "\"note\" : {\"signingShare\" : \"\(String(repeating: "1", count: 64))\"},\n  \"suite\""),
            // Escapes in other strings are JSON's business.
            Self.good.replacingOccurrences(of: "\"secp256k1\"", with: "\"secp\\u0032\\u00356k1\""),
        ]
        for variant in variants {
            let file = try Self.decode(variant)
            #expect(file == expected, "\(variant)")
            #expect(file.keyPackage.signingShare == expected.keyPackage.signingShare)
            #expect(try file.encoded() == (try expected.encoded()))
        }
    }

    /// Each case: the file, the reason docs/key-files.md gives.
    static let badKeyPackages: [(String, String)] = [
        (
            good.replacingOccurrences(of: share, with: String(share.dropLast(2))),
            "signingShare must be a string of 64 hex digits, got 62 characters"
        ),
        (
            good.replacingOccurrences(of: share, with: String(share.dropLast()) + "g"),
            "signingShare must be a string of 64 hex digits"
        ),
        (good.replacingOccurrences(of: "\"signingShare\"", with: "\"share\""), "missing field signingShare"),
        (
            good.replacingOccurrences(of: "\"signingShare\"", with: "\"signing\\u0053hare\""),
            "signingShare must be a string of 64 hex digits, its key and value written without escapes"
        ),
        (
            good.replacingOccurrences(of: share, with: "\\u0038" + share.dropFirst()),
            "signingShare must be a string of 64 hex digits, its key and value written without escapes"
        ),
        (
            good.replacingOccurrences(of: "\"\(share)\"", with: "12"),
            "signingShare must be a string of 64 hex digits, its key and value written without escapes"
        ),
        (
            good.replacingOccurrences(
                of: "\"suite\"", with: "\"signingShare\" : \"\(String(repeating: "1", count: 64))\",\n  \"suite\""),
            "signingShare appears more than once"
        ),
        (
            good.replacingOccurrences(
                of: "\"suite\"", with: "\"signing\\u0053hare\" : \"\(String(repeating: "1", count: 64))\",\n  \"suite\""
            ),
            "signingShare appears more than once"
        ),
        (
            // First, where Foundation's decoder (which keeps the first of two equal keys) reads it.
            good.replacingOccurrences(
                of: "\"format\"",
                with: "\"signing\\u0053hare\" : \"\(String(repeating: "1", count: 64))\",\n  \"format\""),
            "signingShare appears more than once"
        ),
        (String(repeating: "[", count: 513), "JSON nested deeper than 16 levels (at byte 16)"),
        (good.replacingOccurrences(of: "}", with: ""), "not valid JSON"),
        ("[\"signingShare\", \"\(share)\"]", "missing field signingShare"),
        (
            good.replacingOccurrences(of: "\"identifier\" : 1", with: "\"identifier\" : \"1\""),
            "wrong type at identifier"
        ),
        (good.replacingOccurrences(of: "\"minSigners\" : 2", with: "\"minSigners\" : 2.5"), "not valid JSON"),
        (good.replacingOccurrences(of: "  \"suite\" : \"secp256k1\",\n", with: ""), "missing field suite"),
        (
            good.replacingOccurrences(of: "key-package.v1", with: "public-key-package.v1"),
            "not a Custody FROST key package (format \"custody.frost.public-key-package.v1\")"
        ),
        (
            good.replacingOccurrences(of: "\"secp256k1\"", with: "\"ed25519\\u001b[31m\""),
            "unknown suite \"ed25519\\u{1b}[31m\""
        ),
        (
            good.replacingOccurrences(of: "\"identifier\" : 1", with: "\"identifier\" : 0"),
            "identifier: an identifier is a number from 1 to 65535, got 0"
        ),
        (
            good.replacingOccurrences(of: "\"identifier\" : 1", with: "\"identifier\" : 65536"),
            "identifier: an identifier is a number from 1 to 65535, got 65536"
        ),
        (
            good.replacingOccurrences(of: "\"identifier\" : 1", with: "\"identifier\" : 2").replacingOccurrences(
                of: "02b2597e19a037ba2eef224402a50652be93c1ab5bbd6195fc07ae6f6ecfa1304d",
                with: "03037adc4e0f796b96fc639ac194c1e167ccc5dd57505c813b0533b2bcd6d6ddaa"),
            "invalid secret share: the signing share of participant 2 does not match its verifying share"
        ),
        (
            good.replacingOccurrences(of: "\"minSigners\" : 2", with: "\"minSigners\" : 1"),
            "invalid parameters: the threshold must be at least 2, got 1"
        ),
        (good.replacingOccurrences(of: "\"02b2597e", with: "\"04b2597e"), "verifyingShare: "),
        (
            good.replacingOccurrences(of: "\"02b2597e", with: "\"02b2597"),
            "verifyingShare: hex string has an odd number of digits (65)"
        ),
        (good.replacingOccurrences(of: "\"037b5b0c", with: "\"7b5b0c"), "groupPublicKey must be 33 bytes, got 32"),
        (
            good.replacingOccurrences(
                of: share, with: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
            "signingShare: "
        ),
        (good + String(repeating: " ", count: 65_536), "bytes, more than the limit of 65536"),
    ]

    @Test func everyDocumentedKeyPackageErrorIsRaisedAndNoneShowsTheShare() throws {
        for (index, (text, reason)) in Self.badKeyPackages.enumerated() {
            let error = try #require(throws: KeyFileError.self, "case \(index)") { try Self.decode(text) }
            #expect(error.reason.contains(reason), "case \(index): \(error.reason)")
            #expect(error.path == nil)
            for rendering in Self.renderings(error) { #expect(!Self.showsShare(rendering), "case \(index)") }
        }
    }

    @Test func secretNeverAppearsInErrorDescription() throws {
        // Read from a file: the reason follows the path, and still holds none of the share.
        let directory = NSTemporaryDirectory() + "custody-keyfiles-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, (text, reason)) in Self.badKeyPackages.enumerated() {
            let path = directory + "/signer-\(index).json"
            try SecureFile.create(path, contents: Array(text.utf8), mode: 0o600)
            do {
                _ = try KeyDirectory.readKeyPackage(at: path)
                Issue.record("case \(index) was accepted")
            } catch {
                let description = String(describing: error)
                #expect(description.hasPrefix("\(path): ") || description.contains(path), "case \(index)")
                #expect(description.contains(reason) || reason.contains("limit"), "case \(index): \(description)")
                #expect(!Self.showsShare(description) && !Self.showsShare(String(reflecting: error)), "case \(index)")
            }
        }
    }

    static let goodGroup = """
        {
          "format" : "custody.frost.public-key-package.v1",
          "groupPublicKey" : "037b5b0c4b6c91a16fb78499e8a74cc792f9ea79cb94860fcb90f801472930de47",
          "minSigners" : 2,
          "suite" : "secp256k1",
          "verifyingShares" : {
            "1" : "02b2597e19a037ba2eef224402a50652be93c1ab5bbd6195fc07ae6f6ecfa1304d",
            "2" : "03037adc4e0f796b96fc639ac194c1e167ccc5dd57505c813b0533b2bcd6d6ddaa",
            "3" : "02f2198ff3f1e1de2249cdc59eb4ec926936892fa39fc1582861ad2e84681624b3"
          }
        }

        """

    @Test func theVectorGroupDecodesAndReencodesByteForByte() throws {
        let file = try PublicKeyPackageFile(decoding: Array(Self.goodGroup.utf8))
        #expect(try file.encoded() == Array(Self.goodGroup.utf8))
        #expect(file.suite == .secp256k1)
        #expect(file.publicKeyPackage.identifiers == [try Identifier(1), try Identifier(2), try Identifier(3)])
    }

    @Test func everyDocumentedPublicKeyPackageErrorIsRaised() throws {
        let group = Self.goodGroup
        let cases: [(String, String)] = [
            (
                group.replacingOccurrences(of: "\"1\" :", with: "\"01\" :"),
                "verifyingShares: key \"01\" is not a participant number"
            ),
            (group.replacingOccurrences(of: "\"1\" :", with: "\"+1\" :"), "key \"+1\" is not a participant number"),
            (group.replacingOccurrences(of: "\"1\" :", with: "\"0\" :"), "key \"0\" is not a participant number"),
            (
                group.replacingOccurrences(of: "\"1\" :", with: "\"65536\" :"),
                "key \"65536\" is not a participant number"
            ),
            (group.replacingOccurrences(of: "\"1\" :", with: "\"\" :"), "key \"\" is not a participant number"),
            (
                group.replacingOccurrences(of: "\"minSigners\" : 2", with: "\"minSigners\" : 4"),
                "invalid parameters: the threshold must be from 2 to the number of participants (3), got 4"
            ),
            (
                group.replacingOccurrences(of: "public-key-package", with: "key-package"),
                "not a Custody FROST public key package (format \"custody.frost.key-package.v1\")"
            ),
            (
                group.replacingOccurrences(of: "\"secp256k1\"", with: "\"secp256k1-TR\""),
                "unknown suite \"secp256k1-TR\""
            ),
            (group.replacingOccurrences(of: "\"03037adc", with: "\"05037adc"), "verifying share 2: "),
            (
                group.replacingOccurrences(of: "\"03037adc", with: "\"03037ad"),
                "verifying share 2: hex string has an odd number of digits (65)"
            ),
            (
                group.replacingOccurrences(of: "\"3\" : \"02f2", with: "\"3\" : 7, \"x\" : \"02f2"),
                "wrong type at verifyingShares.3"
            ),
            (
                group.replacingOccurrences(of: "  \"verifyingShares\" : {", with: "  \"shares\" : {"),
                "missing field verifyingShares"
            ),
            (String(repeating: "{\"a\":", count: 17), "JSON nested deeper than 16 levels (at byte 80)"),
            ("", "not valid JSON"),
            ("[]", "not a JSON object"),
        ]
        for (index, (text, reason)) in cases.enumerated() {
            let error = try #require(throws: KeyFileError.self, "case \(index)") {
                try PublicKeyPackageFile(decoding: Array(text.utf8))
            }
            #expect(error.reason.contains(reason), "case \(index): \(error.reason)")
        }
        let notUTF8 = try #require(throws: KeyFileError.self) {
            try PublicKeyPackageFile(decoding: [0xFF, 0xFE, 0x7B])
        }
        #expect(notUTF8.reason == "not valid JSON")
        // The size limit, before anything else reads the input.
        let large = [UInt8](repeating: 0x20, count: PublicKeyPackageFile.maxBytes + 1)
        let error = try #require(throws: KeyFileError.self) { try PublicKeyPackageFile(decoding: large) }
        #expect(error.reason == "8388609 bytes, more than the limit of 8388608")
    }
}
