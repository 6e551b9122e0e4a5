import Encoding
import Secp256k1
import Testing

@testable import Bitcoin

@Suite struct WalletTests {
    @Test func theBIP341KeyPathOnlyVectorGivesItsOutputKeyScriptAndAddress() throws {
        let keyPathOnly = BIP341Vectors.shared.scriptPubKey.filter { $0.merkleRoot == nil }
        #expect(!keyPathOnly.isEmpty)
        for vector in keyPathOnly {
            let wallet = try TaprootWallet(internalKey: bytes(vector.internalKey))
            #expect(wallet.outputKey == bytes(vector.outputKey))
            #expect(wallet.scriptPubKey == bytes(vector.scriptPubKey))
            #expect(wallet.address(on: .mainnet).description == vector.address)
        }
    }

    @Test func theTweakOfEveryBIP341VectorMatches() throws {
        for vector in BIP341Vectors.shared.scriptPubKey {
            let tweak = try TaprootTweak.scalar(
                internalKey: bytes(vector.internalKey), merkleRoot: vector.merkleRoot.map(bytes))
            #expect(tweak.bigEndianBytes == bytes(vector.tweak))
            let output = try TaprootTweak.outputKey(
                internalKey: Point(xOnly: bytes(vector.internalKey)), merkleRoot: vector.merkleRoot.map(bytes))
            #expect(try output.xOnly() == bytes(vector.outputKey))
        }
    }

    @Test func aGroupKeyWithOddYGivesTheSameWalletAsItsXCoordinate() throws {
        let point = Point(multiplyingGeneratorBy: Scalar(7))
        let wallet = try TaprootWallet(groupKey: point)
        #expect(try TaprootWallet(groupKey: -point) == wallet)
        #expect(try wallet.internalKey == point.xOnly())
    }

    @Test func theAddressIsBech32mOnEachNetwork() throws {
        let wallet = try TaprootWallet(groupKey: Point(multiplyingGeneratorBy: Scalar(7)))
        for network in Network.allCases {
            let address = wallet.address(on: network)
            #expect(address.description.hasPrefix(network.humanReadablePart + "1p"))
            #expect(try SegwitAddress(address.description, network: network).scriptPubKey == wallet.scriptPubKey)
        }
    }

    @Test func aKeyOffTheCurveIsRefused() {
        let error = #expect(throws: BitcoinError.self) {
            try TaprootWallet(internalKey: [UInt8](repeating: 0xff, count: 32))
        }
        #expect(error?.code == .invalidKey)
        #expect(throws: BitcoinError.self) { try TaprootWallet(internalKey: [1, 2, 3]) }
    }
}
