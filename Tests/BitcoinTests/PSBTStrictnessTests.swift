import Encoding
import Testing

@testable import Bitcoin

/// Hostile PSBTs beyond the published vectors: each is refused with a reason, nothing crashes.
@Suite struct PSBTStrictnessTests {
    static let wallet = TestWallet.main.wallet
    static let builder = PSBTBuilder.spending(100_000, from: wallet, to: [(99_000, foreignScript)])

    @Test func trailingBytesAfterTheLastMapAreRefused() throws {
        let error = #expect(throws: BitcoinError.self) { try PSBT(bytes: Self.builder.bytes() + [0x00]) }
        #expect(error?.reason.contains("after the last output map") == true)
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = Self.builder.bytes()
        for length in 0..<bytes.count {
            #expect(throws: BitcoinError.self) { try PSBT(bytes: Array(bytes.prefix(length))) }
        }
    }

    @Test func aDuplicateKeyIsRefused() throws {
        var builder = Self.builder
        builder.inputs[0].extra = [([0xf0], [0x01]), ([0xf0], [0x02])]
        let error = #expect(throws: BitcoinError.self) { try builder.psbt() }
        #expect(error?.reason.contains("appears twice") == true)
    }

    @Test func aHugeDeclaredInputCountIsRefusedBeforeAllocating() throws {
        var bytes = PSBT.magic
        for (key, value) in [
            ([UInt8(0x02)], [UInt8](arrayLiteral: 2, 0, 0, 0)), ([0x04], [0xfe, 0xff, 0xff, 0xff, 0x7f]),
            ([0x05], [0x00]), ([0xfb], [2, 0, 0, 0]),
        ] {
            bytes.appendVarBytes(key)
            bytes.appendVarBytes(value)
        }
        bytes.append(0)
        let error = #expect(throws: BitcoinError.self) { try PSBT(bytes: bytes) }
        #expect(error?.code == .limitExceeded)
    }

    @Test func moreEntriesThanTheLimitAreRefused() throws {
        var builder = Self.builder
        builder.inputs[0].extra = (0..<20).map { ([0xf0, UInt8($0)], []) }
        var limits = PSBT.Limits.standard
        limits.maxEntriesPerMap = 10
        let error = #expect(throws: BitcoinError.self) { try PSBT(bytes: builder.bytes(), limits: limits) }
        #expect(error?.code == .limitExceeded)
        #expect(try PSBT(bytes: builder.bytes()).inputs[0].entries.count == 23)
    }

    @Test func aPSBTAboveTheByteLimitIsRefused() throws {
        var limits = PSBT.Limits.standard
        limits.maxBytes = 50
        let error = #expect(throws: BitcoinError.self) { try PSBT(bytes: Self.builder.bytes(), limits: limits) }
        #expect(error?.code == .psbtTooLarge)
    }

    @Test func unsupportedVersionsAreRefused() throws {
        for version: UInt32 in [1, 3, 0xffff_ffff] {
            var builder = Self.builder
            builder.version = version
            #expect(throws: BitcoinError.self) { try builder.psbt() }
        }
    }

    @Test func nonCanonicalBase64IsRefused() throws {
        let base64 = try Self.builder.psbt().base64
        #expect(try PSBT(base64: base64) == Self.builder.psbt())
        for bad in [
            " " + base64, base64 + "\n", String(base64.dropLast()), base64.replacingOccurrences(of: "=", with: ""),
        ]
        where bad != base64 {
            #expect(throws: BitcoinError.self) { try PSBT(base64: bad) }
        }
    }

    @Test func aFinalScriptWitnessWithTrailingBytesIsRefused() throws {
        var builder = Self.builder
        builder.inputs[0].extra = [([0x08], [0x01, 0x01, 0xaa, 0xbb])]
        let error = #expect(throws: BitcoinError.self) { try builder.psbt() }
        #expect(error?.reason.contains("PSBT_IN_FINAL_SCRIPTWITNESS") == true)
    }

    @Test func aWitnessUTXOWithTrailingBytesIsRefused() throws {
        var builder = Self.builder
        builder.inputs[0].utxo = nil
        var value: [UInt8] = []
        value.appendOutput(.init(amount: 1, scriptPubKey: Self.wallet.scriptPubKey))
        builder.inputs[0].extra = [([0x01], value + [0x00])]
        #expect(throws: BitcoinError.self) { try builder.psbt() }
    }

    @Test func aTapKeySignatureOf65BytesWithTypeZeroIsRefused() throws {
        var builder = Self.builder
        builder.inputs[0].extra = [([0x13], [UInt8](repeating: 1, count: 64) + [0x00])]
        #expect(throws: BitcoinError.self) { try builder.psbt() }
    }

    @Test func aTapInternalKeyOffTheCurveIsRefused() throws {
        var builder = Self.builder
        builder.inputs[0].extra = [([0x17], [UInt8](repeating: 0xff, count: 32))]
        #expect(throws: BitcoinError.self) { try builder.psbt() }
    }

    @Test func anIncompleteOrTooDeepTapTreeIsRefused() throws {
        let leaf: [UInt8] = [0xc0, 0x01, 0x51]
        let trees: [[UInt8]] = [
            [],  // no leaf
            [1] + leaf,  // one leaf at depth 1: its sibling is missing
            [1] + leaf + [2] + leaf,  // depth 2 leaf without a sibling
            [0] + leaf + [0] + leaf,  // a second tree after a complete one
            [129] + leaf,  // deeper than 128
            [0, 0xc1, 0x01, 0x51],  // odd leaf version
        ]
        for tree in trees {
            var builder = Self.builder
            builder.outputs[0].extra = [([0x06], tree)]
            #expect(throws: BitcoinError.self, "\(Hex.encode(tree))") { try builder.psbt() }
        }
        for tree in [[0] + leaf, [1] + leaf + [1] + leaf, [1] + leaf + [2] + leaf + [2] + leaf] {
            var builder = Self.builder
            builder.outputs[0].extra = [([0x06], tree)]
            #expect(throws: Never.self) { try builder.psbt() }
        }
    }

    @Test func unknownAndProprietaryKeysArePreservedInPlace() throws {
        var builder = Self.builder
        builder.globalExtra = [([0xfc, 0x02, 0x78, 0x79, 0x00], [0x01]), ([0x20], [])]
        builder.inputs[0].extra = [([0xfd, 0x00, 0x01, 0x01], [0x05])]
        let bytes = builder.bytes()
        let psbt = try PSBT(bytes: bytes)
        #expect(psbt.serialized() == bytes)
        #expect(psbt.inputs[0].entries.last?.type == 0x100)
    }

    @Test func aNonCanonicalKeyTypeIsRefused() throws {
        var builder = Self.builder
        builder.inputs[0].extra = [([0xfd, 0x13, 0x00], [])]
        #expect(throws: BitcoinError.self) { try builder.psbt() }
    }
}
