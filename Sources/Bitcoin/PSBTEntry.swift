import Encoding

/// One key-value pair of a PSBT map, exactly as it was serialized: the key (its type, as a
/// CompactSize, followed by the key data) and the value.
public struct PSBTEntry: Sendable, Hashable {
    /// The whole key: type and key data.
    public let key: [UInt8]
    /// The value.
    public let value: [UInt8]
    /// The key type (the CompactSize at the start of the key).
    public let type: UInt64
    /// The key data: the key after its type.
    public let keyData: [UInt8]

    init(key: [UInt8], value: [UInt8], context: String) throws(BitcoinError) {
        var reader = ByteReader(key, code: .malformedPSBT, context: context)
        type = try reader.readCompactSize("the key type", maximum: UInt64.max)
        keyData = try reader.readBytes(reader.remaining, "the key data")
        self.key = key
        self.value = value
    }

    /// An entry whose key is `type` (one byte, below 0xfd) followed by `keyData`.
    init(type: UInt8, keyData: [UInt8] = [], value: [UInt8]) {
        self.type = UInt64(type)
        self.keyData = keyData
        self.key = [type] + keyData
        self.value = value
    }
}

/// The rules that the values of several maps share.
enum PSBTValue {
    /// A 4-byte little-endian integer.
    static func uint32(_ entry: PSBTEntry, _ name: String, _ context: String) throws(BitcoinError) -> UInt32 {
        guard entry.value.count == 4 else {
            throw BitcoinError(.malformedPSBT, "\(context): \(name) is 4 bytes, got \(entry.value.count)")
        }
        return entry.value.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }

    /// Key data of exactly `count` bytes (0: the key is the type alone).
    static func keyData(_ entry: PSBTEntry, count: Int, _ name: String, _ context: String) throws(BitcoinError) {
        guard entry.keyData.count == count else {
            throw BitcoinError(
                .malformedPSBT,
                count == 0
                    ? "\(context): the key of \(name) is its type alone, it has \(entry.keyData.count) more bytes"
                    : "\(context): the key data of \(name) is \(count) bytes, got \(entry.keyData.count)")
        }
    }

    /// A 33-byte compressed public key on the curve, or a 65-byte uncompressed one (prefix 04).
    static func publicKey(_ bytes: [UInt8], _ name: String, _ context: String) throws(BitcoinError) {
        switch bytes.count {
        case 33:
            guard PublicKeys.isValidCompressed(bytes) else {
                throw BitcoinError(
                    .malformedPSBT, "\(context): the key of \(name) is not a valid compressed public key")
            }
        case 65:
            guard bytes[0] == 0x04, PublicKeys.isValidCompressed([0x02] + bytes[1..<33]) else {
                throw BitcoinError(
                    .malformedPSBT, "\(context): the key of \(name) is not a valid uncompressed public key")
            }
        default:
            throw BitcoinError(
                .malformedPSBT,
                "\(context): the key of \(name) holds a 33- or 65-byte public key, got \(bytes.count) bytes")
        }
    }

    /// A 32-byte x-only public key on the curve (BIP-340).
    static func xOnlyKey(_ bytes: [UInt8], _ name: String, _ context: String) throws(BitcoinError) {
        guard bytes.count == 32 else {
            throw BitcoinError(
                .malformedPSBT, "\(context): \(name) holds a 32-byte x-only key, got \(bytes.count) bytes")
        }
        guard PublicKeys.isValidCompressed([0x02] + bytes) else {
            throw BitcoinError(.malformedPSBT, "\(context): \(name) holds an x-only key that is not on the curve")
        }
    }

    /// A key origin: a 4-byte fingerprint and a derivation path of 4-byte indexes.
    static func keyOrigin(_ bytes: ArraySlice<UInt8>, _ name: String, _ context: String) throws(BitcoinError) {
        guard bytes.count >= 4, bytes.count % 4 == 0 else {
            throw BitcoinError(
                .malformedPSBT,
                "\(context): the value of \(name) is a 4-byte fingerprint and 4-byte indexes, got \(bytes.count) bytes")
        }
    }

    /// A BIP-340 signature: 64 bytes, or 65 with a sighash type that is not 0x00.
    static func schnorrSignature(_ bytes: [UInt8], _ name: String, _ context: String) throws(BitcoinError) {
        guard bytes.count == 64 || bytes.count == 65 else {
            throw BitcoinError(.malformedPSBT, "\(context): \(name) is 64 or 65 bytes, got \(bytes.count)")
        }
        guard bytes.count == 64 || bytes[64] != 0x00 else {
            throw BitcoinError(
                .malformedPSBT, "\(context): \(name) is 65 bytes with sighash type 0x00 (BIP-341: 0x00 is 64 bytes)")
        }
    }

    static func name(_ type: UInt64, _ names: [UInt64: String]) -> String {
        names[type] ?? "key type 0x\(String(type, radix: 16))"
    }
}
