public import Foundation

/// The one JSON set-up for every document Custody writes or prints (key files, `signer.json`,
/// inventories, verdicts, proofs, command output): keys sorted, `/` not escaped, dates (should a
/// document hold one) as ISO 8601 in UTC. Policy's canonical JSON for hashing is separate.
public enum DocumentJSON {
    /// How the document is laid out.
    public enum Layout: Sendable {
        /// Foundation's pretty printing: one member a line, two-space indent.
        case pretty
        /// One line, no white space.
        case compact
    }

    /// A fresh encoder with Custody's document settings.
    public static func encoder(_ layout: Layout = .pretty) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            switch layout {
            case .pretty: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            case .compact: [.sortedKeys, .withoutEscapingSlashes]
            }
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The document's bytes, without a final newline.
    public static func data(_ value: some Encodable, layout: Layout = .pretty) throws -> Data {
        try encoder(layout).encode(value)
    }

    /// The document as text, without a final newline.
    public static func string(_ value: some Encodable, layout: Layout = .pretty) throws -> String {
        String(decoding: try data(value, layout: layout), as: UTF8.self)
    }
}
