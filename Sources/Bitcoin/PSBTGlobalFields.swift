/// The global map's fields, decoded and checked.
struct GlobalFields {
    var version: UInt32 = 0
    var unsignedTransaction: Transaction?
    var transactionVersion: UInt32?
    var fallbackLocktime: UInt32?
    var inputCount: Int?
    var outputCount: Int?
    var modifiableFlags: UInt8?

    init(_ entries: [PSBTEntry]) throws(BitcoinError) {
        let context = "global map"
        typealias T = PSBTKeyType.Global
        if let entry = entries.first(where: { $0.type == T.version }) {
            try PSBTValue.keyData(entry, count: 0, "PSBT_GLOBAL_VERSION", context)
            version = try PSBTValue.uint32(entry, "PSBT_GLOBAL_VERSION", context)
            guard version == 0 || version == 2 else {
                throw BitcoinError(.malformedPSBT, "PSBT version \(version) is not supported (only 0 and 2)")
            }
        }
        for entry in entries {
            let name = PSBTValue.name(entry.type, PSBTKeyType.globalNames)
            if version == 0, (T.txVersion...T.txModifiable).contains(entry.type) {
                throw BitcoinError(.malformedPSBT, "\(context): \(name) is a version 2 field, in a version 0 PSBT")
            }
            switch entry.type {
            case T.unsignedTx:
                try PSBTValue.keyData(entry, count: 0, name, context)
                guard version == 0 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is not allowed in a version 2 PSBT")
                }
                let transaction: Transaction
                do {
                    transaction = try Transaction(parsing: entry.value, allowingWitness: false)
                } catch {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name): \(error.reason)")
                }
                if let signed = transaction.inputs.firstIndex(where: { !$0.scriptSig.isEmpty }) {
                    throw BitcoinError(
                        .malformedPSBT, "\(context): \(name): input \(signed) has a scriptSig (it must be empty)")
                }
                unsignedTransaction = transaction
            case T.xpub:
                guard entry.keyData.count == 78 else {
                    throw BitcoinError(
                        .malformedPSBT,
                        "\(context): the key data of \(name) is a 78-byte extended key, got \(entry.keyData.count)")
                }
                try PSBTValue.keyOrigin(entry.value[...], name, context)
            case T.txVersion:
                try PSBTValue.keyData(entry, count: 0, name, context)
                transactionVersion = try PSBTValue.uint32(entry, name, context)
            case T.fallbackLocktime:
                try PSBTValue.keyData(entry, count: 0, name, context)
                fallbackLocktime = try PSBTValue.uint32(entry, name, context)
            case T.inputCount, T.outputCount:
                try PSBTValue.keyData(entry, count: 0, name, context)
                var reader = ByteReader(entry.value, code: .malformedPSBT, context: "\(context): \(name)")
                let count = try reader.readCompactSize("the count", maximum: UInt64(Int32.max))
                guard reader.isAtEnd else { throw reader.failure("\(reader.remaining) bytes after the count") }
                if entry.type == T.inputCount { inputCount = Int(count) } else { outputCount = Int(count) }
            case T.txModifiable:
                try PSBTValue.keyData(entry, count: 0, name, context)
                guard entry.value.count == 1 else {
                    throw BitcoinError(.malformedPSBT, "\(context): \(name) is 1 byte, got \(entry.value.count)")
                }
                modifiableFlags = entry.value[0]
            default:
                break
            }
        }
        if version == 0 {
            guard unsignedTransaction != nil else {
                throw BitcoinError(.malformedPSBT, "\(context): PSBT_GLOBAL_UNSIGNED_TX is required in version 0")
            }
        } else {
            for (type, name) in [
                (T.txVersion, "PSBT_GLOBAL_TX_VERSION"), (T.inputCount, "PSBT_GLOBAL_INPUT_COUNT"),
                (T.outputCount, "PSBT_GLOBAL_OUTPUT_COUNT"),
            ] where !entries.contains(where: { $0.type == type }) {
                throw BitcoinError(.malformedPSBT, "\(context): \(name) is required in version 2")
            }
        }
    }
}
