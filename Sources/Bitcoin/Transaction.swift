import Crypto
import Encoding

/// A Bitcoin transaction, legacy or segwit, parsed strictly and serialized byte for byte.
///
/// Parsing follows Bitcoin Core's serialization and refuses: truncated data, bytes left over, a
/// CompactSize that is not in its shortest form or above 2^25 (Core's `MAX_SIZE`), a count of
/// inputs, outputs or witness items that the remaining bytes cannot hold, a segwit marker whose
/// flag is not 0x01, a segwit serialization whose witnesses are all empty, and a transaction of
/// more than ``maxSize`` bytes. Where witnesses are allowed, a 0x00 after the version is the
/// segwit marker, so a transaction with no inputs parses only without witnesses (as a PSBT's
/// unsigned transaction does).
public struct Transaction: Sendable, Hashable {
    /// A reference to an output of an earlier transaction.
    public struct OutPoint: Sendable, Hashable {
        /// The txid in internal byte order (as serialized; the reverse of how it is displayed).
        public var txid: [UInt8]
        /// The output's index.
        public var index: UInt32

        public init(txid: [UInt8], index: UInt32) {
            self.txid = txid
            self.index = index
        }
    }

    /// An input: the output it spends, its scriptSig, sequence and witness stack.
    public struct Input: Sendable, Hashable {
        public var previousOutput: OutPoint
        public var scriptSig: [UInt8]
        public var sequence: UInt32
        public var witness: [[UInt8]]

        public init(previousOutput: OutPoint, scriptSig: [UInt8] = [], sequence: UInt32, witness: [[UInt8]] = []) {
            self.previousOutput = previousOutput
            self.scriptSig = scriptSig
            self.sequence = sequence
            self.witness = witness
        }
    }

    /// An output: an amount in satoshis (signed, as serialized; not range-checked here) and a
    /// scriptPubKey.
    public struct Output: Sendable, Hashable {
        public var amount: Int64
        public var scriptPubKey: [UInt8]

        public init(amount: Int64, scriptPubKey: [UInt8]) {
            self.amount = amount
            self.scriptPubKey = scriptPubKey
        }
    }

    /// The largest transaction parsed: 4,000,000 bytes (the block weight limit).
    public static let maxSize = 4_000_000

    public var version: UInt32
    public var inputs: [Input]
    public var outputs: [Output]
    public var lockTime: UInt32

    public init(version: UInt32, inputs: [Input], outputs: [Output], lockTime: UInt32) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
    }

    /// Parses exactly `bytes`; with `allowingWitness` false, the segwit marker is not recognized.
    public init(parsing bytes: [UInt8], allowingWitness: Bool = true) throws(BitcoinError) {
        guard bytes.count <= Self.maxSize else {
            throw BitcoinError(
                .malformedTransaction, "a transaction has at most \(Self.maxSize) bytes, got \(bytes.count)")
        }
        var reader = ByteReader(bytes, code: .malformedTransaction, context: "transaction")
        try self.init(reading: &reader, allowingWitness: allowingWitness)
        guard reader.isAtEnd else {
            throw BitcoinError(.malformedTransaction, "transaction: \(reader.remaining) bytes after the lock time")
        }
    }

    init(reading reader: inout ByteReader, allowingWitness: Bool) throws(BitcoinError) {
        version = try reader.readUInt32("the version")
        var hasWitness = false
        if allowingWitness, reader.peekByte() == 0x00 {
            _ = try reader.readByte("the segwit marker")
            let flag = try reader.readByte("the segwit flag")
            guard flag == 0x01 else { throw reader.failure("segwit flag \(flag) is not 1") }
            hasWitness = true
        }
        let inputCount = try reader.readCount("the input count", minimumItemSize: 41)
        var inputs: [Input] = []
        inputs.reserveCapacity(inputCount)
        for index in 0..<inputCount {
            let txid = try reader.readBytes(32, "input \(index)'s previous txid")
            let outputIndex = try reader.readUInt32("input \(index)'s previous output index")
            let scriptSig = try reader.readVarBytes("input \(index)'s scriptSig")
            let sequence = try reader.readUInt32("input \(index)'s sequence")
            inputs.append(
                Input(
                    previousOutput: OutPoint(txid: txid, index: outputIndex), scriptSig: scriptSig, sequence: sequence))
        }
        let outputCount = try reader.readCount("the output count", minimumItemSize: 9)
        var outputs: [Output] = []
        outputs.reserveCapacity(outputCount)
        for index in 0..<outputCount {
            let amount = Int64(bitPattern: try reader.readUInt64("output \(index)'s amount"))
            outputs.append(Output(amount: amount, scriptPubKey: try reader.readVarBytes("output \(index)'s script")))
        }
        if hasWitness {
            for index in inputs.indices {
                inputs[index].witness = try Self.readWitness(&reader, what: "input \(index)'s witness")
            }
            guard inputs.contains(where: { !$0.witness.isEmpty }) else {
                throw reader.failure("a segwit serialization whose witnesses are all empty")
            }
        }
        lockTime = try reader.readUInt32("the lock time")
        self.inputs = inputs
        self.outputs = outputs
    }

    static func readWitness(_ reader: inout ByteReader, what: String) throws(BitcoinError) -> [[UInt8]] {
        let count = try reader.readCount("\(what)'s item count", minimumItemSize: 1)
        var items: [[UInt8]] = []
        items.reserveCapacity(count)
        for item in 0..<count { items.append(try reader.readVarBytes("\(what)'s item \(item)")) }
        return items
    }

    /// True when an input has a non-empty witness (the serialization then uses the segwit form).
    public var hasWitness: Bool { inputs.contains { !$0.witness.isEmpty } }

    /// The serialization: segwit form when `includingWitness` and an input has a witness.
    public func serialized(includingWitness: Bool = true) -> [UInt8] {
        let witness = includingWitness && hasWitness
        var out: [UInt8] = []
        out.appendLittleEndian(version)
        if witness { out += [0x00, 0x01] }
        out.appendCompactSize(inputs.count)
        for input in inputs {
            out += input.previousOutput.txid
            out.appendLittleEndian(input.previousOutput.index)
            out.appendVarBytes(input.scriptSig)
            out.appendLittleEndian(input.sequence)
        }
        out.appendCompactSize(outputs.count)
        for output in outputs { out.appendOutput(output) }
        if witness {
            for input in inputs { out.appendWitness(input.witness) }
        }
        out.appendLittleEndian(lockTime)
        return out
    }

    /// The txid in internal byte order: double SHA-256 of the serialization without witnesses.
    public var txid: [UInt8] { Self.doubleSHA256(serialized(includingWitness: false)) }
    /// The wtxid in internal byte order: double SHA-256 of the full serialization.
    public var wtxid: [UInt8] { Self.doubleSHA256(serialized()) }
    /// The txid as block explorers and Bitcoin Core display it (byte-reversed hex).
    public var txidHex: String { Hex.encode(txid.reversed()) }
    /// The wtxid as displayed (byte-reversed hex).
    public var wtxidHex: String { Hex.encode(wtxid.reversed()) }

    static func doubleSHA256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(SHA256.hash(data: bytes))))
    }
}

extension [UInt8] {
    mutating func appendOutput(_ output: Transaction.Output) {
        appendLittleEndian(output.amount)
        appendVarBytes(output.scriptPubKey)
    }

    mutating func appendWitness(_ items: [[UInt8]]) {
        appendCompactSize(items.count)
        for item in items { appendVarBytes(item) }
    }
}
