import ArgumentParser
import AuditLog
import AuditStorage
import Encoding
import Foundation
import Storage

/// `custody audit`: the auditor's commands over the audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify, export and prove the audit log.",
        subcommands: [AuditVerify.self, AuditExport.self, AuditProve.self, AuditConsistency.self, AuditTail.self])
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Verify the audit log, exported or in its database: chain, Merkle tree, checkpoint signatures and key history.",
        discussion: """
            Give --bundle FILE or --db PATH|URL (a SQLite file, or a postgres:// URL), and the genesis \
            key you trust (--trusted-key; --insecure uses the log's own and says so). --checkpoint FILE \
            (repeatable) pins a signed checkpoint you held from earlier: the log must be consistent with \
            it. Prints exactly one verdict and the trust anchors used. Exit codes: 0 OK, 10 TAMPERED, \
            11 TRUNCATED, 12 FORKED, 13 UNVERIFIABLE; 1 if the bundle or the database holds no readable \
            log; 64 for bad arguments (docs/audit-format.md).
            """)

    @Option(help: "The bundle file (custody-audit-bundle 1).")
    var bundle: String?
    @Option(help: "The log's database: a SQLite file, or a postgres:// or postgresql:// URL.")
    var db: String?
    @Option(help: "The genesis checkpoint key (vkey) you trust. Required unless --insecure.")
    var trustedKey: String?
    @Flag(help: "Verify without a trusted key: the log's own genesis key is used (and printed).")
    var insecure = false
    @Option(name: .customLong("checkpoint"), help: "A signed checkpoint note you held from earlier (repeatable).")
    var checkpoints: [String] = []
    @Flag(help: "Print JSON.")
    var json = false

    /// The file's bytes, read straight into one array (a bundle can be hundreds of megabytes).
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        return try? [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = Foundation.read(descriptor, buffer.baseAddress! + count, size - count)
                guard n > 0 else { throw CocoaError(.fileReadUnknown) }
                count += n
            }
        }
    }

    func validate() throws {
        guard (bundle == nil) != (db == nil) else { throw ValidationError("give either --bundle or --db") }
        guard trustedKey != nil || insecure else {
            throw ValidationError("give --trusted-key VKEY (the genesis key you trust), or --insecure")
        }
    }

    /// The pinned checkpoints: each file one signed note, at most ``BundleLimits/note`` bytes.
    func pinned() throws -> [(file: String, note: SignedNote, size: UInt64)] {
        try checkpoints.map { file in
            guard let bytes = Self.read(file), bytes.count <= BundleLimits.note,
                let text = String(validating: bytes, as: UTF8.self),
                let note = try? SignedNote(parsing: text), let checkpoint = try? Checkpoint(text: note.text)
            else {
                throw ValidationError(
                    "--checkpoint \(file): not a readable signed checkpoint of at most \(BundleLimits.note) bytes")
            }
            return (file, note, checkpoint.size)
        }
    }

    func run() throws {
        let key: NoteVerifierKey?
        do { key = try trustedKey.map { try NoteVerifierKey(vkey: $0) } } catch let error as AuditError {
            throw ValidationError("--trusted-key: \(error.reason)")
        }
        let held = try pinned()
        let bytes: [UInt8]
        if let bundle {
            guard let read = Self.read(bundle) else { throw ValidationError("cannot read \(bundle)") }
            bytes = read
        } else {
            bytes = try AuditDatabaseOptions.exportBundle(db!).serialized()
        }
        let genesis = try AuditBundle.genesisKey(of: bytes)
        let verdict = try BundleVerifier.verify(bytes, trustedKey: key, pinned: held.map(\.note))
        if json {
            let anchors = VerdictDocument.Anchors(
                trustedKey: key, pinnedCheckpoints: held.map { .init(file: $0.file, size: $0.size) })
            print(try VerdictDocument(verdict, genesisKey: genesis, anchors: anchors).json())
        } else {
            print(TerminalText.escape(verdict.description))
            let pins = held.map { "size \($0.size) (\(TerminalText.escape($0.file)))" }
            print(
                "trust anchors: genesis key "
                    + (key.map(\.vkey)
                        ?? "NONE (--insecure: the log's own, \(TerminalText.escape(genesis.vkey)), was used; "
                        + "compare it with the published one)")
                    + "; pinned checkpoints: " + (pins.isEmpty ? "none" : pins.joined(separator: ", ")))
        }
        if verdict.exitCode != 0 { throw ExitCode(verdict.exitCode) }
    }
}

/// Opening a log's database for the auditor's commands.
enum AuditDatabaseOptions {
    /// The database at `location`, opened read-only (nothing is written to it); a database that
    /// cannot be opened is a usage error (exit 64).
    static func open(_ location: String) throws -> any SQLDatabase {
        do { return try AuditDatabase.openReadOnly(location) } catch let error as StorageError {
            throw ValidationError("cannot open the database: \(error.reason)")
        }
    }

    /// The bundle of the log in the database at `location`.
    static func exportBundle(_ location: String) throws -> AuditBundle {
        try AuditDatabase.bundle(database: open(location))
    }
}

struct AuditExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the log in a database as an offline bundle: records, checkpoints and the genesis key.")

    @Option(help: "The log's database: a SQLite file, or a postgres:// or postgresql:// URL.")
    var db: String
    @Option(help: "The bundle file to write.")
    var out: String

    func run() throws {
        let bundle = try AuditDatabaseOptions.exportBundle(db)
        guard FileManager.default.createFile(atPath: out, contents: Data(bundle.serialized())) else {
            throw ValidationError("cannot write \(out)")
        }
        let sizes = bundle.checkpoints.compactMap { try? Checkpoint(text: SignedNote(parsing: $0).text).size }
        let last = sizes.max() ?? 0
        print(
            "wrote \(out): \(bundle.entries.count) records, \(bundle.checkpoints.count) checkpoints"
                + (UInt64(bundle.entries.count) > last
                    ? "; the last \(UInt64(bundle.entries.count) - last) records follow the last checkpoint" : ""))
        print("genesis key: \(TerminalText.escape(bundle.genesisKey.vkey))")
    }
}

struct AuditProve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print an inclusion proof of a record against the latest checkpoint, as JSON.",
        discussion: """
            The proof is RFC 9162 §2.1.3: hex hashes, the record's bytes (hex) and leaf hash, and the \
            signed checkpoint note whose root it proves against.
            """)

    @Option(help: "The log's database: a SQLite file, or a postgres:// or postgresql:// URL.")
    var db: String
    @Option(help: "The record's index.")
    var index: UInt64

    func run() throws {
        let proof = try AuditDatabase.inclusionProof(database: AuditDatabaseOptions.open(db), index: index)
        let document = InclusionProofDocument(
            index: proof.index, record: proof.record, leafHash: proof.leafHash, proof: proof.proof,
            checkpoint: try CheckpointDocument(note: proof.checkpoint.note))
        print(try document.json())
    }
}

struct AuditConsistency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Print a consistency proof between two checkpointed sizes, as JSON (RFC 9162 §2.1.4).")

    @Option(help: "The log's database: a SQLite file, or a postgres:// or postgresql:// URL.")
    var db: String
    @Option(help: "The older checkpoint's size (at least 1).")
    var old: UInt64
    @Option(help: "The newer checkpoint's size; the latest checkpoint when omitted.")
    var new: UInt64?

    func run() throws {
        let proof = try AuditDatabase.consistencyProof(database: AuditDatabaseOptions.open(db), old: old, new: new)
        let document = ConsistencyProofDocument(
            old: try CheckpointDocument(note: proof.old.note), new: try CheckpointDocument(note: proof.new.note),
            proof: proof.proof)
        print(try document.json())
    }
}

struct AuditTail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Show the latest records of the log, readably.")

    @Option(help: "The log's database: a SQLite file, or a postgres:// or postgresql:// URL.")
    var db: String
    @Option(name: .short, help: "How many records.")
    var n = 20

    func validate() throws {
        guard n >= 0 else { throw ValidationError("-n must not be negative") }
    }

    func run() throws {
        for record in try AuditDatabase.tail(database: AuditDatabaseOptions.open(db), count: n) {
            print(TailLine.text(record))
        }
    }
}
