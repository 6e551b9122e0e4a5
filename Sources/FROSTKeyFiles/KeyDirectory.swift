public import FROST
import Foundation
import SecureMemory

/// The key directory of `custody frost keygen`: `signer-<n>.json` for each participant (mode
/// 0600) and `group.json` (mode 0644), written and read through `SecureFile` so that every tool
/// reads and writes the same bytes. docs/key-files.md describes the files and every error.
public enum KeyDirectory {
    /// The public key package's file name.
    public static let publicKeyPackageFileName = "group.json"
    /// A key-package file's mode: readable and writable by its owner alone.
    public static let keyPackageFileMode = 0o600
    /// The public key package's mode: readable by everyone.
    public static let publicKeyPackageFileMode = 0o644

    /// The file name of participant `number`'s key package.
    public static func keyPackageFileName(_ number: Int) -> String { "signer-\(number).json" }

    /// Writes a fresh key directory: every key package, then the public key package.
    ///
    /// Creates `directory` (and its parents) when absent. Refuses, writing nothing, when any of
    /// the files it would write already exists (a symbolic link too, even a dangling one). If a
    /// write fails, every file this call created is removed again.
    public static func create(
        at directory: String, suite: KeyFileSuite, keyPackages: [KeyPackage], publicKeyPackage: PublicKeyPackage
    ) throws {
        var files: [(name: String, contents: SecretBytes, mode: Int)] = []
        for keyPackage in keyPackages {
            let file = try KeyPackageFile(suite: suite, keyPackage: keyPackage)
            files.append(
                (keyPackageFileName(keyPackage.identifier.number!), try file.encoded(), keyPackageFileMode))
        }
        let group = try PublicKeyPackageFile(suite: suite, publicKeyPackage: publicKeyPackage).encoded()
        files.append((publicKeyPackageFileName, SecretBytes(copying: group), publicKeyPackageFileMode))

        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw KeyFileError("cannot create the directory \(directory): \(error.localizedDescription)")
        }
        let existing = files.map(\.name).filter { exists(path(directory, $0)) }
        guard existing.isEmpty else {
            throw KeyFileError(
                "\(directory) already holds key files (\(existing.joined(separator: ", "))); refusing to overwrite")
        }
        var written: [String] = []
        do {
            for file in files {
                try SecureFile.create(path(directory, file.name), contents: file.contents, mode: file.mode)
                written.append(path(directory, file.name))
            }
        } catch {
            for path in written { unlink(path) }
            guard !written.isEmpty else { throw error }
            throw KeyFileError("\(error); the \(written.count) key files written before it were removed")
        }
    }

    /// Writes a key-package file at `path`, mode 0600, never over an existing file.
    public static func write(_ file: KeyPackageFile, to path: String) throws {
        try SecureFile.create(path, contents: try file.encoded(), mode: keyPackageFileMode)
    }

    /// Writes a public-key-package file at `path`, mode 0644, never over an existing file.
    public static func write(_ file: PublicKeyPackageFile, to path: String) throws {
        try SecureFile.create(path, contents: try file.encoded(), mode: publicKeyPackageFileMode)
    }

    /// Reads the key-package file at `path`; an error names the path.
    public static func readKeyPackage(at path: String) throws -> KeyPackageFile {
        let bytes = try SecureFile.read(path, maxBytes: KeyPackageFile.maxBytes)
        do {
            return try KeyPackageFile(decoding: bytes)
        } catch {
            throw error.at(path)
        }
    }

    /// Reads the public-key-package file at `path`; an error names the path.
    public static func readPublicKeyPackage(at path: String) throws -> PublicKeyPackageFile {
        let bytes = try SecureFile.read(path, maxBytes: PublicKeyPackageFile.maxBytes)
        do {
            return try bytes.withUnsafeBytes { (bytes) throws(KeyFileError) in
                try PublicKeyPackageFile(decoding: bytes)
            }
        } catch {
            throw error.at(path)
        }
    }

    /// `directory/name`.
    public static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// True when anything is at `path`, a symbolic link included (not followed).
    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}
