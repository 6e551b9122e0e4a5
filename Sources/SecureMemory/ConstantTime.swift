/// Comparisons and selections whose running time does not depend on secret contents.
public enum ConstantTime {
    /// True when both buffers hold the same bytes. Runs in time that depends on the lengths only.
    public static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count {
            difference |= a[index] ^ b[index]
        }
        return isZero(UInt64(difference)) == 1
    }

    /// True when both byte sequences are equal, compared in constant time.
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        Array(a).withUnsafeBytes { x in Array(b).withUnsafeBytes { y in equal(x, y) } }
    }

    /// 1 when `value` is zero, 0 otherwise, without a branch.
    @inline(__always)
    public static func isZero(_ value: UInt64) -> UInt64 {
        1 ^ ((value | (0 &- value)) >> 63)
    }

    /// All ones when `bit` is 1, all zeros when it is 0.
    @inline(__always)
    public static func mask(_ bit: UInt64) -> UInt64 { 0 &- bit }
}
