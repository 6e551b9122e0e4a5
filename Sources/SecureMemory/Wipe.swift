#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wiping of temporary copies of secrets (C structs on the stack, byte arrays handed to C).
public enum Wipe {
    /// Overwrites the bytes of `value` with zeros in a way the compiler may not elide.
    public static func value<T>(_ value: inout T) {
        withUnsafeMutableBytes(of: &value) { buffer in
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
        }
    }

    /// Overwrites every byte of `bytes` with zeros in place.
    public static func bytes(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
        }
    }
}
