/// The key types of BIP-174, BIP-370 and BIP-371, with the names the BIPs give them (used in
/// error messages). Any other key type is unknown and kept as it came.
enum PSBTKeyType {
    enum Global {
        static let unsignedTx: UInt64 = 0x00
        static let xpub: UInt64 = 0x01
        static let txVersion: UInt64 = 0x02
        static let fallbackLocktime: UInt64 = 0x03
        static let inputCount: UInt64 = 0x04
        static let outputCount: UInt64 = 0x05
        static let txModifiable: UInt64 = 0x06
        static let version: UInt64 = 0xfb
    }
    enum Input {
        static let nonWitnessUTXO: UInt64 = 0x00
        static let witnessUTXO: UInt64 = 0x01
        static let partialSig: UInt64 = 0x02
        static let sighashType: UInt64 = 0x03
        static let redeemScript: UInt64 = 0x04
        static let witnessScript: UInt64 = 0x05
        static let bip32Derivation: UInt64 = 0x06
        static let finalScriptSig: UInt64 = 0x07
        static let finalScriptWitness: UInt64 = 0x08
        static let ripemd160: UInt64 = 0x0a
        static let sha256: UInt64 = 0x0b
        static let hash160: UInt64 = 0x0c
        static let hash256: UInt64 = 0x0d
        static let previousTxid: UInt64 = 0x0e
        static let outputIndex: UInt64 = 0x0f
        static let sequence: UInt64 = 0x10
        static let requiredTimeLocktime: UInt64 = 0x11
        static let requiredHeightLocktime: UInt64 = 0x12
        static let tapKeySig: UInt64 = 0x13
        static let tapScriptSig: UInt64 = 0x14
        static let tapLeafScript: UInt64 = 0x15
        static let tapBIP32Derivation: UInt64 = 0x16
        static let tapInternalKey: UInt64 = 0x17
        static let tapMerkleRoot: UInt64 = 0x18
    }
    enum Output {
        static let redeemScript: UInt64 = 0x00
        static let witnessScript: UInt64 = 0x01
        static let bip32Derivation: UInt64 = 0x02
        static let amount: UInt64 = 0x03
        static let script: UInt64 = 0x04
        static let tapInternalKey: UInt64 = 0x05
        static let tapTree: UInt64 = 0x06
        static let tapBIP32Derivation: UInt64 = 0x07
    }
    static let proprietary: UInt64 = 0xfc

    static let globalNames: [UInt64: String] = [
        0x00: "PSBT_GLOBAL_UNSIGNED_TX", 0x01: "PSBT_GLOBAL_XPUB", 0x02: "PSBT_GLOBAL_TX_VERSION",
        0x03: "PSBT_GLOBAL_FALLBACK_LOCKTIME", 0x04: "PSBT_GLOBAL_INPUT_COUNT", 0x05: "PSBT_GLOBAL_OUTPUT_COUNT",
        0x06: "PSBT_GLOBAL_TX_MODIFIABLE", 0xfb: "PSBT_GLOBAL_VERSION", 0xfc: "PSBT_GLOBAL_PROPRIETARY",
    ]
    static let inputNames: [UInt64: String] = [
        0x00: "PSBT_IN_NON_WITNESS_UTXO", 0x01: "PSBT_IN_WITNESS_UTXO", 0x02: "PSBT_IN_PARTIAL_SIG",
        0x03: "PSBT_IN_SIGHASH_TYPE", 0x04: "PSBT_IN_REDEEM_SCRIPT", 0x05: "PSBT_IN_WITNESS_SCRIPT",
        0x06: "PSBT_IN_BIP32_DERIVATION", 0x07: "PSBT_IN_FINAL_SCRIPTSIG", 0x08: "PSBT_IN_FINAL_SCRIPTWITNESS",
        0x0a: "PSBT_IN_RIPEMD160", 0x0b: "PSBT_IN_SHA256", 0x0c: "PSBT_IN_HASH160", 0x0d: "PSBT_IN_HASH256",
        0x0e: "PSBT_IN_PREVIOUS_TXID", 0x0f: "PSBT_IN_OUTPUT_INDEX", 0x10: "PSBT_IN_SEQUENCE",
        0x11: "PSBT_IN_REQUIRED_TIME_LOCKTIME", 0x12: "PSBT_IN_REQUIRED_HEIGHT_LOCKTIME",
        0x13: "PSBT_IN_TAP_KEY_SIG", 0x14: "PSBT_IN_TAP_SCRIPT_SIG", 0x15: "PSBT_IN_TAP_LEAF_SCRIPT",
        0x16: "PSBT_IN_TAP_BIP32_DERIVATION", 0x17: "PSBT_IN_TAP_INTERNAL_KEY", 0x18: "PSBT_IN_TAP_MERKLE_ROOT",
        0xfc: "PSBT_IN_PROPRIETARY",
    ]
    static let outputNames: [UInt64: String] = [
        0x00: "PSBT_OUT_REDEEM_SCRIPT", 0x01: "PSBT_OUT_WITNESS_SCRIPT", 0x02: "PSBT_OUT_BIP32_DERIVATION",
        0x03: "PSBT_OUT_AMOUNT", 0x04: "PSBT_OUT_SCRIPT", 0x05: "PSBT_OUT_TAP_INTERNAL_KEY",
        0x06: "PSBT_OUT_TAP_TREE", 0x07: "PSBT_OUT_TAP_BIP32_DERIVATION", 0xfc: "PSBT_OUT_PROPRIETARY",
    ]
}
