/// A guard run on untrusted JSON before Foundation's `JSONDecoder` sees it.
///
/// Foundation's decoder refuses documents nested more than 512 deep, and at exactly 513 open
/// brackets it traps while building its error message; Custody's documents are never nested
/// more than a few levels. `JSONNesting.check` counts arrays and objects inside one another
/// (brackets inside strings, escapes included, do not count) and refuses a document deeper
/// than the limit before any decoder runs.
public enum JSONNesting {
    /// The deepest nesting any document Custody reads with `JSONDecoder` may have.
    public static let maxDepth = 16

    /// The document is nested deeper than the limit.
    public struct TooDeep: Error, Equatable, Sendable, CustomStringConvertible {
        /// The limit that was exceeded.
        public let limit: Int
        /// The byte offset of the bracket that went past it.
        public let offset: Int

        public var description: String {
            "JSON nested deeper than \(limit) levels (at byte \(offset))"
        }
    }

    /// Throws `TooDeep` when `bytes` opens more than `limit` arrays or objects inside one
    /// another; says nothing else about whether they are valid JSON.
    public static func check(_ bytes: some Sequence<UInt8>, limit: Int = maxDepth) throws(TooDeep) {
        var depth = 0
        var inString = false
        var escaped = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { throw TooDeep(limit: limit, offset: offset) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }
}
