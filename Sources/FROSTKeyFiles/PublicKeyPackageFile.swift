public import FROST
import Foundation
import Secp256k1

/// A public-key-package file, `custody.frost.public-key-package.v1` (`group.json`): the group
/// key, the threshold and every participant's verifying share, and the suite. It holds no
/// secret. The format, its limits and its errors are in docs/key-files.md.
public struct PublicKeyPackageFile: Sendable, Equatable {
    /// The value of `"format"`.
    public static let formatName = "custody.frost.public-key-package.v1"
    /// The longest file accepted, in bytes: room for 65535 participants.
    public static let maxBytes = 8 * 1024 * 1024

    /// The suite the key signs with.
    public let suite: KeyFileSuite
    /// The group's public key package, validated.
    public let publicKeyPackage: PublicKeyPackage

    /// A file for `publicKeyPackage`, whose identifiers must be participant numbers (1 to 65535).
    public init(suite: KeyFileSuite, publicKeyPackage: PublicKeyPackage) throws(KeyFileError) {
        for identifier in publicKeyPackage.identifiers where identifier.number == nil {
            throw KeyFileError(
                "participant \(identifier) is not a participant number from 1 to 65535; a key file cannot name it")
        }
        self.suite = suite
        self.publicKeyPackage = publicKeyPackage
    }

    /// Decodes a public-key-package file; see docs/key-files.md for every check and error.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(KeyFileError) {
        try KeyFileJSON.check(bytes, maxBytes: Self.maxBytes)
        let document = try KeyFileJSON.decode(Document.self, from: bytes)
        guard document.format == Self.formatName else {
            throw KeyFileError(
                "not a Custody FROST public key package (format \(KeyFileJSON.quoted(document.format)))")
        }
        guard let suite = KeyFileSuite(rawValue: document.suite) else {
            throw KeyFileError("unknown suite \(KeyFileJSON.quoted(document.suite))")
        }
        let groupPublicKey = try point(document.groupPublicKey, field: "groupPublicKey")
        var shares: [Identifier: Point] = [:]
        for (key, value) in document.verifyingShares.sorted(by: { $0.key < $1.key }) {
            guard let number = Self.participantNumber(key) else {
                throw KeyFileError(
                    "verifyingShares: key \(KeyFileJSON.quoted(key)) is not a participant number (1 to 65535, decimal, no leading zero)"
                )
            }
            shares[try! Identifier(number)] = try point(value, field: "verifying share \(key)")
        }
        do {
            publicKeyPackage = try PublicKeyPackage(
                verifyingShares: shares, groupPublicKey: groupPublicKey, minSigners: document.minSigners)
        } catch {
            throw KeyFileError(error.description)
        }
        self.suite = suite
    }

    /// Decodes a public-key-package file.
    public init(decoding bytes: [UInt8]) throws(KeyFileError) {
        self = try withBytes(of: bytes) { (bytes) throws(KeyFileError) in try Self(decoding: bytes) }
    }

    /// The file's bytes: Custody's document JSON (docs/encoding.md), keys sorted (the
    /// participants too, as strings: "1", "10", "2"), two-space indent, a final newline; hex
    /// lowercase.
    public func encoded() throws(KeyFileError) -> [UInt8] {
        var shares: [String: String] = [:]
        for (identifier, share) in publicKeyPackage.verifyingShares {
            shares[String(identifier.number ?? 0)] = try hex(share)
        }
        let document = Document(
            format: Self.formatName, suite: suite.rawValue, groupPublicKey: try hex(publicKeyPackage.groupPublicKey),
            minSigners: publicKeyPackage.minSigners, verifyingShares: shares)
        return Array(try KeyFileJSON.encode(document))
    }

    /// The members of the file, as the JSON layer sees them.
    private struct Document: Codable {
        var format: String
        var suite: String
        var groupPublicKey: String
        var minSigners: Int
        var verifyingShares: [String: String]
    }

    /// The number a `verifyingShares` key names: 1 to 65535 in decimal digits, no sign, no
    /// leading zero; nil for anything else.
    private static func participantNumber(_ key: String) -> Int? {
        let digits = Array(key.utf8)
        guard (1...5).contains(digits.count), digits[0] != UInt8(ascii: "0"),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let number = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return number <= 0xFFFF ? number : nil
    }
}
