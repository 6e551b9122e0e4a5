/// Lowercase hexadecimal, as every Custody encoding uses.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lowercase hexadecimal.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hexadecimal (either case accepted on input).
    /// - Throws: `Secp256k1Error.Code.invalidEncoding` for an odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) throws(Secp256k1Error) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else {
            throw Secp256k1Error(.invalidEncoding, "hex string has an odd number of digits (\(utf8.count))")
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else {
                throw Secp256k1Error(.invalidEncoding, "not a hex digit at position \(index)")
            }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// Decodes hexadecimal that must encode exactly `count` bytes; `what` names the value in errors.
    public static func decode(
        _ text: some StringProtocol, count: Int, what: String
    ) throws(Secp256k1Error) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try decode(text)
        } catch {
            throw Secp256k1Error(.invalidEncoding, "\(what): \(error.reason)")
        }
        guard bytes.count == count else {
            throw Secp256k1Error(.invalidEncoding, "\(what) must be \(count) bytes, got \(bytes.count)")
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
