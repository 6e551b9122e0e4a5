import Crypto
import Secp256k1

/// The BIP-341 signature hash of a Taproot key-path spend (no annex, no script path), for
/// SIGHASH_DEFAULT (0x00) and SIGHASH_ALL (0x01) only; any other type is refused.
///
/// The hashes shared by every input (prevouts, amounts, scriptPubKeys, sequences, outputs) are
/// computed once, when the value is made.
public struct TaprootSighash: Sendable {
    /// The sighash types Custody signs with.
    public enum HashType: UInt8, Sendable, Hashable, CaseIterable {
        /// 0x00: commits to the whole transaction; the signature is 64 bytes.
        case `default` = 0x00
        /// 0x01: commits to the whole transaction; the signature is 65 bytes, ending 0x01.
        case all = 0x01

        /// The hash type for `value`, or `.unsupportedSighashType` naming it.
        public init(_ value: UInt32, context: String) throws(BitcoinError) {
            guard value <= 0xff, let type = HashType(rawValue: UInt8(value)) else {
                throw BitcoinError(
                    .unsupportedSighashType,
                    "\(context): sighash type 0x\(String(value, radix: 16, uppercase: false)) (\(HashType.name(of: value))) is not supported; only SIGHASH_DEFAULT (0x00) and SIGHASH_ALL (0x01) are"
                )
            }
            self = type
        }

        static func name(of value: UInt32) -> String {
            let base: String
            switch value & 0x7f {
            case 0x00: base = "SIGHASH_DEFAULT"
            case 0x01: base = "SIGHASH_ALL"
            case 0x02: base = "SIGHASH_NONE"
            case 0x03: base = "SIGHASH_SINGLE"
            default: return "undefined"
            }
            guard value <= 0xff, value & ~0x83 == 0 else { return "undefined" }
            return value & 0x80 != 0 ? base + "|SIGHASH_ANYONECANPAY" : base
        }
    }

    static let tapSighash = TaggedHash(tag: "TapSighash")

    private let transaction: Transaction
    private let common: [UInt8]

    /// Prepares the hashes of `transaction`, which spends `spentOutputs` (one per input, in order).
    public init(transaction: Transaction, spentOutputs: [Transaction.Output]) throws(BitcoinError) {
        guard spentOutputs.count == transaction.inputs.count else {
            throw BitcoinError(
                .missingUTXO,
                "the transaction has \(transaction.inputs.count) inputs but \(spentOutputs.count) spent outputs were given"
            )
        }
        var prevouts: [UInt8] = []
        var sequences: [UInt8] = []
        for input in transaction.inputs {
            prevouts += input.previousOutput.txid
            prevouts.appendLittleEndian(input.previousOutput.index)
            sequences.appendLittleEndian(input.sequence)
        }
        var amounts: [UInt8] = []
        var scripts: [UInt8] = []
        for output in spentOutputs {
            amounts.appendLittleEndian(output.amount)
            scripts.appendVarBytes(output.scriptPubKey)
        }
        var outputs: [UInt8] = []
        for output in transaction.outputs { outputs.appendOutput(output) }
        var common: [UInt8] = []
        common.appendLittleEndian(transaction.version)
        common.appendLittleEndian(transaction.lockTime)
        for part in [prevouts, amounts, scripts, sequences, outputs] { common += SHA256.hash(data: part) }
        self.transaction = transaction
        self.common = common
    }

    /// BIP-341's SigMsg with its leading epoch byte 0x00 (175 bytes) for input `index`.
    public func message(inputIndex index: Int, hashType: HashType) throws(BitcoinError) -> [UInt8] {
        guard transaction.inputs.indices.contains(index) else {
            throw BitcoinError(.indexOutOfRange, "the transaction has no input \(index)")
        }
        var message: [UInt8] = [0x00, hashType.rawValue]
        message += common
        message.append(0x00)  // spend type: key path, no annex
        message.appendLittleEndian(UInt32(index))
        return message
    }

    /// The 32-byte message a key-path signature of input `index` signs:
    /// hash_TapSighash(SigMsg with its epoch byte).
    public func hash(inputIndex index: Int, hashType: HashType) throws(BitcoinError) -> [UInt8] {
        Self.tapSighash.hash(try message(inputIndex: index, hashType: hashType))
    }
}
