import Foundation
public import Policy
import SignerStore
import Storage

/// The signer's genesis policy: the one version it takes from its set-up rather than from a
/// governed change (`custodyd signer init --policy FILE`, docs/signer-authorization.md § The
/// adoption message).
public enum SignerGenesisPolicy {
    /// Stores `policyFile` as version 1 of the signer's SQLite store at `storePath` (created if
    /// missing), in force from `now`, unless a version 1 is stored; returns a line for the
    /// operator saying which.
    ///
    /// - Throws: `SignerStoreError` `invalidInput` when the file is no valid policy, or when the
    ///   store holds another genesis policy (nothing is written); `StorageError` from the database.
    public static func store(policyFile: [UInt8], storePath: String, now: Instant? = nil) async throws -> String {
        let pool = try await SQLiteConnectionPool(path: storePath)
        do {
            let store = try await SignerPolicyStore.open(pool: pool)
            let time = now ?? Instant(seconds: Int64(Date().timeIntervalSince1970))
            let outcome = try await store.storeGenesis(policyFile: policyFile, now: time)
            await pool.close()
            switch outcome {
            case .stored(let record):
                return "stored the genesis policy \(record.hash.hex) as version 1, in force from \(record.activatesAt)"
            case .alreadyStored(let record):
                return "kept the genesis policy \(record.hash.hex), version 1 since \(record.activatesAt)"
            }
        } catch {
            await pool.close()
            throw error
        }
    }
}
