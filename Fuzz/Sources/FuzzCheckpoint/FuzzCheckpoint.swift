import AuditLog
import Foundation
import FuzzSupport

/// A checkpoint body (origin, size, base64 root, extension lines): a body that parses prints as
/// the same text, unless its root's base64 was not canonical, and the printed text parses to
/// the same checkpoint.
@main enum FuzzCheckpoint {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let text = utf8(bytes), let checkpoint = try? Checkpoint(text: text) else { return }
    require((try? Checkpoint(text: checkpoint.text)) == checkpoint, "checkpoint text does not parse back")
    require(checkpoint.root.count == 32, "checkpoint root of \(checkpoint.root.count) bytes")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.count > 2, lines[2] == Data(checkpoint.root).base64EncodedString() {
        require(checkpoint.text == text, "checkpoint parses but prints differently")
    }
}
