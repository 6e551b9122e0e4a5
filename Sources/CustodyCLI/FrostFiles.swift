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
struct KeyPackageFile: Codable {
    static let formatName = "custody.frost.key-package.v1"

    var format = formatName
    var suite: String
    var identifier: Int
    var signingShare: String
    var verifyingShare: String
    var groupPublicKey: String
    var minSigners: Int

    init(suite: String, keyPackage: KeyPackage) throws {
        self.suite = suite
        guard let number = keyPackage.identifier.number else {
            throw CLIError("participant \(keyPackage.identifier) has no participant number")
        }
        identifier = number
        signingShare = keyPackage.signingShare.secret.withUnsafeBytes { Hex.encode($0) }
        verifyingShare = Hex.encode(try keyPackage.verifyingShare.compressed())
        groupPublicKey = Hex.encode(try keyPackage.groupPublicKey.compressed())
        minSigners = keyPackage.minSigners
    }

    func keyPackage(path: String) throws -> KeyPackage {
        guard format == Self.formatName else {
            throw CLIError("\(path): not a Custody FROST key package (format \(format))")
        }
        do {
            var share = try Hex.decode(signingShare, count: 32, what: "signingShare")
            defer { Wipe.bytes(&share) }
            return try KeyPackage(
                identifier: Identifier(identifier), signingShare: SigningShare(secret: SecretBytes(copying: share)),
                verifyingShare: Point(compressed: Hex.decode(verifyingShare, count: 33, what: "verifyingShare")),
                groupPublicKey: Point(compressed: Hex.decode(groupPublicKey, count: 33, what: "groupPublicKey")),
                minSigners: minSigners)
        } catch {
            throw CLIError("\(path): \(error)")
        }
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0a)
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
        data.resetBytes(in: 0..<data.count)
    }

    static func read<Value: Decodable>(_ type: Value.Type, from path: String) throws -> Value {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw CLIError("\(path): missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CLIError("\(path): wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw CLIError("\(path): not valid JSON")
        }
    }
}

/// A command-line error: printed to stderr as "Error: message", exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
