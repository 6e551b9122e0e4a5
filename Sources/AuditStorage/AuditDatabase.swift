public import AuditLog
import Foundation
public import Storage

/// The reader's side of a log kept in a database: opening it by path or URL, exporting it as a
/// bundle, verifying it, proofs against its checkpoints, and its latest records. Nothing here
/// writes, and nothing migrates the schema: an auditor may hold a read-only role.
public enum AuditDatabase {
    /// Opens the database at `location`: a `postgres://` or `postgresql://` URL is PostgreSQL,
    /// anything else is the path of a SQLite file, which must exist unless `create` is true.
    public static func open(_ location: String, create: Bool = false) throws -> any SQLDatabase {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try PostgresDatabase(url: location)
        }
        guard create || FileManager.default.fileExists(atPath: location) else {
            throw StorageError(.connection, "no SQLite database at \(location)")
        }
        return try SQLiteDatabase(path: location)
    }

    /// Opens the database at `location` for an auditor: nothing is written, not a byte. A
    /// PostgreSQL session is read-only (a role with SELECT is enough); a SQLite file, which must
    /// exist, is opened read-only, `immutable` when no writer has it open
    /// (``SQLiteDatabase/init(readingOnly:)``).
    public static func openReadOnly(_ location: String) throws -> any SQLDatabase {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try PostgresDatabase(url: location, readOnly: true)
        }
        guard FileManager.default.fileExists(atPath: location) else {
            throw StorageError(.connection, "no SQLite database at \(location)")
        }
        return try SQLiteDatabase(readingOnly: location)
    }

    /// The log as an offline bundle, read on one connection: metadata, checkpoints, then the
    /// records (read last, so that every checkpoint read has its records even while a writer
    /// appends).
    public static func bundle(_ connection: any SQLConnection) throws -> AuditBundle {
        let metadata: (origin: String, genesisKey: String)?
        do {
            metadata = try AuditStore.metadata(connection)
        } catch let error as StorageError {
            throw AuditStorageError(.notALog, "the database has no audit log (\(error.reason))")
        }
        guard let metadata else { throw AuditStorageError(.notALog, "the database's audit log has no origin yet") }
        let genesis: NoteVerifierKey
        do { genesis = try NoteVerifierKey(vkey: metadata.genesisKey) } catch {
            throw AuditStorageError(.notALog, "the stored genesis key is not a vkey: \(metadata.genesisKey)")
        }
        let notes = try connection.query("SELECT note FROM audit_checkpoints ORDER BY size", []).map {
            try $0[0].text()
        }
        let entries = try connection.query("SELECT record, chain_hash FROM audit_records ORDER BY idx", []).map {
            AuditBundle.Entry(record: try $0[0].blob(), chainHash: try $0[1].blob())
        }
        return AuditBundle(origin: metadata.origin, genesisKey: genesis, checkpoints: notes, entries: entries)
    }

    /// The bundle of the log in `database`.
    public static func bundle(database: any SQLDatabase) throws -> AuditBundle {
        try database.withConnection { try bundle($0) }
    }

    /// Verifies the log on `connection` exactly as its exported bundle would be verified.
    public static func verify(
        _ connection: any SQLConnection, trustedKey: NoteVerifierKey? = nil, pinned: [SignedNote] = []
    ) throws -> Verdict {
        try BundleVerifier.verify(try bundle(connection).serialized(), trustedKey: trustedKey, pinned: pinned)
    }

    /// Verifies the log in `database` (see ``verify(_:trustedKey:pinned:)``).
    public static func verify(
        database: any SQLDatabase, trustedKey: NoteVerifierKey? = nil, pinned: [SignedNote] = []
    ) throws -> Verdict {
        try database.withConnection { try verify($0, trustedKey: trustedKey, pinned: pinned) }
    }

    /// A stored checkpoint, parsed.
    public struct StoredCheckpoint: Sendable {
        public let note: SignedNote
        public let checkpoint: Checkpoint
    }

    /// An inclusion proof of one record against a checkpoint.
    public struct InclusionProof: Sendable {
        public let index: UInt64
        public let record: [UInt8]
        public let leafHash: [UInt8]
        public let proof: [[UInt8]]
        public let checkpoint: StoredCheckpoint
    }

    /// A consistency proof between two checkpoints.
    public struct ConsistencyProof: Sendable {
        public let proof: [[UInt8]]
        public let old: StoredCheckpoint
        public let new: StoredCheckpoint
    }

    /// The records and parsed checkpoints, with the tree, checked against each other.
    struct Loaded {
        let bundle: AuditBundle
        let tree: MerkleTree
        let checkpoints: [StoredCheckpoint]

        init(database: any SQLDatabase) throws {
            bundle = try AuditDatabase.bundle(database: database)
            var tree = MerkleTree()
            for entry in bundle.entries { tree.append(leaf: entry.record) }
            self.tree = tree
            checkpoints = try bundle.checkpoints.map { text in
                let note = try SignedNote(parsing: text)
                return StoredCheckpoint(note: note, checkpoint: try Checkpoint(text: note.text))
            }
        }

        /// The stored checkpoint of `size`, whose root the records must reproduce.
        func checkpoint(size: UInt64?) throws -> StoredCheckpoint {
            let found = size.map { size in checkpoints.last { $0.checkpoint.size == size } } ?? checkpoints.last
            guard let found else {
                let sizes = checkpoints.map { String($0.checkpoint.size) }.joined(separator: ", ")
                throw AuditStorageError(
                    .notFound,
                    size.map { "no checkpoint of size \($0)" } ?? "the log has no checkpoint"
                        + (sizes.isEmpty ? "" : "; checkpointed sizes: \(sizes)"))
            }
            let size = found.checkpoint.size
            guard size <= tree.size, try tree.root(size: size) == found.checkpoint.root else {
                throw AuditStorageError(
                    .corrupt,
                    "the records do not reproduce the checkpoint of size \(size): run custody audit verify")
            }
            return found
        }
    }

    /// The inclusion proof of record `index` in the tree of the latest checkpoint.
    public static func inclusionProof(database: any SQLDatabase, index: UInt64) throws -> InclusionProof {
        let loaded = try Loaded(database: database)
        let checkpoint = try loaded.checkpoint(size: nil)
        guard index < checkpoint.checkpoint.size else {
            throw AuditStorageError(
                .notFound,
                "record \(index) is not covered by the latest checkpoint (size \(checkpoint.checkpoint.size))")
        }
        let proof = try loaded.tree.inclusionProof(index: index, size: checkpoint.checkpoint.size)
        let leafHash = loaded.tree.leafHash(index)
        guard
            MerkleProof.verifyInclusion(
                index: index, size: checkpoint.checkpoint.size, leafHash: leafHash, proof: proof,
                root: checkpoint.checkpoint.root)
        else { throw AuditError(.invalidProof, "the inclusion proof does not verify") }
        return InclusionProof(
            index: index, record: loaded.bundle.entries[Int(index)].record, leafHash: leafHash, proof: proof,
            checkpoint: checkpoint)
    }

    /// The consistency proof between the checkpoints of sizes `old` and `new` (the latest when nil).
    public static func consistencyProof(database: any SQLDatabase, old: UInt64, new: UInt64?) throws
        -> ConsistencyProof
    {
        let loaded = try Loaded(database: database)
        let oldCheckpoint = try loaded.checkpoint(size: old)
        let newCheckpoint = try loaded.checkpoint(size: new)
        let (m, n) = (oldCheckpoint.checkpoint.size, newCheckpoint.checkpoint.size)
        guard m >= 1, m <= n else {
            throw AuditError(.invalidProof, "no consistency proof from size \(m) to size \(n): need 1 ≤ old ≤ new")
        }
        let proof = try loaded.tree.consistencyProof(old: m, new: n)
        guard
            MerkleProof.verifyConsistency(
                old: m, new: n, oldRoot: oldCheckpoint.checkpoint.root, newRoot: newCheckpoint.checkpoint.root,
                proof: proof)
        else { throw AuditError(.invalidProof, "the consistency proof does not verify") }
        return ConsistencyProof(proof: proof, old: oldCheckpoint, new: newCheckpoint)
    }

    /// The latest `count` records, oldest first, decoded (a record that does not decode is an error).
    public static func tail(database: any SQLDatabase, count: Int) throws -> [AuditRecord] {
        let rows = try database.query(
            "SELECT record FROM audit_records ORDER BY idx DESC LIMIT $1", [.integer(Int64(max(0, count)))])
        return try rows.reversed().map { try AuditRecord(decoding: try $0[0].blob()) }
    }
}
