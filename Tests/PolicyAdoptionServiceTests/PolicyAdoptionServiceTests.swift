import Custody
import Foundation
import PeerProtocol
import Policy
import SignerService
import SignerStore
import Storage
import Testing

/// A policy reaches the signer only as a governed change, over the peer protocol; the signer
/// keeps every version it adopted in its store, and refuses everything else, storing nothing.
@Suite(.serialized) struct PolicyAdoptionServiceTests {
    typealias G = Governance
    let harness: SignerHarness

    init() throws { harness = try SignerHarness() }

    /// The versions stored, by hash.
    func stored(_ running: SignerHarness.Running) async throws -> [PolicyHash] {
        try await running.store.load().map(\.record.hash)
    }

    @Test func aGovernedChangeWithItsQuorumIsAdoptedStoredAndSurvivesAReopen() async throws {
        let running = try await harness.start()
        let answer = try await harness.send(G.change(), to: running)
        #expect(answer == PolicyAdopted(hash: G.v2.hash, activatesAt: G.earliest, version: 2))
        let current = await running.service.current()
        #expect(current.versions.map(\.policy.hash) == [G.genesis.hash, G.v2.hash])
        #expect(current.inForce(at: G.earliest)?.policy.hash == G.v2.hash)
        let records = try await running.store.load().map(\.record)
        #expect(records.map(\.sequence) == [1, 2])
        #expect(records[1].policyFile == G.file("version 2"))
        #expect(records[1].adoptedAt == G.seen)
        #expect(
            records[1].evidence?.change == JSONWriter.canonical(PolicyInputEncoder.signedRequest(G.change().change)))
        let audit = try SignerHarness.auditRecords(running)
        #expect(audit.map(\.type) == ["policy.adopted"])
        #expect(audit[0].payload.contains("\"policy\":\"\(G.v2.hash.hex)\""))
        #expect(audit[0].payload.contains("\"activatesAt\":\"\(G.earliest.rfc3339)\""))
        await running.pool.close()

        // Reopened: every version is back, re-checked.
        let again = try await harness.start()
        let reloaded = await again.service.current()
        #expect(reloaded.versions.map(\.policy.hash) == [G.genesis.hash, G.v2.hash])
        #expect(reloaded.versions.map(\.activatesAt) == [G.genesisActivation, G.earliest])
        await again.pool.close()
    }

    @Test func theGenesisPolicyIsStoredOnceAndNeverReplacedByInit() async throws {
        let pool = try await SQLiteConnectionPool(path: harness.storePath)
        let store = try await SignerPolicyStore.open(pool: pool)
        let first = try await store.storeGenesis(policyFile: G.file("genesis"), now: G.genesisActivation)
        guard case .stored(let record) = first else { Issue.record("not stored: \(first)"); return }
        #expect(record.sequence == 1 && record.hash == G.genesis.hash && record.evidence == nil)
        let second = try await store.storeGenesis(policyFile: G.file("genesis"), now: G.start)
        #expect(second == .alreadyStored(record))
        await #expect {
            try await store.storeGenesis(policyFile: G.file("version 2"), now: G.start)
        } throws: {
            ($0 as? SignerStoreError)?.code == .invalidInput
                && ($0 as? SignerStoreError)?.reason.contains("adopted only as a governed change") == true
        }
        #expect(try await store.load().map(\.record.hash) == [G.genesis.hash])
        // A store without a genesis version does not start a service.
        let empty = try await SQLiteConnectionPool(
            path: NSTemporaryDirectory() + "custody-empty-\(UUID().uuidString).sqlite")
        await #expect {
            try await harness.run(pool: empty, store: try await SignerPolicyStore.open(pool: empty))
        } throws: { ($0 as? SignerStoreError)?.reason.contains("holds no genesis policy") == true }
        await empty.close()
        await pool.close()
    }
}
