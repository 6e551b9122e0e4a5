import Encoding
import Foundation
public import PKCS11
import SecureMemory

/// A signer's configuration, written by `custodyd signer init` to `signer.json` in its data
/// directory. It holds no secret: the keys stay in the HSM.
public struct SignerConfiguration: Codable, Sendable, Equatable {
    public static let fileName = "signer.json"
    public static let formatName = "custody.signer.v1"
    /// The largest `signer.json` read: a larger file is not a configuration, refused unread.
    public static let maxBytes = 64 * 1024

    public struct HSM: Codable, Sendable, Equatable {
        public let module: String
        public let tokenLabel: String
        public let tokenSerial: String
        public let sealingKeyLabel: String
        public let identityKeyLabel: String
    }

    public let format: String
    public let hsm: HSM
    public let identityCurve: IdentityCurve
    /// The identity public key, 65-byte uncompressed SEC1, lowercase hex.
    public let identityPublicKey: String
    /// Where sealed key shares are kept, relative to the data directory.
    public let sealedSharesDirectory: String
}

/// Sets a signer up on its HSM: keys inside the token, configuration and store on disk.
public enum SignerSetup {
    /// The outcome of ``initialize(token:modulePath:curve:dataDirectory:)``.
    public struct Outcome: Sendable {
        public let configuration: SignerConfiguration
        public let createdSealingKey: Bool
        public let createdIdentityKey: Bool
        /// False when an equal `signer.json` was already there and was left as it was.
        public let wroteConfiguration: Bool
    }

    /// `signer.json`'s mode: readable and writable by the signer's user alone.
    public static let configurationMode = 0o600

    /// Creates the sealing and identity keys unless they exist, then writes the configuration
    /// (with `SecureFile`: exclusively, mode 0600, synced) and the sealed-share store under
    /// `dataDirectory`. Running it again reuses the keys and leaves an equal configuration
    /// untouched; `signer.json` is never overwritten.
    ///
    /// - Throws: when the data directory already belongs to another identity key, when its
    ///   `signer.json` holds other settings (another module path, token or curve), or the
    ///   token or the disk fails; nothing is overwritten then.
    public static func initialize(
        token: HSMToken, modulePath: String, curve: IdentityCurve, dataDirectory: String
    ) throws -> Outcome {
        let configurationPath = (dataDirectory as NSString).appendingPathComponent(SignerConfiguration.fileName)
        let existing = try readExisting(configurationPath)
        if let existing, existing == nil {
            throw SetupError(
                "\(configurationPath) exists but is not a Custody signer configuration; refusing to overwrite")
        }
        let createdSealingKey = try token.ensureSealingKey()
        let createdIdentityKey = try token.ensureIdentityKey(curve: curve)
        let (_, publicKey) = try token.identityPublicKey()
        let configuration = SignerConfiguration(
            format: SignerConfiguration.formatName,
            hsm: .init(
                module: modulePath, tokenLabel: token.info.label, tokenSerial: token.info.serial,
                sealingKeyLabel: HSMToken.sealingKeyLabel, identityKeyLabel: HSMToken.identityKeyLabel),
            identityCurve: curve, identityPublicKey: Hex.encode(publicKey),
            sealedSharesDirectory: "sealed-shares")
        if let existing = existing ?? nil, existing.identityPublicKey != configuration.identityPublicKey {
            throw SetupError(
                "\(dataDirectory) belongs to identity key \(existing.identityPublicKey.prefix(16))…, not this token's; refusing to overwrite"
            )
        }
        if let existing = existing ?? nil, existing != configuration {
            throw SetupError(
                "\(configurationPath) holds other settings (\(differences(existing, configuration).joined(separator: ", "))); refusing to overwrite it: remove it to initialise this signer again"
            )
        }
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: (dataDirectory as NSString).appendingPathComponent(configuration.sealedSharesDirectory),
            withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory)
        let wroteConfiguration = existing == nil
        if wroteConfiguration {
            do {
                try SecureFile.create(
                    configurationPath, contents: Array(try DocumentJSON.data(configuration) + [0x0a]),
                    mode: configurationMode)
            } catch let error as SecureFileError {
                throw SetupError(error.description)
            }
        }
        return Outcome(
            configuration: configuration, createdSealingKey: createdSealingKey, createdIdentityKey: createdIdentityKey,
            wroteConfiguration: wroteConfiguration)
    }

    /// What is at `path`: nil when nothing is; `.some(nil)` when a regular file is there that is
    /// not a configuration (or is larger than `SignerConfiguration.maxBytes`); the configuration
    /// otherwise. Read with `SecureFile.read`, not following a symbolic link and not waiting on a
    /// FIFO; anything but a regular file at `path` is refused here, before the token is touched,
    /// as `SecureFile.create` would refuse it.
    private static func readExisting(_ path: String) throws -> SignerConfiguration?? {
        let bytes: SecretBytes
        do {
            bytes = try SecureFile.read(path, maxBytes: SignerConfiguration.maxBytes, followingLinks: false)
        } catch {
            if error.errorNumber == ENOENT { return nil }
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                throw SetupError("cannot create \(path): it already exists; refusing to overwrite it")
            }
            if error.errorNumber == nil { return .some(nil) }
            throw SetupError(error.description)
        }
        let data = bytes.withUnsafeBytes { Data($0) }
        guard (try? JSONNesting.check(data)) != nil else { return .some(nil) }
        return .some(try? JSONDecoder().decode(SignerConfiguration.self, from: data))
    }

    /// The settings in which two configurations differ, by their JSON names.
    private static func differences(_ a: SignerConfiguration, _ b: SignerConfiguration) -> [String] {
        let fields: [(String, (SignerConfiguration) -> String)] = [
            ("format", \.format), ("hsm.module", \.hsm.module), ("hsm.tokenLabel", \.hsm.tokenLabel),
            ("hsm.tokenSerial", \.hsm.tokenSerial), ("hsm.sealingKeyLabel", \.hsm.sealingKeyLabel),
            ("hsm.identityKeyLabel", \.hsm.identityKeyLabel), ("identityCurve", { $0.identityCurve.rawValue }),
            ("identityPublicKey", \.identityPublicKey), ("sealedSharesDirectory", \.sealedSharesDirectory),
        ]
        return fields.filter { $0.1(a) != $0.1(b) }.map(\.0)
    }
}

/// A set-up error for an operator: what was wrong and what was refused.
public struct SetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
