import Crypto
import Encoding
import Foundation
import Testing

@testable import Secp256k1

/// BIP-340's published vectors, through libsecp256k1 and through a second verifier written here
/// from the BIP's own text with this module's scalar and point arithmetic.
@Suite struct SchnorrTests {
    struct Vector: Decodable, CustomTestStringConvertible {
        let index: Int
        let secretKey, publicKey, auxRand, message, signature: String
        let valid: Bool
        let comment: String
        var testDescription: String { "BIP-340 #\(index) \(comment)" }
    }
    struct File: Decodable { let vectors: [Vector] }

    static let vectors: [Vector] = {
        let url = Bundle.module.url(forResource: "bip340-vectors", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors
    }()

    /// BIP-340 Verify, step by step from the specification.
    static func referenceVerify(publicKey: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        guard signature.count == 64, let p = try? Point(xOnly: publicKey) else { return false }
        let rBytes = Array(signature.prefix(32))
        guard let s = try? Scalar(bigEndian: signature.suffix(32)) else { return false }
        // r must be a field element: below p.
        let fieldPrime = try! Hex.decode("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")
        guard rBytes.lexicographicallyPrecedes(fieldPrime) else { return false }
        let e = Scalar(reducing: TaggedHash.bip340Challenge.hash(rBytes, publicKey, message))
        let r = Point(multiplyingGeneratorBy: s) - p * e
        guard !r.isIdentity, r.hasEvenY else { return false }
        return (try? r.xOnly()) == rBytes
    }

    @Test(arguments: vectors)
    func verification(_ vector: Vector) throws {
        let publicKey = try Hex.decode(vector.publicKey)
        let message = try Hex.decode(vector.message)
        let signature = try Hex.decode(vector.signature)
        #expect(Schnorr.verify(signature: signature, message: message, publicKey: publicKey) == vector.valid)
        #expect(Self.referenceVerify(publicKey: publicKey, message: message, signature: signature) == vector.valid)
    }

    @Test(arguments: vectors.filter { !$0.secretKey.isEmpty && $0.message.count == 64 })
    func signing(_ vector: Vector) throws {
        let signature = try Schnorr.sign(
            message: Hex.decode(vector.message), secretKey: Scalar(bigEndian: Hex.decode(vector.secretKey)),
            auxiliaryRandomness: Hex.decode(vector.auxRand))
        #expect(Hex.encode(signature) == vector.signature)
    }

    @Test func taprootTweakMatchesBIP341() throws {
        // BIP-341 wallet-test-vectors.json, scriptPubKey[0] (no scripts) and [1] (one leaf).
        let internal0 = try Point(xOnly: Hex.decode("d6889cb081036e0faefa3a35157ad71086b123b2b144b649798b494c300a961d"))
        let output0 = try TaprootTweak.outputKey(internalKey: internal0, merkleRoot: nil)
        #expect(try Hex.encode(output0.xOnly()) == "53a1f6e454df1aa2776a2814a721372d6258050de330b3c6d10ee8f4e0dda343")
        let internal1 = try Point(xOnly: Hex.decode("187791b6f712a8ea41c8ecdd0ee77fab3e85263b37e1ec18a3651926b3a6cf27"))
        let root1 = try Hex.decode("5b75adecf53548f3ec6ad7d78383bf84cc57b55a3127c72b9a2481752dd88b21")
        let output1 = try TaprootTweak.outputKey(internalKey: internal1, merkleRoot: root1)
        #expect(try Hex.encode(output1.xOnly()) == "147c9c57132f6e7ecddba9800bb0c4449251c92a1e60371ee77557b6620f3ea3")
        #expect(throws: Secp256k1Error.self) { try TaprootTweak.outputKey(internalKey: internal1, merkleRoot: [1, 2]) }
    }
}
