import CSecp256k1
import Encoding
import Testing

@testable import Secp256k1

/// Scalar arithmetic, checked against libsecp256k1's own secret-key arithmetic and against
/// values computed independently.
@Suite struct ScalarTests {
    /// libsecp256k1's tweak functions: an independent implementation of + and · mod n.
    /// `nonisolated(unsafe)`: created once; the calls below only read it.
    nonisolated(unsafe) static let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!

    static func libsecpAdd(_ a: Scalar, _ b: Scalar) -> Scalar? {
        var bytes = a.bigEndianBytes
        guard secp256k1_ec_seckey_tweak_add(context, &bytes, b.bigEndianBytes) == 1 else { return nil }
        return try? Scalar(bigEndian: bytes)
    }

    static func libsecpMultiply(_ a: Scalar, _ b: Scalar) -> Scalar? {
        var bytes = a.bigEndianBytes
        guard secp256k1_ec_seckey_tweak_mul(context, &bytes, b.bigEndianBytes) == 1 else { return nil }
        return try? Scalar(bigEndian: bytes)
    }

    static func libsecpNegate(_ a: Scalar) -> Scalar? {
        var bytes = a.bigEndianBytes
        guard secp256k1_ec_seckey_negate(context, &bytes) == 1 else { return nil }
        return try? Scalar(bigEndian: bytes)
    }

    /// Random scalars plus the edge values 1, 2, n-1, n-2 and values with extreme limbs.
    static func samples(_ count: Int) -> [Scalar] {
        let edges = [
            Scalar.one, Scalar(2), -Scalar.one, -Scalar(2), Scalar(UInt64.max),
            try! Scalar(bigEndian: try! Hex.decode("fffffffffffffffffffffffffffffffe00000000000000000000000000000000")),
            try! Scalar(bigEndian: try! Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364100")),
        ]
        return edges + (0..<count).map { _ in Scalar.random() }
    }

    @Test func additionMultiplicationAndNegationMatchLibsecp256k1() throws {
        let values = Self.samples(60)
        for a in values {
            #expect(Self.libsecpNegate(a) == -a)
            for b in values.prefix(20) {
                #expect(Self.libsecpMultiply(a, b) == a * b)
                if let sum = Self.libsecpAdd(a, b) {
                    #expect(sum == a + b)
                } else {
                    // libsecp256k1 refuses a zero result, and only then.
                    #expect((a + b).isZero)
                }
            }
        }
    }

    @Test func zeroIsAValidScalar() {
        let a = Scalar.random()
        #expect(Scalar.zero.isZero)
        #expect((a - a).isZero)
        #expect(a + .zero == a)
        #expect((a * .zero).isZero)
        #expect((-Scalar.zero).isZero)
        #expect(Scalar.zero.inverse.isZero)
    }

    @Test func inverse() throws {
        for a in Self.samples(40) {
            #expect(a * a.inverse == .one)
        }
        #expect(
            Hex.encode(Scalar(3).inverse.bigEndianBytes)
                == "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa9d1c9e899ca306ad27fe1945de0242b81")
    }

    @Test func variableTimeInverseAgreesWithFermat() {
        for a in Self.samples(200) {
            #expect(a.inverseVariableTime == a.inverse)
        }
        #expect(Scalar.zero.inverseVariableTime.isZero)
        #expect(Scalar.one.inverseVariableTime == .one)
    }

    @Test func decodingRefusesValuesNotBelowTheOrder() throws {
        #expect(throws: Secp256k1Error.self) { try Scalar(bigEndian: Scalar.orderBytes) }
        #expect(throws: Secp256k1Error.self) { try Scalar(bigEndian: [UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: Secp256k1Error.self) { try Scalar(bigEndian: [UInt8](repeating: 1, count: 31)) }
        var belowOrder = Scalar.orderBytes
        belowOrder[31] -= 1
        #expect(try Scalar(bigEndian: belowOrder) == -Scalar.one)
        #expect(try Scalar(bigEndian: belowOrder).bigEndianBytes == belowOrder)
    }

    @Test func reductionOfWideValues() throws {
        // Values computed independently with arbitrary-precision integers.
        #expect(Scalar(reducing: Scalar.orderBytes).isZero)
        #expect(
            Hex.encode(Scalar(reducing: [UInt8](repeating: 0xff, count: 64)).bigEndianBytes)
                == "9d671cd581c69bc5e697f5e45bcd07c6741496c20e7cf878896cf21467d7d13f")
        #expect(
            Hex.encode(Scalar(reducing: [UInt8](repeating: 0xff, count: 48)).bigEndianBytes)
                == "4551231950b75fc4402da1732fc9bec04551231950b75fc4402da1732fc9bebe")
        // hi·2^256 + lo ≡ hi·(2^256 mod n) + lo
        let twoTo256 = Scalar(reducing: [1] + [UInt8](repeating: 0, count: 32))
        for _ in 0..<50 {
            let high = Scalar.random()
            let low = Scalar.random()
            #expect(Scalar(reducing: high.bigEndianBytes + low.bigEndianBytes) == high * twoTo256 + low)
        }
    }

    @Test func descriptionsAreRedacted() {
        let secret = Scalar.random()
        #expect(!String(describing: secret).contains(Hex.encode(secret.bigEndianBytes)))
        #expect(!String(reflecting: secret).contains(Hex.encode(secret.bigEndianBytes)))
        #expect(String(describing: secret) == "Scalar(redacted)")
    }
}
