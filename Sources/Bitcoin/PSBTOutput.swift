/// An output map of a PSBT: its entries as serialized, and the fields Custody reads, decoded
/// and checked (see docs/bitcoin.md for every rule).
public struct PSBTOutput: Sendable, Hashable {
    /// The map's entries in their serialized order, unknown and proprietary ones included.
    public private(set) var entries: [PSBTEntry]
    /// PSBT_OUT_AMOUNT (version 2), satoshis as serialized (signed).
    public private(set) var amount: Int64?
    /// PSBT_OUT_SCRIPT (version 2).
    public private(set) var script: [UInt8]?
    /// PSBT_OUT_TAP_INTERNAL_KEY: a 32-byte x-only key.
    public private(set) var tapInternalKey: [UInt8]?

    /// The deepest leaf of a Taproot script tree (BIP-341).
    static let maxTreeDepth = 128

    init(entries: [PSBTEntry], version: UInt32, index: Int) throws(BitcoinError) {
        self.entries = entries
        let context = "output \(index)"
        typealias T = PSBTKeyType.Output
        for entry in entries {
            let name = PSBTValue.name(entry.type, PSBTKeyType.outputNames)
            if version == 0, entry.type == T.amount || entry.type == T.script {
                throw BitcoinError(.malformedPSBT, "\(context): \(name) is a version 2 field, in a version 0 PSBT")
            }
            switch entry.type {
            case T.redeemScript, T.witnessScript:
                try PSBTValue.keyData(entry, count: 0, name, context)
            case T.bip32Derivation:
                try PSBTValue.publicKey(entry.keyData, name, context)
                try PSBTValue.keyOrigin(entry.value[...], name, context)
            case T.amount:
                try PSBTValue.keyData(entry, count: 0, name, context)
                guard entry.value.count == 8 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is 8 bytes, got \(entry.value.count)")
                }
                var reader = ByteReader(entry.value, code: .malformedPSBT, context: context)
                amount = Int64(bitPattern: try reader.readUInt64(name))
            case T.script:
                try PSBTValue.keyData(entry, count: 0, name, context)
                script = entry.value
            case T.tapInternalKey:
                try PSBTValue.keyData(entry, count: 0, name, context)
                try PSBTValue.xOnlyKey(entry.value, name, context)
                tapInternalKey = entry.value
            case T.tapTree:
                try PSBTValue.keyData(entry, count: 0, name, context)
                try Self.checkTapTree(entry.value, name, context)
            case T.tapBIP32Derivation:
                try PSBTValue.keyData(entry, count: 32, name, context)
                try PSBTValue.xOnlyKey(entry.keyData, name, context)
                try PSBTInput.checkTapDerivation(entry.value, name, context)
            default:
                break
            }
        }
        if version == 2 {
            guard amount != nil else {
                throw BitcoinError(.malformedPSBT, "\(context): PSBT_OUT_AMOUNT is required in version 2")
            }
            guard script != nil else {
                throw BitcoinError(.malformedPSBT, "\(context): PSBT_OUT_SCRIPT is required in version 2")
            }
        }
    }

    /// BIP-371's tree: (depth, leaf version, CompactSize script) triples in depth-first order,
    /// at least one, each depth at most 128, each leaf version even, and together a complete
    /// binary tree.
    static func checkTapTree(_ value: [UInt8], _ name: String, _ context: String) throws(BitcoinError) {
        var reader = ByteReader(value, code: .malformedPSBT, context: "\(context): \(name)")
        guard !reader.isAtEnd else { throw reader.failure("the tree has no leaf") }
        // The depths of the subtrees still waiting for a sibling, deepest last.
        var open: [Int] = []
        var leaf = 0
        while !reader.isAtEnd {
            var depth = Int(try reader.readByte("leaf \(leaf)'s depth"))
            let leafVersion = try reader.readByte("leaf \(leaf)'s version")
            _ = try reader.readVarBytes("leaf \(leaf)'s script")
            guard depth <= maxTreeDepth else { throw reader.failure("leaf \(leaf) is deeper than 128") }
            guard leafVersion & 0xfe == leafVersion else {
                throw reader.failure("leaf \(leaf) has an odd leaf version \(leafVersion)")
            }
            guard open.last.map({ $0 <= depth }) ?? true, open.last != 0 else {
                throw reader.failure("leaf \(leaf) does not fit the tree (the depths do not form a binary tree)")
            }
            while let last = open.last, last == depth, depth > 0 {
                open.removeLast()
                depth -= 1
            }
            open.append(depth)
            leaf += 1
        }
        guard open == [0] else { throw reader.failure("the leaves do not form a complete tree") }
    }
}
