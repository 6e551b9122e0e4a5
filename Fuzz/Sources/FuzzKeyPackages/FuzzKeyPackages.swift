import FROST
import FuzzSupport
import Secp256k1
import SecureMemory

/// The values of the key-package and public-key-package files of `custody frost keygen`,
/// decoded the way those files are (RFC 9591 encodings, then the FROST constructors that
/// validate them). The file readers themselves are internal to the command-line tool; their
/// JSON layer is Foundation's, fuzzed by the policy targets.
///
/// Input: 0x00, then identifier ‖ signing share ‖ verifying share ‖ group key ‖ threshold (2
/// bytes) for a key package; 0x01, then group key ‖ threshold (2 bytes) ‖ (identifier ‖
/// verifying share)* for a public key package.
///
/// Properties: no trap; an accepted key package re-encodes to the input, its verifying share is
/// its share times G, and its even-y and Taproot forms exist; an accepted public key package
/// re-encodes, in identifier order, to the same shares, with a threshold it can meet.
@main enum FuzzKeyPackages {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    switch reader.byte() {
    case 0: keyPackage(&reader)
    case 1: publicKeyPackage(&reader)
    default: break
    }
}

func keyPackage(_ reader: inout ByteReader) {
    guard let id = reader.take(32), let share = reader.take(32), let verifying = reader.take(33),
        let group = reader.take(33), let threshold = reader.take(2),
        let identifier = try? Identifier(bytes: id),
        let signingShare = try? SigningShare(secret: SecretBytes(copying: share)),
        let verifyingShare = try? Point(compressed: verifying), let groupKey = try? Point(compressed: group),
        let package = try? KeyPackage(
            identifier: identifier, signingShare: signingShare, verifyingShare: verifyingShare,
            groupPublicKey: groupKey, minSigners: Int(threshold[0]) << 8 | Int(threshold[1]))
    else { return }
    let shareBytes = try! Scalar(secret: package.signingShare.secret).bigEndianBytes
    let encoded =
        package.identifier.bytes + shareBytes + (try! package.verifyingShare.compressed())
        + (try! package.groupPublicKey.compressed()) + [
            UInt8(package.minSigners >> 8), UInt8(package.minSigners & 0xFF),
        ]
    require(encoded == id + share + verifying + group + threshold, "key package re-encodes differently")
    require(
        Point(multiplyingGeneratorBy: try! Scalar(secret: package.signingShare.secret)) == package.verifyingShare,
        "a key package whose verifying share is not its share times G")
    require(package.withEvenY.groupPublicKey.hasEvenY, "the even-y form has an odd group key")
    require((try? package.tweaked(merkleRoot: nil)) != nil, "a valid key package has no Taproot form")
}

func publicKeyPackage(_ reader: inout ByteReader) {
    guard let group = reader.take(33), let threshold = reader.take(2), let groupKey = try? Point(compressed: group)
    else { return }
    var shares: [Identifier: Point] = [:]
    var order: [Identifier] = []
    while let id = reader.take(32), let encoded = reader.take(33) {
        guard let identifier = try? Identifier(bytes: id), let point = try? Point(compressed: encoded),
            shares.updateValue(point, forKey: identifier) == nil
        else { return }
        order.append(identifier)
    }
    guard
        let package = try? PublicKeyPackage(
            verifyingShares: shares, groupPublicKey: groupKey, minSigners: Int(threshold[0]) << 8 | Int(threshold[1]))
    else { return }
    require(package.minSigners >= 2 && package.minSigners <= package.verifyingShares.count, "threshold out of range")
    require(package.identifiers == order.sorted(), "identifiers are not the decoded ones in order")
    for identifier in package.identifiers {
        require(package.verifyingShares[identifier] == shares[identifier], "a verifying share changed")
    }
    require((try? package.groupPublicKey.compressed()) == group, "group key re-encodes differently")
    require(package.withEvenY.groupPublicKey.hasEvenY, "the even-y form has an odd group key")
}
