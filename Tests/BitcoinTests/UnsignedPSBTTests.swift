import Bitcoin
import Encoding
import Testing

/// `PSBT.unsigned`: a version 0 PSBT that reads back as the transaction and outputs it was made
/// of, whose signature hashes are those of that transaction (checked against the BIP-341 code
/// the published vectors test).
struct UnsignedPSBTTests {
    @Test func anUnsignedPSBTReadsBackAsItsTransactionAndItsSighashesAreThoseOfTheTransaction() throws {
        let wallet = TestWallet.main.wallet
        let spent = Transaction.Output(amount: 100_000, scriptPubKey: wallet.scriptPubKey)
        let paid = Transaction.Output(amount: 60_000, scriptPubKey: [0x00, 0x14] + Array(repeating: 0x11, count: 20))
        let change = Transaction.Output(amount: 39_000, scriptPubKey: wallet.scriptPubKey)
        let outpoint = Transaction.OutPoint(txid: Array(repeating: 0xAB, count: 32), index: 1)
        let psbt = try PSBT.unsigned(spending: [.init(outpoint: outpoint, output: spent)], to: [paid, change])
        let reread = try PSBT(bytes: psbt.serialized())
        #expect(reread.serialized() == psbt.serialized())
        let transaction = try reread.transaction()
        #expect(transaction.version == 2 && transaction.lockTime == 0)
        #expect(transaction.inputs.map(\.previousOutput) == [outpoint])
        #expect(transaction.inputs.map(\.sequence) == [0xFFFF_FFFD])
        #expect(transaction.outputs == [paid, change])
        #expect(reread.inputs.first?.witnessUTXO == spent)
        let expected = try TaprootSighash(transaction: transaction, spentOutputs: [spent]).hash(
            inputIndex: 0, hashType: .default)
        #expect(try reread.signatureHashes() == [expected])
    }

    @Test func aPSBTWithoutInputsOrOutputsIsRefused() {
        #expect(throws: BitcoinError.self) {
            _ = try PSBT.unsigned(spending: [], to: [.init(amount: 1, scriptPubKey: [0x51])])
        }
    }
}
