import AuditLog
import CustodyTestSupport
import Encoding
import Foundation
import Testing

/// The audit documents (verdict and proofs as JSON, the verdicts' exit codes), byte for byte:
/// `custody audit verify --json`, `prove` and `consistency` print exactly these bytes and a
/// server serves them.
@Suite struct AuditDocumentTests {
    /// A golden document of Fixtures/documents, as the command prints it (one final newline).
    static func golden(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/documents/\(name)", withExtension: "json"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The document of `bytes` verified with `trustedKey` (nil: without one).
    static func verdictDocument(
        _ bytes: [UInt8], trustedKey: NoteVerifierKey?, pinned: [VerdictDocument.Anchors.Pinned] = []
    ) throws -> VerdictDocument {
        let verdict = try BundleVerifier.verify(bytes, trustedKey: trustedKey)
        return VerdictDocument(
            verdict, genesisKey: try AuditBundle.genesisKey(of: bytes),
            anchors: .init(trustedKey: trustedKey, pinnedCheckpoints: pinned))
    }

    @Test func verdictDocumentsOfTheSampleBundlesAreTheGoldenBytes() throws {
        let samples = try SampleBundles.all()
        #expect(samples.map(\.verdict) == ["OK", "TAMPERED", "TRUNCATED", "FORKED", "UNVERIFIABLE"])
        for sample in samples {
            let document = try Self.verdictDocument(sample.bytes, trustedKey: TestLog.key1.verifierKey)
            #expect(document.verdict == sample.verdict)
            #expect(try document.json() + "\n" == Self.golden("verdict-\(sample.name)"), "\(sample.name)")
        }
    }

    @Test func verdictDocumentWithoutATrustedKey() throws {
        let sample = try #require(try SampleBundles.all().first)
        let document = try Self.verdictDocument(sample.bytes, trustedKey: nil)
        #expect(document.anchors.trustedKey == nil)
        #expect(try document.json() + "\n" == Self.golden("verdict-sample-insecure"))
    }

    /// Verified without a trusted key, the document says so with `"trustedKey":null`, as
    /// audit/verify.py does, rather than leaving the anchor out where a reader could miss it.
    @Test func insecureVerdictDocumentWritesTrustedKeyNullAsVerifyPyDoes() throws {
        let sample = try #require(try SampleBundles.all().first)
        let json = try Self.verdictDocument(sample.bytes, trustedKey: nil).json()
        #expect(json.hasPrefix(#"{"anchors":{"pinnedCheckpoints":[],"trustedKey":null},"#), "\(json)")
    }

    /// Each verdict sets its own fields and no other; pinned checkpoints are listed in order.
    @Test func verdictDocumentFieldsByVerdict() throws {
        let checkpoint = { (size: UInt64, byte: UInt8) in
            Checkpoint(origin: TestLog.origin, size: size, root: Array(repeating: byte, count: 32))
        }
        let genesis = TestLog.key1.verifierKey
        let anchors = VerdictDocument.Anchors(
            trustedKey: genesis, pinnedCheckpoints: [.init(file: "a.note", size: 7), .init(file: "b/c.note", size: 3)])
        let cases: [(Verdict, String)] = [
            (
                .ok(size: 2, root: Array(repeating: 0xab, count: 32), unsignedRecords: 1),
                #""root":"\#(String(repeating: "ab", count: 32))","size":2,"unsignedRecords":1,"verdict":"OK""#
            ),
            (.tampered(firstBadIndex: 5, reason: "r"), #""firstBadIndex":5,"genesisKey":"#),
            (.truncated(recordCount: 4, checkpointSize: 9), #""checkpointSize":9,"description":"#),
            (
                .forked(first: checkpoint(3, 1), second: checkpoint(3, 2), reason: "r"),
                #""checkpoints":[{"root":"\#(String(repeating: "01", count: 32))","size":3},"#
                    + #"{"root":"\#(String(repeating: "02", count: 32))","size":3}]"#
            ),
            (.unverifiable(reason: "r \"quoted\" /"), #""description":"UNVERIFIABLE: r \"quoted\" /","#),
        ]
        for (verdict, fragment) in cases {
            let document = VerdictDocument(verdict, genesisKey: genesis, anchors: anchors)
            let json = try document.json()
            #expect(json.contains(fragment), "\(json)")
            #expect(
                json.hasPrefix(
                    #"{"anchors":{"pinnedCheckpoints":[{"file":"a.note","size":7},{"file":"b/c.note","size":3}],"#
                        + #""trustedKey":"\#(genesis.vkey)"},"#), "\(json)")
            #expect(!json.contains("\n") && !json.contains("\": "), "compact")
            let keys = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).keys
            let specific: Set<String> =
                switch verdict {
                case .ok: ["size", "root", "unsignedRecords"]
                case .tampered: ["firstBadIndex"]
                case .truncated: ["firstBadIndex", "checkpointSize"]
                case .forked: ["checkpoints"]
                case .unverifiable: []
                }
            #expect(Set(keys) == Set(["verdict", "description", "genesisKey", "anchors"]).union(specific), "\(json)")
            #expect(try JSONDecoder().decode(VerdictDocument.self, from: Data(json.utf8)) == document)
        }
    }

    @Test func exitCodesOfTheVerdicts() throws {
        let root = [UInt8](repeating: 0, count: 32)
        let first = Checkpoint(origin: "o", size: 1, root: root)
        let verdicts: [(Verdict, Int32)] = [
            (.ok(size: 0, root: root, unsignedRecords: 0), 0), (.tampered(firstBadIndex: 0, reason: ""), 10),
            (.truncated(recordCount: 0, checkpointSize: 1), 11),
            (.forked(first: first, second: first, reason: ""), 12), (.unverifiable(reason: ""), 13),
        ]
        for (verdict, code) in verdicts { #expect(verdict.exitCode == code, "\(verdict.name)") }
        for sample in try SampleBundles.all() {
            let verdict = try BundleVerifier.verify(sample.bytes, trustedKey: TestLog.key1.verifierKey)
            #expect(
                verdict.exitCode
                    == ["OK": 0, "TAMPERED": 10, "TRUNCATED": 11, "FORKED": 12, "UNVERIFIABLE": 13][
                        sample.verdict])
        }
    }

    /// The proofs of the sample log: record 42 against its last checkpoint (size 120), and the
    /// checkpoint of size 25 against it.
    @Test func proofDocumentsAreTheGoldenBytes() throws {
        let log = try TestLog.make(count: 120, every: 25, rotateAt: 60)
        let tree = log.merkleTree
        let notes = log.checkpoints
        let latest = try CheckpointDocument(note: try #require(notes.last))
        let first = try CheckpointDocument(note: notes[0])
        #expect(latest.size == 120 && first.size == 25)
        #expect(latest.root == Hex.encode(try tree.root(size: 120)) && latest.note == notes.last?.serialized)
        let inclusion = InclusionProofDocument(
            index: 42, record: log.entries[42].record, leafHash: tree.leafHash(42),
            proof: try tree.inclusionProof(index: 42, size: 120), checkpoint: latest)
        #expect(try inclusion.json() + "\n" == Self.golden("inclusion-proof"))
        #expect(
            MerkleProof.verifyInclusion(
                index: 42, size: 120, leafHash: try Hex.decode(inclusion.leafHash),
                proof: try inclusion.proof.map { try Hex.decode($0) }, root: try Hex.decode(latest.root)))
        let consistency = ConsistencyProofDocument(
            old: first, new: latest, proof: try tree.consistencyProof(old: 25, new: 120))
        #expect(try consistency.json() + "\n" == Self.golden("consistency-proof"))
        #expect(try JSONDecoder().decode(InclusionProofDocument.self, from: Data(inclusion.json().utf8)) == inclusion)
        #expect(
            try JSONDecoder().decode(ConsistencyProofDocument.self, from: Data(consistency.json().utf8)) == consistency)
    }

    /// A note whose text is not a checkpoint has no checkpoint document.
    @Test func aNoteThatIsNotACheckpointIsRefused() throws {
        let note = try SignedNote.sign(text: "not a checkpoint\n", with: [TestLog.key1])
        #expect(throws: AuditError.self) { try CheckpointDocument(note: note) }
    }
}
