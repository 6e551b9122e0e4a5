import Custody
import Foundation
import PeerProtocol
import Policy
import SignerService
import SignerStore
import Storage
import Testing

/// The attacks on a signer's policy: each is refused with a stable code and a clear reason,
/// written to the audit log as `policy.refused`, and stores nothing.
@Suite(.serialized) struct PolicyAdoptionAttackTests {
    typealias G = Governance
    let harness: SignerHarness

    init() throws { harness = try SignerHarness() }

    /// Sends `adoption` to a new signer, expects the refusal `code`, and that nothing was stored.
    func expectRefused(
        _ adoption: PolicyAdoption, code: String, reason: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let harness = try SignerHarness()
        let running = try await harness.start()
        let refusal = try await harness.refusal(adoption, from: running)
        #expect(refusal?.code == code, sourceLocation: sourceLocation)
        if let reason { #expect(refusal?.reason == reason, sourceLocation: sourceLocation) }
        #expect(try await running.store.load().map(\.record.hash) == [G.genesis.hash], sourceLocation: sourceLocation)
        #expect(await running.service.current().versions.count == 1, sourceLocation: sourceLocation)
        let audit = try SignerHarness.auditRecords(running)
        #expect(audit.map(\.type) == ["policy.refused"], sourceLocation: sourceLocation)
        #expect(audit.first?.payload.contains("\"code\":\"\(code)\"") == true, sourceLocation: sourceLocation)
        await running.pool.close()
    }

    @Test func aChangeMissingAnApprovalIsRefused() async throws {
        try await expectRefused(
            G.change(approvedBy: ["bob"]), code: "not_allowed",
            reason: "governance does not allow the change: pending: needs 1 more of treasury")
    }

    @Test func approvalsByNonOfficersAreRefused() async throws {
        try await expectRefused(G.change(approvedBy: ["bob", "mallory"]), code: "unknown_officer")
        try await expectRefused(G.change(approvedBy: ["bob", "engine"]), code: "unknown_officer")
    }

    @Test func anApprovalForgedInAnOfficersNameIsRefused() async throws {
        let request = G.change().change.request
        var forged = G.change()
        forged.approvals = [
            G.approve("bob", request, under: G.genesis),
            G.approve("carol", request, under: G.genesis, signedBy: "mallory"),
        ]
        try await expectRefused(forged, code: "invalid_approval_signature")
    }

    @Test func aPolicyFileThatDoesNotHashToTheNamedHashIsRefused() async throws {
        try await expectRefused(
            G.change(file: G.file("not the approved one")), code: "policy_hash_mismatch",
            reason: "the proposed policy hashes to \(G.policy("not the approved one").hash.hex.prefix(16))…, "
                + "not \(G.v2.hash.hex.prefix(16))…")
    }

    @Test func anActivationEarlierThanTheGovernanceDelayAllowsIsRefused() async throws {
        try await expectRefused(
            G.change(activatesAt: G.earliest.adding(-1)), code: "activation_too_early",
            reason: "activation at 2026-03-04T10:01:59Z is before the governance delay allows, 2026-03-04T10:02:00Z")
    }

    @Test func aMalformedPayloadIsRefused() async throws {
        let running = try await harness.start()
        let refusal = await harness.refusal([1, 2, 3], from: running)
        #expect(refusal?.code == PolicyAdoptionService.RefusalCode.malformed)
        #expect(refusal?.reason == "the policy change is truncated: policy hash needs 32 bytes, 3 left")
        #expect(try await running.store.load().count == 1)
        await running.pool.close()
    }

    @Test func aReplayedOldChangeCannotRollBackToAnEarlierVersion() async throws {
        let running = try await harness.start()
        let first = G.change()
        _ = try await harness.send(first, to: running)
        // Version 3, governed by version 2 once it is in force.
        let created = G.earliest.adding(600)
        let seen = created.adding(120)
        harness.clock.set(seen)
        let third = G.change(
            to: "version 3", id: "change-2", createdAt: created, under: G.v2, activatesAt: seen.adding(48 * 3600))
        #expect(try await harness.send(third, to: running).version == 3)
        // The coordinator replays the first change, with a fresh activation after version 3's:
        // its approvals are genuine, made under the version then in force.
        var replayed = first
        replayed.activatesAt = seen.adding(72 * 3600)
        harness.clock.set(seen.adding(60))
        let refusal = try await harness.refusal(replayed, from: running)
        #expect(refusal?.code == PolicyAdoptionService.RefusalCode.alreadyAdopted)
        #expect(
            refusal?.reason
                == "the change request 'change-1' was adopted before, as version 2; a change is adopted once")
        #expect(
            try await harness.refusal(first, from: running)?.code == PolicyAdoptionService.RefusalCode.alreadyAdopted)
        #expect(try await running.store.load().map(\.record.hash) == [G.genesis.hash, G.v2.hash, G.v3.hash])
        await running.pool.close()
        // After a restart too.
        let again = try await harness.start()
        #expect(
            try await harness.refusal(replayed, from: again)?.code == PolicyAdoptionService.RefusalCode.alreadyAdopted)
        #expect(await again.service.current().inForce(at: seen.adding(72 * 3600))?.policy.hash == G.v3.hash)
        await again.pool.close()
    }

    @Test func aTamperedStoredVersionRefusesToStart() async throws {
        let running = try await harness.start()
        _ = try await harness.send(G.change(), to: running)
        // The table refuses to be rewritten ...
        await #expect {
            try await running.pool.transaction { connection in
                try connection.execute(
                    "UPDATE signer_policy_versions SET policy_file = $1 WHERE sequence = 2",
                    [.blob(G.file("laxer"))])
            }
        } throws: { ($0 as? StorageError)?.code == .appendOnly }
        // ... until someone with the database's ownership drops its trigger.
        try await running.pool.transaction { connection in
            try connection.execute("DROP TRIGGER signer_policy_versions_no_update", [])
            try connection.execute(
                "UPDATE signer_policy_versions SET policy_file = $1 WHERE sequence = 2", [.blob(G.file("laxer"))])
        }
        await running.pool.close()
        await #expect {
            _ = try await harness.start()
        } throws: { error in
            let error = error as? SignerStoreError
            return error?.code == .corrupt
                && error?.reason
                    == "policy version 2: the stored file hashes to \(G.policy("laxer").hash.hex.prefix(16))…, "
                    + "not its recorded \(G.v2.hash.hex.prefix(16))…; the store was changed"
        }
        // A file and hash changed together no longer match the change that was approved.
        let pool = try await SQLiteConnectionPool(path: harness.storePath)
        try await pool.transaction { connection in
            try connection.execute(
                "UPDATE signer_policy_versions SET hash = $1 WHERE sequence = 2", [.blob(G.policy("laxer").hash.bytes)])
        }
        await #expect {
            _ = try await SignerPolicyStore.open(pool: pool).load()
        } throws: {
            ($0 as? SignerStoreError)?.reason
                == "policy version 2: its change request is no policy-change for \(G.policy("laxer").hash.hex.prefix(16))…"
        }
        await pool.close()
    }

    @Test func aVersionInsertedIntoTheStoreWithoutItsQuorumRefusesToStart() async throws {
        let running = try await harness.start()
        await running.pool.close()
        // Appending is what the table allows: a row with a genuine initiator's change, no approvals.
        let laxer = G.change(to: "laxer", approvedBy: [])
        let pool = try await SQLiteConnectionPool(path: harness.storePath)
        try await pool.transaction { connection in
            try connection.execute(
                """
                INSERT INTO signer_policy_versions
                    (sequence, hash, policy_file, activates_at, change, approvals, first_seen, adopted_at)
                    VALUES (2, $1, $2, $3, $4, $5, $6, $6)
                """,
                [
                    .blob(laxer.hash.bytes), .blob(laxer.policyFile), .integer(G.earliest.seconds),
                    .blob(JSONWriter.canonical(PolicyInputEncoder.signedRequest(laxer.change))),
                    .blob(Array("[]".utf8)),
                    .integer(G.seen.seconds),
                ])
        }
        await pool.close()
        await #expect {
            _ = try await harness.start()
        } throws: {
            ($0 as? SignerStoreError)?.reason
                == "policy version 2: its governed change does not verify: not allowed: governance does not allow "
                + "the change: pending: needs 2 more of treasury"
        }
    }

    @Test func twoCopiesOfAChangeRacedAtOnceAreAdoptedOnce() async throws {
        let running = try await harness.start()
        let payload = try G.change().encoded()
        async let first = harness.refusal(payload, from: running)
        async let second = harness.refusal(payload, from: running)
        let refusals = await [first, second]
        #expect(refusals.filter { $0 == nil }.count == 1)
        #expect(refusals.compactMap { $0?.code } == [PolicyAdoptionService.RefusalCode.alreadyAdopted])
        #expect(try await running.store.load().map(\.record.hash) == [G.genesis.hash, G.v2.hash])
        await running.pool.close()
    }
}
