/// An error from decoding, checking or signing Bitcoin data.
///
/// `code` says what kind of problem it was; `reason` names the input, output, field or character
/// at fault and what was wrong with it. Untrusted text is quoted through `UntrustedText`; no
/// field ever holds a secret.
public struct BitcoinError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidAddress = "invalid address"
            case invalidBech32 = "invalid bech32"
            case malformedTransaction = "malformed transaction"
            case malformedPSBT = "malformed PSBT"
            case psbtTooLarge = "PSBT too large"
            case limitExceeded = "limit exceeded"
            case missingUTXO = "missing UTXO"
            case inputNotFromWallet = "input not from this wallet"
            case unsupportedSighashType = "unsupported sighash type"
            case feeAboveCeiling = "fee above ceiling"
            case outputsExceedInputs = "outputs exceed inputs"
            case amountOutOfRange = "amount out of range"
            case invalidSignature = "invalid signature"
            case notFinalized = "not finalized"
            case invalidKey = "invalid key"
            case indexOutOfRange = "index out of range"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A segwit address that does not decode, or decodes to another network or a bad program.
        public static let invalidAddress = Code(.invalidAddress)
        /// A bech32 or bech32m string with bad characters, case, length or checksum.
        public static let invalidBech32 = Code(.invalidBech32)
        /// Transaction bytes that do not follow the serialization (or leave bytes over).
        public static let malformedTransaction = Code(.malformedTransaction)
        /// PSBT bytes that break BIP-174, BIP-370 or BIP-371.
        public static let malformedPSBT = Code(.malformedPSBT)
        /// A PSBT larger than the configured number of bytes.
        public static let psbtTooLarge = Code(.psbtTooLarge)
        /// More inputs, outputs, entries or bytes than a documented limit allows.
        public static let limitExceeded = Code(.limitExceeded)
        /// An input without the UTXO data (witness_utxo) that a check or a sighash needs.
        public static let missingUTXO = Code(.missingUTXO)
        /// An input whose UTXO is not locked to the wallet's Taproot output key.
        public static let inputNotFromWallet = Code(.inputNotFromWallet)
        /// A sighash type other than SIGHASH_DEFAULT (0x00) and SIGHASH_ALL (0x01).
        public static let unsupportedSighashType = Code(.unsupportedSighashType)
        /// A fee above the configured ceiling.
        public static let feeAboveCeiling = Code(.feeAboveCeiling)
        /// Outputs worth more than the inputs they spend.
        public static let outputsExceedInputs = Code(.outputsExceedInputs)
        /// An amount (or a sum of amounts) below 0 or above 21,000,000 BTC.
        public static let amountOutOfRange = Code(.amountOutOfRange)
        /// A signature of the wrong length or sighash byte, or that does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// A transaction extracted from a PSBT with an input that is not finalized.
        public static let notFinalized = Code(.notFinalized)
        /// A key that is not a valid secp256k1 key.
        public static let invalidKey = Code(.invalidKey)
        /// An input or output index that the PSBT does not have.
        public static let indexOutOfRange = Code(.indexOutOfRange)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong, for a person.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
