import FROST
import FROSTKeyFiles
import FuzzSupport
import Secp256k1
import SecureMemory

/// The key-package and public-key-package files of `custody frost keygen` (`signer-<n>.json`,
/// `group.json`), through the very decoders every tool reads them with:
/// `KeyPackageFile(decoding:)` and `PublicKeyPackageFile(decoding:)` (docs/key-files.md). Every
/// input goes to both.
///
/// Properties: no trap; an input is refused with a reason or decodes. The format is not
/// canonical (white space, member order, hex case, escapes and unknown members are free), so a
/// decoded file is checked this way: its encoding decodes to an equal file (the same share
/// too), and encoding that gives the same bytes again (a fixed point: what Custody writes reads
/// back byte for byte). A decoded key package's verifying share is its share
/// times G; a decoded public key package has a threshold from 2 to its number of shares.
/// A refusal's reason never holds the input's `signingShare` digits.
@main enum FuzzKeyFiles {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    keyPackage(bytes)
    publicKeyPackage(bytes)
}

func keyPackage(_ bytes: [UInt8]) {
    let file: KeyPackageFile
    do {
        file = try KeyPackageFile(decoding: SecretBytes(copying: bytes))
    } catch {
        require(!leaksShare(error.reason, bytes), "a key-package error shows the share: \(error.reason)")
        return
    }
    guard let encoded = try? file.encoded() else {
        require(false, "a decoded key package does not encode")
        return
    }
    guard let again = try? KeyPackageFile(decoding: encoded) else {
        require(false, "a key package's encoding does not decode")
        return
    }
    require(again == file, "a key package changed through its encoding")
    require(again.keyPackage.signingShare == file.keyPackage.signingShare, "the share changed through the encoding")
    require((try? again.encoded()) == encoded, "a key package's encoding is not a fixed point")
    let share = try! Scalar(secret: file.keyPackage.signingShare.secret)
    require(
        Point(multiplyingGeneratorBy: share) == file.keyPackage.verifyingShare,
        "a key package whose verifying share is not its share times G")
    require(file.keyPackage.minSigners >= 2, "a key package with a threshold below 2")
    require(file.keyPackage.identifier.number != nil, "a key package whose identifier is not a participant number")
}

func publicKeyPackage(_ bytes: [UInt8]) {
    guard let file = try? PublicKeyPackageFile(decoding: bytes) else { return }
    guard let encoded = try? file.encoded() else {
        require(false, "a decoded public key package does not encode")
        return
    }
    guard let again = try? PublicKeyPackageFile(decoding: encoded) else {
        require(false, "a public key package's encoding does not decode")
        return
    }
    require(again == file, "a public key package changed through its encoding")
    require((try? again.encoded()) == encoded, "a public key package's encoding is not a fixed point")
    let package = file.publicKeyPackage
    require(
        package.minSigners >= 2 && package.minSigners <= package.verifyingShares.count,
        "a public key package's threshold is out of range")
    require(package.identifiers.allSatisfy { $0.number != nil }, "a participant that is not a participant number")
}

/// True when `reason` shows 16 hex digits in a row of a `"signingShare"` string in `input`
/// that stand nowhere else in the input (a quoted `suite` may legitimately repeat them).
func leaksShare(_ reason: String, _ input: [UInt8]) -> Bool {
    let text = Array(reason.utf8)
    // Most reasons hold no run of 16 hex digits at all: nothing to look for then.
    let hex = Set("0123456789abcdefABCDEF".utf8)
    var run = 0
    var longest = 0
    for byte in text {
        run = hex.contains(byte) ? run + 1 : 0
        longest = max(longest, run)
    }
    guard longest >= 16 else { return false }
    for share in shareDigits(input) where share.count >= 16 {
        for start in 0...(share.count - 16) {
            let piece = Array(share[start..<(start + 16)])
            if occurrences(of: piece, in: input) == 1, occurrences(of: piece, in: text) > 0 { return true }
        }
    }
    return false
}

/// The hex digits that open the string after each `"signingShare"` key of `input`.
func shareDigits(_ input: [UInt8]) -> [[UInt8]] {
    let key = Array("\"signingShare\"".utf8)
    let hex = Set("0123456789abcdefABCDEF".utf8)
    var found: [[UInt8]] = []
    var index = 0
    while index + key.count <= input.count {
        defer { index += 1 }
        guard Array(input[index..<(index + key.count)]) == key else { continue }
        var next = index + key.count
        while next < input.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ":"), UInt8(ascii: "\"")].contains(input[next])
        {
            next += 1
        }
        var end = next
        while end < input.count, hex.contains(input[end]) { end += 1 }
        found.append(Array(input[next..<end]))
    }
    return found
}

func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard needle.count <= haystack.count else { return 0 }
    return (0...(haystack.count - needle.count)).filter { Array(haystack[$0..<($0 + needle.count)]) == needle }.count
}
