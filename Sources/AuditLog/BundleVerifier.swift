/// Verifies an exported bundle offline: chain, tree, checkpoint signatures and key history
/// (docs/audit-format.md, "Verification"), and returns exactly one ``Verdict``.
public enum BundleVerifier {
    /// Verifies the bytes of a bundle file.
    ///
    /// - Parameter trustedKey: the genesis checkpoint key the auditor holds; when given, a bundle
    ///   naming another genesis key is `UNVERIFIABLE`. Without it the bundle's own key is used,
    ///   and the auditor should compare it with the published one.
    /// - Throws: ``AuditError`` with ``AuditError/Code/invalidBundle`` if the header does not parse.
    public static func verify(_ bytes: [UInt8], trustedKey: NoteVerifierKey? = nil) throws -> Verdict {
        let header = try BundleHeader(parsing: bytes)
        if let trustedKey, trustedKey != header.genesisKey {
            return .unverifiable(reason: "the bundle's genesis key \(header.genesisKey.vkey) is not the trusted key")
        }
        var unverifiable: String?
        var notes: [(note: SignedNote, checkpoint: Checkpoint)] = []
        for (position, text) in header.checkpoints.enumerated() {
            guard let note = try? SignedNote(parsing: text), let checkpoint = try? Checkpoint(text: note.text) else {
                unverifiable = unverifiable ?? "checkpoint \(position) does not parse"
                continue
            }
            guard checkpoint.origin == header.origin else {
                unverifiable = unverifiable ?? "checkpoint \(position) is for origin \(checkpoint.origin)"
                continue
            }
            notes.append((note, checkpoint))
        }
        notes.sort { $0.checkpoint.size < $1.checkpoint.size }
        let scan = RecordScan.scan(bytes, from: header.recordsOffset, rootSizes: Set(notes.map(\.checkpoint.size)))

        // Signatures, size by size, with the key history.
        var valid: [Checkpoint] = []
        do {
            var history = try KeyHistory(genesis: header.genesisKey, rotations: scan.rotations)
            var position = 0
            while position < notes.count {
                let size = notes[position].checkpoint.size
                var signedOff = false
                while position < notes.count, notes[position].checkpoint.size == size {
                    let (note, checkpoint) = notes[position]
                    if note.isSigned(by: history.activeKey) {
                        valid.append(checkpoint)
                        signedOff = true
                    } else {
                        unverifiable = unverifiable ?? "checkpoint of size \(size) \(history.failure(of: note))"
                    }
                    position += 1
                }
                try history.advance(past: size, signedOff: signedOff)
            }
        } catch {
            unverifiable = unverifiable ?? error.reason
        }
        return classify(scan: scan, valid: valid, unverifiable: unverifiable)
    }

    /// Orders the evidence: TAMPERED, then FORKED, TRUNCATED, UNVERIFIABLE, and OK.
    static func classify(scan: RecordScan, valid: [Checkpoint], unverifiable: String?) -> Verdict {
        let good = scan.failure?.index ?? scan.count
        let matching = valid.filter { $0.size <= good && scan.roots[$0.size] == $0.root }
        let mismatching = valid.filter { $0.size <= good && scan.roots[$0.size] != $0.root }

        var tampered = scan.failure.map { (index: $0.index, reason: $0.reason) }
        var forked: Verdict?
        for bad in mismatching {
            if let witness = matching.first(where: { $0.size >= bad.size }) {
                forked =
                    forked
                    ?? .forked(
                        first: bad, second: witness,
                        reason:
                            "the records of the checkpoint of size \(witness.size) give another root at size \(bad.size)"
                    )
                continue
            }
            let vouched = matching.filter { $0.size < bad.size }.map(\.size).max() ?? 0
            if tampered == nil || vouched < tampered!.index {
                tampered = (
                    vouched,
                    "records \(vouched)..<\(bad.size) do not give the root signed at size \(bad.size) "
                        + "(the first changed record is at or after \(vouched))"
                )
            }
        }
        if let tampered { return .tampered(firstBadIndex: tampered.index, reason: tampered.reason) }
        for (position, a) in valid.enumerated() {
            if let b = valid[(position + 1)...].first(where: { $0.size == a.size && $0.root != a.root }) {
                return .forked(first: a, second: b, reason: "two roots signed for the same size")
            }
        }
        if let forked { return forked }
        if let beyond = valid.last, beyond.size > scan.count {
            return .truncated(recordCount: scan.count, checkpointSize: beyond.size)
        }
        if let unverifiable { return .unverifiable(reason: unverifiable) }
        guard let last = matching.last else {
            return scan.count == 0
                ? .ok(size: 0, root: MerkleHash.emptyRoot, unsignedRecords: 0)
                : .unverifiable(reason: "no signed checkpoint covers the \(scan.count) records")
        }
        return .ok(size: last.size, root: last.root, unsignedRecords: scan.count - last.size)
    }
}
