import Encoding
import Secp256k1
import Testing

@testable import Bitcoin

@Suite struct SighashTests {
    static let vectors = BIP341Vectors.shared.keyPathSpending

    static func sighash() throws -> TaprootSighash {
        let transaction = try Transaction(parsing: bytes(vectors.unsignedTransaction))
        let spent = vectors.spentOutputs.map {
            Transaction.Output(amount: Int64($0.amount), scriptPubKey: bytes($0.scriptPubKey))
        }
        return try TaprootSighash(transaction: transaction, spentOutputs: spent)
    }

    @Test func theBIP341KeyPathMessagesAndHashesOfDefaultAndAllMatchByteForByte() throws {
        let sighash = try Self.sighash()
        let supported = Self.vectors.inputs.filter { $0.hashType == 0x00 || $0.hashType == 0x01 }
        #expect(supported.count == 2)
        for input in supported {
            let type = try #require(TaprootSighash.HashType(rawValue: input.hashType))
            #expect(try sighash.message(inputIndex: input.index, hashType: type) == bytes(input.sigMsg))
            #expect(try sighash.hash(inputIndex: input.index, hashType: type) == bytes(input.sigHash))
        }
    }

    @Test func theBIP341SignaturesVerifyForTheComputedHashes() throws {
        let sighash = try Self.sighash()
        for input in Self.vectors.inputs where input.hashType <= 0x01 {
            let type = try #require(TaprootSighash.HashType(rawValue: input.hashType))
            let signature = bytes(input.witness[0])
            #expect(signature.count == (type == .default ? 64 : 65))
            let outputKey = Array(bytes(Self.vectors.spentOutputs[input.index].scriptPubKey).dropFirst(2))
            let message = try sighash.hash(inputIndex: input.index, hashType: type)
            #expect(Schnorr.verify(signature: Array(signature.prefix(64)), message: message, publicKey: outputKey))
        }
    }

    @Test func everyOtherSighashTypeOfTheVectorsIsRefusedByName() throws {
        for input in Self.vectors.inputs where input.hashType > 0x01 {
            let error = #expect(throws: BitcoinError.self) {
                try TaprootSighash.HashType(UInt32(input.hashType), context: "input \(input.index)")
            }
            #expect(error?.code == .unsupportedSighashType)
            #expect(error?.reason.contains("input \(input.index)") == true)
        }
        let error = #expect(throws: BitcoinError.self) { try TaprootSighash.HashType(0x83, context: "input 0") }
        #expect(error?.reason.contains("SIGHASH_SINGLE|SIGHASH_ANYONECANPAY") == true)
    }

    @Test func theSharedHashesAreTheVectorsIntermediateOnes() throws {
        let message = try Self.sighash().message(inputIndex: 3, hashType: .all)
        let intermediate = Self.vectors.intermediate
        // SigMsg: epoch, type, version, lock time, then the five shared hashes.
        let hashes = (0..<5).map { Hex.encode(message[(10 + 32 * $0)..<(42 + 32 * $0)]) }
        #expect(
            hashes == [
                intermediate["hashPrevouts"], intermediate["hashAmounts"], intermediate["hashScriptPubkeys"],
                intermediate["hashSequences"], intermediate["hashOutputs"],
            ])
    }

    @Test func aMissingSpentOutputIsRefused() throws {
        let transaction = try Transaction(parsing: bytes(Self.vectors.unsignedTransaction))
        let error = #expect(throws: BitcoinError.self) {
            try TaprootSighash(transaction: transaction, spentOutputs: [])
        }
        #expect(error?.code == .missingUTXO)
    }
}
