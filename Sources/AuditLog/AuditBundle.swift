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
            guard length <= bytes.count - offset - 36 else {
                throw AuditError(.invalidBundle, "record \(entries.count) runs past the end")
            }
            entries.append(
                Entry(
                    record: Array(bytes[(offset + 4)..<(offset + 4 + length)]),
                    chainHash: Array(bytes[(offset + 4 + length)..<(offset + 36 + length)])))
            offset += 36 + length
        }
        self.init(
            origin: header.origin, genesisKey: header.genesisKey,
            checkpoints: try header.checkpoints.enumerated().map { position, note in
                guard let note else { throw AuditError(.invalidBundle, "checkpoint \(position) is not UTF-8") }
                return note
            }, entries: entries)
    }
}

/// The limits a bundle must keep, checked before any work (docs/audit-format.md, "Limits").
public enum BundleLimits {
    /// The longest header line, newline excluded, in bytes.
    public static let headerLine = 65535
    /// The most checkpoints a bundle carries.
    public static let checkpoints = 1_000_000
    /// The longest checkpoint note, in bytes.
    public static let note = 65536
    /// The most signature lines a note carries.
    public static let signatures = 100

    /// `text` as a canonical non-negative decimal (ASCII digits, no sign, no leading zero)
    /// not above `limit`, else nil. No arithmetic can overflow: at most 20 digits are read.
    static func decimal<S: Collection>(_ text: S, limit: UInt64) -> UInt64? where S.Element == UInt8 {
        guard let first = text.first, text.count <= 20, first != 0x30 || text.count == 1 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard (0x30...0x39).contains(byte) else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value <= limit ? value : nil
    }
}

/// The text header of a bundle and where its records start.
struct BundleHeader {
    let origin: String
    let genesisKey: NoteVerifierKey
    /// The notes; nil for one that is not UTF-8 (it does not parse).
    let checkpoints: [String?]
    let recordsOffset: Int

    init(parsing bytes: [UInt8]) throws {
        var offset = 0
        func lineBytes() throws -> ArraySlice<UInt8> {
            let window = bytes[offset..<min(bytes.count, offset + BundleLimits.headerLine + 1)]
            guard let end = window.firstIndex(of: 0x0A) else {
                throw AuditError(
                    .invalidBundle, "header line without a newline within \(BundleLimits.headerLine) bytes")
            }
            defer { offset = end + 1 }
            return bytes[offset..<end]
        }
        func line() throws -> String {
            guard let text = String(validating: try lineBytes(), as: UTF8.self) else {
                throw AuditError(.invalidBundle, "header line is not UTF-8")
            }
            return text
        }
        func field(_ name: String) throws -> String {
            let text = try line()
            guard text.utf8.starts(with: (name + " ").utf8) else {
                throw AuditError(.invalidBundle, "expected the \(name) line")
            }
            return String(decoding: text.utf8.dropFirst(name.utf8.count + 1), as: UTF8.self)
        }
        guard try line() == AuditBundle.magic else { throw AuditError(.invalidBundle, "not a custody audit bundle v1") }
        origin = try field("origin")
        do { genesisKey = try NoteVerifierKey(vkey: try field("key")) } catch let error as AuditError {
            throw AuditError(.invalidBundle, "bad genesis key: \(error.reason)")
        }
        guard
            let count = BundleLimits.decimal(
                Array(try field("checkpoints").utf8), limit: UInt64(BundleLimits.checkpoints))
        else {
            throw AuditError(
                .invalidBundle, "bad checkpoints count (a canonical decimal up to \(BundleLimits.checkpoints))")
        }
        guard try lineBytes().isEmpty else { throw AuditError(.invalidBundle, "no empty line after the header") }
        var notes: [String?] = []
        notes.reserveCapacity(Int(count))
        for position in 0..<Int(count) {
            guard let length = BundleLimits.decimal(try lineBytes(), limit: UInt64(BundleLimits.note)),
                Int(length) <= bytes.count - offset
            else {
                throw AuditError(
                    .invalidBundle,
                    "bad length of checkpoint \(position) (a canonical decimal up to \(BundleLimits.note), "
                        + "within the file)")
            }
            notes.append(String(validating: bytes[offset..<(offset + Int(length))], as: UTF8.self))
            offset += Int(length)
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
