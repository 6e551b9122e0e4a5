import AuditLog
import FuzzSupport

/// A checkpoint verifier key (`name+hex(keyid)+base64(type‖key)`): a key that parses prints as
/// the same text, unless the base64 was not canonical, and the printed text parses to the key.
@main enum FuzzVKey {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let text = utf8(bytes), let key = try? NoteVerifierKey(vkey: text) else { return }
    require((try? NoteVerifierKey(vkey: key.vkey)) == key, "the printed vkey \(key.vkey) does not parse back")
    let encoded = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
    let canonicalBase64 = key.vkey.split(separator: "+", maxSplits: 2)[2]
    if encoded.count == 3, encoded[2] == canonicalBase64 {
        require(key.vkey == text, "vkey \(text) parses but prints as \(key.vkey)")
    }
    require(key.publicKey.count == 32 && key.type == NoteVerifierKey.ed25519, "vkey accepted a non-Ed25519 key")
}
