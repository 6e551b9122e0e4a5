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

    /// Parses a note; throws ``AuditError/Code/invalidNote`` for anything malformed.
    public init(parsing note: String) throws {
        guard !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw AuditError(.invalidNote, "note contains a control character")
        }
        guard let split = note.range(of: "\n\n", options: .backwards), note.hasSuffix("\n") else {
            throw AuditError(.invalidNote, "note has no blank line before its signatures")
        }
        let text = String(note[..<split.lowerBound]) + "\n"
        var signatures: [Signature] = []
        for line in note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix("— ") else { throw AuditError(.invalidNote, "signature line does not start with —") }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, NoteVerifierKey.isValidName(String(fields[0])),
                let bytes = Data(base64Encoded: String(fields[1])).map(Array.init), bytes.count >= 5
            else { throw AuditError(.invalidNote, "malformed signature line") }
            signatures.append(
                Signature(
                    name: String(fields[0]), keyID: bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) },
                    signature: Array(bytes[4...])))
        }
        guard !signatures.isEmpty, signatures.count <= 100 else {
            throw AuditError(.invalidNote, "a note needs 1 to 100 signatures")
        }
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

    /// Whether a signature by `key` (matching name and key ID) verifies.
    public func isSigned(by key: NoteVerifierKey) -> Bool {
        signatures.contains {
            $0.name == key.name && $0.keyID == key.keyID
                && key.verify(signature: $0.signature, message: Array(text.utf8))
        }
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
