import CSecp256k1
import CustodyTestSupport
import Foundation
import Testing

@testable import Secp256k1

/// The vendored libsecp256k1 (behind this module's API) against Debian's libsecp256k1, loaded
/// from its shared library in the same process: an independent build of another release, asked
/// the same questions over thousands of seeded inputs.
@Suite struct DifferentialTests {
    /// `nonisolated(unsafe)`: created once; the calls below only read it.
    nonisolated(unsafe) static let system = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!

    static let rounds = 2_000

    /// The oracle must really be the system library: had the vendored copy kept libsecp256k1's
    /// names, the linker could resolve these calls to it and the comparison would prove nothing.
    @Test func systemOracleIsDebiansSharedLibrary() throws {
        let resolved = try #require(dlsym(dlopen(nil, RTLD_NOW), "secp256k1_context_create"))
        let function = UInt(bitPattern: resolved)
        // The mapping that holds the function's code, from /proc/self/maps: "start-end perms … path".
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let file = maps.split(separator: "\n").first { line in
            let bounds = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt($0, radix: 16) }
            return bounds.count == 2 && bounds[0] <= function && function < bounds[1]
        }?.split(separator: " ", omittingEmptySubsequences: true).last
        let path = String(try #require(file))
        #expect(path.contains("libsecp256k1.so"), "secp256k1_context_create resolved into \(path)")
    }

    static func systemPublicKey(_ secret: Scalar) -> secp256k1_pubkey {
        var key = secp256k1_pubkey()
        #expect(secp256k1_ec_pubkey_create(system, &key, secret.bigEndianBytes) == 1)
        return key
    }

    static func compressed(_ key: secp256k1_pubkey) -> [UInt8] {
        var key = key
        var out = [UInt8](repeating: 0, count: 33)
        var length = 33
        _ = secp256k1_ec_pubkey_serialize(system, &out, &length, &key, UInt32(SECP256K1_EC_COMPRESSED))
        return out
    }

    static func bytes(_ count: Int, _ generator: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    @Test func bip340SignaturesAndVerificationAgree() throws {
        var generator = SeededGenerator(seed: 340)
        for round in 0..<Self.rounds {
            let secret = Scalar.random(using: &generator)
            let message = Self.bytes(32, &generator)
            let aux = Self.bytes(32, &generator)
            let ours = try Schnorr.sign(message: message, secretKey: secret, auxiliaryRandomness: aux)

            var keypair = secp256k1_keypair()
            #expect(secp256k1_keypair_create(Self.system, &keypair, secret.bigEndianBytes) == 1)
            var theirs = [UInt8](repeating: 0, count: 64)
            #expect(secp256k1_schnorrsig_sign32(Self.system, &theirs, message, &keypair, aux) == 1)
            #expect(ours == theirs, "round \(round)")

            var xOnly = secp256k1_xonly_pubkey()
            var parity: Int32 = 0
            #expect(secp256k1_keypair_xonly_pub(Self.system, &xOnly, &parity, &keypair) == 1)
            var xOnlyBytes = [UInt8](repeating: 0, count: 32)
            _ = secp256k1_xonly_pubkey_serialize(Self.system, &xOnlyBytes, &xOnly)
            #expect(try Point(multiplyingGeneratorBy: secret).xOnly() == xOnlyBytes)

            // Valid, and with one bit of the signature, the message or the key flipped.
            var candidates = [(ours, message, xOnlyBytes)]
            let bit = Int(generator.next() % 256)
            var badSignature = ours
            badSignature[bit / 8 + (round % 2) * 32] ^= 1 << (bit % 8)
            var badMessage = message
            badMessage[bit / 8] ^= 1 << (bit % 8)
            var badKey = xOnlyBytes
            badKey[bit / 8] ^= 1 << (bit % 8)
            candidates += [
                (badSignature, message, xOnlyBytes), (ours, badMessage, xOnlyBytes), (ours, message, badKey),
            ]
            for (index, (signature, signed, key)) in candidates.enumerated() {
                var parsed = secp256k1_xonly_pubkey()
                let systemVerdict =
                    secp256k1_xonly_pubkey_parse(Self.system, &parsed, key) == 1
                    && secp256k1_schnorrsig_verify(Self.system, signature, signed, signed.count, &parsed) == 1
                let ourVerdict = Schnorr.verify(signature: signature, message: signed, publicKey: key)
                #expect(ourVerdict == systemVerdict, "round \(round), candidate \(index)")
                #expect(ourVerdict == (index == 0), "round \(round), candidate \(index)")
            }
        }
    }

    @Test func pointEncodingsArithmeticAndTweaksAgree() throws {
        var generator = SeededGenerator(seed: 341)
        for round in 0..<Self.rounds {
            let a = Scalar.random(using: &generator)
            let b = Scalar.random(using: &generator)
            let systemA = Self.systemPublicKey(a)
            let systemB = Self.systemPublicKey(b)
            let pointA = Point(multiplyingGeneratorBy: a)
            let pointB = Point(multiplyingGeneratorBy: b)
            #expect(try pointA.compressed() == Self.compressed(systemA), "round \(round)")
            #expect(try Point(compressed: Self.compressed(systemA)) == pointA)

            // P + Q, -P and b·P.
            var sum = secp256k1_pubkey()
            var pair = [systemA, systemB]
            let combined = pair.withUnsafeMutableBufferPointer { buffer in
                let pointers: [UnsafePointer<secp256k1_pubkey>?] = [
                    UnsafePointer(buffer.baseAddress!), UnsafePointer(buffer.baseAddress! + 1),
                ]
                return secp256k1_ec_pubkey_combine(Self.system, &sum, pointers, 2)
            }
            #expect(combined == 1)
            #expect(try (pointA + pointB).compressed() == Self.compressed(sum), "round \(round)")
            var negated = systemA
            _ = secp256k1_ec_pubkey_negate(Self.system, &negated)
            #expect(try (-pointA).compressed() == Self.compressed(negated))
            var product = systemA
            #expect(secp256k1_ec_pubkey_tweak_mul(Self.system, &product, b.bigEndianBytes) == 1)
            #expect(try (pointA * b).compressed() == Self.compressed(product), "round \(round)")

            // BIP-341: the output key of a key-path-only spend and of a script tree.
            let root: [UInt8]? = round % 2 == 0 ? nil : Self.bytes(32, &generator)
            var internalKey = secp256k1_xonly_pubkey()
            var fullKey = systemA
            #expect(secp256k1_xonly_pubkey_from_pubkey(Self.system, &internalKey, nil, &fullKey) == 1)
            var internalBytes = [UInt8](repeating: 0, count: 32)
            _ = secp256k1_xonly_pubkey_serialize(Self.system, &internalBytes, &internalKey)
            let tweak = try TaprootTweak.scalar(internalKey: internalBytes, merkleRoot: root)
            var output = secp256k1_pubkey()
            #expect(secp256k1_xonly_pubkey_tweak_add(Self.system, &output, &internalKey, tweak.bigEndianBytes) == 1)
            let ours = try TaprootTweak.outputKey(internalKey: pointA, merkleRoot: root)
            #expect(try ours.compressed() == Self.compressed(output), "round \(round)")
        }
    }

    @Test func ecdsaVerificationAgreesWithSystemSignatures() throws {
        var generator = SeededGenerator(seed: 62)
        for round in 0..<(Self.rounds / 4) {
            let secret = Scalar.random(using: &generator)
            let digest = Self.bytes(32, &generator)
            var signature = secp256k1_ecdsa_signature()
            #expect(secp256k1_ecdsa_sign(Self.system, &signature, digest, secret.bigEndianBytes, nil, nil) == 1)
            var compact = [UInt8](repeating: 0, count: 64)
            _ = secp256k1_ecdsa_signature_serialize_compact(Self.system, &compact, &signature)
            let key = Self.compressed(Self.systemPublicKey(secret))
            #expect(ECDSA.verify(signature: compact, digest: digest, publicKey: key), "round \(round)")
            var wrong = digest
            wrong[Int(generator.next() % 32)] ^= 1
            #expect(!ECDSA.verify(signature: compact, digest: wrong, publicKey: key), "round \(round)")
        }
    }

    /// The extension's multi-scalar multiplication against the system library's products and sum.
    @Test func multiScalarMultiplicationAgreesWithSystemProducts() throws {
        var generator = SeededGenerator(seed: 9591)
        for round in 0..<(Self.rounds / 20) {
            let count = 1 + round % 120
            var terms: [(Scalar, Point)] = []
            var products: [secp256k1_pubkey] = []
            for _ in 0..<count {
                let secret = Scalar.random(using: &generator)
                let k = Scalar.random(using: &generator)
                terms.append((k, Point(multiplyingGeneratorBy: secret)))
                var product = Self.systemPublicKey(secret)
                #expect(secp256k1_ec_pubkey_tweak_mul(Self.system, &product, k.bigEndianBytes) == 1)
                products.append(product)
            }
            var sum = secp256k1_pubkey()
            let combined = products.withUnsafeMutableBufferPointer { buffer in
                let pointers: [UnsafePointer<secp256k1_pubkey>?] = (0..<buffer.count).map {
                    UnsafePointer(buffer.baseAddress! + $0)
                }
                return secp256k1_ec_pubkey_combine(Self.system, &sum, pointers, pointers.count)
            }
            #expect(combined == 1)
            #expect(try Point.linearCombination(terms).compressed() == Self.compressed(sum), "round \(round)")
        }
    }
}
