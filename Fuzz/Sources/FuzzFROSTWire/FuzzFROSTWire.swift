import FROST
import FuzzSupport
import Secp256k1

/// The FROST wire encodings (RFC 9591 section 4 and the Taproot suite): the first byte chooses
/// the encoding, the rest is decoded.
///
/// Properties: every decoder refuses or accepts without trapping; what it accepts re-encodes to
/// exactly the input bytes (the encodings are canonical); a scalar decodes exactly when it is
/// below n, an identifier exactly when it is a non-zero scalar; a compressed point and its
/// x-only form agree; round-one DKG packages with hostile proofs are refused by part 2 naming
/// only their senders.
@main enum FuzzFROSTWire {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    guard let selector = reader.byte() else { return }
    let payload = Array(reader.rest)
    switch selector % 8 {
    case 0: scalar(payload)
    case 1: point(payload)
    case 2: identifier(payload)
    case 3: signature(payload, Secp256k1SHA256.self)
    case 4: signature(payload, Secp256k1SHA256Taproot.self)
    case 5: commitments(payload)
    case 6: signatureShare(payload)
    default: round1Packages(payload)
    }
}

func scalar(_ bytes: [UInt8]) {
    let decoded = try? Scalar(bigEndian: bytes)
    let inRange = bytes.count == 32 && bytes.lexicographicallyPrecedes(Scalar.orderBytes)
    require((decoded != nil) == inRange, "scalar decoding disagrees with x < n")
    if let decoded { require(decoded.bigEndianBytes == bytes, "scalar re-encodes differently") }
}

func point(_ bytes: [UInt8]) {
    guard let decoded = try? Point(compressed: bytes) else {
        if bytes.count == 33, bytes[0] == 2 || bytes[0] == 3 {
            require((try? Point(xOnly: bytes.dropFirst())) == nil, "x-only decodes an x the compressed form refuses")
        }
        return
    }
    require((try? decoded.compressed()) == bytes, "point re-encodes differently")
    require((try? (-decoded).xOnly()) == Array(bytes.dropFirst()), "a point and its negation have two x")
    let even = try? Point(xOnly: bytes.dropFirst())
    require(even != nil && (even == decoded) == (bytes[0] == 2), "x-only decoding does not give the even point")
}

func identifier(_ bytes: [UInt8]) {
    let decoded = try? Identifier(bytes: bytes)
    let scalar = try? Scalar(bigEndian: bytes)
    require((decoded != nil) == (scalar.map { !$0.isZero } ?? false), "identifier decoding disagrees with scalar")
    guard let decoded else { return }
    require(decoded.bytes == bytes, "identifier re-encodes differently")
    if let number = decoded.number { require((try? Identifier(number)) == decoded, "participant number round trip") }
}

func signature<Suite: Ciphersuite>(_ bytes: [UInt8], _ suite: Suite.Type) {
    _ = Suite.verify(signature: bytes, message: bytes, publicKey: Point.generator)
    guard let (r, z) = try? Suite.decodeSignature(bytes) else { return }
    require(
        (try? Suite.encodeSignature(commitment: r, response: z)) == bytes,
        "\(Suite.name) signature re-encodes differently")
}

/// identifier ‖ hiding ‖ binding, repeated, then the message.
func commitments(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    var list: [SigningCommitments] = []
    while list.count < 4, let id = reader.take(32), let hiding = reader.take(33), let binding = reader.take(33) {
        guard let identifier = try? Identifier(bytes: id), let d = try? Point(compressed: hiding),
            let e = try? Point(compressed: binding),
            let commitment = try? SigningCommitments(identifier: identifier, hiding: d, binding: e)
        else { return }
        require(
            (try? commitment.hiding.compressed()) == hiding && (try? commitment.binding.compressed()) == binding,
            "commitments re-encode differently")
        list.append(commitment)
    }
    guard let package = try? SigningPackage(commitments: list, message: Array(reader.rest)) else { return }
    require(zip(package.signers, package.signers.dropFirst()).allSatisfy { $0 < $1 }, "signers not strictly ascending")
}

/// identifier ‖ z.
func signatureShare(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    guard let id = reader.take(32), let z = reader.take(32), let identifier = try? Identifier(bytes: id),
        let response = try? Scalar(bigEndian: z)
    else { return }
    let share = SignatureShare(identifier: identifier, response: response)
    require(share.identifier.bytes + share.response.bigEndianBytes == id + z, "signature share re-encodes differently")
}

/// For senders 2 and 3 of a 2-of-3 DKG: a coefficient count byte, the coefficients, a 65-byte
/// proof; participant 1 runs part 2 with them.
func round1Packages(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    var packages: [Identifier: DKG.Round1Package] = [:]
    for sender in 2...3 {
        guard let count = reader.byte(), count <= 4 else { return }
        var points: [Point] = []
        for _ in 0..<count {
            guard let encoded = reader.take(33), let point = try? Point(compressed: encoded) else { return }
            points.append(point)
        }
        guard let proof = reader.take(65),
            let package = try? DKG.Round1Package(
                Secp256k1SHA256.self, commitment: VSSCommitment(coefficients: points), encodedProof: proof)
        else { return }
        require((try? package.encodedProof(Secp256k1SHA256.self)) == proof, "DKG proof re-encodes differently")
        packages[try! Identifier(sender)] = package
    }
    do {
        _ = try Secp256k1SHA256.dkgPart2(secret: dkgSecret, round1Packages: packages)
    } catch {
        require(Set(error.culprits).isSubset(of: packages.keys), "part 2 blames a participant who sent nothing")
    }
}

/// Participant 1's part-one secret for a 2-of-3 DKG among participants 1, 2 and 3, made once.
let dkgSecret = try! Secp256k1SHA256.dkgPart1(
    identifier: Identifier(1), maxSigners: 3, minSigners: 2,
    ceremony: DKG.Ceremony(
        id: Array("custody fuzz dkg ceremony".utf8), participants: [Identifier(1), Identifier(2), Identifier(3)]))
