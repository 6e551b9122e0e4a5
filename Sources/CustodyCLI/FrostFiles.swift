import Encoding
import FROST
import Foundation
import Secp256k1
import SecureMemory

/// The JSON files of `custody frost keygen`: one key package per signer, and the group's public
/// key package. Every value is lowercase hex; identifiers are participant numbers.
///
/// A key package file holds its signer's secret share unsealed: these files are for offline
/// experiments and interoperability checks, written with mode 0600. Production signers keep
/// their shares sealed by an HSM.
///
/// The share never passes through a Swift `String`: in memory it is `SecretBytes`, and
/// ``KeyDirectory`` writes and reads its hex digits directly in the file's byte buffer, which it
/// wipes (see ``SecretHexFile``).
struct KeyPackageFile: SecretHexFile {
    static let formatName = "custody.frost.key-package.v1"
    static let secretField = "signingShare"
    static let secretLength = 32

    var format = formatName
    var suite: String
    var identifier: Int
    /// The share, 32 bytes; in the file, 64 hex digits.
    var secret: SecretBytes
    var verifyingShare: String
    var groupPublicKey: String
    var minSigners: Int

    enum CodingKeys: String, CodingKey {
        case format, suite, identifier, verifyingShare, groupPublicKey, minSigners
        case secret = "signingShare"
    }

    init(suite: String, keyPackage: KeyPackage) throws {
        self.suite = suite
        guard let number = keyPackage.identifier.number else {
            throw CLIError("participant \(keyPackage.identifier) has no participant number")
        }
        identifier = number
        secret = keyPackage.signingShare.secret
        verifyingShare = Hex.encode(try keyPackage.verifyingShare.compressed())
        groupPublicKey = Hex.encode(try keyPackage.groupPublicKey.compressed())
        minSigners = keyPackage.minSigners
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        suite = try container.decode(String.self, forKey: .suite)
        identifier = try container.decode(Int.self, forKey: .identifier)
        verifyingShare = try container.decode(String.self, forKey: .verifyingShare)
        groupPublicKey = try container.decode(String.self, forKey: .groupPublicKey)
        minSigners = try container.decode(Int.self, forKey: .minSigners)
        // KeyDirectory took the digits out of the buffer before decoding; only the placeholder
        // is left, and KeyDirectory sets the secret after.
        guard try container.decode(String.self, forKey: .secret) == Self.placeholder else {
            throw CLIError("\(Self.secretField) appears more than once")
        }
        secret = SecretBytes(copying: [])
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(suite, forKey: .suite)
        try container.encode(identifier, forKey: .identifier)
        // KeyDirectory writes the digits over the placeholder in the encoded buffer.
        try container.encode(Self.placeholder, forKey: .secret)
        try container.encode(verifyingShare, forKey: .verifyingShare)
        try container.encode(groupPublicKey, forKey: .groupPublicKey)
        try container.encode(minSigners, forKey: .minSigners)
    }

    func keyPackage(path: String) throws -> KeyPackage {
        guard format == Self.formatName else {
            throw CLIError("\(path): not a Custody FROST key package (format \(format))")
        }
        do {
            return try KeyPackage(
                identifier: Identifier(identifier), signingShare: SigningShare(secret: secret),
                verifyingShare: Point(compressed: Hex.decode(verifyingShare, count: 33, what: "verifyingShare")),
                groupPublicKey: Point(compressed: Hex.decode(groupPublicKey, count: 33, what: "groupPublicKey")),
                minSigners: minSigners)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }
}

/// A key-directory file whose JSON holds one secret as a string of hex digits.
///
/// `encode(to:)` writes ``placeholder`` for the secret and ``KeyDirectory/write(_:to:mode:)``
/// writes the digits over it in the encoded buffer; ``KeyDirectory/read(_:from:)`` decodes the
/// digits from the file's buffer straight into `SecretBytes` and overwrites them with the
/// placeholder before the JSON decoder sees the buffer. Both buffers are wiped.
protocol SecretHexFile: Codable {
    /// The JSON key of the secret.
    static var secretField: String { get }
    /// The secret's length in bytes (twice as many hex digits).
    static var secretLength: Int { get }
    /// The secret.
    var secret: SecretBytes { get set }
}

extension SecretHexFile {
    /// What stands for the secret while the JSON is encoded or decoded: as many `x` as digits.
    static var placeholder: String { String(repeating: "x", count: secretLength * 2) }

    /// The byte range of the secret's string value (between its quotes) in a JSON buffer: the
    /// first `"field"` at or after `from` followed by optional white space, a colon, optional
    /// white space and a string holding no backslash; nil when there is none.
    static func secretRange(in buffer: UnsafeRawBufferPointer, from: Int = 0) -> Range<Int>? {
        guard let valueStart = valueStart(in: buffer, from: from) else { return nil }
        var end = valueStart
        while end < buffer.count, buffer[end] != UInt8(ascii: "\""), buffer[end] != UInt8(ascii: "\\") {
            end += 1
        }
        guard end < buffer.count, buffer[end] == UInt8(ascii: "\"") else { return nil }
        return valueStart..<end
    }

    /// Where the string value of the first `"field":` at or after `from` starts.
    static func valueStart(in buffer: UnsafeRawBufferPointer, from: Int) -> Int? {
        let key = Array("\"\(secretField)\"".utf8)
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var start = from
        while start + key.count <= buffer.count {
            defer { start += 1 }
            guard (0..<key.count).allSatisfy({ buffer[start + $0] == key[$0] }) else { continue }
            var index = start + key.count
            while index < buffer.count, whitespace.contains(buffer[index]) { index += 1 }
            guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { continue }
            index += 1
            while index < buffer.count, whitespace.contains(buffer[index]) { index += 1 }
            guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else { continue }
            return index + 1
        }
        return nil
    }
}

struct PublicKeyPackageFile: Codable {
    static let formatName = "custody.frost.public-key-package.v1"

    var format = formatName
    var suite: String
    var groupPublicKey: String
    var minSigners: Int
    var verifyingShares: [String: String]

    init(suite: String, package: PublicKeyPackage) throws {
        self.suite = suite
        groupPublicKey = Hex.encode(try package.groupPublicKey.compressed())
        minSigners = package.minSigners
        verifyingShares = [:]
        for (identifier, share) in package.verifyingShares {
            verifyingShares[identifier.description] = Hex.encode(try share.compressed())
        }
    }

    func publicKeyPackage(path: String) throws -> PublicKeyPackage {
        guard format == Self.formatName else {
            throw CLIError("\(path): not a Custody FROST public key package (format \(format))")
        }
        do {
            var shares: [Identifier: Point] = [:]
            for (key, value) in verifyingShares {
                guard let number = Int(key) else {
                    throw CLIError("verifying share key \(key) is not a participant number")
                }
                shares[try Identifier(number)] = try Point(
                    compressed: Hex.decode(value, count: 33, what: "verifying share \(key)"))
            }
            return try PublicKeyPackage(
                verifyingShares: shares,
                groupPublicKey: Point(compressed: Hex.decode(groupPublicKey, count: 33, what: "groupPublicKey")),
                minSigners: minSigners)
        } catch let error as CLIError {
            throw CLIError("\(path): \(error.message)")
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }
}

/// Reading and writing the key directory.
enum KeyDirectory {
    static let publicFile = "group.json"
    static func signerFile(_ number: Int) -> String { "signer-\(number).json" }

    static func write<Value: Encodable>(_ value: Value, to path: String, mode: Int) throws {
        var data = try DocumentJSON.data(value)
        data.append(0x0a)
        defer { data.resetBytes(in: 0..<data.count) }
        if let file = value as? any SecretHexFile { try fillSecret(of: file, into: &data) }
        // Create with the final mode, so that a secret is never readable by others, even briefly.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
        guard descriptor >= 0 else {
            throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes the secret's lowercase hex digits over the placeholder in `data`.
    private static func fillSecret<File: SecretHexFile>(of file: File, into data: inout Data) throws {
        try data.withUnsafeMutableBytes { buffer in
            guard let range = File.secretRange(in: UnsafeRawBufferPointer(buffer)),
                range.count == File.secretLength * 2, file.secret.count == File.secretLength
            else { throw CLIError("internal error: no place for \(File.secretField) in the encoded file") }
            try file.secret.withUnsafeBytes { secret in
                try Hex.encode(secret, into: UnsafeMutableRawBufferPointer(rebasing: buffer[range]))
            }
        }
    }

    static func read<Value: Decodable>(_ type: Value.Type, from path: String) throws -> Value {
        guard var data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        defer { data.resetBytes(in: 0..<data.count) }
        do {
            try JSONNesting.check(data)
        } catch {
            throw CLIError("\(path): \(error)")
        }
        var secret: SecretBytes?
        if let secretType = type as? any SecretHexFile.Type {
            secret = try takeSecret(secretType, from: &data, path: path)
        }
        var value: Value
        do {
            value = try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw CLIError("\(path): missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CLIError("\(path): wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let error as CLIError {
            throw CLIError("\(path): \(error.message)")
        } catch {
            throw CLIError("\(path): not valid JSON")
        }
        if let secret, var file = value as? any SecretHexFile {
            file.secret = secret
            value = file as! Value
        }
        return value
    }

    /// Decodes the secret's hex digits (either case) from `data` into wiped memory and writes
    /// the placeholder over them.
    private static func takeSecret<File: SecretHexFile>(
        _ type: File.Type, from data: inout Data, path: String
    ) throws -> SecretBytes {
        let problem = "\(File.secretField) must be a string of \(File.secretLength * 2) hex digits"
        return try data.withUnsafeMutableBytes { buffer in
            guard let range = File.secretRange(in: UnsafeRawBufferPointer(buffer)) else {
                throw CLIError("\(path): missing field \(File.secretField), or \(problem)")
            }
            guard range.count == File.secretLength * 2 else {
                throw CLIError("\(path): \(problem), got \(range.count) characters")
            }
            guard File.valueStart(in: UnsafeRawBufferPointer(buffer), from: range.upperBound) == nil else {
                throw CLIError("\(path): \(File.secretField) appears more than once")
            }
            let digits = UnsafeRawBufferPointer(rebasing: buffer[range])
            let secret = try SecretBytes(count: File.secretLength) { (output) throws(CLIError) in
                do { try Hex.decode(digits, into: output) } catch { throw CLIError("\(path): \(problem)") }
            }
            for index in range { buffer[index] = UInt8(ascii: "x") }
            return secret
        }
    }
}

/// A command-line error: printed to stderr as "Error: message", exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
