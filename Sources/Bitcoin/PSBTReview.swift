import Encoding

/// What the policy sees of a withdrawal PSBT: each output's destination and amount, which
/// outputs are change, and the fee, after every check of docs/bitcoin.md ("The decoded view")
/// has passed.
public struct PSBTReview: Sendable, Hashable {
    /// What a review checks against.
    public struct Configuration: Sendable, Hashable {
        /// The network addresses are printed for.
        public var network: Network
        /// The wallet every input must spend from; its output script marks change.
        public var wallet: TaprootWallet
        /// The highest fee accepted, in satoshis.
        public var maxFee: Int64
        /// The most bytes a PSBT may have.
        public var maxPSBTBytes: Int

        public init(network: Network, wallet: TaprootWallet, maxFee: Int64, maxPSBTBytes: Int = 1_000_000) {
            self.network = network
            self.wallet = wallet
            self.maxFee = maxFee
            self.maxPSBTBytes = maxPSBTBytes
        }
    }

    /// One output of the transaction.
    public struct Output: Sendable, Hashable {
        /// Its position in the transaction.
        public let index: Int
        /// The segwit address it pays on the configured network, or nil for any other script.
        public let address: String?
        /// The output script.
        public let scriptPubKey: [UInt8]
        /// The amount in satoshis (0 to 21,000,000 BTC).
        public let amount: Int64
        /// True when it pays the wallet's own output key.
        public let isChange: Bool
    }

    /// The most satoshis there can ever be: 21,000,000 BTC (Bitcoin Core's `MAX_MONEY`).
    public static let maxMoney: Int64 = 21_000_000 * 100_000_000

    /// Every output, in order.
    public let outputs: [Output]
    /// The sum of the inputs' amounts, in satoshis.
    public let inputTotal: Int64
    /// The sum of the outputs' amounts, in satoshis.
    public let outputTotal: Int64
    /// inputTotal − outputTotal, in satoshis.
    public let fee: Int64
    /// Each input's sighash type (SIGHASH_DEFAULT where the PSBT names none).
    public let sighashTypes: [TaprootSighash.HashType]
    /// The reviewed PSBT.
    public let psbt: PSBT

    /// Parses and reviews PSBT bytes; the size is checked before anything is parsed.
    public init(bytes: [UInt8], configuration: Configuration) throws(BitcoinError) {
        guard bytes.count <= configuration.maxPSBTBytes else {
            throw BitcoinError(
                .psbtTooLarge, "the PSBT is \(bytes.count) bytes, above the limit of \(configuration.maxPSBTBytes)")
        }
        var limits = PSBT.Limits.standard
        limits.maxBytes = configuration.maxPSBTBytes
        try self.init(psbt: try PSBT(bytes: bytes, limits: limits), configuration: configuration)
    }

    /// Reviews a parsed PSBT.
    public init(psbt: PSBT, configuration: Configuration) throws(BitcoinError) {
        let size = psbt.serialized().count
        guard size <= configuration.maxPSBTBytes else {
            throw BitcoinError(
                .psbtTooLarge, "the PSBT is \(size) bytes, above the limit of \(configuration.maxPSBTBytes)")
        }
        let wallet = configuration.wallet
        var inputTotal: Int64 = 0
        var sighashTypes: [TaprootSighash.HashType] = []
        for (index, input) in psbt.inputs.enumerated() {
            let context = "input \(index)"
            guard let utxo = input.witnessUTXO else {
                throw BitcoinError(.missingUTXO, "\(context) has no PSBT_IN_WITNESS_UTXO (the output it spends)")
            }
            try Self.checkAmount(utxo.amount, context)
            guard utxo.scriptPubKey == wallet.scriptPubKey else {
                throw BitcoinError(
                    .inputNotFromWallet,
                    "\(context) spends \(Self.describe(utxo.scriptPubKey, configuration.network)), not the wallet's Taproot output \(wallet.address(on: configuration.network))"
                )
            }
            if let internalKey = input.tapInternalKey, internalKey != wallet.internalKey {
                throw BitcoinError(
                    .inputNotFromWallet, "\(context): PSBT_IN_TAP_INTERNAL_KEY is not the wallet's internal key")
            }
            if input.tapMerkleRoot != nil {
                throw BitcoinError(
                    .inputNotFromWallet,
                    "\(context): PSBT_IN_TAP_MERKLE_ROOT is set, but the wallet's key has no script tree (key path only)"
                )
            }
            sighashTypes.append(try TaprootSighash.HashType(input.sighashType ?? 0, context: context))
            inputTotal += utxo.amount
            try Self.checkAmount(inputTotal, "the inputs' total")
        }
        var outputs: [Output] = []
        var outputTotal: Int64 = 0
        for (index, output) in psbt.transactionOutputs.enumerated() {
            try Self.checkAmount(output.amount, "output \(index)")
            outputTotal += output.amount
            try Self.checkAmount(outputTotal, "the outputs' total")
            outputs.append(
                Output(
                    index: index,
                    address: SegwitAddress(scriptPubKey: output.scriptPubKey, network: configuration.network)?
                        .description,
                    scriptPubKey: output.scriptPubKey, amount: output.amount,
                    isChange: output.scriptPubKey == wallet.scriptPubKey))
        }
        guard outputTotal <= inputTotal else {
            throw BitcoinError(
                .outputsExceedInputs, "the outputs pay \(outputTotal) sat but the inputs hold only \(inputTotal) sat")
        }
        let fee = inputTotal - outputTotal
        guard fee <= configuration.maxFee else {
            throw BitcoinError(
                .feeAboveCeiling, "the fee is \(fee) sat, above the ceiling of \(configuration.maxFee) sat")
        }
        _ = try psbt.transaction()
        self.outputs = outputs
        self.inputTotal = inputTotal
        self.outputTotal = outputTotal
        self.fee = fee
        self.sighashTypes = sighashTypes
        self.psbt = psbt
    }

    private static func checkAmount(_ amount: Int64, _ what: String) throws(BitcoinError) {
        guard amount >= 0 && amount <= maxMoney else {
            throw BitcoinError(.amountOutOfRange, "\(what): \(amount) sat is outside 0 to 21,000,000 BTC")
        }
    }

    private static func describe(_ script: [UInt8], _ network: Network) -> String {
        if let address = SegwitAddress(scriptPubKey: script, network: network) { return address.description }
        return "the script \(Hex.encode(script.prefix(42)))\(script.count > 42 ? "…" : "")"
    }
}
