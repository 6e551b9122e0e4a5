public import ArgumentParser
import Foundation
import OfficerKeys
import Policy
import SecureMemory

/// `custody officer`: an officer's approval key, in a passphrase-encrypted file
/// (docs/officer-keys.md, docs/officer-cli.md).
public struct OfficerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "officer", abstract: "Create an officer's approval key file and show its public key.",
        subcommands: [OfficerKeygen.self, OfficerPubkey.self])
    public init() {}
}

struct OfficerKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an officer key file and print its public key as a policy's officer entry takes it.",
        discussion: "The file is created with mode 0600 and never overwritten.")

    @Option(help: "The key file to create; it must not exist.")
    var out: String
    @Option(help: "Read the passphrase from this file (without one final line feed) instead of the terminal.")
    var passphraseFile: String?
    @Option(help: "ed25519 or p256.")
    var algorithm: String = "ed25519"
    @Option(help: "scrypt cost: log2 of N, 14 to 18.")
    var scryptLog2N: UInt8 = ScryptParameters.standard.log2N

    func run() throws {
        try OfficerFailure.running {
            guard let algorithm = OfficerKey.Algorithm(rawValue: algorithm) else {
                throw OfficerFailure(.failure, "--algorithm: '\(algorithm)' is not ed25519 or p256")
            }
            let parameters: ScryptParameters
            do throws(OfficerKeyError) {
                parameters = try ScryptParameters(
                    log2N: scryptLog2N, r: ScryptParameters.standard.r, p: ScryptParameters.standard.p)
            } catch {
                throw OfficerFailure(.failure, "--scrypt-log2-n: \(error.reason)")
            }
            guard !FileManager.default.fileExists(atPath: out) else {
                throw OfficerFailure(.failure, "\(out): it already exists; refusing to overwrite it")
            }
            let passphrase = try Passphrase.read(
                file: passphraseFile, prompt: "Passphrase for the new key \(out)", confirming: true)
            guard passphrase.count >= Passphrase.minNewBytes else {
                throw OfficerFailure(.failure, "the passphrase is shorter than \(Passphrase.minNewBytes) bytes")
            }
            let key: OfficerPrivateKey
            let file: [UInt8]
            do throws(OfficerKeyError) {
                key = try OfficerPrivateKey.generate(algorithm)
                file = try OfficerKeyFile.seal(key, passphrase: passphrase, parameters: parameters)
            } catch {
                throw OfficerFailure(.failure, "the key could not be created: \(error.reason)")
            }
            do throws(SecureFileError) {
                try SecureFile.create(out, contents: file, mode: 0o600)
            } catch {
                throw OfficerFailure(.failure, error.description)
            }
            print(key.publicKey.description)
        }
    }
}

struct OfficerPubkey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pubkey",
        abstract: "Print the public key of an officer key file, without its passphrase.",
        discussion: "The file's checksum, version and parameters are checked too.")

    @Argument(help: "The officer key file.")
    var file: String

    func run() throws {
        try OfficerFailure.running {
            print(try OfficerKeyFiles.header(file).publicKey.description)
        }
    }
}

/// Reading officer key files: the size is bounded before a byte is read.
enum OfficerKeyFiles {
    /// The bytes of the key file `path`, at most a few times the format's size.
    static func bytes(_ path: String) throws -> [UInt8] {
        do throws(SecureFileError) {
            let contents = try SecureFile.read(path, maxBytes: 4 * OfficerKeyFile.maxFileBytes)
            return contents.withUnsafeBytes { Array($0) }
        } catch {
            throw OfficerFailure(.invalidKeyFile, error.description)
        }
    }

    static func header(_ path: String) throws -> OfficerKeyFile.Header {
        let bytes = try bytes(path)
        do throws(OfficerKeyError) {
            return try OfficerKeyFile.header(of: bytes)
        } catch {
            throw OfficerFailure.keyFile(path, error)
        }
    }

    /// The officer the policy gives the key in file `path` to; refused (`notAnOfficer`) when it
    /// gives it to none, or to another than `expected`.
    static func officer(_ path: String, in policy: Policy, expected: String?) throws -> Officer {
        let header = try header(path)
        guard let officer = header.publicKey.officer(in: policy) else {
            throw OfficerFailure(
                .notAnOfficer, "\(path): the key \(header.publicKey) is not the key of any officer of the policy")
        }
        if let expected, expected != officer.id {
            throw OfficerFailure(
                .notAnOfficer, "\(path): the policy gives this key to '\(officer.id)', not to '\(expected)'")
        }
        return officer
    }

    /// The time an `--at` option gives (RFC 3339), or now in whole seconds.
    static func time(_ at: String?) throws -> Instant {
        guard let at else { return Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))) }
        guard let instant = Instant(rfc3339: at) else {
            throw OfficerFailure(.failure, "--at: '\(at)' is not an RFC 3339 time such as 2025-03-01T09:30:00Z")
        }
        return instant
    }

    static func open(_ path: String, passphraseFile: String?) throws -> OfficerPrivateKey {
        let bytes = try bytes(path)
        do throws(OfficerKeyError) {
            // The file is checked before the passphrase is asked for.
            _ = try OfficerKeyFile.header(of: bytes)
        } catch {
            throw OfficerFailure.keyFile(path, error)
        }
        let passphrase = try Passphrase.read(file: passphraseFile, prompt: "Passphrase for \(path)")
        do throws(OfficerKeyError) {
            return try OfficerKeyFile.open(bytes, passphrase: passphrase)
        } catch {
            throw OfficerFailure.keyFile(path, error)
        }
    }
}
