/// Verifies an exported bundle offline: chain, tree, checkpoint signatures and key history
/// (docs/audit-format.md, "Verification"), and returns exactly one ``Verdict``.
public enum BundleVerifier {
    /// What a verification found: the verdict and the key that signs the log's next checkpoint.
    public struct Result: Sendable {
        public let verdict: Verdict
        /// The active checkpoint key after the last validly signed checkpoint.
        public let activeKey: NoteVerifierKey
    }

    /// Verifies the bytes of a bundle file.
    ///
    /// - Parameters:
    ///   - trustedKey: the genesis checkpoint key the auditor holds; a bundle naming another
    ///     genesis key is `UNVERIFIABLE`. Without it the bundle's own key is used, and the
    ///     auditor should compare it with the published one.
    ///   - pinned: signed checkpoints the auditor held from earlier. Each must be signed by a key
    ///     of the log's history and is then weighed like the bundle's own checkpoints: records
    ///     that do not reproduce it are tampering or a fork, and fewer records than it covers are
    ///     a truncation.
    /// - Throws: ``AuditError`` with ``AuditError/Code/invalidBundle`` if the header does not
    ///   parse or exceeds a limit (``BundleLimits``).
    public static func verify(_ bytes: [UInt8], trustedKey: NoteVerifierKey? = nil, pinned: [SignedNote] = [])
        throws -> Verdict
    {
        try examine(bytes, trustedKey: trustedKey, pinned: pinned).verdict
    }

    /// ``verify(_:trustedKey:pinned:)``, with the active key at the end.
    public static func examine(_ bytes: [UInt8], trustedKey: NoteVerifierKey? = nil, pinned: [SignedNote] = [])
        throws -> Result
    {
        let header = try BundleHeader(parsing: bytes)
        if let trustedKey, trustedKey != header.genesisKey {
            return Result(
                verdict: .unverifiable(
                    reason: "the bundle's genesis key \(header.genesisKey.vkey) is not the trusted key"),
                activeKey: header.genesisKey)
        }
        var unverifiable: String?
        var notes: [(note: SignedNote, checkpoint: Checkpoint, position: Int, text: String)] = []
        // Identical notes are parsed once (and their signatures checked once, below).
        var parsed: [String: (SignedNote, Checkpoint)?] = [:]
        for (position, text) in header.checkpoints.enumerated() {
            guard let text,
                let (note, checkpoint) = parsed[text]
                    ?? {
                        let result = (try? SignedNote(parsing: text)).flatMap { note in
                            (try? Checkpoint(text: note.text)).map { (note, $0) }
                        }
                        parsed[text] = .some(result)
                        return result
                    }()
            else {
                unverifiable = unverifiable ?? "checkpoint \(position) does not parse"
                continue
            }
            guard checkpoint.origin.utf8.elementsEqual(header.origin.utf8) else {
                unverifiable = unverifiable ?? "checkpoint \(position) is for origin \(checkpoint.origin)"
                continue
            }
            notes.append((note, checkpoint, position, text))
        }
        var held: [Checkpoint] = []
        for note in pinned {
            guard let checkpoint = try? Checkpoint(text: note.text),
                checkpoint.origin.utf8.elementsEqual(header.origin.utf8)
            else {
                throw AuditError(.invalidNote, "a pinned checkpoint is not a checkpoint of \(header.origin)")
            }
            held.append(checkpoint)
        }
        // Sorted by size, then by position in the bundle: one order for every verifier.
        notes.sort { ($0.checkpoint.size, $0.position) < ($1.checkpoint.size, $1.position) }
        var sizes = Set(notes.map(\.checkpoint.size))
        sizes.formUnion(held.map(\.size))
        var scan = RecordScan.scan(bytes, from: header.recordsOffset, rootSizes: sizes)
        var history = KeyHistory(genesis: header.genesisKey, origin: header.origin, rotations: scan.rotations)
        if let forged = history.forged, forged.index < (scan.failure?.index ?? scan.count) {
            scan.failure = RecordScan.Failure(index: forged.index, reason: forged.reason)
        }

        // Signatures, size by size, with the key history. Identical notes are checked once
        // (a note's text holds its size, so one size group's key checks it).
        var valid: [Checkpoint] = []
        var checked: [String: Bool] = [:]
        do {
            var position = 0
            while position < notes.count {
                let size = notes[position].checkpoint.size
                var signedOff = false
                let activeKey = history.activeKey
                while position < notes.count, notes[position].checkpoint.size == size {
                    let (note, checkpoint, _, text) = notes[position]
                    let good = checked[text] ?? note.isSigned(by: activeKey)
                    checked[text] = good
                    if good {
                        valid.append(checkpoint)
                        signedOff = true
                    } else if unverifiable == nil {
                        unverifiable = "checkpoint of size \(size) \(history.failure(of: note))"
                    }
                    position += 1
                }
                try history.advance(past: size, signedOff: signedOff)
            }
        } catch {
            unverifiable = unverifiable ?? error.reason
        }
        for (checkpoint, note) in zip(held, pinned) where !history.keys.contains(where: { note.isSigned(by: $0) }) {
            unverifiable =
                unverifiable ?? "the pinned checkpoint of size \(checkpoint.size) is not signed by a key of this log"
        }
        valid = mergeBySize(valid, held)
        return Result(
            verdict: classify(scan: scan, valid: valid, unverifiable: unverifiable), activeKey: history.activeKey)
    }

    /// `a` and `b`, both sorted by size, merged by size (`a` first within a size).
    static func mergeBySize(_ a: [Checkpoint], _ b: [Checkpoint]) -> [Checkpoint] {
        guard !b.isEmpty else { return a }
        let b = b.enumerated().sorted { ($0.element.size, $0.offset) < ($1.element.size, $1.offset) }.map(\.element)
        var out: [Checkpoint] = []
        out.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].size <= b[j].size) {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }

    /// Orders the evidence: TAMPERED, then FORKED, TRUNCATED, UNVERIFIABLE, and OK. `valid` is
    /// sorted by size; every step is linear in it.
    static func classify(scan: RecordScan, valid: [Checkpoint], unverifiable: String?) -> Verdict {
        let good = scan.failure?.index ?? scan.count
        let covered = valid.filter { $0.size <= good }
        let matching = covered.filter { scan.roots[$0.size] == $0.root }
        let mismatching = covered.filter { scan.roots[$0.size] != $0.root }

        var tampered = scan.failure.map { (index: $0.index, reason: $0.reason) }
        var forked: Verdict?
        // `next`: the first matching checkpoint of a size ≥ the mismatching one's.
        var next = 0
        for bad in mismatching {
            while next < matching.count, matching[next].size < bad.size { next += 1 }
            if next < matching.count {
                let witness = matching[next]
                forked =
                    forked
                    ?? .forked(
                        first: bad, second: witness,
                        reason:
                            "the records of the checkpoint of size \(witness.size) give another root at size \(bad.size)"
                    )
                continue
            }
            let vouched = next > 0 ? matching[next - 1].size : 0
            if tampered == nil || vouched < tampered!.index {
                tampered = (
                    vouched,
                    "records \(vouched)..<\(bad.size) do not give the root signed at size \(bad.size) "
                        + "(the first changed record is at or after \(vouched))"
                )
            }
        }
        if let tampered { return .tampered(firstBadIndex: tampered.index, reason: tampered.reason) }
        var start = 0
        while start < valid.count {
            let first = valid[start]
            var end = start + 1
            var other: Checkpoint?
            while end < valid.count, valid[end].size == first.size {
                if other == nil, valid[end].root != first.root { other = valid[end] }
                end += 1
            }
            if let other { return .forked(first: first, second: other, reason: "two roots signed for the same size") }
            start = end
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
