import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// Attacks on the log by someone who can write records and checkpoints into a bundle (or the
/// database behind it) but holds no checkpoint key the log trusts. Each test is named after its
/// attack; docs/audit-format.md, "Threat model", lists them.
@Suite struct AttackTests {
    /// A key the attacker controls, named like a checkpoint key.
    static let mallory = try! DevelopmentNoteSigner(
        name: "mallory.test/checkpoint", seed: Array(repeating: 9, count: 32))

    /// Appends a record to `bundle`, continuing the chain.
    static func append(
        _ bundle: inout AuditBundle, type: RecordType, payload: [UInt8], actor: String = "officer:mallory"
    ) throws {
        let previous = bundle.entries.last?.chainHash ?? HashChain.genesis
        let bytes = try AuditRecord(
            index: UInt64(bundle.entries.count), time: 1_700_000_200_000_000, type: type, actor: actor,
            payload: payload, previousHash: previous
        ).encoded()
        bundle.entries.append(
            AuditBundle.Entry(record: bytes, chainHash: HashChain.next(previous: previous, record: bytes)))
    }

    /// A checkpoint of the whole bundle signed by `signer`.
    static func checkpoint(_ bundle: inout AuditBundle, signer: any NoteSigner) throws {
        var tree = MerkleTree()
        for entry in bundle.entries { tree.append(leaf: entry.record) }
        let size = UInt64(bundle.entries.count)
        let body = Checkpoint(origin: bundle.origin, size: size, root: try tree.root(size: size))
        bundle.checkpoints.append(try SignedNote.sign(text: body.text, with: [signer]).serialized)
    }

    /// The takeover: a rotation row naming mallory's key, signed off by the next genuine
    /// checkpoint (a writer that signs whatever the database holds), then mallory's checkpoints.
    /// Without the outgoing key's signature over the new key the rotation is forged: TAMPERED at
    /// the rotation record, in both verifiers.
    @Test(arguments: [false, true])
    func forgedRotationSignedOffByAGenuineCheckpointIsTampering(signedByMallory: Bool) throws {
        var bundle = try TestLog.make(count: 20, every: 10, rotateAt: nil).bundle
        let payload =
            signedByMallory
            ? try KeyRotation(origin: TestLog.origin, index: 20, newKey: Self.mallory.verifierKey)
                .payload(signedBy: Self.mallory)
            : Array(Self.mallory.verifierKey.vkey.utf8)
        try Self.append(&bundle, type: .checkpointKeyRotated, payload: payload)
        try Self.checkpoint(&bundle, signer: TestLog.key1)
        try Self.append(&bundle, type: .approvalRecorded, payload: Array("forged".utf8))
        try Self.checkpoint(&bundle, signer: Self.mallory)
        let bytes = bundle.serialized()
        let verdict = try BundleVerifier.verify(bytes, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "TAMPERED" && verdict.firstBadIndex == 20, "\(verdict)")
        let python = try PythonVerifier.run(bytes, trustedKey: TestLog.key1.verifierKey)
        #expect(python.verdict == "TAMPERED" && python.firstBadIndex == 20, "\(python)")
    }

    /// A rotation note replayed from another position (or another log) does not authorize a
    /// rotation here: the note names its record's index and the log's origin.
    @Test func replayedRotationNoteIsTampering() throws {
        let genuine = try TestLog.make(count: 40, every: 10, rotateAt: 15)
        var bundle = genuine.bundle
        let payload = try AuditRecord(decoding: bundle.entries[15].record).payload
        try Self.append(&bundle, type: .checkpointKeyRotated, payload: payload)
        let verdict = try BundleVerifier.verify(bundle.serialized(), trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "TAMPERED" && verdict.firstBadIndex == 40, "\(verdict)")
    }

    /// A note carrying the active key's good signature and a second, bad line by the same key is
    /// rejected, as C2SP signed-note verifiers (Go's `note.Open`) do.
    @Test func checkpointWithOneGoodAndOneBadLineByTheActiveKeyIsUnverifiable() throws {
        var bundle = try TestLog.make(count: 20, every: 10, rotateAt: nil).bundle
        let note = try SignedNote(parsing: bundle.checkpoints.removeLast())
        var bad = note.signatures[0].signature
        bad[0] ^= 1
        let doubled = SignedNote(
            text: note.text,
            signatures: note.signatures + [
                .init(name: note.signatures[0].name, keyID: note.signatures[0].keyID, signature: bad)
            ])
        bundle.checkpoints.append(doubled.serialized)
        let bytes = bundle.serialized()
        let verdict = try BundleVerifier.verify(bytes, trustedKey: TestLog.key1.verifierKey)
        #expect(verdict.name == "UNVERIFIABLE", "\(verdict)")
        #expect(try PythonVerifier.run(bytes, trustedKey: TestLog.key1.verifierKey).verdict == "UNVERIFIABLE")
    }
}

/// Both verifiers, fed the same few thousand seeded mutations of the sample bundles, give the
/// same verdicts and indexes (docs/audit-format.md, "Two verifiers").
@Suite struct VerifierDifferentialTests {
    @Test func bothVerifiersAgreeOnMutatedSampleBundles() throws {
        let seeds = try SampleBundles.all().map(\.bytes)
        let (inputs, disagreements) = try VerifierDifferential.run(seeds: seeds, count: 3000, seed: 1)
        #expect(inputs == 3000)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
    }
}
