import Encoding
import Secp256k1
import Testing

@testable import Bitcoin

@Suite struct SigningTests {
    static let signer = TestWallet.main
    static let wallet = signer.wallet

    static func unsignedPSBT(version: UInt32 = 2, sighashAll: Bool = false) throws -> PSBT {
        var builder = PSBTBuilder.spending(
            100_000, from: wallet, to: [(60_000, foreignScript), (39_000, wallet.scriptPubKey)], version: version)
        builder.inputs.append(
            PSBTBuilder.Input(index: 3, utxo: .init(amount: 5_000, scriptPubKey: wallet.scriptPubKey)))
        for index in builder.inputs.indices {
            builder.inputs[index].extra = [([0x17], wallet.internalKey)]
            if sighashAll { builder.inputs[index].extra.append(([0x03], [1, 0, 0, 0])) }
        }
        return try builder.psbt()
    }

    @Test(arguments: [UInt32(0), 2], [false, true])
    func aPSBTIsSignedFinalizedAndExtracted(version: UInt32, sighashAll: Bool) throws {
        var psbt = try Self.unsignedPSBT(version: version, sighashAll: sighashAll)
        let hashes = try psbt.signatureHashes()
        #expect(hashes.count == 2)
        for (index, hash) in hashes.enumerated() {
            let signature = Self.signer.sign(hash) + (sighashAll ? [0x01] : [])
            try psbt.placeSignature(signature, inputIndex: index)
            #expect(psbt.inputs[index].tapKeySignature == signature)
        }
        // The signed PSBT still round-trips.
        #expect(try PSBT(bytes: psbt.serialized()) == psbt)
        try psbt.finalize()
        for input in psbt.inputs {
            #expect(input.entries.map(\.type).sorted() == (version == 2 ? [0x01, 0x08, 0x0e, 0x0f] : [0x01, 0x08]))
            #expect(input.tapKeySignature == nil && input.tapInternalKey == nil && input.sighashType == nil)
        }
        let transaction = try Transaction(parsing: try Hex.decode(psbt.extractTransactionHex()))
        #expect(transaction == (try psbt.extractTransaction()))
        let sighash = try TaprootSighash(
            transaction: transaction,
            spentOutputs: psbt.inputs.map { $0.witnessUTXO! })
        for (index, input) in transaction.inputs.enumerated() {
            #expect(input.witness.count == 1)
            let message = try sighash.hash(inputIndex: index, hashType: sighashAll ? .all : .default)
            #expect(
                Schnorr.verify(
                    signature: Array(input.witness[0].prefix(64)), message: message, publicKey: Self.wallet.outputKey))
        }
    }

    @Test func theBIP341VectorSignaturesArePlacedThroughAPSBT() throws {
        let vectors = BIP341Vectors.shared.keyPathSpending
        let transaction = try Transaction(parsing: bytes(vectors.unsignedTransaction))
        var builder = PSBTBuilder(version: 2)
        builder.inputs = zip(transaction.inputs, vectors.spentOutputs).map { input, spent in
            PSBTBuilder.Input(
                txid: input.previousOutput.txid, index: input.previousOutput.index,
                utxo: .init(amount: Int64(spent.amount), scriptPubKey: bytes(spent.scriptPubKey)),
                extra: [([0x10], withUnsafeBytes(of: input.sequence.littleEndian, Array.init))])
        }
        builder.outputs = transaction.outputs.map { PSBTBuilder.Output(output: $0) }
        builder.globalExtra = [([0x03], withUnsafeBytes(of: transaction.lockTime.littleEndian, Array.init))]
        for vector in vectors.inputs {
            builder.inputs[vector.index].extra.append(([0x03], [vector.hashType, 0, 0, 0]))
        }
        var psbt = try builder.psbt()
        #expect(try psbt.transaction().serialized() == transaction.serialized())
        for vector in vectors.inputs where vector.hashType <= 0x01 {
            try psbt.placeSignature(bytes(vector.witness[0]), inputIndex: vector.index)
        }
        // The vector's other inputs use sighash types Custody refuses.
        let error = #expect(throws: BitcoinError.self) { try psbt.signatureHashes() }
        #expect(error?.code == .unsupportedSighashType)
    }

    @Test func aSignatureOfAnotherMessageIsNotPlaced() throws {
        var psbt = try Self.unsignedPSBT()
        let before = psbt
        let hashes = try psbt.signatureHashes()
        let error = #expect(throws: BitcoinError.self) {
            try psbt.placeSignature(Self.signer.sign(hashes[1]), inputIndex: 0)
        }
        #expect(error?.code == .invalidSignature)
        #expect(psbt == before)
    }

    @Test func aSignatureByAnotherKeyIsNotPlaced() throws {
        var psbt = try Self.unsignedPSBT()
        let hash = try psbt.signatureHashes()[0]
        let error = #expect(throws: BitcoinError.self) {
            try psbt.placeSignature(TestWallet.other.sign(hash), inputIndex: 0)
        }
        #expect(error?.code == .invalidSignature)
    }

    @Test func aSignatureOfTheWrongSighashTypeIsNotPlaced() throws {
        var psbt = try Self.unsignedPSBT()
        let hash = try psbt.signatureHashes()[0]
        // SIGHASH_DEFAULT input: a 65-byte signature is refused, whatever its last byte.
        for last: UInt8 in [0x00, 0x01, 0x83] {
            #expect(throws: BitcoinError.self) {
                try psbt.placeSignature(Self.signer.sign(hash) + [last], inputIndex: 0)
            }
        }
        var all = try Self.unsignedPSBT(sighashAll: true)
        let allHash = try all.signatureHashes()[0]
        #expect(throws: BitcoinError.self) { try all.placeSignature(Self.signer.sign(allHash), inputIndex: 0) }
        #expect(throws: BitcoinError.self) { try all.placeSignature(Self.signer.sign(allHash) + [0x02], inputIndex: 0) }
        #expect(throws: BitcoinError.self) {
            try all.placeSignature(Self.signer.sign(allHash) + [0x01, 0x01], inputIndex: 0)
        }
    }

    @Test func aSignatureForAMissingInputIsRefused() throws {
        var psbt = try Self.unsignedPSBT()
        let error = #expect(throws: BitcoinError.self) {
            try psbt.placeSignature([UInt8](repeating: 0, count: 64), inputIndex: 2)
        }
        #expect(error?.code == .indexOutOfRange)
    }

    @Test func finalizingWithoutEverySignatureChangesNothing() throws {
        var psbt = try Self.unsignedPSBT()
        try psbt.placeSignature(Self.signer.sign(try psbt.signatureHashes()[0]), inputIndex: 0)
        let before = psbt
        let error = #expect(throws: BitcoinError.self) { try psbt.finalize() }
        #expect(error?.code == .notFinalized)
        #expect(error?.reason.contains("input 1") == true)
        #expect(psbt == before)
        #expect(throws: BitcoinError.self) { try psbt.extractTransaction() }
    }

    @Test func finalizingKeepsUnknownAndProprietaryEntries() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        let proprietary: [UInt8] = [0xfc, 0x03, 0x61, 0x62, 0x63, 0x01, 0x09]
        builder.inputs[0].extra = [([0xf0, 0x01], [0x02]), (proprietary, [0x03]), ([0x17], Self.wallet.internalKey)]
        var psbt = try builder.psbt()
        try psbt.placeSignature(Self.signer.sign(try psbt.signatureHashes()[0]), inputIndex: 0)
        try psbt.finalize()
        let keys = psbt.inputs[0].entries.map(\.key)
        #expect(keys.contains([0xf0, 0x01]))
        #expect(keys.contains(proprietary))
        #expect(!keys.contains([0x17]))
        #expect(!keys.contains([0x13]))
    }

    @Test func aSignatureOverAnotherWalletsOutputIsRefused() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].utxo = .init(amount: 100_000, scriptPubKey: foreignScript)
        var psbt = try builder.psbt()
        let error = #expect(throws: BitcoinError.self) {
            try psbt.placeSignature([UInt8](repeating: 1, count: 64), inputIndex: 0)
        }
        #expect(error?.code == .inputNotFromWallet)
    }
}
