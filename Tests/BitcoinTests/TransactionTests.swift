import Encoding
import Testing

@testable import Bitcoin

@Suite struct TransactionTests {
    @Test(arguments: TransactionVectors.shared.transactions)
    func aPublishedTransactionParsesAndSerializesByteForByte(_ vector: TransactionVectors.Case) throws {
        let bytes = bytes(vector.hex)
        let transaction = try Transaction(parsing: bytes)
        #expect(transaction.serialized() == bytes)
        #expect(transaction.txidHex == vector.txid)
        #expect(transaction.wtxidHex == vector.wtxid)
    }

    @Test func aSignedTaprootTransactionHasDistinctTxidAndWtxid() throws {
        let transaction = try Transaction(parsing: bytes(BIP341Vectors.shared.keyPathSpending.signedTransaction))
        #expect(transaction.hasWitness)
        #expect(transaction.txid != transaction.wtxid)
        #expect(transaction.serialized(includingWitness: false).count < transaction.serialized().count)
    }

    @Test func trailingBytesAreRefused() throws {
        let bytes = bytes(BIP341Vectors.shared.keyPathSpending.unsignedTransaction)
        #expect(throws: BitcoinError.self) { try Transaction(parsing: bytes + [0x00]) }
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = bytes(BIP341Vectors.shared.keyPathSpending.signedTransaction)
        for length in 0..<bytes.count {
            #expect(throws: BitcoinError.self) { try Transaction(parsing: Array(bytes.prefix(length))) }
        }
    }

    @Test func aNonCanonicalCompactSizeIsRefused() {
        // version, input count 1 written as fd 01 00.
        let bytes: [UInt8] = [0x02, 0, 0, 0, 0xfd, 0x01, 0x00] + [UInt8](repeating: 0, count: 41) + [0x00, 0, 0, 0, 0]
        let error = #expect(throws: BitcoinError.self) { try Transaction(parsing: bytes) }
        #expect(error?.reason.contains("non-canonical") == true)
    }

    @Test func aHugeDeclaredCountIsRefusedBeforeAllocating() {
        let bytes: [UInt8] = [0x02, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0x01, 0, 0, 0, 0]
        let error = #expect(throws: BitcoinError.self) { try Transaction(parsing: bytes) }
        #expect(error?.code == .malformedTransaction)
    }

    @Test func aSegwitFlagOtherThanOneIsRefused() throws {
        var bytes = bytes(BIP341Vectors.shared.keyPathSpending.signedTransaction)
        bytes[5] = 0x02
        #expect(throws: BitcoinError.self) { try Transaction(parsing: bytes) }
    }

    @Test func aSegwitSerializationWithOnlyEmptyWitnessesIsRefused() throws {
        let unsigned = try Transaction(parsing: bytes(BIP341Vectors.shared.keyPathSpending.unsignedTransaction))
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(unsigned.version)
        bytes += [0x00, 0x01]
        let body = unsigned.serialized(includingWitness: false)
        bytes += body[4..<(body.count - 4)]
        bytes += [UInt8](repeating: 0, count: unsigned.inputs.count)
        bytes.appendLittleEndian(unsigned.lockTime)
        let error = #expect(throws: BitcoinError.self) { try Transaction(parsing: bytes) }
        #expect(error?.reason.contains("all empty") == true)
    }

    @Test func aZeroInputTransactionParsesOnlyWithoutWitnesses() throws {
        let bytes: [UInt8] = [0x02, 0, 0, 0, 0x00, 0x00, 0, 0, 0, 0]
        let transaction = try Transaction(parsing: bytes, allowingWitness: false)
        #expect(transaction.inputs.isEmpty && transaction.outputs.isEmpty)
        #expect(transaction.serialized() == bytes)
        #expect(throws: BitcoinError.self) { try Transaction(parsing: bytes) }
    }
}
