public import Encoding

/// A JSON document about the audit log that the auditor's commands print and that a server can
/// serve byte for byte alike: a verdict (``VerdictDocument``) or a proof
/// (``InclusionProofDocument``, ``ConsistencyProofDocument``). Its bytes are those of
/// `DocumentJSON` in the document's own layout (docs/audit-format.md).
public protocol AuditDocument: Codable, Sendable {
    /// The layout the document is printed in.
    static var layout: DocumentJSON.Layout { get }
}

extension AuditDocument {
    /// The document as text, without a final newline.
    public func json() throws -> String { try DocumentJSON.string(self, layout: Self.layout) }
}
