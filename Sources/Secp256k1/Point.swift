internal import CSecp256k1Vendored
import Encoding

/// A point of secp256k1, including the identity (the point at infinity).
///
/// Arithmetic goes through the vendored libsecp256k1: its public API and, for what that API
/// lacks, Custody's extension compiled in the library's translation unit
/// (`custody_secp256k1_ext.h`). libsecp256k1's `secp256k1_pubkey` is always a real point; this
/// type adds the identity as a separate case, maps "result is infinity" outcomes to it, and
/// short-circuits multiplications by zero.
///
/// Side channels, per operation:
/// - `init(multiplyingGeneratorBy:)`: constant time (`secp256k1_ec_pubkey_create`); for secrets.
/// - ``multiplied(bySecret:)``: constant time in the scalar (`ecmult_const`); for secrets.
/// - `*`, ``linearCombination(_:generator:)``: **variable time** (wNAF, Strauss/Pippenger);
///   for public scalars and points only, as FROST uses them (binding factors, challenges,
///   Lagrange coefficients, identifiers, batch-verification weights).
/// - `+`, `-`, ``sum(_:)``, encodings and `==`: on public points.
public struct Point: Sendable {
    /// nil is the identity.
    var key: custody_secp256k1_pubkey?

    init(key: custody_secp256k1_pubkey?) { self.key = key }

    /// The point at infinity.
    public static let identity = Point(key: nil)

    /// The generator G.
    public static let generator = Point(multiplyingGeneratorBy: .one)

    /// k·G, in constant time. The scalar's encoding lives only in a stack buffer that is wiped.
    public init(multiplyingGeneratorBy k: Scalar) {
        guard !k.isZero else {
            self.init(key: nil)
            return
        }
        var key = custody_secp256k1_pubkey()
        let ok = k.withUnsafeBigEndianBytes { bytes in
            custody_secp256k1_ec_pubkey_create(Secp256k1Context.shared.pointer, &key, bytes)
        }
        precondition(ok == 1, "a non-zero scalar below n is always a valid secret key")
        self.init(key: key)
    }

    /// True for the point at infinity.
    public var isIdentity: Bool { key == nil }

    /// k·P, in variable time: for public scalars only.
    public static func * (point: Point, k: Scalar) -> Point {
        guard var key = point.key, !k.isZero else { return .identity }
        let ok = k.withUnsafeBigEndianBytes { bytes in
            custody_secp256k1_ec_pubkey_tweak_mul(Secp256k1Context.shared.pointer, &key, bytes)
        }
        precondition(ok == 1, "multiplying a point by a non-zero scalar below n cannot fail")
        return Point(key: key)
    }

    /// k·P in constant time in k, for a secret scalar (the point is public). The scalar's
    /// encoding lives only in a stack buffer that is wiped.
    public func multiplied(bySecret k: Scalar) -> Point {
        guard var point = key, !k.isZero else { return .identity }
        var out = custody_secp256k1_pubkey()
        let ok = k.withUnsafeBigEndianBytes { bytes in
            custody_secp256k1_ext_multiply_secret(Secp256k1Context.shared.pointer, &out, &point, bytes)
        }
        precondition(ok == 1, "multiplying a point by a non-zero scalar below n cannot fail")
        return Point(key: out)
    }

    /// k·P.
    public static func * (k: Scalar, point: Point) -> Point { point * k }

    /// P + Q.
    public static func + (a: Point, b: Point) -> Point { sum([a, b]) }

    /// -P.
    public static prefix func - (point: Point) -> Point {
        guard var key = point.key else { return .identity }
        _ = custody_secp256k1_ec_pubkey_negate(Secp256k1Context.shared.pointer, &key)
        return Point(key: key)
    }

    /// P - Q.
    public static func - (a: Point, b: Point) -> Point { a + -b }

    /// The sum of many points, with one `custody_secp256k1_ec_pubkey_combine` call (one field
    /// inversion in all).
    public static func sum(_ points: some Collection<Point>) -> Point {
        var keys = points.compactMap(\.key)
        switch keys.count {
        case 0: return .identity
        case 1: return Point(key: keys[0])
        default: break
        }
        var out = custody_secp256k1_pubkey()
        let ok = keys.withUnsafeMutableBufferPointer { buffer -> Int32 in
            let base = buffer.baseAddress!
            let pointers: [UnsafePointer<custody_secp256k1_pubkey>?] = (0..<buffer.count).map {
                UnsafePointer(base + $0)
            }
            return custody_secp256k1_ec_pubkey_combine(Secp256k1Context.shared.pointer, &out, pointers, pointers.count)
        }
        // With valid inputs, combine fails only when the sum is the point at infinity.
        return ok == 1 ? Point(key: out) : .identity
    }

    /// g·G + Σ kᵢ·Pᵢ + Σ Aⱼ with one multi-scalar multiplication (libsecp256k1's Strauss
    /// algorithm, Pippenger's from 88 points) and one conversion to affine coordinates, in
    /// **variable time**: public scalars and points only. Identity points and zero scalars
    /// contribute nothing.
    public static func linearCombination(
        _ terms: [(Scalar, Point)], generator g: Scalar = .zero, plus addends: [Point] = []
    ) -> Point {
        let added = addends.compactMap(\.key)
        var keys: [custody_secp256k1_pubkey] = []
        keys.reserveCapacity(terms.count)
        var scalars = [UInt8](repeating: 0, count: 32 * terms.count)
        scalars.withUnsafeMutableBytes { buffer in
            for (k, point) in terms {
                guard let key = point.key, !k.isZero else { continue }
                k.write(bigEndianTo: buffer.baseAddress! + 32 * keys.count)
                keys.append(key)
            }
        }
        var out = custody_secp256k1_pubkey()
        let context = Secp256k1Context.shared.pointer
        let outcome: Int32
        if g.isZero {
            outcome = custody_secp256k1_ext_multiply_sum(
                context, &out, nil, keys, scalars, keys.count, added, added.count)
        } else {
            outcome = g.withUnsafeBigEndianBytes { gBytes in
                custody_secp256k1_ext_multiply_sum(
                    context, &out, gBytes, keys, scalars, keys.count, added, added.count)
            }
        }
        precondition(outcome >= 0, "multi-scalar multiplication failed (out of memory)")
        return outcome == 1 ? Point(key: out) : .identity
    }

    // MARK: Encodings

    /// Decodes a 33-byte compressed SEC1 point (RFC 9591 `DeserializeElement`); the identity
    /// has no such encoding and is refused, as is any x that is not on the curve.
    public init(compressed bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        let bytes = Array(bytes)
        guard bytes.count == 33 else {
            throw Secp256k1Error(.invalidEncoding, "a compressed point is 33 bytes, got \(bytes.count)")
        }
        guard bytes[0] == 0x02 || bytes[0] == 0x03 else {
            if bytes.allSatisfy({ $0 == 0 }) {
                throw Secp256k1Error(.identityElement, "the identity element is not a valid point here")
            }
            throw Secp256k1Error(
                .invalidEncoding, "a compressed point starts with 02 or 03, got \(Hex.encode(bytes.prefix(1)))")
        }
        var key = custody_secp256k1_pubkey()
        guard custody_secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes, 33) == 1 else {
            throw Secp256k1Error(.notOnCurve, "\(Hex.encode(bytes)) is not a point of secp256k1")
        }
        self.init(key: key)
    }

    /// The 33-byte compressed SEC1 encoding (RFC 9591 `SerializeElement`).
    /// - Throws: `.identityElement` for the point at infinity, which has no encoding.
    public func compressed() throws(Secp256k1Error) -> [UInt8] {
        guard !isIdentity else {
            throw Secp256k1Error(.identityElement, "the identity element cannot be serialized")
        }
        return [UInt8](unsafeUninitializedCapacity: 33) { buffer, count in
            try! write(compressedTo: buffer.baseAddress!)
            count = 33
        }
    }

    /// Writes the 33-byte compressed SEC1 encoding at `destination`, without allocating.
    /// - Throws: `.identityElement` for the point at infinity, which has no encoding.
    public func write(compressedTo destination: UnsafeMutablePointer<UInt8>) throws(Secp256k1Error) {
        guard var key else {
            throw Secp256k1Error(.identityElement, "the identity element cannot be serialized")
        }
        var length = 33
        _ = custody_secp256k1_ec_pubkey_serialize(
            Secp256k1Context.shared.pointer, destination, &length, &key, UInt32(SECP256K1_EC_COMPRESSED))
    }

    /// True when the point is not the identity and its y coordinate is even (BIP-340).
    public var hasEvenY: Bool {
        var encoding: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &encoding) { raw in
            let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard (try? write(compressedTo: bytes)) != nil else { return false }
            return bytes[0] == 0x02
        }
    }

    /// The 32-byte x coordinate (BIP-340 `bytes(P)`).
    /// - Throws: `.identityElement` for the point at infinity.
    public func xOnly() throws(Secp256k1Error) -> [UInt8] { Array(try compressed().dropFirst()) }

    /// The point with x coordinate `bytes` and even y (BIP-340 `lift_x`).
    public init(xOnly bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        guard bytes.count == 32 else {
            throw Secp256k1Error(.invalidEncoding, "an x-only key is 32 bytes, got \(bytes.count)")
        }
        try self.init(compressed: [0x02] + bytes)
    }

    /// This point if its y is even, otherwise its negation.
    public var withEvenY: Point { hasEvenY ? self : -self }
}

extension Point: Equatable {
    public static func == (a: Point, b: Point) -> Bool {
        switch (a.key, b.key) {
        case (nil, nil): return true
        case (var x?, var y?): return custody_secp256k1_ec_pubkey_cmp(Secp256k1Context.shared.pointer, &x, &y) == 0
        default: return false
        }
    }
}

extension Point: CustomStringConvertible {
    /// Points are public: the compressed encoding in hex, or "identity".
    public var description: String {
        guard let bytes = try? compressed() else { return "Point(identity)" }
        return "Point(\(Hex.encode(bytes)))"
    }
}
