/// An input map of a PSBT: its entries as serialized, and the fields Custody reads, decoded
/// and checked (see docs/bitcoin.md for every rule).
public struct PSBTInput: Sendable, Hashable {
    /// The map's entries in their serialized order, unknown and proprietary ones included.
    public private(set) var entries: [PSBTEntry]
    /// PSBT_IN_NON_WITNESS_UTXO: the whole transaction the input spends from.
    public private(set) var nonWitnessUTXO: Transaction?
    /// PSBT_IN_WITNESS_UTXO: the output the input spends.
    public private(set) var witnessUTXO: Transaction.Output?
    /// PSBT_IN_SIGHASH_TYPE.
    public private(set) var sighashType: UInt32?
    /// PSBT_IN_FINAL_SCRIPTSIG.
    public private(set) var finalScriptSig: [UInt8]?
    /// PSBT_IN_FINAL_SCRIPTWITNESS: the witness stack.
    public private(set) var finalScriptWitness: [[UInt8]]?
    /// PSBT_IN_TAP_KEY_SIG: a 64- or 65-byte BIP-340 signature.
    public private(set) var tapKeySignature: [UInt8]?
    /// PSBT_IN_TAP_INTERNAL_KEY: the 32-byte x-only internal key.
    public private(set) var tapInternalKey: [UInt8]?
    /// PSBT_IN_TAP_MERKLE_ROOT: 32 bytes.
    public private(set) var tapMerkleRoot: [UInt8]?
    /// PSBT_IN_PREVIOUS_TXID (version 2), internal byte order.
    public private(set) var previousTxid: [UInt8]?
    /// PSBT_IN_OUTPUT_INDEX (version 2).
    public private(set) var outputIndex: UInt32?
    /// PSBT_IN_SEQUENCE (version 2).
    public private(set) var sequence: UInt32?
    /// PSBT_IN_REQUIRED_TIME_LOCKTIME (version 2): at least 500,000,000.
    public private(set) var requiredTimeLocktime: UInt32?
    /// PSBT_IN_REQUIRED_HEIGHT_LOCKTIME (version 2): 1 to 499,999,999.
    public private(set) var requiredHeightLocktime: UInt32?

    /// True when the input holds a final scriptSig or a final witness.
    public var isFinalized: Bool { finalScriptSig != nil || finalScriptWitness != nil }

    /// Decodes and checks `entries` as input `index` of a PSBT of `version`.
    init(entries: [PSBTEntry], version: UInt32, index: Int) throws(BitcoinError) {
        self.entries = entries
        let context = "input \(index)"
        typealias T = PSBTKeyType.Input
        for entry in entries {
            let name = PSBTValue.name(entry.type, PSBTKeyType.inputNames)
            if version == 0, (T.previousTxid...T.requiredHeightLocktime).contains(entry.type) {
                throw BitcoinError(.malformedPSBT, "\(context): \(name) is a version 2 field, in a version 0 PSBT")
            }
            switch entry.type {
            case T.nonWitnessUTXO:
                try PSBTValue.keyData(entry, count: 0, name, context)
                do {
                    nonWitnessUTXO = try Transaction(parsing: entry.value)
                } catch {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name): \(error.reason)")
                }
            case T.witnessUTXO:
                try PSBTValue.keyData(entry, count: 0, name, context)
                var reader = ByteReader(entry.value, code: .malformedPSBT, context: "\(context): \(name)")
                let amount = Int64(bitPattern: try reader.readUInt64("the amount"))
                let script = try reader.readVarBytes("the scriptPubKey")
                guard reader.isAtEnd else { throw reader.failure("\(reader.remaining) bytes after the scriptPubKey") }
                witnessUTXO = Transaction.Output(amount: amount, scriptPubKey: script)
            case T.partialSig:
                try PSBTValue.publicKey(entry.keyData, name, context)
            case T.sighashType:
                try PSBTValue.keyData(entry, count: 0, name, context)
                sighashType = try PSBTValue.uint32(entry, name, context)
            case T.redeemScript, T.witnessScript:
                try PSBTValue.keyData(entry, count: 0, name, context)
            case T.bip32Derivation:
                try PSBTValue.publicKey(entry.keyData, name, context)
                try PSBTValue.keyOrigin(entry.value[...], name, context)
            case T.finalScriptSig:
                try PSBTValue.keyData(entry, count: 0, name, context)
                finalScriptSig = entry.value
            case T.finalScriptWitness:
                try PSBTValue.keyData(entry, count: 0, name, context)
                var reader = ByteReader(entry.value, code: .malformedPSBT, context: "\(context): \(name)")
                let witness = try Transaction.readWitness(&reader, what: "the witness")
                guard reader.isAtEnd else { throw reader.failure("\(reader.remaining) bytes after the witness") }
                finalScriptWitness = witness
            case T.ripemd160, T.hash160:
                try PSBTValue.keyData(entry, count: 20, name, context)
            case T.sha256, T.hash256:
                try PSBTValue.keyData(entry, count: 32, name, context)
            case T.previousTxid:
                try PSBTValue.keyData(entry, count: 0, name, context)
                guard entry.value.count == 32 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is 32 bytes, got \(entry.value.count)")
                }
                previousTxid = entry.value
            case T.outputIndex:
                try PSBTValue.keyData(entry, count: 0, name, context)
                outputIndex = try PSBTValue.uint32(entry, name, context)
            case T.sequence:
                try PSBTValue.keyData(entry, count: 0, name, context)
                sequence = try PSBTValue.uint32(entry, name, context)
            case T.requiredTimeLocktime:
                try PSBTValue.keyData(entry, count: 0, name, context)
                let time = try PSBTValue.uint32(entry, name, context)
                guard time >= 500_000_000 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is \(time), below 500000000")
                }
                requiredTimeLocktime = time
            case T.requiredHeightLocktime:
                try PSBTValue.keyData(entry, count: 0, name, context)
                let height = try PSBTValue.uint32(entry, name, context)
                guard height >= 1, height < 500_000_000 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is \(height), not 1 to 499999999")
                }
                requiredHeightLocktime = height
            case T.tapKeySig:
                try PSBTValue.keyData(entry, count: 0, name, context)
                try PSBTValue.schnorrSignature(entry.value, name, context)
                tapKeySignature = entry.value
            case T.tapScriptSig:
                try PSBTValue.keyData(entry, count: 64, name, context)
                try PSBTValue.xOnlyKey(Array(entry.keyData[0..<32]), name, context)
                try PSBTValue.schnorrSignature(entry.value, name, context)
            case T.tapLeafScript:
                let controlBlock = entry.keyData
                guard controlBlock.count >= 33, (controlBlock.count - 33) % 32 == 0,
                    (controlBlock.count - 33) / 32 <= 128
                else {
                    throw BitcoinError(
                        .malformedPSBT,
                        "\(context): the control block of \(name) is 33 + 32·m bytes (m ≤ 128), got \(controlBlock.count)"
                    )
                }
                guard !entry.value.isEmpty else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) has no leaf version")
                }
            case T.tapBIP32Derivation:
                try PSBTValue.keyData(entry, count: 32, name, context)
                try PSBTValue.xOnlyKey(entry.keyData, name, context)
                try Self.checkTapDerivation(entry.value, name, context)
            case T.tapInternalKey:
                try PSBTValue.keyData(entry, count: 0, name, context)
                try PSBTValue.xOnlyKey(entry.value, name, context)
                tapInternalKey = entry.value
            case T.tapMerkleRoot:
                try PSBTValue.keyData(entry, count: 0, name, context)
                guard entry.value.count == 32 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is 32 bytes, got \(entry.value.count)")
                }
                tapMerkleRoot = entry.value
            default:
                break
            }
        }
        if version == 2 {
            guard previousTxid != nil else {
                throw BitcoinError(.malformedPSBT, "\(context): PSBT_IN_PREVIOUS_TXID is required in version 2")
            }
            guard outputIndex != nil else {
                throw BitcoinError(.malformedPSBT, "\(context): PSBT_IN_OUTPUT_INDEX is required in version 2")
            }
        }
    }

    /// BIP-371's derivation value: a CompactSize count of 32-byte leaf hashes, then a key origin.
    static func checkTapDerivation(_ value: [UInt8], _ name: String, _ context: String) throws(BitcoinError) {
        var reader = ByteReader(value, code: .malformedPSBT, context: "\(context): \(name)")
        let leaves = try reader.readCount("the leaf hash count", minimumItemSize: 32)
        _ = try reader.readBytes(32 * leaves, "the leaf hashes")
        try PSBTValue.keyOrigin(value[reader.position...], name, context)
    }

    /// The input with `entry` set: replacing the entry of the same key where there is one,
    /// appended otherwise; the result is checked again.
    func setting(_ entry: PSBTEntry, version: UInt32, index: Int) throws(BitcoinError) -> PSBTInput {
        var entries = self.entries
        if let position = entries.firstIndex(where: { $0.key == entry.key }) {
            entries[position] = entry
        } else {
            entries.append(entry)
        }
        return try PSBTInput(entries: entries, version: version, index: index)
    }

    /// The input keeping only the entries `keep` accepts, checked again.
    func keeping(
        _ keep: (PSBTEntry) -> Bool, version: UInt32, index: Int
    ) throws(BitcoinError) -> PSBTInput {
        try PSBTInput(entries: entries.filter(keep), version: version, index: index)
    }
}
