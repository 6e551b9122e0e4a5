import Encoding

/// Bech32 (BIP-173) and Bech32m (BIP-350) strings: a human-readable part, the separator `1`, and
/// 5-bit data values followed by a 6-character checksum.
///
/// Decoding is strict: at most 90 characters, every character printable US-ASCII (33 to 126),
/// all lowercase or all uppercase (never mixed), a human-readable part of 1 to 83 characters, at
/// least 6 data characters after the last `1`, each from the 32-character alphabet, and a
/// checksum of the variant it claims. Encoded strings are lowercase.
public enum Bech32 {
    /// The checksum constant that tells the two formats apart.
    public enum Variant: Sendable, Hashable, CustomStringConvertible {
        /// BIP-173: segwit version 0.
        case bech32
        /// BIP-350: segwit versions 1 to 16.
        case bech32m

        var constant: UInt32 { self == .bech32 ? 1 : 0x2bc8_30a3 }
        public var description: String { self == .bech32 ? "bech32" : "bech32m" }
    }

    /// A decoded string: its human-readable part in lowercase, its 5-bit values without the
    /// checksum, and which checksum it carried.
    public struct Decoded: Sendable, Hashable {
        public let humanReadablePart: String
        public let data: [UInt8]
        public let variant: Variant
    }

    /// The longest string BIP-173 allows.
    public static let maxLength = 90

    static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    static let alphabetIndex: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Decodes `text`, checking everything listed above.
    public static func decode(_ text: some StringProtocol) throws(BitcoinError) -> Decoded {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxLength else {
            throw BitcoinError(.invalidBech32, "a bech32 string has at most 90 characters, got \(bytes.count)")
        }
        var hasLower = false
        var hasUpper = false
        for (position, byte) in bytes.enumerated() {
            guard byte >= 33 && byte <= 126 else {
                throw BitcoinError(
                    .invalidBech32, "character \(position) is outside printable US-ASCII (33 to 126)")
            }
            if byte >= 0x61 && byte <= 0x7a { hasLower = true }
            if byte >= 0x41 && byte <= 0x5a { hasUpper = true }
        }
        guard !(hasLower && hasUpper) else {
            throw BitcoinError(.invalidBech32, "a bech32 string is all lowercase or all uppercase, not mixed")
        }
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        guard let separator = lower.lastIndex(of: 0x31) else {
            throw BitcoinError(.invalidBech32, "no separator '1'")
        }
        guard separator >= 1 else {
            throw BitcoinError(.invalidBech32, "the human-readable part is empty")
        }
        guard separator <= 83 else {
            throw BitcoinError(.invalidBech32, "the human-readable part has more than 83 characters")
        }
        guard lower.count - separator - 1 >= 6 else {
            throw BitcoinError(.invalidBech32, "fewer than 6 characters after the separator (the checksum alone is 6)")
        }
        var values: [UInt8] = []
        values.reserveCapacity(lower.count - separator - 1)
        for position in (separator + 1)..<lower.count {
            let value = alphabetIndex[Int(lower[position])]
            guard value >= 0 else {
                throw BitcoinError(
                    .invalidBech32,
                    "character \(position) ('\(UntrustedText.printable(String(UnicodeScalar(lower[position]))))') is not in the bech32 alphabet"
                )
            }
            values.append(UInt8(value))
        }
        let hrp = Array(lower[..<separator])
        let residue = polymod(expand(hrp) + values)
        let variant: Variant
        switch residue {
        case Variant.bech32.constant: variant = .bech32
        case Variant.bech32m.constant: variant = .bech32m
        default: throw BitcoinError(.invalidBech32, "the checksum is neither bech32's nor bech32m's")
        }
        return Decoded(
            humanReadablePart: String(decoding: hrp, as: UTF8.self), data: Array(values.dropLast(6)),
            variant: variant)
    }

    /// Encodes a lowercase human-readable part and 5-bit values with the variant's checksum.
    public static func encode(
        humanReadablePart: String, data: [UInt8], variant: Variant
    ) throws(BitcoinError) -> String {
        let hrp = Array(humanReadablePart.utf8)
        guard !hrp.isEmpty, hrp.count <= 83, hrp.allSatisfy({ $0 >= 33 && $0 <= 126 && !($0 >= 0x41 && $0 <= 0x5a) })
        else {
            throw BitcoinError(.invalidBech32, "a human-readable part is 1 to 83 lowercase printable characters")
        }
        guard data.allSatisfy({ $0 < 32 }) else {
            throw BitcoinError(.invalidBech32, "bech32 data values are 5-bit (below 32)")
        }
        guard hrp.count + 1 + data.count + 6 <= maxLength else {
            throw BitcoinError(.invalidBech32, "the encoding would be longer than 90 characters")
        }
        let residue = polymod(expand(hrp) + data + [0, 0, 0, 0, 0, 0]) ^ variant.constant
        let checksum = (0..<6).map { UInt8((residue >> (5 * (5 - UInt32($0)))) & 31) }
        let characters = hrp + [0x31] + (data + checksum).map { alphabet[Int($0)] }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Regroups bits: `from`-bit values into `to`-bit values. With `pad`, a last partial group is
    /// padded with zero bits; without it, leftover bits must be fewer than `from` and all zero.
    static func regroup(_ values: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var out: [UInt8] = []
        out.reserveCapacity(values.count * from / to + 1)
        let mask = (1 << to) - 1
        for value in values {
            guard Int(value) >> from == 0 else { return nil }
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((accumulator >> bits) & mask))
            }
            accumulator &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (to - bits)) & mask)) }
        } else if bits >= from || accumulator != 0 {
            return nil
        }
        return out
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = ((checksum & 0x1ff_ffff) << 5) ^ UInt32(value)
            for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum
    }
}
