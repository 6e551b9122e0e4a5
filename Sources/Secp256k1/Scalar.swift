import Encoding
public import SecureMemory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Zeroes `buffer` in a way the compiler may not elide.
func explicitWipe(_ buffer: UnsafeMutableRawBufferPointer) {
    if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
}

/// An integer modulo the secp256k1 group order n. Zero is a valid scalar.
///
/// libsecp256k1's public API has no scalar type (its secret-key functions reject zero and
/// have no inverse), so scalar arithmetic is done here, on four 64-bit limbs, with the
/// same reduction strategy as libsecp256k1's `scalar_4x64` (folding by 2^256 - n). Every
/// operation runs without branches or table look-ups that depend on the values, including
/// ``inverse`` (Fermat's little theorem with a public exponent) and
/// ``init(reducing:)`` (the 48-byte `hash_to_field` output of RFC 9380).
///
/// `==` is constant time. `description` is redacted, since scalars are often secret.
public struct Scalar: Sendable {
    // Little-endian limbs: value = l0 + l1·2^64 + l2·2^128 + l3·2^192, always below n.
    @usableFromInline var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    @usableFromInline
    init(limbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        (self.l0, self.l1, self.l2, self.l3) = (l0, l1, l2, l3)
    }

    /// The group order n, big-endian.
    public static let orderBytes: [UInt8] = try! Hex.decode(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    @usableFromInline static let n0: UInt64 = 0xBFD2_5E8C_D036_4141
    @usableFromInline static let n1: UInt64 = 0xBAAE_DCE6_AF48_A03B
    @usableFromInline static let n2: UInt64 = 0xFFFF_FFFF_FFFF_FFFE
    @usableFromInline static let n3: UInt64 = 0xFFFF_FFFF_FFFF_FFFF
    // 2^256 - n = c0 + c1·2^64 + 1·2^128.
    @usableFromInline static let c0: UInt64 = 0x402D_A173_2FC9_BEBF
    @usableFromInline static let c1: UInt64 = 0x4551_2319_50B7_5FC4

    /// 0.
    public static let zero = Scalar(limbs: 0, 0, 0, 0)
    /// 1.
    public static let one = Scalar(limbs: 1, 0, 0, 0)

    /// A small value, such as a participant identifier.
    public init(_ value: UInt64) { self.init(limbs: value, 0, 0, 0) }

    /// Decodes 32 big-endian bytes; the value must be below n (RFC 9591 `DeserializeScalar`).
    /// No copy of the bytes is made, so secrets can be decoded from wiped memory.
    public init(bigEndian bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        guard bytes.count == 32 else {
            throw Secp256k1Error(.invalidEncoding, "a scalar is 32 bytes, got \(bytes.count)")
        }
        var limbs: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        defer { Wipe.value(&limbs) }
        Self.parse(bytes, into: &limbs)
        let candidate = Scalar(limbs: limbs.0, limbs.1, limbs.2, limbs.3)
        guard candidate.subtractOrderBorrow() == 1 else {
            throw Secp256k1Error(.scalarOutOfRange, "scalar is not below the group order n")
        }
        self = candidate
    }

    /// Reduces a big-endian integer of at most 64 bytes modulo n, in constant time. With 48
    /// bytes this is `hash_to_field` of RFC 9380 for secp256k1 (L = 48). No copy of the bytes
    /// is made.
    public init(reducing bytes: some Collection<UInt8>) {
        precondition(bytes.count <= 64, "at most 64 bytes can be reduced")
        var l: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        defer { Wipe.value(&l) }
        Self.parse(bytes, into: &l)
        self = Self.reduce512(l.0, l.1, l.2, l.3, l.4, l.5, l.6, l.7)
    }

    /// Parses big-endian bytes (at most 64) into eight little-endian limbs, without allocating.
    private static func parse(
        _ bytes: some Collection<UInt8>,
        into limbs: inout (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    ) {
        withUnsafeMutableBytes(of: &limbs) { raw in
            let words = raw.bindMemory(to: UInt64.self)
            var offset = bytes.count - 1  // bit position / 8 of the current byte, from the right
            for byte in bytes {
                words[offset / 8] |= UInt64(byte) << (8 * UInt64(offset % 8))
                offset -= 1
            }
        }
    }

    /// A uniformly random scalar in [1, n-1], from 64 random bytes reduced modulo n.
    public static func random(using generator: inout some RandomNumberGenerator) -> Scalar {
        while true {
            let candidate = reduce512(
                generator.next(), generator.next(), generator.next(), generator.next(),
                generator.next(), generator.next(), generator.next(), generator.next())
            if !candidate.isZero { return candidate }
        }
    }

    /// A uniformly random non-zero scalar from the system's generator.
    public static func random() -> Scalar {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The 32-byte big-endian encoding (RFC 9591 `SerializeScalar`). An array is never wiped:
    /// for secret scalars use ``secretBytes`` or ``withUnsafeBigEndianBytes(_:)``.
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { write(bigEndianTo: $0.baseAddress!) }
        return out
    }

    /// Writes the 32-byte big-endian encoding at `destination`.
    public func write(bigEndianTo destination: UnsafeMutableRawPointer) {
        destination.storeBytes(of: l3.bigEndian, toByteOffset: 0, as: UInt64.self)
        destination.storeBytes(of: l2.bigEndian, toByteOffset: 8, as: UInt64.self)
        destination.storeBytes(of: l1.bigEndian, toByteOffset: 16, as: UInt64.self)
        destination.storeBytes(of: l0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// Calls `body` with the 32-byte big-endian encoding in a stack buffer that is wiped
    /// afterwards: the way to hand a secret scalar to C. Do not let the pointer escape.
    public func withUnsafeBigEndianBytes<R, E: Error>(
        _ body: (UnsafePointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        defer { Wipe.value(&buffer) }
        return try withUnsafeMutableBytes(of: &buffer) { (raw) throws(E) -> R in
            write(bigEndianTo: raw.baseAddress!)
            return try body(raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The encoding in wiped-on-release memory, for secret scalars; no other copy is made.
    public var secretBytes: SecretBytes {
        SecretBytes(count: 32) { write(bigEndianTo: $0.baseAddress!) }
    }

    /// Decodes a secret scalar held in ``SecretBytes``.
    public init(secret: SecretBytes) throws(Secp256k1Error) {
        self = try secret.withUnsafeBytes { (buffer) throws(Secp256k1Error) in
            try Scalar(bigEndian: buffer)
        }
    }

    /// True for 0. Constant time.
    public var isZero: Bool { ConstantTime.isZero(l0 | l1 | l2 | l3) == 1 }

    // MARK: Arithmetic

    /// a + b mod n.
    @inlinable
    public static func + (a: Scalar, b: Scalar) -> Scalar {
        let (s0, o0) = a.l0.addingReportingOverflow(b.l0)
        let (s1, o1) = add3(a.l1, b.l1, o0 ? 1 : 0)
        let (s2, o2) = add3(a.l2, b.l2, o1)
        let (s3, o3) = add3(a.l3, b.l3, o2)
        return Scalar(limbs: s0, s1, s2, s3).reducedOnce(carry: o3)
    }

    /// -a mod n (0 stays 0).
    @inlinable
    public static prefix func - (a: Scalar) -> Scalar {
        let (t0, b0) = n0.subtractingReportingOverflow(a.l0)
        let (t1, b1) = sub3(n1, a.l1, b0 ? 1 : 0)
        let (t2, b2) = sub3(n2, a.l2, b1)
        let (t3, _) = sub3(n3, a.l3, b2)
        let keep = ConstantTime.mask(1 ^ ConstantTime.isZero(a.l0 | a.l1 | a.l2 | a.l3))
        return Scalar(limbs: t0 & keep, t1 & keep, t2 & keep, t3 & keep)
    }

    /// a - b mod n.
    @inlinable
    public static func - (a: Scalar, b: Scalar) -> Scalar { a + -b }

    /// a · b mod n.
    @inlinable
    public static func * (a: Scalar, b: Scalar) -> Scalar {
        var acc = Accumulator()
        acc.mulAdd(a.l0, b.l0)
        let r0 = acc.extract()
        acc.mulAdd(a.l0, b.l1)
        acc.mulAdd(a.l1, b.l0)
        let r1 = acc.extract()
        acc.mulAdd(a.l0, b.l2)
        acc.mulAdd(a.l1, b.l1)
        acc.mulAdd(a.l2, b.l0)
        let r2 = acc.extract()
        acc.mulAdd(a.l0, b.l3)
        acc.mulAdd(a.l1, b.l2)
        acc.mulAdd(a.l2, b.l1)
        acc.mulAdd(a.l3, b.l0)
        let r3 = acc.extract()
        acc.mulAdd(a.l1, b.l3)
        acc.mulAdd(a.l2, b.l2)
        acc.mulAdd(a.l3, b.l1)
        let r4 = acc.extract()
        acc.mulAdd(a.l2, b.l3)
        acc.mulAdd(a.l3, b.l2)
        let r5 = acc.extract()
        acc.mulAdd(a.l3, b.l3)
        let r6 = acc.extract()
        let r7 = acc.extract()
        return reduce512(r0, r1, r2, r3, r4, r5, r6, r7)
    }

    public static func += (a: inout Scalar, b: Scalar) { a = a + b }
    public static func -= (a: inout Scalar, b: Scalar) { a = a - b }
    public static func *= (a: inout Scalar, b: Scalar) { a = a * b }

    /// The multiplicative inverse, a^(n-2) mod n; the inverse of 0 is 0, so callers that
    /// divide must rule zero out first. Constant time: the exponent is public and fixed.
    public var inverse: Scalar {
        // 4-bit fixed window over the public exponent n - 2. The table of powers of the
        // (possibly secret) value is on the stack and wiped afterwards.
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 16) { table in
            defer { explicitWipe(UnsafeMutableRawBufferPointer(table)) }
            table.initialize(repeating: .one)
            for index in 1..<16 { table[index] = table[index - 1] * self }
            var result = Scalar.one
            for byte in Self.orderMinusTwo {
                for nibble in [byte >> 4, byte & 0x0f] {
                    result = result * result
                    result = result * result
                    result = result * result
                    result = result * result
                    if nibble != 0 { result = result * table[Int(nibble)] }
                }
            }
            return result
        }
    }

    private static let orderMinusTwo: [UInt8] = {
        var bytes = orderBytes
        bytes[31] -= 2
        return bytes
    }()

    // MARK: Internals

    @usableFromInline
    struct Accumulator {
        @usableFromInline var c0: UInt64 = 0, c1: UInt64 = 0, c2: UInt64 = 0
        @inlinable init() {}
        @inlinable init(_ start: UInt64) { c0 = start }

        /// (c0, c1, c2) += a · b
        @inlinable @inline(__always)
        mutating func mulAdd(_ a: UInt64, _ b: UInt64) {
            let (high, low) = a.multipliedFullWidth(by: b)
            let (s0, o0) = c0.addingReportingOverflow(low)
            let (s1, o1) = c1.addingReportingOverflow(high &+ (o0 ? 1 : 0))
            c0 = s0
            c1 = s1
            c2 &+= o1 ? 1 : 0
        }

        /// (c0, c1, c2) += a
        @inlinable @inline(__always)
        mutating func add(_ a: UInt64) {
            let (s0, o0) = c0.addingReportingOverflow(a)
            let (s1, o1) = c1.addingReportingOverflow(o0 ? 1 : 0)
            c0 = s0
            c1 = s1
            c2 &+= o1 ? 1 : 0
        }

        /// Returns the low limb and shifts the accumulator down by 64 bits.
        @inlinable @inline(__always)
        mutating func extract() -> UInt64 {
            let out = c0
            (c0, c1, c2) = (c1, c2, 0)
            return out
        }
    }

    @inlinable @inline(__always)
    static func add3(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (s, o1) = a.addingReportingOverflow(b)
        let (t, o2) = s.addingReportingOverflow(carry)
        return (t, (o1 ? 1 : 0) | (o2 ? 1 : 0))
    }

    @inlinable @inline(__always)
    static func sub3(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let (d, b1) = a.subtractingReportingOverflow(b)
        let (e, b2) = d.subtractingReportingOverflow(borrow)
        return (e, (b1 ? 1 : 0) | (b2 ? 1 : 0))
    }

    /// 1 when self - n borrows (self < n), 0 otherwise.
    @usableFromInline
    func subtractOrderBorrow() -> UInt64 {
        let (_, b0) = l0.subtractingReportingOverflow(Self.n0)
        let (_, b1) = Self.sub3(l1, Self.n1, b0 ? 1 : 0)
        let (_, b2) = Self.sub3(l2, Self.n2, b1)
        let (_, b3) = Self.sub3(l3, Self.n3, b2)
        return b3
    }

    /// Given a value carry·2^256 + self below 2n, returns it reduced below n.
    @usableFromInline
    func reducedOnce(carry: UInt64) -> Scalar {
        let (t0, b0) = l0.subtractingReportingOverflow(Self.n0)
        let (t1, b1) = Self.sub3(l1, Self.n1, b0 ? 1 : 0)
        let (t2, b2) = Self.sub3(l2, Self.n2, b1)
        let (t3, b3) = Self.sub3(l3, Self.n3, b2)
        let useDifference = ConstantTime.mask(carry | (b3 ^ 1))
        return Scalar(
            limbs: (t0 & useDifference) | (l0 & ~useDifference),
            (t1 & useDifference) | (l1 & ~useDifference),
            (t2 & useDifference) | (l2 & ~useDifference),
            (t3 & useDifference) | (l3 & ~useDifference))
    }

    /// Reduces l0 + l1·2^64 + … + l7·2^448 modulo n by folding with 2^256 ≡ 2^256 - n (mod n).
    @usableFromInline
    static func reduce512(
        _ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64,
        _ l4: UInt64, _ l5: UInt64, _ l6: UInt64, _ l7: UInt64
    ) -> Scalar {
        // 512 bits -> 385 bits: m = l[0..3] + l[4..7]·c
        var acc = Accumulator(l0)
        acc.mulAdd(l4, c0)
        let m0 = acc.extract()
        acc.add(l1)
        acc.mulAdd(l5, c0)
        acc.mulAdd(l4, c1)
        let m1 = acc.extract()
        acc.add(l2)
        acc.mulAdd(l6, c0)
        acc.mulAdd(l5, c1)
        acc.add(l4)
        let m2 = acc.extract()
        acc.add(l3)
        acc.mulAdd(l7, c0)
        acc.mulAdd(l6, c1)
        acc.add(l5)
        let m3 = acc.extract()
        acc.mulAdd(l7, c1)
        acc.add(l6)
        let m4 = acc.extract()
        acc.add(l7)
        let m5 = acc.extract()
        let m6 = acc.extract()

        // 385 bits -> 258 bits: p = m[0..3] + m[4..6]·c
        acc = Accumulator(m0)
        acc.mulAdd(m4, c0)
        let p0 = acc.extract()
        acc.add(m1)
        acc.mulAdd(m5, c0)
        acc.mulAdd(m4, c1)
        let p1 = acc.extract()
        acc.add(m2)
        acc.mulAdd(m6, c0)
        acc.mulAdd(m5, c1)
        acc.add(m4)
        let p2 = acc.extract()
        acc.add(m3)
        acc.mulAdd(m6, c1)
        acc.add(m5)
        let p3 = acc.extract()
        acc.add(m6)
        let p4 = acc.extract()

        // 258 bits -> 257 bits: r = p[0..3] + p4·c
        acc = Accumulator(p0)
        acc.mulAdd(p4, c0)
        let r0 = acc.extract()
        acc.add(p1)
        acc.mulAdd(p4, c1)
        let r1 = acc.extract()
        acc.add(p2)
        acc.add(p4)
        let r2 = acc.extract()
        acc.add(p3)
        let r3 = acc.extract()
        let carry = acc.extract()
        return Scalar(limbs: r0, r1, r2, r3).reducedOnce(carry: carry)
    }
}

extension Scalar: Equatable {
    /// Constant-time equality.
    public static func == (a: Scalar, b: Scalar) -> Bool {
        ConstantTime.isZero((a.l0 ^ b.l0) | (a.l1 ^ b.l1) | (a.l2 ^ b.l2) | (a.l3 ^ b.l3)) == 1
    }
}

extension Scalar: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Scalar(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
