import CustodyTestSupport
import Testing

@testable import Secp256k1

/// The extension compiled into the vendored library: multi-scalar multiplication, constant-time
/// multiplication by a secret, and the variable-time inverse, each against term-by-term
/// arithmetic through the library's public API.
@Suite struct MultiplicationTests {
    static func naive(_ terms: [(Scalar, Point)], generator g: Scalar, plus addends: [Point]) -> Point {
        Point.sum(terms.map { $1 * $0 } + addends + [Point(multiplyingGeneratorBy: g)])
    }

    /// Sizes on both sides of the switch from Strauss to Pippenger (88 points).
    @Test(arguments: [0, 1, 2, 3, 10, 87, 88, 89, 201])
    func linearCombinationMatchesTermByTerm(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        for round in 0..<3 {
            let terms = (0..<count).map { _ in
                (Scalar.random(using: &generator), Point(multiplyingGeneratorBy: .random(using: &generator)))
            }
            let g = round == 0 ? Scalar.zero : Scalar.random(using: &generator)
            let addends = round == 2 ? [Point(multiplyingGeneratorBy: .random(using: &generator))] : []
            #expect(
                Point.linearCombination(terms, generator: g, plus: addends)
                    == Self.naive(terms, generator: g, plus: addends), "count \(count), round \(round)")
        }
    }

    @Test func linearCombinationReachesTheIdentity() {
        let p = Point(multiplyingGeneratorBy: .random())
        let k = Scalar.random()
        #expect(Point.linearCombination([(k, p), (-k, p)]).isIdentity)
        #expect(Point.linearCombination([(k, p)], generator: .zero, plus: [-(p * k)]).isIdentity)
        #expect(Point.linearCombination([(-k, Point.generator)], generator: k).isIdentity)
        #expect(Point.linearCombination([]).isIdentity)
        // Zero scalars and identity points contribute nothing.
        #expect(Point.linearCombination([(.zero, p), (k, .identity), (k, p)]) == p * k)
    }

    @Test func secretMultiplicationMatchesVariableTime() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let p = Point(multiplyingGeneratorBy: .random(using: &generator))
            let k = Scalar.random(using: &generator)
            #expect(p.multiplied(bySecret: k) == p * k)
        }
        #expect(Point.generator.multiplied(bySecret: .zero).isIdentity)
        #expect(Point.identity.multiplied(bySecret: .one).isIdentity)
        #expect(Point.generator.multiplied(bySecret: -Scalar.one) == -Point.generator)
    }

    @Test func variableTimeInverseMatchesConstantTime() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let a = Scalar.random(using: &generator)
            #expect(a.inverseVariableTime == a.inverse)
            #expect(a * a.inverseVariableTime == .one)
        }
    }
}
