import Crypto
import Foundation
import Testing

/// The vendored libsecp256k1 is upstream's release tree, unmodified: its hash is the one
/// `Sources/CSecp256k1Vendored/VENDORED` records (computed as `scripts/vendor-secp256k1.sh hash`
/// does), and every public name of the headers Custody includes is renamed by the prefix header.
@Suite struct VendoredTreeTests {
    static let target = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/CSecp256k1Vendored")

    static func recorded(_ field: String) throws -> String {
        let text = try String(contentsOf: target.appendingPathComponent("VENDORED"), encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("\(field): ") }
        return String(try #require(line).dropFirst(field.count + 2))
    }

    /// SHA-256 over "<SHA-256 of the file>  <relative path>\n" for every regular file, sorted
    /// bytewise by path.
    static func treeHash(_ root: URL) throws -> String {
        let rootPath = root.standardizedFileURL.path + "/"
        var files: [(path: String, url: URL)] = []
        let enumerator = try #require(
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator
        where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            let path = url.standardizedFileURL.path
            try #require(path.hasPrefix(rootPath))
            files.append((String(path.dropFirst(rootPath.count)), url))
        }
        files.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        var manifest = SHA256()
        for file in files {
            let digest = SHA256.hash(data: try Data(contentsOf: file.url))
            let hex = digest.map { String(format: "%02x", $0) }.joined()
            manifest.update(data: Array("\(hex)  \(file.path)\n".utf8))
        }
        return manifest.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Test func vendoredTreeMatchesItsRecordedHash() throws {
        let tree = Self.target.appendingPathComponent("secp256k1")
        #expect(try Self.treeHash(tree) == Self.recorded("tree-sha256"))
        #expect(FileManager.default.fileExists(atPath: tree.appendingPathComponent("COPYING").path))
        #expect(try Self.recorded("tag").hasPrefix("v"))
    }

    @Test func aChangedVendoredFileChangesTheTreeHash() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vendored-\(UUID())")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let include = Self.target.appendingPathComponent("secp256k1/include")
        try FileManager.default.copyItem(at: include, to: copy.appendingPathComponent("include"))
        let before = try Self.treeHash(copy)
        let header = copy.appendingPathComponent("include/secp256k1.h")
        var bytes = try Data(contentsOf: header)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: header)
        #expect(try Self.treeHash(copy) != before)
    }

    @Test func everyPublicNameIsPrefixed() throws {
        let prefix = try String(
            contentsOf: Self.target.appendingPathComponent("include/custody_secp256k1_prefix.h"), encoding: .utf8)
        let renamed = Set(
            prefix.split(separator: "\n").compactMap { line -> Substring? in
                let words = line.split(separator: " ")
                guard words.count == 3, words[0] == "#define", words[2] == "custody_" + words[1] else { return nil }
                return words[1]
            })
        for header in ["secp256k1.h", "secp256k1_preallocated.h", "secp256k1_extrakeys.h", "secp256k1_schnorrsig.h"] {
            let text = try String(
                contentsOf: Self.target.appendingPathComponent("secp256k1/include/\(header)"), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.contains("#include") {
                for match in line.matches(of: /\bsecp256k1_[A-Za-z0-9_]+/) {
                    #expect(renamed.contains(match.output), "\(match.output) in \(header) is not renamed")
                }
            }
        }
    }
}
