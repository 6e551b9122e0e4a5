import AuditLog
import Testing

/// The writer's state machine alone: no database, no clock but the readings given to it.
@Suite struct AuditLogStateMachineTests {
    static let origin = "machine.test/audit"
    static let key1 = try! DevelopmentNoteSigner(name: "machine.test/k1", seed: Array(repeating: 1, count: 32))
    static let key2 = try! DevelopmentNoteSigner(name: "machine.test/k2", seed: Array(repeating: 2, count: 32))
    static let key3 = try! DevelopmentNoteSigner(name: "machine.test/k3", seed: Array(repeating: 3, count: 32))

    static func drafts(_ count: Int, time: Int64? = nil) throws -> [AuditLogStateMachine.Draft] {
        try (0..<count).map { index in
            try .record(type: .policyEvaluated, actor: "signer:\(index)", payload: Array("p\(index)".utf8), time: time)
        }
    }

    static func machine() -> AuditLogStateMachine {
        AuditLogStateMachine(origin: origin, genesisKey: key1.verifierKey)
    }

    @Test func recordsAreChainedInOrderAndTheHeadMovesOnlyOnCommit() throws {
        var machine = Self.machine()
        let transaction = try machine.append(
            try Self.drafts(3), now: 1_700_000_000_000_000, signers: [Self.key1], checkpoint: true)
        #expect(machine.head.size == 0)
        #expect(machine.head.chainHash == HashChain.genesis)
        #expect(machine.isWriting)
        #expect(transaction.firstIndex == 0)
        #expect(transaction.records.map(\.index) == [0, 1, 2])
        #expect(transaction.records.map(\.actor) == ["signer:0", "signer:1", "signer:2"])
        var previous = HashChain.genesis
        for (record, row) in zip(transaction.records, transaction.rows) {
            #expect(record.previousHash == previous)
            #expect(record.time == 1_700_000_000_000_000)
            #expect(try record.encoded() == row.record)
            previous = HashChain.next(previous: previous, record: row.record)
            #expect(row.chainHash == previous)
        }
        #expect(machine.committed() != nil)
        #expect(!machine.isWriting)
        #expect(machine.head.size == 3)
        #expect(machine.head.chainHash == previous)

        let second = try machine.append(try Self.drafts(2, time: 42), now: 7, signers: [Self.key1], checkpoint: true)
        #expect(second.firstIndex == 3)
        #expect(second.records.map(\.index) == [3, 4])
        #expect(second.records.map(\.time) == [42, 42])
        #expect(second.records[0].previousHash == previous)
    }

    @Test func aFailedCommitLeavesTheHeadUnchangedAndFailsTheWholeBatch() throws {
        var machine = Self.machine()
        _ = try machine.append(try Self.drafts(2), now: 1, signers: [Self.key1], checkpoint: true)
        machine.committed()
        let before = machine.head
        let failed = try machine.append(try Self.drafts(4), now: 2, signers: [Self.key1], checkpoint: true)
        machine.failed()
        #expect(!machine.isWriting)
        #expect(machine.committed() == nil)
        #expect(machine.head.size == before.size)
        #expect(machine.head.chainHash == before.chainHash)
        #expect(machine.head.root == before.root)
        #expect(machine.head.checkpoint == before.checkpoint)
        // The next transaction takes the same indexes again: nothing of the failed one remains.
        let retry = try machine.append(try Self.drafts(4), now: 2, signers: [Self.key1], checkpoint: true)
        #expect(retry.firstIndex == failed.firstIndex)
        #expect(retry.rows == failed.rows)
    }

    @Test func aSecondInputWhileATransactionIsInFlightIsRefused() throws {
        var machine = Self.machine()
        _ = try machine.append(try Self.drafts(1), now: 1, signers: [Self.key1], checkpoint: true)
        #expect(throws: AuditError.self) {
            try machine.append(try Self.drafts(1), now: 1, signers: [Self.key1], checkpoint: true)
        }
        #expect(throws: AuditError.self) { try machine.checkpointNow(signers: [Self.key1]) }
        machine.committed()
        #expect(machine.head.size == 1)
    }

    @Test func theCheckpointCoversTheWholeLogAndIsSignedByTheActiveKey() throws {
        var machine = Self.machine()
        var tree = MerkleTree()
        for batch in [3, 1, 5] {
            let transaction = try machine.append(
                try Self.drafts(batch), now: 9, signers: [Self.key2, Self.key1], checkpoint: true,
                extensions: ["ext one"])
            for row in transaction.rows { tree.append(leaf: row.record) }
            let note = try #require(transaction.checkpoint)
            let body = try Checkpoint(text: note.text)
            #expect(body.origin == Self.origin)
            #expect(body.size == tree.size)
            #expect(body.root == (try tree.root(size: tree.size)))
            #expect(body.extensions == ["ext one"])
            #expect(note.isSigned(by: Self.key1.verifierKey))
            #expect(!note.isSigned(by: Self.key2.verifierKey))
            machine.committed()
            #expect(machine.head.checkpoint == note)
            #expect(machine.head.checkpointSize == tree.size)
            #expect(machine.head.root == body.root)
        }
    }

    @Test func aCheckpointWithoutTheActiveKeysSignerIsRefusedAndChangesNothing() throws {
        var machine = Self.machine()
        #expect(throws: AuditError.self) {
            try machine.append(try Self.drafts(2), now: 1, signers: [Self.key2], checkpoint: true)
        }
        #expect(!machine.isWriting)
        #expect(machine.head.size == 0)
    }

    @Test func checkpointNowAnswersTheHeadsCheckpointOrWritesOne() throws {
        var machine = Self.machine()
        guard case .write(let empty) = try machine.checkpointNow(signers: [Self.key1]) else {
            Issue.record("an empty log never checkpointed needs a checkpoint written")
            return
        }
        #expect(empty.rows.isEmpty)
        let note = try #require(empty.checkpoint)
        #expect(try Checkpoint(text: note.text).size == 0)
        #expect(try Checkpoint(text: note.text).root == MerkleHash.emptyRoot)
        machine.committed()
        guard case .answer(let answered) = try machine.checkpointNow(signers: [Self.key1]) else {
            Issue.record("the head's checkpoint covers every record")
            return
        }
        #expect(answered == note)
        _ = try machine.append(try Self.drafts(1), now: 1, signers: [Self.key1], checkpoint: false)
        machine.committed()
        guard case .write(let covering) = try machine.checkpointNow(signers: [Self.key1]) else {
            Issue.record("a record beyond the checkpoint needs a new one")
            return
        }
        #expect(try Checkpoint(text: #require(covering.checkpoint).text).size == 1)
    }

    @Test func aRotationIsSignedByTheOutgoingKeyAndSignedOffByItsCheckpoint() throws {
        var machine = Self.machine()
        _ = try machine.append(try Self.drafts(2), now: 1, signers: [Self.key1], checkpoint: true)
        machine.committed()
        let transaction = try machine.append(
            [.rotation(to: Self.key2.verifierKey, actor: "officer:alice", time: nil)], now: 5, signers: [Self.key1],
            checkpoint: true)
        let record = transaction.records[0]
        #expect(record.type == .checkpointKeyRotated)
        #expect(record.index == 2)
        let rotation = try KeyRotation(
            payload: record.payload, origin: Self.origin, index: 2, outgoing: Self.key1.verifierKey)
        #expect(rotation.newKey == Self.key2.verifierKey)
        // The transaction's checkpoint is still the outgoing key's: it signs the rotation off.
        #expect(try #require(transaction.checkpoint).isSigned(by: Self.key1.verifierKey))
        #expect(machine.head.activeKey == Self.key1.verifierKey)
        machine.committed()
        #expect(machine.head.activeKey == Self.key2.verifierKey)
        // The revoked key can no longer checkpoint.
        #expect(throws: AuditError.self) {
            try machine.append(try Self.drafts(1), now: 1, signers: [Self.key1], checkpoint: true)
        }
        let next = try machine.append(try Self.drafts(1), now: 1, signers: [Self.key1, Self.key2], checkpoint: true)
        #expect(try #require(next.checkpoint).isSigned(by: Self.key2.verifierKey))
    }

    @Test func aSecondRotationBeforeTheFirstIsSignedOffIsRefused() throws {
        var machine = Self.machine()
        _ = try machine.append(
            [.rotation(to: Self.key2.verifierKey, actor: "officer:alice", time: 1)], now: 1, signers: [Self.key1],
            checkpoint: false)
        machine.committed()
        #expect(throws: AuditError.self) {
            try machine.append(
                [.rotation(to: Self.key3.verifierKey, actor: "officer:alice", time: 2)], now: 2,
                signers: [Self.key1, Self.key2], checkpoint: false)
        }
        #expect(!machine.isWriting)
        // Two rotations in one transaction break the same rule.
        var fresh = Self.machine()
        #expect(throws: AuditError.self) {
            try fresh.append(
                [
                    .rotation(to: Self.key2.verifierKey, actor: "officer:alice", time: 1),
                    .rotation(to: Self.key3.verifierKey, actor: "officer:alice", time: 1),
                ], now: 1, signers: [Self.key1, Self.key2], checkpoint: true)
        }
        #expect(fresh.head.size == 0)
    }

    @Test func aRotationWhoseCommitFailsLeavesTheOutgoingKeyActive() throws {
        var machine = Self.machine()
        _ = try machine.append(
            [.rotation(to: Self.key2.verifierKey, actor: "officer:alice", time: 1)], now: 1, signers: [Self.key1],
            checkpoint: true)
        machine.failed()
        #expect(machine.head.activeKey == Self.key1.verifierKey)
        #expect(machine.head.size == 0)
        let retry = try machine.append(
            [.rotation(to: Self.key3.verifierKey, actor: "officer:alice", time: 1)], now: 1, signers: [Self.key1],
            checkpoint: true)
        machine.committed()
        #expect(retry.records[0].index == 0)
        #expect(machine.head.activeKey == Self.key3.verifierKey)
    }

    @Test func aRotationRecordCannotBeAppendedAsAnOrdinaryRecord() throws {
        #expect(throws: AuditError.self) {
            try AuditLogStateMachine.Draft.record(
                type: .checkpointKeyRotated, actor: "mallory", payload: Array("forged".utf8), time: 1)
        }
    }

    @Test func transactionsMakeABundleBothVerifiersAccept() throws {
        var machine = Self.machine()
        var entries: [AuditBundle.Entry] = []
        var checkpoints: [String] = []
        let steps: [([AuditLogStateMachine.Draft], [any NoteSigner])] = [
            (try Self.drafts(3), [Self.key1]),
            ([.rotation(to: Self.key2.verifierKey, actor: "officer:alice", time: nil)], [Self.key1]),
            (try Self.drafts(2), [Self.key1, Self.key2]),
        ]
        for (drafts, signers) in steps {
            let transaction = try machine.append(drafts, now: 1_700_000_000_000_000, signers: signers, checkpoint: true)
            machine.committed()
            entries += transaction.rows
            checkpoints.append(try #require(transaction.checkpoint).serialized)
        }
        let bundle = AuditBundle(
            origin: Self.origin, genesisKey: Self.key1.verifierKey, checkpoints: checkpoints, entries: entries)
        let result = try BundleVerifier.examine(bundle.serialized(), trustedKey: Self.key1.verifierKey)
        #expect(result.verdict == .ok(size: 6, root: machine.head.root, unsignedRecords: 0))
        #expect(result.activeKey == Self.key2.verifierKey)

        // Resuming from the stored rows gives the same head.
        let resumed = AuditLogStateMachine(
            origin: Self.origin, activeKey: result.activeKey, entries: entries,
            checkpoint: machine.head.checkpoint)
        #expect(resumed.head.size == machine.head.size)
        #expect(resumed.head.chainHash == machine.head.chainHash)
        #expect(resumed.head.root == machine.head.root)
        #expect(resumed.head.checkpointSize == 6)
        #expect(resumed.head.activeKey == Self.key2.verifierKey)
    }
}
