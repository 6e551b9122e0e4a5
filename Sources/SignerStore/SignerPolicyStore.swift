public import Policy
public import Storage

/// The signer's durable record of every policy version it adopted (docs/signer-store.md §
/// Adopted policy versions): append-only, numbered from 1, the genesis version first.
///
/// Reading the versions back re-checks each: its file decodes to a policy that hashes to the
/// hash recorded with it, its numbers and activation times follow the ones before, and its
/// evidence is a `policy-change` for that hash with readable approvals. A row that fails is
/// `corrupt`, naming the version, and nothing is returned: a signer whose store was tampered
/// with does not start. Whether a change was allowed is decided before it is stored
/// (`SignerAuthorizer.adopt`), not here.
///
/// One process writes to the store; the caller keeps the pool open until its calls returned.
public final class SignerPolicyStore: Sendable {
    /// The database.
    public let pool: any SQLConnectionPool

    /// What ``storeGenesis(policyFile:now:)`` did.
    public enum GenesisOutcome: Hashable, Sendable {
        /// The policy is now version 1.
        case stored(PolicyVersionRecord)
        /// Version 1 already was this policy (same hash); nothing was written.
        case alreadyStored(PolicyVersionRecord)
    }

    private init(pool: any SQLConnectionPool) { self.pool = pool }

    /// Opens the store in `pool`'s database, applying the module `signer-policies`'s pending
    /// migrations.
    public static func open(pool: any SQLConnectionPool) async throws -> SignerPolicyStore {
        try await pool.withDatabase { database in
            try Migrator.migrate(database, module: SignerPolicySchema.module, migrations: SignerPolicySchema.migrations)
        }
        return SignerPolicyStore(pool: pool)
    }

    /// Every stored version, in order, each checked as the type's documentation says.
    ///
    /// - Throws: `corrupt` naming the first version that fails; `StorageError` from the database.
    public func load() async throws -> [LoadedPolicyVersion] {
        let records = try await pool.transaction { connection in try Self.records(connection) }
        var loaded: [LoadedPolicyVersion] = []
        for record in records {
            loaded.append(try Self.verify(record, after: loaded.last?.record))
        }
        return loaded
    }

    /// Stores `policyFile` as version 1, in force from `now`, unless a version 1 is stored.
    ///
    /// - Throws: `invalidInput` when the file is no valid policy, or when version 1 is another
    ///   policy (another version is adopted only as a governed change); nothing is written.
    public func storeGenesis(policyFile: [UInt8], now: Instant) async throws -> GenesisOutcome {
        let policy: Policy
        do {
            policy = try PolicyDecoder.decode(bytes: policyFile, file: "genesis policy")
        } catch {
            throw SignerStoreError(.invalidInput, "the genesis policy does not validate: \(error.reason)")
        }
        let record = PolicyVersionRecord(
            sequence: 1, hash: policy.hash, policyFile: policyFile, activatesAt: now, evidence: nil, adoptedAt: now)
        return try await pool.transaction { connection in
            if let first = try Self.records(connection, limit: 1).first {
                guard first.hash == policy.hash else {
                    throw SignerStoreError(
                        .invalidInput,
                        "the signer's genesis policy is \(Self.short(first.hash)), not \(Self.short(policy.hash)); "
                            + "a new policy is adopted only as a governed change")
                }
                return .alreadyStored(first)
            }
            try Self.insert(record, connection)
            return .stored(record)
        }
    }

    /// Appends an adopted version, durably, before the signer answers that it adopted it.
    ///
    /// - Throws: `invalidInput` when `record` is not the next version (its sequence is not one
    ///   more than the last stored, it is the genesis version, it has no evidence, or it takes
    ///   effect no later than the last stored); nothing is written.
    public func append(_ record: PolicyVersionRecord) async throws {
        guard record.sequence >= 2, record.evidence != nil else {
            throw SignerStoreError(.invalidInput, "only a governed change, with its evidence, follows version 1")
        }
        try await pool.transaction { connection in
            let last = try connection.query(
                "SELECT sequence, activates_at FROM signer_policy_versions ORDER BY sequence DESC LIMIT 1", [])
            guard let last = last.first else {
                throw SignerStoreError(.invalidInput, "no genesis policy is stored")
            }
            let sequence = Int(try last[0].integer())
            guard record.sequence == sequence + 1 else {
                throw SignerStoreError(
                    .invalidInput, "version \(record.sequence) does not follow the last stored, \(sequence)")
            }
            guard record.activatesAt.seconds > (try last[1].integer()) else {
                throw SignerStoreError(
                    .invalidInput, "version \(record.sequence) takes effect no later than version \(sequence)")
            }
            try Self.insert(record, connection)
        }
    }

    static func short(_ hash: PolicyHash) -> String { "\(hash.hex.prefix(16))…" }

    private static func insert(_ record: PolicyVersionRecord, _ connection: any SQLConnection) throws {
        try connection.execute(
            """
            INSERT INTO signer_policy_versions
                (sequence, hash, policy_file, activates_at, change, approvals, first_seen, adopted_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .integer(Int64(record.sequence)), .blob(record.hash.bytes), .blob(record.policyFile),
                .integer(record.activatesAt.seconds), record.evidence.map { .blob($0.change) } ?? .null,
                record.evidence.map { .blob($0.approvals) } ?? .null,
                record.evidence.map { .integer($0.firstSeen.seconds) } ?? .null, .integer(record.adoptedAt.seconds),
            ])
    }

    private static func records(_ connection: any SQLConnection, limit: Int? = nil) throws -> [PolicyVersionRecord] {
        let rows = try connection.query(
            """
            SELECT sequence, hash, policy_file, activates_at, change, approvals, first_seen, adopted_at
                FROM signer_policy_versions ORDER BY sequence\(limit.map { " LIMIT \($0)" } ?? "")
            """, [])
        return try rows.map { row in
            let sequence = Int(try row[0].integer())
            var evidence: PolicyVersionRecord.Evidence?
            if row[4] != .null || row[5] != .null || row[6] != .null {
                evidence = .init(
                    change: try row[4].blob(), approvals: try row[5].blob(),
                    firstSeen: Instant(seconds: try row[6].integer()))
            }
            return PolicyVersionRecord(
                sequence: sequence, hash: PolicyHash(bytes: try row[1].blob()), policyFile: try row[2].blob(),
                activatesAt: Instant(seconds: try row[3].integer()), evidence: evidence,
                adoptedAt: Instant(seconds: try row[7].integer()))
        }
    }

    /// The checks of a stored version, given the one before it.
    static func verify(_ record: PolicyVersionRecord, after previous: PolicyVersionRecord?) throws
        -> LoadedPolicyVersion
    {
        let name = "policy version \(record.sequence)"
        func corrupt(_ reason: String) -> SignerStoreError { SignerStoreError(.corrupt, "\(name): \(reason)") }
        guard record.sequence == (previous?.sequence ?? 0) + 1 else {
            throw corrupt("it follows version \(previous?.sequence ?? 0); a version is missing")
        }
        if let previous, record.activatesAt <= previous.activatesAt {
            throw corrupt("it takes effect no later than version \(previous.sequence)")
        }
        let policy: Policy
        do {
            policy = try PolicyDecoder.decode(bytes: record.policyFile, file: name)
        } catch {
            throw corrupt("the stored file does not validate: \(error.reason)")
        }
        guard policy.hash == record.hash else {
            throw corrupt(
                "the stored file hashes to \(short(policy.hash)), not its recorded \(short(record.hash)); "
                    + "the store was changed")
        }
        guard (record.sequence == 1) == (record.evidence == nil) else {
            throw corrupt(record.sequence == 1 ? "the genesis version carries a change" : "it carries no change")
        }
        if let evidence = record.evidence {
            guard let change = try? PolicyInputDecoder.signedRequest(json: evidence.change),
                change.request.kind == .policyChange, change.request.newPolicy == record.hash
            else { throw corrupt("its change request is no policy-change for \(short(record.hash))") }
            guard (try? PolicyInputDecoder.approvals(json: evidence.approvals)) != nil else {
                throw corrupt("its approvals do not read")
            }
        }
        return LoadedPolicyVersion(record: record, policy: policy)
    }
}
