import Foundation

/// A C2SP tlog-checkpoint: the body of a signed note with the log's origin, its size and its
/// root, then optional extension lines.
public struct Checkpoint: Hashable, Sendable {
    /// The log's name, e.g. `custody.example/audit`.
    public let origin: String
    /// The number of records the tree covers.
    public let size: UInt64
    /// The RFC 9162 root of the first `size` records.
    public let root: [UInt8]
    /// Extension lines, opaque to verifiers.
    public let extensions: [String]

    public init(origin: String, size: UInt64, root: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// Parses a checkpoint body (a signed note's text).
    public init(text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count >= 4, !lines[0].isEmpty,
            let size = UInt64(lines[1]), String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])).map(Array.init), root.count == 32,
            lines.dropFirst(3).dropLast().allSatisfy({ !$0.isEmpty })
        else { throw AuditError(.invalidNote, "not a checkpoint: origin, size, base64 root, extensions") }
        self.init(
            origin: String(lines[0]), size: size, root: root, extensions: lines.dropFirst(3).dropLast().map(String.init)
        )
    }

    /// The body text to sign.
    public var text: String {
        ([origin, String(size), Data(root).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }
}
