import Encoding
import Foundation

/// A Partially Signed Bitcoin Transaction, version 0 (BIP-174) or 2 (BIP-370), with the
/// Taproot fields of BIP-371.
///
/// Parsing is strict (every rule is in docs/bitcoin.md) and keeps every entry, unknown and
/// proprietary ones included, in its serialized order: ``serialized()`` gives back the parsed
/// bytes exactly. Each change (a signature placed, an input finalized) re-checks the map it
/// changes.
public struct PSBT: Sendable, Hashable {
    /// Bounds on what a parse accepts, beyond the BIPs' own rules.
    public struct Limits: Sendable, Hashable {
        /// The most bytes a PSBT may have.
        public var maxBytes: Int
        /// The most inputs.
        public var maxInputs: Int
        /// The most outputs.
        public var maxOutputs: Int
        /// The most entries in any one map.
        public var maxEntriesPerMap: Int

        public init(maxBytes: Int, maxInputs: Int, maxOutputs: Int, maxEntriesPerMap: Int) {
            self.maxBytes = maxBytes
            self.maxInputs = maxInputs
            self.maxOutputs = maxOutputs
            self.maxEntriesPerMap = maxEntriesPerMap
        }

        /// 4,000,000 bytes, 10,000 inputs, 10,000 outputs, 10,000 entries per map.
        public static let standard = Limits(
            maxBytes: 4_000_000, maxInputs: 10_000, maxOutputs: 10_000, maxEntriesPerMap: 10_000)
    }

    /// The five bytes every PSBT starts with: "psbt" and 0xff.
    public static let magic: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xff]

    /// The PSBT version: 0 or 2.
    public let version: UInt32
    /// The global map's entries in their serialized order.
    public let globalEntries: [PSBTEntry]
    /// The input maps.
    public internal(set) var inputs: [PSBTInput]
    /// The output maps.
    public let outputs: [PSBTOutput]
    /// PSBT_GLOBAL_UNSIGNED_TX (version 0 only).
    public let unsignedTransaction: Transaction?
    /// PSBT_GLOBAL_TX_VERSION (version 2 only).
    public let transactionVersion: UInt32?
    /// PSBT_GLOBAL_FALLBACK_LOCKTIME (version 2 only).
    public let fallbackLocktime: UInt32?
    /// PSBT_GLOBAL_TX_MODIFIABLE (version 2 only).
    public let modifiableFlags: UInt8?

    /// Parses PSBT bytes.
    public init(bytes: [UInt8], limits: Limits = .standard) throws(BitcoinError) {
        guard bytes.count <= limits.maxBytes else {
            throw BitcoinError(.psbtTooLarge, "the PSBT is \(bytes.count) bytes, above the limit of \(limits.maxBytes)")
        }
        guard bytes.starts(with: Self.magic) else {
            throw BitcoinError(.malformedPSBT, "not a PSBT: it does not start with the magic bytes 70736274ff")
        }
        var reader = ByteReader(bytes, code: .malformedPSBT, context: "global map")
        _ = try reader.readBytes(5, "the magic")
        let global = try Self.readMap(&reader, context: "global map", limits: limits)
        let fields = try GlobalFields(global)
        version = fields.version
        globalEntries = global
        unsignedTransaction = fields.unsignedTransaction
        transactionVersion = fields.transactionVersion
        fallbackLocktime = fields.fallbackLocktime
        modifiableFlags = fields.modifiableFlags

        let inputCount = fields.unsignedTransaction?.inputs.count ?? fields.inputCount ?? 0
        let outputCount = fields.unsignedTransaction?.outputs.count ?? fields.outputCount ?? 0
        guard inputCount <= limits.maxInputs else {
            throw BitcoinError(
                .limitExceeded, "the PSBT has \(inputCount) inputs, above the limit of \(limits.maxInputs)")
        }
        guard outputCount <= limits.maxOutputs else {
            throw BitcoinError(
                .limitExceeded, "the PSBT has \(outputCount) outputs, above the limit of \(limits.maxOutputs)")
        }
        var inputs: [PSBTInput] = []
        inputs.reserveCapacity(min(inputCount, reader.remaining))
        for index in 0..<inputCount {
            guard !reader.isAtEnd else {
                throw BitcoinError(.malformedPSBT, "input \(index): the map is missing (the PSBT ends before it)")
            }
            let entries = try Self.readMap(&reader, context: "input \(index)", limits: limits)
            inputs.append(try PSBTInput(entries: entries, version: version, index: index))
        }
        var outputs: [PSBTOutput] = []
        outputs.reserveCapacity(min(outputCount, reader.remaining))
        for index in 0..<outputCount {
            guard !reader.isAtEnd else {
                throw BitcoinError(.malformedPSBT, "output \(index): the map is missing (the PSBT ends before it)")
            }
            let entries = try Self.readMap(&reader, context: "output \(index)", limits: limits)
            outputs.append(try PSBTOutput(entries: entries, version: version, index: index))
        }
        guard reader.isAtEnd else {
            throw BitcoinError(.malformedPSBT, "\(reader.remaining) bytes after the last output map")
        }
        self.inputs = inputs
        self.outputs = outputs
        try checkUTXOsMatchPrevouts()
    }

    /// Parses a PSBT in canonical base64 (RFC 4648 with padding, no whitespace), as BIP-174
    /// writes it.
    public init(base64 text: String, limits: Limits = .standard) throws(BitcoinError) {
        guard text.utf8.count <= (limits.maxBytes + 2) / 3 * 4 else {
            throw BitcoinError(
                .psbtTooLarge,
                "the PSBT's base64 is \(text.utf8.count) characters, above the limit of \(limits.maxBytes) bytes")
        }
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else {
            throw BitcoinError(.malformedPSBT, "not canonical base64 (RFC 4648, padded, no whitespace)")
        }
        try self.init(bytes: Array(data), limits: limits)
    }

    /// The serialization: every map's entries in order, each map closed by 0x00.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        for map in [globalEntries] + inputs.map(\.entries) + outputs.map(\.entries) {
            for entry in map {
                out.appendVarBytes(entry.key)
                out.appendVarBytes(entry.value)
            }
            out.append(0x00)
        }
        return out
    }

    /// The serialization in base64.
    public var base64: String { Data(serialized()).base64EncodedString() }

    static func readMap(_ reader: inout ByteReader, context: String, limits: Limits) throws(BitcoinError) -> [PSBTEntry]
    {
        reader.context = context
        var entries: [PSBTEntry] = []
        var keys: Set<[UInt8]> = []
        while true {
            let key = try reader.readVarBytes("a key (or the 0x00 that ends the map)")
            if key.isEmpty { return entries }
            let value = try reader.readVarBytes("the value of key \(entries.count)")
            guard entries.count < limits.maxEntriesPerMap else {
                throw BitcoinError(
                    .limitExceeded, "\(context): more than \(limits.maxEntriesPerMap) entries in one map")
            }
            guard keys.insert(key).inserted else {
                throw BitcoinError(.malformedPSBT, "\(context): the key \(Hex.encode(key.prefix(40))) appears twice")
            }
            entries.append(try PSBTEntry(key: key, value: value, context: context))
        }
    }

    /// An input's UTXO data must agree with the output it spends: a non-witness UTXO is the
    /// transaction of the previous txid and has the output index; a witness UTXO given beside it
    /// is that very output.
    private func checkUTXOsMatchPrevouts() throws(BitcoinError) {
        for (index, input) in inputs.enumerated() {
            guard let previous = input.nonWitnessUTXO else { continue }
            let outpoint = try self.outpoint(of: index)
            guard previous.txid == outpoint.txid else {
                throw BitcoinError(
                    .malformedPSBT, "input \(index): PSBT_IN_NON_WITNESS_UTXO is not the transaction the input spends")
            }
            guard Int(outpoint.index) < previous.outputs.count else {
                throw BitcoinError(
                    .malformedPSBT,
                    "input \(index): spends output \(outpoint.index) of a transaction with \(previous.outputs.count) outputs"
                )
            }
            if let witnessUTXO = input.witnessUTXO, witnessUTXO != previous.outputs[Int(outpoint.index)] {
                throw BitcoinError(
                    .malformedPSBT,
                    "input \(index): PSBT_IN_WITNESS_UTXO differs from the output PSBT_IN_NON_WITNESS_UTXO holds")
            }
        }
    }

    /// The output input `index` spends.
    public func outpoint(of index: Int) throws(BitcoinError) -> Transaction.OutPoint {
        guard inputs.indices.contains(index) else {
            throw BitcoinError(.indexOutOfRange, "the PSBT has no input \(index)")
        }
        if let unsignedTransaction { return unsignedTransaction.inputs[index].previousOutput }
        // Version 2: both fields are required, so they are present.
        return Transaction.OutPoint(txid: inputs[index].previousTxid ?? [], index: inputs[index].outputIndex ?? 0)
    }

    /// Each output's amount and scriptPubKey: version 0's from the unsigned transaction,
    /// version 2's from PSBT_OUT_AMOUNT and PSBT_OUT_SCRIPT.
    public var transactionOutputs: [Transaction.Output] {
        if let unsignedTransaction { return unsignedTransaction.outputs }
        return outputs.map { Transaction.Output(amount: $0.amount ?? 0, scriptPubKey: $0.script ?? []) }
    }

    /// The transaction the PSBT describes, without signatures: version 0's unsigned
    /// transaction; for version 2, built from the fields, its lock time by BIP-370's rules.
    /// - Throws: `.malformedPSBT` when version 2 inputs require a lock time of both kinds.
    public func transaction() throws(BitcoinError) -> Transaction {
        if let unsignedTransaction { return unsignedTransaction }
        var transactionInputs: [Transaction.Input] = []
        for index in inputs.indices {
            transactionInputs.append(
                Transaction.Input(
                    previousOutput: try outpoint(of: index), sequence: inputs[index].sequence ?? 0xffff_ffff))
        }
        return Transaction(
            version: transactionVersion ?? 2, inputs: transactionInputs, outputs: transactionOutputs,
            lockTime: try lockTime())
    }

    /// BIP-370's lock time: the fallback (or 0) when no input requires one; otherwise the kind
    /// every requiring input supports (height when both are), at its largest required value.
    public func lockTime() throws(BitcoinError) -> UInt32 {
        if let unsignedTransaction { return unsignedTransaction.lockTime }
        let requiring = inputs.filter { $0.requiredTimeLocktime != nil || $0.requiredHeightLocktime != nil }
        guard !requiring.isEmpty else { return fallbackLocktime ?? 0 }
        if requiring.allSatisfy({ $0.requiredHeightLocktime != nil }) {
            return requiring.compactMap(\.requiredHeightLocktime).max() ?? 0
        }
        if requiring.allSatisfy({ $0.requiredTimeLocktime != nil }) {
            return requiring.compactMap(\.requiredTimeLocktime).max() ?? 0
        }
        throw BitcoinError(
            .malformedPSBT, "the inputs require a height lock time and a time lock time: no lock time satisfies both")
    }
}
