/// The scrypt cost of an officer key file: N = 2^`log2N`, block size `r`, parallelism `p`.
///
/// A file's parameters are checked against ``allowed`` before any memory is allocated, so that a
/// hostile file cannot make a reader allocate gigabytes or spin for minutes: N from 2^14 to 2^18,
/// r from 1 to 16, p from 1 to 4, memory 128·r·N at most 256 MiB, work N·r·p at most 2^22.
public struct ScryptParameters: Hashable, Sendable, CustomStringConvertible {
    /// log2 of the CPU/memory cost N.
    public let log2N: UInt8
    /// The block size.
    public let r: UInt8
    /// The parallelism.
    public let p: UInt8

    /// What `custody officer keygen` writes: N = 2^16, r = 8, p = 1 (64 MiB).
    public static let standard = ScryptParameters(unchecked: 16, r: 8, p: 1)
    /// The range of log2 N a file may have.
    public static let allowedLog2N: ClosedRange<UInt8> = 14...18
    /// The range of r a file may have.
    public static let allowedR: ClosedRange<UInt8> = 1...16
    /// The range of p a file may have.
    public static let allowedP: ClosedRange<UInt8> = 1...4
    /// The most memory, 128·r·N bytes, a file may ask for: 256 MiB.
    public static let maxMemoryBytes = 256 << 20
    /// The most work, N·r·p, a file may ask for.
    public static let maxWork = 1 << 22

    private init(unchecked log2N: UInt8, r: UInt8, p: UInt8) {
        self.log2N = log2N
        self.r = r
        self.p = p
    }

    /// The parameters, when they are within the bounds above.
    public init(log2N: UInt8, r: UInt8, p: UInt8) throws(OfficerKeyError) {
        guard Self.allowedLog2N.contains(log2N) else {
            throw OfficerKeyError(
                .kdfParametersOutOfBounds,
                "scrypt N = 2^\(log2N) is outside the allowed 2^\(Self.allowedLog2N.lowerBound)"
                    + " … 2^\(Self.allowedLog2N.upperBound)")
        }
        guard Self.allowedR.contains(r) else {
            throw OfficerKeyError(
                .kdfParametersOutOfBounds,
                "scrypt r = \(r) is outside the allowed \(Self.allowedR.lowerBound) … \(Self.allowedR.upperBound)")
        }
        guard Self.allowedP.contains(p) else {
            throw OfficerKeyError(
                .kdfParametersOutOfBounds,
                "scrypt p = \(p) is outside the allowed \(Self.allowedP.lowerBound) … \(Self.allowedP.upperBound)")
        }
        let n = 1 << Int(log2N)
        guard 128 * Int(r) * n <= Self.maxMemoryBytes else {
            throw OfficerKeyError(
                .kdfParametersOutOfBounds,
                "scrypt N = 2^\(log2N), r = \(r) needs \(128 * Int(r) * n >> 20) MiB, more than the allowed"
                    + " \(Self.maxMemoryBytes >> 20) MiB")
        }
        guard n * Int(r) * Int(p) <= Self.maxWork else {
            throw OfficerKeyError(
                .kdfParametersOutOfBounds,
                "scrypt N = 2^\(log2N), r = \(r), p = \(p) is more work (N·r·p) than the allowed 2^22")
        }
        self.init(unchecked: log2N, r: r, p: p)
    }

    /// N.
    public var n: Int { 1 << Int(log2N) }

    /// `N=2^16 r=8 p=1`.
    public var description: String { "N=2^\(log2N) r=\(r) p=\(p)" }
}
