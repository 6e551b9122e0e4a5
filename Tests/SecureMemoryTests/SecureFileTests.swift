import Foundation
import SecureMemory
import Testing

/// `SecureFile` against the real file system: what an attacker with write access to the
/// directory can plant there, and what the writer must never do with it.
@Suite struct SecureFileTests {
    static let secret: [UInt8] = Array("4f1c0de5ec12e7000000000000000000000000000000000000000000deadbeef\n".utf8)

    /// A fresh directory, removed by the caller.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "custody-securefile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func writesExactlyTheContentsWithExactlyTheMode() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for mode in [0o600, 0o644, 0o400] {
            let path = directory + "/file-\(String(mode, radix: 8))"
            try SecureFile.create(path, contents: SecretBytes(copying: Self.secret), mode: mode)
            #expect(try Self.mode(path) == mode)
            #expect(FileManager.default.contents(atPath: path) == Data(Self.secret))
            #expect(try SecureFile.read(path, maxBytes: 100) == SecretBytes(copying: Self.secret))
        }
        let empty = directory + "/empty"
        try SecureFile.create(empty, contents: [], mode: 0o600)
        #expect(try SecureFile.read(empty, maxBytes: 0).count == 0)
    }

    @Test func existingFileIsNeverOverwritten() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/signer-1.json"
        try Data("the operator's file\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let error = try #require(throws: SecureFileError.self) {
            try SecureFile.create(path, contents: SecretBytes(copying: Self.secret), mode: 0o600)
        }
        #expect(error.description == "cannot create \(path): it already exists; refusing to overwrite it")
        #expect(error.errorNumber == EEXIST)
        #expect(FileManager.default.contents(atPath: path) == Data("the operator's file\n".utf8))
        #expect(try Self.mode(path) == 0o640)
    }

    @Test func plantedSymlinkIsNeverFollowedDanglingOrNot() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A link to a file the attacker wants overwritten, and a dangling one to a file the
        // attacker wants created (and then read).
        let victim = directory + "/victim"
        try Data("victim\n".utf8).write(to: URL(fileURLWithPath: victim))
        let wanted = directory + "/wanted"
        for (link, target) in [(directory + "/to-victim", victim), (directory + "/dangling", wanted)] {
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(throws: SecureFileError.self) {
                try SecureFile.create(link, contents: SecretBytes(copying: Self.secret), mode: 0o600)
            }
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        }
        #expect(FileManager.default.contents(atPath: victim) == Data("victim\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: wanted))
    }

    @Test func aDirectoryAtThePathIsNotReplaced() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/group.json"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: SecureFileError.self) { try SecureFile.create(path, contents: [1], mode: 0o644) }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func secretNeverAppearsInErrorDescription() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = directory + "/absent/signer-1.json"
        let errors = [
            try #require(throws: SecureFileError.self) {
                try SecureFile.create(missing, contents: SecretBytes(copying: Self.secret), mode: 0o600)
            },
            try #require(throws: SecureFileError.self) {
                try SecureFile.create(directory, contents: SecretBytes(copying: Self.secret), mode: 0o600)
            },
            try #require(throws: SecureFileError.self) {
                try SecureFile.create(directory + "/x", contents: SecretBytes(copying: Self.secret), mode: 0o1777)
            },
        ]
        #expect(errors[0].description == "cannot create \(missing): No such file or directory")
        let secretText = String(decoding: Self.secret.dropLast(), as: UTF8.self)
        for error in errors {
            #expect(error.description.contains(error.path))
            for rendering in [error.description, String(reflecting: error), "\(error)"] {
                #expect(!rendering.contains(secretText))
                #expect(!rendering.contains("deadbeef"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/x"))
    }

    @Test func readRefusesWhatIsNotARegularFileWithoutBlocking() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A FIFO would block a plain open until a writer came; a directory or a device never ends.
        let fifo = directory + "/signer-1.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, directory, "/dev/zero"] {
            let error = try #require(throws: SecureFileError.self) { try SecureFile.read(path, maxBytes: 1 << 20) }
            #expect(error.description == "cannot read \(path): not a regular file")
        }
        let absent = directory + "/absent"
        let error = try #require(throws: SecureFileError.self) { try SecureFile.read(absent, maxBytes: 10) }
        #expect(error.description == "cannot read \(absent): No such file or directory")
    }

    @Test func readRefusesAFileOverTheLimitBeforeReadingIt() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/big"
        try SecureFile.create(path, contents: [UInt8](repeating: 0x7b, count: 1025), mode: 0o600)
        let error = try #require(throws: SecureFileError.self) { try SecureFile.read(path, maxBytes: 1024) }
        #expect(error.description == "cannot read \(path): 1025 bytes, more than the limit of 1024")
        #expect(try SecureFile.read(path, maxBytes: 1025).count == 1025)
    }

    @Test func readNotFollowingLinksRefusesALinkToARegularFile() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/target"
        try SecureFile.create(target, contents: [0x7b, 0x7d], mode: 0o600)
        let link = directory + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try SecureFile.read(link, maxBytes: 10).count == 2)
        let error = try #require(throws: SecureFileError.self) {
            try SecureFile.read(link, maxBytes: 10, followingLinks: false)
        }
        #expect(error.description == "cannot read \(link): it is a symbolic link")
        #expect(error.errorNumber == ELOOP)
        #expect(try SecureFile.read(target, maxBytes: 10, followingLinks: false).count == 2)
    }
}
