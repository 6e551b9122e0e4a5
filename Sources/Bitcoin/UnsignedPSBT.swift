extension PSBT {
    /// An output a new PSBT spends: where it is, and what it holds.
    public struct Spending: Sendable, Hashable {
        public let outpoint: Transaction.OutPoint
        public let output: Transaction.Output

        public init(outpoint: Transaction.OutPoint, output: Transaction.Output) {
            self.outpoint = outpoint
            self.output = output
        }
    }

    /// A version 0 PSBT (BIP 174) of a version 2 transaction spending `inputs` (each input's
    /// sequence 0xfffffffd, its PSBT_IN_WITNESS_UTXO the output it spends) to `outputs`, lock
    /// time 0: what a Taproot key-path wallet signs with SIGHASH_DEFAULT.
    /// - Throws: `.malformedPSBT` without inputs or outputs.
    public static func unsigned(spending inputs: [Spending], to outputs: [Transaction.Output]) throws(BitcoinError)
        -> PSBT
    {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw BitcoinError(.malformedPSBT, "a PSBT needs at least one input and one output")
        }
        let transaction = Transaction(
            version: 2,
            inputs: inputs.map { Transaction.Input(previousOutput: $0.outpoint, sequence: 0xFFFF_FFFD) },
            outputs: outputs, lockTime: 0)
        var bytes: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xFF]
        func entry(_ key: [UInt8], _ value: [UInt8]) {
            bytes.appendCompactSize(key.count)
            bytes += key
            bytes.appendCompactSize(value.count)
            bytes += value
        }
        entry([0x00], transaction.serialized(includingWitness: false))
        bytes.append(0)
        for input in inputs {
            var utxo: [UInt8] = []
            utxo.appendLittleEndian(UInt64(bitPattern: input.output.amount))
            utxo.appendCompactSize(input.output.scriptPubKey.count)
            utxo += input.output.scriptPubKey
            entry([0x01], utxo)
            bytes.append(0)
        }
        for _ in outputs { bytes.append(0) }
        return try PSBT(bytes: bytes)
    }
}
