import Foundation

/// A C2SP signed note: UTF-8 text ending in a newline, a blank line, then signature lines
/// `— name base64(keyid ‖ signature)`.
public struct SignedNote: Hashable, Sendable {
    /// One signature line.
    public struct Signature: Hashable, Sendable {
        /// The signer's key name.
        public let name: String
        /// The signer's key ID.
        public let keyID: UInt32
        /// The signature bytes, without the key ID.
        public let signature: [UInt8]

        public init(name: String, keyID: UInt32, signature: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.signature = signature
        }
    }

    /// The signed text, ending in a newline.
    public let text: String
    /// The signatures, in order.
    public let signatures: [Signature]

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a note; throws ``AuditError/Code/invalidNote`` for anything malformed. The note is
    /// read as UTF-8 bytes, split at the last blank line, then at newlines and spaces (bytes,
    /// never grapheme clusters, so that every verifier splits alike).
    public init(parsing note: String) throws {
        guard !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw AuditError(.invalidNote, "note contains a control character")
        }
        let bytes = Array(note.utf8)
        guard bytes.last == 0x0A,
            let cut = bytes.indices.dropLast().last(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A })
        else { throw AuditError(.invalidNote, "note has no blank line before its signatures") }
        let text = String(decoding: bytes[...cut], as: UTF8.self)
        let block = cut + 2 <= bytes.count - 1 ? bytes[(cut + 2)..<(bytes.count - 1)] : []
        let dash = Array("— ".utf8)
        var signatures: [Signature] = []
        for line in block.split(separator: 0x0A, omittingEmptySubsequences: false) {
            guard line.starts(with: dash) else {
                throw AuditError(.invalidNote, "signature line does not start with —")
            }
            let fields = line.dropFirst(dash.count).split(separator: 0x20, omittingEmptySubsequences: false)
            let name = fields.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
            guard fields.count == 2, NoteVerifierKey.isValidName(name),
                let bytes = Data(base64Encoded: Data(fields[1])).map(Array.init), bytes.count >= 5
            else { throw AuditError(.invalidNote, "malformed signature line") }
            signatures.append(
                Signature(
                    name: name, keyID: bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }, signature: Array(bytes[4...])))
            guard signatures.count <= BundleLimits.signatures else {
                throw AuditError(.invalidNote, "a note has more than \(BundleLimits.signatures) signatures")
            }
        }
        guard !signatures.isEmpty else { throw AuditError(.invalidNote, "a note needs a signature") }
        self.init(text: text, signatures: signatures)
    }

    /// The note as text.
    public var serialized: String {
        text + "\n"
            + signatures.map { signature in
                let id = withUnsafeBytes(of: signature.keyID.bigEndian) { Array($0) }
                return "— \(signature.name) \(Data(id + signature.signature).base64EncodedString())\n"
            }.joined()
    }

    /// Whether `key` signed the note: at least one signature line names `key` (name and key ID)
    /// and every such line verifies. One bad line by the key rejects the note, as C2SP
    /// signed-note verifiers (Go's `note.Open`) do.
    public func isSigned(by key: NoteVerifierKey) -> Bool {
        let message = Array(text.utf8)
        let lines = signatures.filter { $0.name.utf8.elementsEqual(key.name.utf8) && $0.keyID == key.keyID }
        return !lines.isEmpty && lines.allSatisfy { key.verify(signature: $0.signature, message: message) }
    }

    /// Signs `text` with each signer, in order.
    public static func sign(text: String, with signers: [any NoteSigner]) throws -> SignedNote {
        guard text.hasSuffix("\n"), !text.contains("\n\n") else {
            throw AuditError(.invalidNote, "note text must end in a newline and contain no blank line")
        }
        let message = Array(text.utf8)
        let signatures = try signers.map { signer in
            Signature(
                name: signer.verifierKey.name, keyID: signer.verifierKey.keyID, signature: try signer.sign(message))
        }
        return SignedNote(text: text, signatures: signatures)
    }
}
