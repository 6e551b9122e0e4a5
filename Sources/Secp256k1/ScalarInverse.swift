extension Scalar {
    /// The multiplicative inverse by the binary extended Euclidean algorithm, in **variable
    /// time**: for public values only (identifiers, Lagrange denominators). The inverse of 0 is 0.
    /// Secret values use the constant-time ``inverse``.
    public var inverseVariableTime: Scalar {
        guard !isZero else { return .zero }
        var u = Wide(self)
        var v = Wide(limbs: Self.n0, Self.n1, Self.n2, Self.n3)
        var x1 = Scalar.one
        var x2 = Scalar.zero
        while !u.isOne && !v.isOne {
            while u.isEven {
                u.shiftRight()
                x1 = x1.halved
            }
            while v.isEven {
                v.shiftRight()
                x2 = x2.halved
            }
            if !u.isLess(than: v) {
                u.subtract(v)
                x1 -= x2
            } else {
                v.subtract(u)
                x2 -= x1
            }
        }
        return u.isOne ? x1 : x2
    }

    /// self / 2 mod n: self >> 1 when even, (self + n) >> 1 when odd.
    private var halved: Scalar {
        var value = Wide(self)
        if !value.isEven {
            let carry = value.add(Wide(limbs: Self.n0, Self.n1, Self.n2, Self.n3))
            value.shiftRight()
            value.l3 |= carry << 63
        } else {
            value.shiftRight()
        }
        return Scalar(limbs: value.l0, value.l1, value.l2, value.l3)
    }

    /// A plain 256-bit unsigned integer, for the Euclidean algorithm.
    private struct Wide {
        var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

        init(limbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
            (self.l0, self.l1, self.l2, self.l3) = (l0, l1, l2, l3)
        }

        init(_ scalar: Scalar) { self.init(limbs: scalar.l0, scalar.l1, scalar.l2, scalar.l3) }

        var isEven: Bool { l0 & 1 == 0 }
        var isOne: Bool { l0 == 1 && l1 == 0 && l2 == 0 && l3 == 0 }

        mutating func shiftRight() {
            l0 = l0 >> 1 | l1 << 63
            l1 = l1 >> 1 | l2 << 63
            l2 = l2 >> 1 | l3 << 63
            l3 >>= 1
        }

        func isLess(than other: Wide) -> Bool {
            if l3 != other.l3 { return l3 < other.l3 }
            if l2 != other.l2 { return l2 < other.l2 }
            if l1 != other.l1 { return l1 < other.l1 }
            return l0 < other.l0
        }

        /// self -= other, for other ≤ self.
        mutating func subtract(_ other: Wide) {
            var borrow: UInt64
            (l0, borrow) = Scalar.sub3(l0, other.l0, 0)
            (l1, borrow) = Scalar.sub3(l1, other.l1, borrow)
            (l2, borrow) = Scalar.sub3(l2, other.l2, borrow)
            (l3, _) = Scalar.sub3(l3, other.l3, borrow)
        }

        /// self += other; returns the carry out of bit 255.
        mutating func add(_ other: Wide) -> UInt64 {
            var carry: UInt64
            (l0, carry) = Scalar.add3(l0, other.l0, 0)
            (l1, carry) = Scalar.add3(l1, other.l1, carry)
            (l2, carry) = Scalar.add3(l2, other.l2, carry)
            (l3, carry) = Scalar.add3(l3, other.l3, carry)
            return carry
        }
    }
}
