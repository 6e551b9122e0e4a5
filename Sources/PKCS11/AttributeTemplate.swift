internal import CPKCS11

#if canImport(Glibc)
    import Glibc
#endif

/// A PKCS#11 attribute template that owns the memory its values point to.
final class AttributeTemplate {
    private var buffers: [UnsafeMutableRawPointer] = []
    private(set) var attributes: [CK_ATTRIBUTE] = []

    init() {}

    deinit {
        for (buffer, attribute) in zip(buffers, attributes) {
            explicit_bzero(buffer, Int(attribute.ulValueLen))
            buffer.deallocate()
        }
    }

    @discardableResult
    func add(_ type: UInt, bytes: [UInt8]) -> AttributeTemplate {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        buffers.append(buffer)
        attributes.append(CK_ATTRIBUTE(type: type, pValue: buffer, ulValueLen: UInt(bytes.count)))
        return self
    }

    @discardableResult
    func add(_ type: UInt, bool: Bool) -> AttributeTemplate { add(type, bytes: [bool ? 1 : 0]) }

    @discardableResult
    func add(_ type: UInt, ulong: UInt) -> AttributeTemplate {
        add(type, bytes: withUnsafeBytes(of: ulong) { Array($0) })
    }

    @discardableResult
    func add(_ type: UInt, string: String) -> AttributeTemplate { add(type, bytes: Array(string.utf8)) }

    func withAttributes<R, E: Error>(
        _ body: (UnsafeMutablePointer<CK_ATTRIBUTE>, UInt) throws(E) -> R
    ) throws(E) -> R {
        var copy = attributes
        let count = UInt(copy.count)
        return try copy.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in
            try body(buffer.baseAddress!, count)
        }
    }
}
