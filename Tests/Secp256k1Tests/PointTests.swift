import Encoding
import Testing

@testable import Secp256k1

@Suite struct PointTests {
    @Test func identityArithmetic() throws {
        let p = Point(multiplyingGeneratorBy: .random())
        #expect((p + -p).isIdentity)
        #expect((p - p).isIdentity)
        #expect((p * .zero).isIdentity)
        #expect(Point(multiplyingGeneratorBy: .zero).isIdentity)
        #expect(p + .identity == p)
        #expect(Point.identity + p == p)
        #expect((Point.identity * .random()).isIdentity)
        #expect(Point.sum([p, -p, p]) == p)
        #expect(Point.sum([]).isIdentity)
        #expect(throws: Secp256k1Error.self) { try Point.identity.compressed() }
    }

    @Test func multiplicationIsConsistent() throws {
        let a = Scalar.random()
        let b = Scalar.random()
        let g = Point.generator
        #expect(g * a == Point(multiplyingGeneratorBy: a))
        #expect((g * a) * b == Point(multiplyingGeneratorBy: a * b))
        #expect(g * a + g * b == Point(multiplyingGeneratorBy: a + b))
        #expect(Point.linearCombination([(a, g), (b, g * a)]) == Point(multiplyingGeneratorBy: a + b * a))
    }

    @Test func compressedRoundTrip() throws {
        let p = Point(multiplyingGeneratorBy: .random())
        #expect(try Point(compressed: p.compressed()) == p)
        #expect(try Point(xOnly: p.xOnly()) == p.withEvenY)
        #expect(p.withEvenY.hasEvenY)
    }

    @Test(arguments: [
        ("123456afdf4a7f88885ab26b20d18edb7d4d9589812a6cf1a5a1a09d3808dae5d8", "bad prefix (the ZF invalid element)"),
        ("000000000000000000000000000000000000000000000000000000000000000000", "the identity"),
        ("020000000000000000000000000000000000000000000000000000000000000005", "x = 5 is not on the curve"),
        ("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30", "x not below p"),
        ("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817", "32 bytes"),
    ])
    func decodingRefusesInvalidPoints(hex: String, why: String) throws {
        let bytes = try Hex.decode(hex)
        #expect(throws: Secp256k1Error.self, "\(why)") { try Point(compressed: bytes) }
    }

}
