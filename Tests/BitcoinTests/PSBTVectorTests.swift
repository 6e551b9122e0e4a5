import Encoding
import Testing

@testable import Bitcoin

@Suite struct PSBTVectorTests {
    static let valid = PSBTVectors.shared.cases.filter(\.valid)
    static let invalid = PSBTVectors.shared.cases.filter { !$0.valid }

    @Test(arguments: valid)
    func aValidPublishedPSBTParsesAndSerializesByteForByte(_ vector: PSBTVectors.Case) throws {
        let bytes = bytes(vector.hex)
        let psbt = try PSBT(bytes: bytes)
        #expect(psbt.serialized() == bytes)
        if let base64 = vector.base64 {
            #expect(try PSBT(base64: base64) == psbt)
            #expect(psbt.base64 == base64)
        }
    }

    @Test(arguments: invalid)
    func anInvalidPublishedPSBTIsRefused(_ vector: PSBTVectors.Case) throws {
        let error = #expect(throws: BitcoinError.self) { try PSBT(bytes: bytes(vector.hex)) }
        #expect(error?.code == .malformedPSBT)
    }

    @Test(arguments: PSBTVectors.shared.cases.filter { $0.source.hasPrefix("BIP-370 locktime") })
    func aVersion2LockTimeIsDeterminedAsBIP370Says(_ vector: PSBTVectors.Case) throws {
        let psbt = try PSBT(bytes: bytes(vector.hex))
        #expect(psbt.version == 2)
        if let expected = vector.locktime {
            #expect(try psbt.lockTime() == expected)
            #expect(try psbt.transaction().lockTime == expected)
        } else {
            #expect(throws: BitcoinError.self) { try psbt.lockTime() }
        }
    }

    @Test func aVersion2PSBTBuildsItsTransactionFromItsFields() throws {
        let vector = try #require(Self.valid.first { $0.source == "BIP-370 valid 13" })
        let psbt = try PSBT(bytes: bytes(vector.hex))
        let transaction = try psbt.transaction()
        #expect(transaction.inputs.count == psbt.inputs.count)
        #expect(transaction.outputs.count == psbt.outputs.count)
        #expect(transaction.version == psbt.transactionVersion)
        #expect(transaction.inputs[0].previousOutput.txid == psbt.inputs[0].previousTxid)
    }

    @Test func theBIP371KeyPathSignatureIsDecoded() throws {
        let vector = try #require(Self.valid.first { $0.source == "BIP-371 valid 1" })
        let psbt = try PSBT(bytes: bytes(vector.hex))
        #expect(psbt.inputs[0].tapKeySignature?.count == 64)
        #expect(psbt.inputs[0].tapInternalKey?.count == 32)
    }
}
