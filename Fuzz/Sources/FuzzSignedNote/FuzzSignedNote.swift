import AuditLog
import Foundation
import FuzzSupport

/// A signed note (text, blank line, 1 to 100 signature lines): a note that parses prints as
/// text that parses to the same note; the printed form equals the input unless a signature's
/// base64 was not canonical. Verifying it under the sample key never traps. (The text is what
/// comes before the last blank line, so it may itself contain blank lines, as in Go's
/// `golang.org/x/mod/sumdb/note`; checkpoint bodies refuse them.)
@main enum FuzzSignedNote {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let text = utf8(bytes), let note = try? SignedNote(parsing: text) else { return }
    let printed = note.serialized
    require((try? SignedNote(parsing: printed)) == note, "printed note does not parse back to the same note")
    require(
        (1...100).contains(note.signatures.count), "note accepted with \(note.signatures.count) signatures")
    require(note.text.hasSuffix("\n"), "note text does not end in a newline")
    if printed != text {
        let base64 = text.split(separator: "\n").filter { $0.hasPrefix("— ") }.map { $0.split(separator: " ").last! }
        let canonical = note.signatures.map { signature in
            Data(withUnsafeBytes(of: signature.keyID.bigEndian) { Array($0) } + signature.signature)
                .base64EncodedString()
        }
        require(base64.map(String.init) != canonical, "note parses but prints differently")
    }
    _ = note.isSigned(by: sampleKey)
}

/// The genesis key of the sample bundles (a public test key).
let sampleKey = try! NoteVerifierKey(
    vkey: "custody.test/checkpoint-1+b21871bb+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c")
