import Encoding

/// The payload of a `checkpoint.key.rotated` record: a signed note by the **outgoing** key over
/// the new key and the record's position (docs/audit-format.md, "Key history").
///
/// Its text is exactly four lines, `custody-audit-key-rotation`, the log's origin, the record's
/// index (canonical decimal) and the new key's vkey, each ending in a newline. A row inserted
/// by anyone who does not hold the outgoing key carries no such signature and is tampering.
public struct KeyRotation: Hashable, Sendable {
    /// The first line of every rotation note.
    public static let header = "custody-audit-key-rotation"

    /// The log's origin.
    public let origin: String
    /// The index of the rotation record.
    public let index: UInt64
    /// The key that signs checkpoints once this rotation is signed off.
    public let newKey: NoteVerifierKey

    public init(origin: String, index: UInt64, newKey: NoteVerifierKey) {
        self.origin = origin
        self.index = index
        self.newKey = newKey
    }

    /// The text the outgoing key signs.
    public var text: String { "\(Self.header)\n\(origin)\n\(index)\n\(newKey.vkey)\n" }

    /// The record payload: this rotation signed by `outgoing`.
    public func payload(signedBy outgoing: any NoteSigner) throws -> [UInt8] {
        Array(try SignedNote.sign(text: text, with: [outgoing]).serialized.utf8)
    }

    /// Reads the payload of the rotation record at `index` of the log `origin`, and checks that
    /// `outgoing` signed it.
    ///
    /// - Throws: ``AuditError`` `.invalidNote` naming what is wrong: not a signed note, another
    ///   text, another origin or index, no vkey, or no valid signature by `outgoing`.
    public init(payload: [UInt8], origin: String, index: UInt64, outgoing: NoteVerifierKey) throws {
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw AuditError(.invalidNote, "the rotation payload is not UTF-8")
        }
        let note = try SignedNote(parsing: text)
        let lines = note.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 5, lines[0] == Self.header else {
            throw AuditError(.invalidNote, "the rotation payload is not a \(Self.header) note")
        }
        guard lines[1] == origin else {
            throw AuditError(.invalidNote, "the rotation note is for origin \(lines[1]), not \(origin)")
        }
        guard lines[2] == String(index) else {
            throw AuditError(.invalidNote, "the rotation note names record \(lines[2]), not \(index)")
        }
        let newKey = try NoteVerifierKey(vkey: String(lines[3]))
        guard note.isSigned(by: outgoing) else {
            throw AuditError(
                .invalidNote, "the rotation is not signed by the outgoing key \(outgoing.name) (\(outgoing.keyIDHex))")
        }
        self.init(origin: origin, index: index, newKey: newKey)
    }
}

extension NoteVerifierKey {
    /// The key ID as 8 lowercase hex digits.
    var keyIDHex: String { Hex.encode(keyIDBytes) }
}
