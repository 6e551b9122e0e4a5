import Foundation

/// An exported, offline copy of the log: its origin, the genesis checkpoint key, the signed
/// checkpoints, and every record with its stored chain hash (docs/audit-format.md, "Bundle").
///
/// The text header is followed by binary records so that a million records read without
/// per-record decoding: `u32 length ‖ record ‖ hash(i)` each, to the end of the file.
public struct AuditBundle: Sendable {
    /// The first line of every bundle.
    public static let magic = "custody-audit-bundle 1"

    /// One stored record: its canonical bytes and its chain hash `hash(i)` as stored.
    public struct Entry: Hashable, Sendable {
        public var record: [UInt8]
        public var chainHash: [UInt8]

        public init(record: [UInt8], chainHash: [UInt8]) {
            self.record = record
            self.chainHash = chainHash
        }
    }

    /// The log's origin, as in its checkpoints.
    public var origin: String
    /// The checkpoint key that signs from record 0 on (the auditor should pin it).
    public var genesisKey: NoteVerifierKey
    /// Signed checkpoints, as exported.
    public var checkpoints: [String]
    /// The records, in order.
    public var entries: [Entry]

    public init(origin: String, genesisKey: NoteVerifierKey, checkpoints: [String], entries: [Entry]) {
        self.origin = origin
        self.genesisKey = genesisKey
        self.checkpoints = checkpoints
        self.entries = entries
    }

    /// The bundle file's bytes.
    public func serialized() -> [UInt8] {
        var out = Array(
            "\(Self.magic)\norigin \(origin)\nkey \(genesisKey.vkey)\ncheckpoints \(checkpoints.count)\n\n".utf8)
        for note in checkpoints {
            let bytes = Array(note.utf8)
            out += Array("\(bytes.count)\n".utf8) + bytes
        }
        for entry in entries {
            out.appendBigEndian(UInt32(entry.record.count))
            out += entry.record
            out += entry.chainHash
        }
        return out
    }

    /// Parses a bundle, splitting its records (for tools and tests; the verifier reads the bytes directly).
    public init(parsing bytes: [UInt8]) throws {
        let header = try BundleHeader(parsing: bytes)
        var entries: [Entry] = []
        var offset = header.recordsOffset
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { throw AuditError(.invalidBundle, "record framing cut short") }
            let length = bytes.withUnsafeBytes { Int($0.loadBigEndian(UInt32.self, at: offset)) }
            guard offset + 4 + length + 32 <= bytes.count else {
                throw AuditError(.invalidBundle, "record \(entries.count) runs past the end")
            }
            entries.append(
                Entry(
                    record: Array(bytes[(offset + 4)..<(offset + 4 + length)]),
                    chainHash: Array(bytes[(offset + 4 + length)..<(offset + 36 + length)])))
            offset += 36 + length
        }
        self.init(
            origin: header.origin, genesisKey: header.genesisKey, checkpoints: header.checkpoints, entries: entries)
    }
}

/// The text header of a bundle and where its records start.
struct BundleHeader {
    let origin: String
    let genesisKey: NoteVerifierKey
    let checkpoints: [String]
    let recordsOffset: Int

    init(parsing bytes: [UInt8]) throws {
        var offset = 0
        func line() throws -> String {
            guard let end = bytes[offset...].firstIndex(of: 0x0A), end - offset < 65536 else {
                throw AuditError(.invalidBundle, "header line without a newline")
            }
            defer { offset = end + 1 }
            return String(decoding: bytes[offset..<end], as: UTF8.self)
        }
        func field(_ name: String) throws -> String {
            let text = try line()
            guard text.hasPrefix(name + " ") else { throw AuditError(.invalidBundle, "expected the \(name) line") }
            return String(text.dropFirst(name.count + 1))
        }
        guard try line() == AuditBundle.magic else { throw AuditError(.invalidBundle, "not a custody audit bundle v1") }
        origin = try field("origin")
        genesisKey = try NoteVerifierKey(vkey: try field("key"))
        guard let count = Int(try field("checkpoints")), count >= 0, count <= 1_000_000, try line().isEmpty else {
            throw AuditError(.invalidBundle, "bad checkpoints count")
        }
        var notes: [String] = []
        for _ in 0..<count {
            guard let length = Int(try line()), length >= 0, offset + length <= bytes.count else {
                throw AuditError(.invalidBundle, "bad checkpoint length")
            }
            notes.append(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))
            offset += length
        }
        checkpoints = notes
        recordsOffset = offset
    }
}

extension AuditBundle {
    /// The genesis key a bundle names, read from its header alone.
    public static func genesisKey(of bytes: [UInt8]) throws -> NoteVerifierKey {
        try BundleHeader(parsing: bytes).genesisKey
    }
}
