import Custody
import CustodyTestSupport
import Policy
import SignerStore
import Storage
import Testing

/// The table of adopted versions on both drivers: append-only, each version after the last.
@Suite struct SignerPolicyStoreTests {
    typealias G = Governance

    static func open(_ kind: TestDatabase) async throws -> any SQLConnectionPool {
        let location = try kind.location()
        return kind == .sqlite
            ? try await SQLiteConnectionPool(path: location) : try await PostgresConnectionPool(url: location, size: 2)
    }

    static func version(_ sequence: Int, _ name: String, activatesAt: Instant) -> PolicyVersionRecord {
        let change = G.change(to: name)
        return PolicyVersionRecord(
            sequence: sequence, hash: G.policy(name).hash, policyFile: G.file(name), activatesAt: activatesAt,
            evidence: .init(
                change: JSONWriter.canonical(PolicyInputEncoder.signedRequest(change.change)),
                approvals: JSONWriter.canonical(PolicyInputEncoder.approvals(change.approvals)), firstSeen: G.seen),
            adoptedAt: G.seen)
    }

    @Test(arguments: TestDatabase.allCases)
    func versionsAreAppendedInOrderAndNeverRewritten(kind: TestDatabase) async throws {
        let pool = try await Self.open(kind)
        let store = try await SignerPolicyStore.open(pool: pool)
        // Nothing follows a missing genesis version.
        await #expect { try await store.append(Self.version(2, "version 2", activatesAt: G.earliest)) } throws: {
            ($0 as? SignerStoreError)?.reason == "no genesis policy is stored"
        }
        _ = try await store.storeGenesis(policyFile: G.file("genesis"), now: G.genesisActivation)
        try await store.append(Self.version(2, "version 2", activatesAt: G.earliest))
        let refusals: [(PolicyVersionRecord, String)] = [
            (
                Self.version(2, "version 3", activatesAt: G.earliest.adding(1)),
                "version 2 does not follow the last stored, 2"
            ),
            (
                Self.version(4, "version 3", activatesAt: G.earliest.adding(1)),
                "version 4 does not follow the last stored, 2"
            ),
            (Self.version(3, "version 3", activatesAt: G.earliest), "version 3 takes effect no later than version 2"),
        ]
        for (record, reason) in refusals {
            await #expect { try await store.append(record) } throws: {
                ($0 as? SignerStoreError)?.code == .invalidInput && ($0 as? SignerStoreError)?.reason == reason
            }
        }
        let loaded = try await store.load()
        #expect(loaded.map(\.record.sequence) == [1, 2])
        #expect(loaded.map(\.policy.hash) == [G.genesis.hash, G.v2.hash])
        #expect(loaded[1].record == Self.version(2, "version 2", activatesAt: G.earliest))
        for statement in [
            "UPDATE signer_policy_versions SET activates_at = 0 WHERE sequence = 2",
            "DELETE FROM signer_policy_versions WHERE sequence = 2",
        ] {
            await #expect { try await pool.transaction { try $0.execute(statement, []) } } throws: {
                ($0 as? StorageError)?.code == .appendOnly
            }
        }
        #expect(try await store.load().count == 2)
        await pool.close()
    }
}
