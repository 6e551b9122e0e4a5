import Testing

@testable import Bitcoin

@Suite struct AddressTests {
    @Test func everyValidBech32AndBech32mStringDecodesWithItsVariant() throws {
        for vector in Bech32Vectors.shared.validStrings {
            let decoded = try Bech32.decode(vector.string)
            #expect(decoded.variant.description == vector.variant, "\(vector.string)")
        }
    }

    @Test func everyInvalidBech32AndBech32mStringIsRefused() {
        for vector in Bech32Vectors.shared.invalidStrings {
            #expect(throws: BitcoinError.self, "\(vector.reason ?? "")") { try Bech32.decode(vector.string) }
        }
    }

    @Test func aValidStringOfOneVariantIsNotTheOther() throws {
        for vector in Bech32Vectors.shared.validStrings {
            let decoded = try Bech32.decode(vector.string)
            let other: Bech32.Variant = decoded.variant == .bech32 ? .bech32m : .bech32
            let reencoded = try Bech32.encode(
                humanReadablePart: decoded.humanReadablePart, data: decoded.data, variant: decoded.variant)
            #expect(reencoded == vector.string.lowercased())
            let wrong = try Bech32.encode(
                humanReadablePart: decoded.humanReadablePart, data: decoded.data, variant: other)
            #expect(try Bech32.decode(wrong).variant == other)
            #expect(wrong != reencoded)
        }
    }

    @Test func everyValidAddressDecodesToItsScriptAndPrintsInLowercase() throws {
        for vector in Bech32Vectors.shared.validAddresses {
            let network: Network = vector.address.lowercased().hasPrefix("bc1") ? .mainnet : .testnet
            let address = try SegwitAddress(vector.address, network: network)
            #expect(address.scriptPubKey == bytes(vector.scriptPubKey!), "\(vector.address)")
            #expect(address.description == vector.address.lowercased())
            #expect(SegwitAddress(scriptPubKey: address.scriptPubKey, network: network) == address)
        }
    }

    @Test func everyInvalidAddressIsRefusedOnEveryNetwork() {
        for vector in Bech32Vectors.shared.invalidAddresses {
            for network in Network.allCases {
                #expect(throws: BitcoinError.self, "\(vector.address): \(vector.reason ?? "")") {
                    try SegwitAddress(vector.address, network: network)
                }
            }
        }
    }

    @Test func bitcoinCoreSegwitAddressesDecodeOnTheirNetworkOnly() throws {
        for vector in Bech32Vectors.shared.networkAddresses {
            let network = try #require(Network(rawValue: vector.network!))
            let address = try SegwitAddress(vector.address, network: network)
            #expect(address.scriptPubKey == bytes(vector.scriptPubKey!), "\(vector.address)")
            #expect(address.description == vector.address.lowercased())
            for other in Network.allCases where other.humanReadablePart != network.humanReadablePart {
                #expect(throws: BitcoinError.self) { try SegwitAddress(vector.address, network: other) }
            }
        }
    }

    @Test func eachNetworkHasItsHumanReadablePart() {
        #expect(Network.mainnet.humanReadablePart == "bc")
        #expect(Network.testnet.humanReadablePart == "tb")
        #expect(Network.signet.humanReadablePart == "tb")
        #expect(Network.regtest.humanReadablePart == "bcrt")
    }

    @Test func anAddressForAnotherNetworkIsRefusedWithItsPrefixNamed() throws {
        let mainnet = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
        let error = try #require(throws: BitcoinError.self) { try SegwitAddress(mainnet, network: .testnet) }
        #expect(error.code == .invalidAddress)
        #expect(error.reason.contains("'bc'"))
    }

    @Test func aScriptThatIsNotSegwitHasNoAddress() {
        #expect(SegwitAddress(scriptPubKey: [0x6a, 0x01, 0x00], network: .mainnet) == nil)
        #expect(SegwitAddress(scriptPubKey: [0x00, 0x13] + [UInt8](repeating: 1, count: 19), network: .mainnet) == nil)
        #expect(SegwitAddress(scriptPubKey: [0x51, 0x01, 0x00], network: .mainnet) == nil)
    }
}
