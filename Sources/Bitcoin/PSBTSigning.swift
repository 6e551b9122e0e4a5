import Encoding
import Secp256k1

extension PSBT {
    /// The 32-byte message each input's key-path signature signs (BIP-341), in input order,
    /// with each input's sighash type (SIGHASH_DEFAULT where none is named).
    /// - Throws: `.missingUTXO` for an input without PSBT_IN_WITNESS_UTXO,
    ///   `.unsupportedSighashType` for a type other than 0x00 and 0x01, `.malformedPSBT` when
    ///   no lock time satisfies a version 2 PSBT's inputs.
    public func signatureHashes() throws(BitcoinError) -> [[UInt8]] {
        let sighash = try taprootSighash()
        var hashes: [[UInt8]] = []
        for index in inputs.indices {
            hashes.append(try sighash.hash(inputIndex: index, hashType: try hashType(of: index)))
        }
        return hashes
    }

    /// Places a key-path signature into input `index` as PSBT_IN_TAP_KEY_SIG, after checking it.
    ///
    /// The signature is 64 bytes (SIGHASH_DEFAULT) or 65 ending in 0x01 (SIGHASH_ALL), its type
    /// is the input's, and it verifies (BIP-340) for the input's sighash under the output key
    /// of the input's PSBT_IN_WITNESS_UTXO, which must be a Taproot output. Nothing changes
    /// when a check fails.
    public mutating func placeSignature(_ signature: [UInt8], inputIndex index: Int) throws(BitcoinError) {
        guard inputs.indices.contains(index) else {
            throw BitcoinError(.indexOutOfRange, "the PSBT has no input \(index)")
        }
        let context = "input \(index)"
        let expected = try hashType(of: index)
        switch (signature.count, expected) {
        case (64, .default): break
        case (65, .all) where signature[64] == TaprootSighash.HashType.all.rawValue: break
        case (64, _), (65, _):
            throw BitcoinError(
                .invalidSignature,
                "\(context): a \(signature.count)-byte signature does not carry the input's sighash type \(expected) (SIGHASH_DEFAULT is 64 bytes, SIGHASH_ALL 65 ending 01)"
            )
        default:
            throw BitcoinError(
                .invalidSignature, "\(context): a Taproot signature is 64 or 65 bytes, got \(signature.count)")
        }
        guard let script = inputs[index].witnessUTXO?.scriptPubKey else {
            throw BitcoinError(.missingUTXO, "\(context) has no PSBT_IN_WITNESS_UTXO (the output it spends)")
        }
        guard script.count == 34, script[0] == 0x51, script[1] == 0x20 else {
            throw BitcoinError(.inputNotFromWallet, "\(context) does not spend a Taproot output (OP_1 <32 bytes>)")
        }
        let message = try taprootSighash().hash(inputIndex: index, hashType: expected)
        guard Schnorr.verify(signature: Array(signature.prefix(64)), message: message, publicKey: Array(script[2...]))
        else {
            throw BitcoinError(
                .invalidSignature, "\(context): the signature does not verify under the output key it spends from")
        }
        inputs[index] = try inputs[index].setting(
            PSBTEntry(type: UInt8(PSBTKeyType.Input.tapKeySig), value: signature), version: version, index: index)
    }

    /// Finalizes every input that is not final yet: PSBT_IN_FINAL_SCRIPTWITNESS becomes the
    /// one-item stack of its PSBT_IN_TAP_KEY_SIG, and every other known field is removed except
    /// the UTXOs (and, in version 2, the fields that make up the transaction); unknown and
    /// proprietary entries stay (BIP-174's Input Finalizer).
    /// - Throws: `.notFinalized` naming the first input without a key-path signature; nothing
    ///   changes then.
    public mutating func finalize() throws(BitcoinError) {
        var finalized = inputs
        typealias T = PSBTKeyType.Input
        let kept: Set<UInt64> = [
            T.nonWitnessUTXO, T.witnessUTXO, T.finalScriptSig, T.finalScriptWitness, T.previousTxid, T.outputIndex,
            T.sequence, T.requiredTimeLocktime, T.requiredHeightLocktime,
        ]
        for (index, input) in inputs.enumerated() where !input.isFinalized {
            guard let signature = input.tapKeySignature else {
                throw BitcoinError(.notFinalized, "input \(index) has no PSBT_IN_TAP_KEY_SIG to finalize with")
            }
            var witness: [UInt8] = []
            witness.appendWitness([signature])
            let stripped = try input.keeping(
                {
                    kept.contains($0.type) || PSBTKeyType.inputNames[$0.type] == nil
                        || $0.type == PSBTKeyType.proprietary
                },
                version: version, index: index)
            finalized[index] = try stripped.setting(
                PSBTEntry(type: UInt8(T.finalScriptWitness), value: witness), version: version, index: index)
        }
        inputs = finalized
    }

    /// The signed transaction: every input's final scriptSig and witness in place.
    /// - Throws: `.notFinalized` naming the first input that is not finalized.
    public func extractTransaction() throws(BitcoinError) -> Transaction {
        var transaction = try transaction()
        for (index, input) in inputs.enumerated() {
            guard input.isFinalized else {
                throw BitcoinError(.notFinalized, "input \(index) is not finalized")
            }
            transaction.inputs[index].scriptSig = input.finalScriptSig ?? []
            transaction.inputs[index].witness = input.finalScriptWitness ?? []
        }
        return transaction
    }

    /// The signed transaction's serialization in hex, ready to broadcast.
    public func extractTransactionHex() throws(BitcoinError) -> String {
        Hex.encode(try extractTransaction().serialized())
    }

    private func hashType(of index: Int) throws(BitcoinError) -> TaprootSighash.HashType {
        try TaprootSighash.HashType(inputs[index].sighashType ?? 0, context: "input \(index)")
    }

    private func taprootSighash() throws(BitcoinError) -> TaprootSighash {
        var spent: [Transaction.Output] = []
        for (index, input) in inputs.enumerated() {
            guard let utxo = input.witnessUTXO else {
                throw BitcoinError(.missingUTXO, "input \(index) has no PSBT_IN_WITNESS_UTXO (the output it spends)")
            }
            spent.append(utxo)
        }
        return try TaprootSighash(transaction: try transaction(), spentOutputs: spent)
    }
}
