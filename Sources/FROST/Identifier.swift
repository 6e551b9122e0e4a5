import Encoding
public import Secp256k1

/// A participant's identifier: a non-zero scalar. Small integers map to themselves.
///
/// Identifiers order as big-endian integers, which for small integers is numeric order; every
/// list of participants in Custody is kept in that order.
public struct Identifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The scalar value, never zero.
    public let scalar: Scalar
    /// The 32-byte big-endian encoding (RFC 9591 `SerializeScalar`).
    public let bytes: [UInt8]

    /// The identifier for a participant number, 1 to 65535.
    public init(_ number: Int) throws(FROSTError) {
        guard number >= 1, number <= 0xFFFF else {
            throw FROSTError(.invalidIdentifier, "an identifier is a number from 1 to 65535, got \(number)")
        }
        self.init(unchecked: Scalar(UInt64(number)))
    }

    /// Decodes a 32-byte big-endian identifier; zero and values not below n are refused.
    public init(bytes: some Collection<UInt8>) throws(FROSTError) {
        let scalar: Scalar
        do {
            scalar = try Scalar(bigEndian: bytes)
        } catch {
            throw FROSTError(.invalidIdentifier, "identifier: \(error.reason)")
        }
        guard !scalar.isZero else { throw FROSTError(.invalidIdentifier, "identifier must not be zero") }
        self.init(unchecked: scalar)
    }

    /// An identifier derived from arbitrary bytes (a name, a key) with the suite's HID.
    public static func derive<Suite: Ciphersuite>(from data: [UInt8], suite: Suite.Type) throws(FROSTError)
        -> Identifier
    {
        let scalar = Suite.hashToScalar(data, tag: "id")
        guard !scalar.isZero else { throw FROSTError(.invalidIdentifier, "derived identifier is zero") }
        return Identifier(unchecked: scalar)
    }

    init(unchecked scalar: Scalar) {
        self.scalar = scalar
        self.bytes = scalar.bigEndianBytes
    }

    /// The participant number when the identifier is a small integer, otherwise nil.
    public var number: Int? {
        guard bytes.prefix(30).allSatisfy({ $0 == 0 }) else { return nil }
        return Int(bytes[30]) << 8 | Int(bytes[31])
    }

    public static func == (a: Identifier, b: Identifier) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
    public static func < (a: Identifier, b: Identifier) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    public var description: String { number.map(String.init) ?? Hex.encode(bytes) }
}

/// Lagrange interpolation over participant identifiers.
///
/// Identifiers are public, so everything here may run in variable time: the inversions use
/// safegcd, and when every identifier is a participant number (below 2¹⁶) the products of
/// identifiers and of their differences are first accumulated in 64-bit integers, a few
/// factors at a time, with one scalar multiplication per filled word.
enum Lagrange {
    /// The coefficient of participant `i` for interpolating at `x` over `set`
    /// (x = 0 gives RFC 9591 `derive_interpolating_value`).
    static func coefficient(for i: Identifier, in set: [Identifier], at x: Scalar = .zero) throws(FROSTError) -> Scalar
    {
        guard set.contains(i) else {
            throw FROSTError(.unknownIdentifier, "participant \(i) is not in the set being interpolated")
        }
        if x.isZero, let numbers = smallNumbers(set), let own = i.number {
            let (numerator, denominator) = smallProducts(own, numbers)
            return numerator * denominator.inverseVariableTime
        }
        var numerator = Scalar.one
        var denominator = Scalar.one
        for j in set where j != i {
            numerator *= x - j.scalar
            denominator *= i.scalar - j.scalar
        }
        return numerator * denominator.inverseVariableTime  // identifiers are public
    }

    /// Every participant's coefficient for interpolating at 0 over `set` (distinct identifiers),
    /// with a single inversion for all of them (Montgomery's trick).
    static func coefficients(for set: [Identifier]) -> [Identifier: Scalar] {
        var numerators: [Scalar] = []
        var denominators: [Scalar] = []
        numerators.reserveCapacity(set.count)
        denominators.reserveCapacity(set.count)
        if let numbers = smallNumbers(set) {
            for own in numbers {
                let (numerator, denominator) = smallProducts(own, numbers)
                numerators.append(numerator)
                denominators.append(denominator)
            }
        } else {
            for i in set {
                var numerator = Scalar.one
                var denominator = Scalar.one
                for j in set where j != i {
                    numerator *= j.scalar
                    denominator *= j.scalar - i.scalar
                }
                numerators.append(numerator)
                denominators.append(denominator)
            }
        }
        // prefix[k] = d₀·…·d_{k-1}; one inverse of the full product, then peel off each dₖ.
        var prefix = [Scalar.one]
        prefix.reserveCapacity(set.count + 1)
        for denominator in denominators { prefix.append(prefix.last! * denominator) }
        var inverse = prefix.last!.inverseVariableTime  // identifiers are public
        var result: [Identifier: Scalar] = [:]
        result.reserveCapacity(set.count)
        for k in stride(from: set.count - 1, through: 0, by: -1) {
            result[set[k]] = numerators[k] * inverse * prefix[k]
            inverse *= denominators[k]
        }
        return result
    }

    /// The participant numbers of `set`, or nil when any identifier is not one.
    private static func smallNumbers(_ set: [Identifier]) -> [Int]? {
        var numbers: [Int] = []
        numbers.reserveCapacity(set.count)
        for identifier in set {
            guard let number = identifier.number else { return nil }
            numbers.append(number)
        }
        return numbers
    }

    /// Π xⱼ and Π (xⱼ - xᵢ) over j ≠ i, for participant numbers (below 2¹⁶, distinct).
    private static func smallProducts(_ own: Int, _ numbers: [Int]) -> (numerator: Scalar, denominator: Scalar) {
        var numerator = SmallProduct()
        var denominator = SmallProduct()
        var negative = false
        for other in numbers where other != own {
            numerator.multiply(by: UInt64(other))
            let difference = other - own
            if difference < 0 { negative.toggle() }
            denominator.multiply(by: UInt64(difference.magnitude))
        }
        let magnitude = denominator.value
        return (numerator.value, negative ? -magnitude : magnitude)
    }
}

/// A product mod n of small positive factors, gathered in a 64-bit word until it would
/// overflow, then folded into a scalar with one multiplication.
private struct SmallProduct {
    private var scalar = Scalar.one
    private var word: UInt64 = 1

    mutating func multiply(by factor: UInt64) {
        let (product, overflow) = word.multipliedReportingOverflow(by: factor)
        if overflow {
            scalar *= Scalar(word)
            word = factor
        } else {
            word = product
        }
    }

    var value: Scalar { scalar * Scalar(word) }
}
