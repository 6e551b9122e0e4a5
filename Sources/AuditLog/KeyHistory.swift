import Encoding

/// Which checkpoint key signs which checkpoint (docs/audit-format.md, "Key history").
///
/// The genesis key signs first. A `checkpoint.key.rotated` record at index r names the next key;
/// the first checkpoint of size > r must still be signed by the current key (it signs the
/// rotation off), and from the next larger size on only the new key is accepted: the old one is
/// revoked. At most one rotation may lie between two checkpoint sizes. Every rotation record
/// carries the outgoing key's signature over the new key and its index (``KeyRotation``).
struct KeyHistory {
    /// All keys the log has named, oldest first.
    private(set) var keys: [NoteVerifierKey]
    /// Rotation record indexes still to be signed off, and their keys.
    private var pending: [(index: UInt64, key: NoteVerifierKey)]
    private(set) var active: Int = 0

    /// The first rotation record not authorized by its outgoing key, if any: the history stops
    /// before it, and the verifier reports the log as tampered from that record on.
    private(set) var forged: (index: UInt64, reason: String)?

    /// The history from the genesis key and the rotation records of the log `origin`. Each
    /// rotation must be signed by its outgoing key: the genesis key for the first, then the key
    /// the previous rotation named (``KeyRotation``).
    init(genesis: NoteVerifierKey, origin: String, rotations: [(index: UInt64, payload: [UInt8])]) {
        keys = [genesis]
        pending = []
        for rotation in rotations {
            do {
                try add(rotation: rotation.payload, index: rotation.index, origin: origin)
            } catch {
                forged = (
                    rotation.index,
                    "rotation record \(rotation.index) is not authorized: \((error as? AuditError)?.reason ?? "\(error)")"
                )
                return
            }
        }
    }

    /// The history of a log verified up to a point where `active` signs and no rotation waits
    /// for its sign-off (a writer resuming a stored log).
    init(resumingWith active: NoteVerifierKey) {
        keys = [active]
        pending = []
    }

    /// Adds the rotation record at `index`, which must be signed by the key the history named
    /// last (the outgoing key).
    ///
    /// - Throws: ``AuditError`` `.invalidNote` from ``KeyRotation/init(payload:origin:index:outgoing:)``.
    mutating func add(rotation payload: [UInt8], index: UInt64, origin: String) throws {
        let parsed = try KeyRotation(payload: payload, origin: origin, index: index, outgoing: keys.last!)
        keys.append(parsed.newKey)
        pending.append((index, parsed.newKey))
    }

    /// Whether a rotation waits for the checkpoint that signs it off; a writer may not start
    /// another before it.
    var rotationPending: Bool { !pending.isEmpty }

    struct HistoryError: Error {
        let reason: String
    }

    /// The key that must sign checkpoints of the current size group.
    var activeKey: NoteVerifierKey { keys[active] }

    /// Called after all checkpoints of `size` were checked; `signedOff` says whether one of them
    /// was validly signed by the active key.
    mutating func advance(past size: UInt64, signedOff: Bool) throws(HistoryError) {
        let due = pending.prefix { $0.index < size }
        guard !due.isEmpty else { return }
        guard due.count == 1 else {
            throw HistoryError(
                reason: "key rotations at records \(due.map(\.index)) have no checkpoint between them")
        }
        guard signedOff else { return }
        pending.removeFirst()
        active += 1
    }

    /// Why `note`, not validly signed by the active key, fails: revoked, not yet active,
    /// a bad signature, or an unknown key.
    func failure(of note: SignedNote) -> String {
        let active = activeKey
        for (position, key) in keys.enumerated() where position != self.active && note.isSigned(by: key) {
            return position < self.active
                ? "signed by revoked key \(key.name) (\(Hex.encode(key.keyIDBytes)))"
                : "signed by key \(key.name) (\(Hex.encode(key.keyIDBytes))) before its rotation was signed off"
        }
        if note.signatures.contains(where: { $0.name == active.name && $0.keyID == active.keyID }) {
            return "signature by \(active.name) does not verify"
        }
        let names = note.signatures.map { "\($0.name) (\(Hex.encode($0.keyIDBytes)))" }.joined(separator: ", ")
        return "signed by unknown key \(names), expected \(active.name) (\(Hex.encode(active.keyIDBytes)))"
    }
}

extension NoteVerifierKey {
    var keyIDBytes: [UInt8] { withUnsafeBytes(of: keyID.bigEndian) { Array($0) } }
}

extension SignedNote.Signature {
    var keyIDBytes: [UInt8] { withUnsafeBytes(of: keyID.bigEndian) { Array($0) } }
}
