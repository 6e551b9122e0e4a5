import Encoding
import Testing

@testable import Bitcoin

@Suite struct ReviewTests {
    static let wallet = TestWallet.main.wallet
    static let configuration = PSBTReview.Configuration(network: .mainnet, wallet: wallet, maxFee: 10_000)

    static func review(_ builder: PSBTBuilder, _ configuration: PSBTReview.Configuration = configuration) throws
        -> PSBTReview
    {
        try PSBTReview(bytes: builder.bytes(), configuration: configuration)
    }

    @Test(arguments: [UInt32(0), 2])
    func theViewShowsAddressesAmountsChangeAndFee(version: UInt32) throws {
        let builder = PSBTBuilder.spending(
            100_000, from: Self.wallet, to: [(60_000, foreignScript), (39_000, Self.wallet.scriptPubKey)],
            version: version)
        let review = try Self.review(builder)
        #expect(review.inputTotal == 100_000)
        #expect(review.outputTotal == 99_000)
        #expect(review.fee == 1_000)
        #expect(review.outputs.map(\.amount) == [60_000, 39_000])
        #expect(review.outputs.map(\.isChange) == [false, true])
        #expect(review.outputs[0].address == SegwitAddress(scriptPubKey: foreignScript, network: .mainnet)?.description)
        #expect(review.outputs[1].address == Self.wallet.address(on: .mainnet).description)
        #expect(review.sighashTypes == [.default])
    }

    @Test func anOutputThatIsNotSegwitHasNoAddress() throws {
        let review = try Self.review(
            PSBTBuilder.spending(100_000, from: Self.wallet, to: [(0, [0x6a, 0x01, 0x2a]), (99_000, foreignScript)]))
        #expect(review.outputs[0].address == nil)
        #expect(review.outputs[0].scriptPubKey == [0x6a, 0x01, 0x2a])
    }

    @Test func anInputFromAnotherWalletIsRefused() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs.append(
            PSBTBuilder.Input(index: 1, utxo: .init(amount: 50_000, scriptPubKey: TestWallet.other.wallet.scriptPubKey))
        )
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .inputNotFromWallet)
        #expect(error?.reason.hasPrefix("input 1") == true)
    }

    @Test func anInputWithoutUTXODataIsRefused() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].utxo = nil
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .missingUTXO)
        #expect(error?.reason.contains("input 0") == true)
    }

    @Test func aFeeAboveTheCeilingIsRefused() throws {
        let builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(89_999, foreignScript)])
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .feeAboveCeiling)
        #expect(error?.reason.contains("10001") == true)
        // Exactly the ceiling passes.
        #expect(
            try Self.review(PSBTBuilder.spending(100_000, from: Self.wallet, to: [(90_000, foreignScript)])).fee
                == 10_000)
    }

    @Test(arguments: [UInt32(0x02), 0x03, 0x81, 0x82, 0x83, 0x100])
    func aSighashTypeOtherThanDefaultOrAllIsRefused(type: UInt32) throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].extra = [([0x03], withUnsafeBytes(of: type.littleEndian, Array.init))]
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .unsupportedSighashType)
    }

    @Test func sighashAllIsAccepted() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].extra = [([0x03], [1, 0, 0, 0])]
        #expect(try Self.review(builder).sighashTypes == [.all])
    }

    @Test func outputsWorthMoreThanTheInputsAreRefused() throws {
        let builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(100_001, foreignScript)])
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .outputsExceedInputs)
    }

    @Test func anOversizedPSBTIsRefusedBeforeItIsParsed() throws {
        var configuration = Self.configuration
        configuration.maxPSBTBytes = 100
        let error = #expect(throws: BitcoinError.self) {
            try PSBTReview(bytes: [UInt8](repeating: 0, count: 101), configuration: configuration)
        }
        #expect(error?.code == .psbtTooLarge)
    }

    @Test(arguments: [Int64(-1), PSBTReview.maxMoney + 1, Int64.max, Int64.min])
    func anAmountOutOfRangeIsRefused(amount: Int64) throws {
        let output = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(amount, foreignScript)])
        #expect(throws: BitcoinError(.amountOutOfRange, "output 0: \(amount) sat is outside 0 to 21,000,000 BTC")) {
            try Self.review(output)
        }
        let input = PSBTBuilder.spending(amount, from: Self.wallet, to: [(0, foreignScript)])
        let error = #expect(throws: BitcoinError.self) { try Self.review(input) }
        #expect(error?.code == .amountOutOfRange)
    }

    @Test func outputsWhoseSumOverflowsAreRefusedNotWrapped() throws {
        let builder = PSBTBuilder.spending(
            100_000, from: Self.wallet,
            to: [(PSBTReview.maxMoney, foreignScript), (PSBTReview.maxMoney, foreignScript)])
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .amountOutOfRange)
    }

    @Test func anInputNamingAScriptTreeIsRefused() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].extra = [([0x18], [UInt8](repeating: 1, count: 32))]
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .inputNotFromWallet)
    }

    @Test func anInputNamingAnotherInternalKeyIsRefused() throws {
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].extra = [([0x17], TestWallet.other.wallet.internalKey)]
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .inputNotFromWallet)
        #expect(error?.reason.contains("PSBT_IN_TAP_INTERNAL_KEY") == true)
        builder.inputs[0].extra = [([0x17], Self.wallet.internalKey)]
        #expect(try Self.review(builder).fee == 1_000)
    }

    @Test func aWitnessUTXOContradictingTheNonWitnessUTXOIsRefused() throws {
        // The previous transaction pays the wallet 1,000 sat; the witness UTXO claims 100,000.
        let previous = Transaction(
            version: 2,
            inputs: [
                Transaction.Input(previousOutput: .init(txid: [UInt8](repeating: 1, count: 32), index: 0), sequence: 0)
            ],
            outputs: [Transaction.Output(amount: 1_000, scriptPubKey: Self.wallet.scriptPubKey)], lockTime: 0)
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].txid = previous.txid
        builder.inputs[0].extra = [([0x00], previous.serialized())]
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.code == .malformedPSBT)
        #expect(error?.reason.contains("PSBT_IN_WITNESS_UTXO differs") == true)
    }

    @Test func aNonWitnessUTXOOfAnotherTransactionIsRefused() throws {
        let previous = Transaction(
            version: 2,
            inputs: [
                Transaction.Input(previousOutput: .init(txid: [UInt8](repeating: 1, count: 32), index: 0), sequence: 0)
            ],
            outputs: [Transaction.Output(amount: 100_000, scriptPubKey: Self.wallet.scriptPubKey)], lockTime: 0)
        var builder = PSBTBuilder.spending(100_000, from: Self.wallet, to: [(99_000, foreignScript)])
        builder.inputs[0].extra = [([0x00], previous.serialized())]
        let error = #expect(throws: BitcoinError.self) { try Self.review(builder) }
        #expect(error?.reason.contains("not the transaction the input spends") == true)
    }
}
