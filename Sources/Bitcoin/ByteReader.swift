/// A cursor over untrusted bytes: every read is bounds-checked and throws `code` with a reason
/// that names `context` and what was short or wrong.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    let code: BitcoinError.Code
    var context: String

    init(_ bytes: [UInt8], code: BitcoinError.Code, context: String) {
        self.init(bytes, range: 0..<bytes.count, code: code, context: context)
    }

    init(_ bytes: [UInt8], range: Range<Int>, code: BitcoinError.Code, context: String) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.code = code
        self.context = context
    }

    var remaining: Int { end - position }
    var isAtEnd: Bool { position == end }

    func failure(_ what: String) -> BitcoinError { BitcoinError(code, "\(context): \(what)") }

    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws(BitcoinError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw failure("\(what()) needs \(count) bytes, \(remaining) remain")
        }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func readByte(_ what: @autoclosure () -> String) throws(BitcoinError) -> UInt8 {
        guard remaining >= 1 else { throw failure("\(what()) needs 1 byte, none remain") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func peekByte() -> UInt8? { remaining >= 1 ? bytes[position] : nil }

    mutating func readUInt32(_ what: @autoclosure () -> String) throws(BitcoinError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(4, what()))
    }

    mutating func readUInt64(_ what: @autoclosure () -> String) throws(BitcoinError) -> UInt64 {
        try readLittleEndian(8, what())
    }

    private mutating func readLittleEndian(_ count: Int, _ what: String) throws(BitcoinError) -> UInt64 {
        guard remaining >= count else { throw failure("\(what) needs \(count) bytes, \(remaining) remain") }
        var value: UInt64 = 0
        for offset in 0..<count { value |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
        position += count
        return value
    }

    /// A CompactSize integer in its shortest encoding (Bitcoin Core's `ReadCompactSize`), no
    /// larger than `maximum`.
    mutating func readCompactSize(_ what: @autoclosure () -> String, maximum: UInt64 = 0x0200_0000)
        throws(BitcoinError) -> UInt64
    {
        let first = try readByte(what())
        let value: UInt64
        switch first {
        case 0xfd:
            value = try readLittleEndian(2, what())
            guard value >= 0xfd else { throw failure("\(what()) is a non-canonical CompactSize") }
        case 0xfe:
            value = try readLittleEndian(4, what())
            guard value > 0xffff else { throw failure("\(what()) is a non-canonical CompactSize") }
        case 0xff:
            value = try readLittleEndian(8, what())
            guard value > 0xffff_ffff else { throw failure("\(what()) is a non-canonical CompactSize") }
        default:
            value = UInt64(first)
        }
        guard value <= maximum else { throw failure("\(what()) is \(value), above the limit of \(maximum)") }
        return value
    }

    /// A count of items each at least `minimumItemSize` bytes long: refused when the remaining
    /// bytes cannot hold that many, before anything is allocated.
    mutating func readCount(_ what: @autoclosure () -> String, minimumItemSize: Int) throws(BitcoinError) -> Int {
        let count = try readCompactSize(what())
        guard count <= UInt64(remaining / max(minimumItemSize, 1)) else {
            throw failure("\(what()) is \(count), more than the \(remaining) remaining bytes can hold")
        }
        return Int(count)
    }

    /// A CompactSize length followed by that many bytes.
    mutating func readVarBytes(_ what: @autoclosure () -> String) throws(BitcoinError) -> [UInt8] {
        let length = try readCompactSize(what())
        guard length <= UInt64(remaining) else {
            throw failure("\(what()) declares \(length) bytes, \(remaining) remain")
        }
        return try readBytes(Int(length), what())
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendCompactSize(_ value: Int) {
        switch value {
        case ..<0xfd: append(UInt8(value))
        case ...0xffff:
            append(0xfd)
            appendLittleEndian(UInt16(value))
        case ...0xffff_ffff:
            append(0xfe)
            appendLittleEndian(UInt32(value))
        default:
            append(0xff)
            appendLittleEndian(UInt64(value))
        }
    }

    mutating func appendVarBytes(_ bytes: [UInt8]) {
        appendCompactSize(bytes.count)
        append(contentsOf: bytes)
    }
}
