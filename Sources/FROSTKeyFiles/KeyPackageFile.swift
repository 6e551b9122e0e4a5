import Encoding
public import FROST
import Foundation
import Secp256k1
public import SecureMemory

/// A key-package file, `custody.frost.key-package.v1`: one signer's key package (its share, its
/// verifying share, the group key, the threshold) and the suite it signs with. The format, its
/// limits and its errors are in docs/key-files.md.
///
/// The file holds the signing share unsealed, as 64 hex digits. Those digits never pass
/// through a Swift `String`: ``encoded()`` writes them into `SecretBytes`, and
/// ``init(decoding:)-(UnsafeRawBufferPointer)`` decodes them from the input straight into the
/// share's wiped memory and blanks them in its working copy before the JSON decoder reads it.
public struct KeyPackageFile: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The value of `"format"`.
    public static let formatName = "custody.frost.key-package.v1"
    /// The longest file accepted, in bytes.
    public static let maxBytes = 64 * 1024

    /// The suite the key signs with.
    public let suite: KeyFileSuite
    /// The signer's key package, validated.
    public let keyPackage: KeyPackage

    /// A file for `keyPackage`, whose identifier must be a participant number (1 to 65535).
    public init(suite: KeyFileSuite, keyPackage: KeyPackage) throws(KeyFileError) {
        guard keyPackage.identifier.number != nil else {
            throw KeyFileError(
                "participant \(keyPackage.identifier) is not a participant number from 1 to 65535; a key file cannot name it"
            )
        }
        self.suite = suite
        self.keyPackage = keyPackage
    }

    /// Decodes a key-package file; see docs/key-files.md for every check and error.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(KeyFileError) {
        try KeyFileJSON.check(bytes, maxBytes: Self.maxBytes)
        // A working copy, whose share digits are decoded and then blanked; wiped after.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer {
            if let base = copy.baseAddress { explicit_bzero(base, copy.count) }
            copy.deallocate()
        }
        if bytes.count > 0 { copy.copyMemory(from: bytes) }
        let share = try Self.takeShare(from: copy)
        let document = try KeyFileJSON.decode(Document.self, from: UnsafeRawBufferPointer(copy))
        guard document.signingShare == Self.placeholder else {
            throw KeyFileError("\(Self.secretField) appears more than once")
        }
        guard document.format == Self.formatName else {
            throw KeyFileError("not a Custody FROST key package (format \(KeyFileJSON.quoted(document.format)))")
        }
        guard let suite = KeyFileSuite(rawValue: document.suite) else {
            throw KeyFileError("unknown suite \(KeyFileJSON.quoted(document.suite))")
        }
        let identifier: Identifier
        do {
            identifier = try Identifier(document.identifier)
        } catch {
            throw KeyFileError("identifier: \(error.reason)")
        }
        let keyPackage: KeyPackage
        do {
            keyPackage = try KeyPackage(
                identifier: identifier, signingShare: try Self.signingShare(share),
                verifyingShare: try point(document.verifyingShare, field: "verifyingShare"),
                groupPublicKey: try point(document.groupPublicKey, field: "groupPublicKey"),
                minSigners: document.minSigners)
        } catch let error as KeyFileError {
            throw error
        } catch let error as FROSTError {
            throw KeyFileError(error.description)
        } catch {
            throw KeyFileError("\(error)")
        }
        self.suite = suite
        self.keyPackage = keyPackage
    }

    /// Decodes a key-package file read into wiped memory (`SecureFile.read`).
    public init(decoding bytes: SecretBytes) throws(KeyFileError) {
        self = try bytes.withUnsafeBytes { (bytes) throws(KeyFileError) in try Self(decoding: bytes) }
    }

    /// The file's bytes, in wiped memory: Custody's document JSON (docs/encoding.md), keys
    /// sorted, two-space indent, a final newline; hex lowercase.
    public func encoded() throws(KeyFileError) -> SecretBytes {
        let document = Document(
            format: Self.formatName, suite: suite.rawValue, identifier: keyPackage.identifier.number ?? 0,
            signingShare: Self.placeholder, verifyingShare: try hex(keyPackage.verifyingShare),
            groupPublicKey: try hex(keyPackage.groupPublicKey), minSigners: keyPackage.minSigners)
        var data = try KeyFileJSON.encode(document)
        defer { data.resetBytes(in: 0..<data.count) }
        return try withBytes(of: data) { (encoded) throws(KeyFileError) in
            let values = SecretMember.values(in: encoded)
            guard values.count == 1, case .plain(let range) = values[0], range.count == 2 * Self.shareLength else {
                throw KeyFileError("internal error: no place for \(Self.secretField) in the encoded file")
            }
            return try SecretBytes(count: encoded.count) { (output) throws(KeyFileError) in
                output.copyMemory(from: encoded)
                try keyPackage.signingShare.secret.withUnsafeBytes { (share) throws(KeyFileError) in
                    do {
                        try Hex.encode(share, into: UnsafeMutableRawBufferPointer(rebasing: output[range]))
                    } catch {
                        throw KeyFileError("internal error: \(Self.secretField) is not \(Self.shareLength) bytes")
                    }
                }
            }
        }
    }

    public var description: String {
        "KeyPackageFile(\(suite.rawValue), participant \(keyPackage.identifier), signing share redacted)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["suite": suite, "keyPackage": keyPackage], displayStyle: .struct)
    }

    /// The JSON key of the share.
    static let secretField = "signingShare"
    /// The share's length in bytes (twice as many hex digits in the file).
    static let shareLength = 32
    /// What stands for the share's digits while the JSON layer encodes or decodes the file.
    static let placeholder = String(repeating: "x", count: 2 * shareLength)

    /// The members of the file, as the JSON layer sees them (the share as ``placeholder``).
    private struct Document: Codable {
        var format: String
        var suite: String
        var identifier: Int
        var signingShare: String
        var verifyingShare: String
        var groupPublicKey: String
        var minSigners: Int
    }

    /// Decodes the share's digits (either case) from `buffer` into wiped memory and writes
    /// ``placeholder`` over them.
    private static func takeShare(from buffer: UnsafeMutableRawBufferPointer) throws(KeyFileError) -> SecretBytes {
        let problem = "\(secretField) must be a string of \(2 * shareLength) hex digits"
        let values = SecretMember.values(in: UnsafeRawBufferPointer(buffer))
        guard values.count <= 1 else { throw KeyFileError("\(secretField) appears more than once") }
        guard let value = values.first else { throw KeyFileError("missing field \(secretField)") }
        guard case .plain(let range) = value else {
            throw KeyFileError("\(problem), its key and value written without escapes")
        }
        guard range.count == 2 * shareLength else { throw KeyFileError("\(problem), got \(range.count) characters") }
        let digits = UnsafeRawBufferPointer(rebasing: buffer[range])
        let share = try SecretBytes(count: shareLength) { (output) throws(KeyFileError) in
            do { try Hex.decode(digits, into: output) } catch { throw KeyFileError(problem) }
        }
        for index in range { buffer[index] = UInt8(ascii: "x") }
        return share
    }

    private static func signingShare(_ share: SecretBytes) throws(KeyFileError) -> SigningShare {
        do {
            return try SigningShare(secret: share)
        } catch {
            throw KeyFileError("\(secretField): \(error.reason)")
        }
    }
}

/// A compressed point from a file's hex field.
func point(_ text: String, field: String) throws(KeyFileError) -> Point {
    let bytes: [UInt8]
    do {
        bytes = try Hex.decode(text, count: 33, what: field)
    } catch {
        throw KeyFileError(error.reason)
    }
    do {
        return try Point(compressed: bytes)
    } catch {
        throw KeyFileError("\(field): \(error.reason)")
    }
}

/// A point's compressed encoding, in lowercase hex.
func hex(_ point: Point) throws(KeyFileError) -> String {
    do {
        return Hex.encode(try point.compressed())
    } catch {
        throw KeyFileError("a public key is the identity, which has no encoding: \(error.reason)")
    }
}
