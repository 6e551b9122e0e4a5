import Bitcoin
import FuzzSupport

/// A Bech32 string and a segwit address on each network: what decodes encodes back to the input
/// in lowercase, an address's script maps back to the address, and the variant matches the
/// witness version.
@main enum FuzzAddress {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let text = utf8(bytes) else { return }
    if let decoded = try? Bech32.decode(text) {
        let encoded = try? Bech32.encode(
            humanReadablePart: decoded.humanReadablePart, data: decoded.data, variant: decoded.variant)
        require(encoded == text.lowercased(), "\(text) decodes but encodes as \(encoded ?? "nothing")")
    }
    for network in Network.allCases {
        guard let address = try? SegwitAddress(text, network: network) else { continue }
        require(address.description == text.lowercased(), "\(text) prints as \(address.description)")
        require(
            SegwitAddress(scriptPubKey: address.scriptPubKey, network: network) == address,
            "\(text)'s script does not map back to it")
        require(address.witnessVersion <= 16, "witness version \(address.witnessVersion) accepted")
        require(
            address.program.count >= 2 && address.program.count <= 40, "a program of \(address.program.count) bytes")
        let variant = (try? Bech32.decode(text))?.variant
        require(variant == (address.witnessVersion == 0 ? .bech32 : .bech32m), "\(text) has the wrong checksum variant")
    }
}
