import Encoding
public import Secp256k1

/// A key-path-only Taproot wallet (as BIP-86): the FROST group key is the untweaked x-only
/// internal key P, the output key is Q = P + hash_TapTweak(P)·G (BIP-341 with no script tree),
/// and the wallet's outputs are `OP_1 <x(Q)>`.
public struct TaprootWallet: Sendable, Hashable {
    /// The 32-byte x-only internal key (the group key, untweaked).
    public let internalKey: [UInt8]
    /// The 32-byte x-only output key.
    public let outputKey: [UInt8]

    /// The wallet of an x-only internal key.
    /// - Throws: `.invalidKey` when the key is not 32 bytes or not on the curve.
    public init(internalKey: [UInt8]) throws(BitcoinError) {
        let point: Point
        do {
            point = try Point(xOnly: internalKey)
        } catch {
            throw BitcoinError(.invalidKey, "the internal key is not an x-only secp256k1 key: \(error.reason)")
        }
        do {
            outputKey = try TaprootTweak.outputKey(internalKey: point, merkleRoot: nil).xOnly()
        } catch {
            throw BitcoinError(.invalidKey, "the internal key cannot be tweaked: \(error.reason)")
        }
        self.internalKey = internalKey
    }

    /// The wallet of a FROST group key: its x coordinate is the internal key (BIP-340's even-y
    /// lift is implied, as for every Taproot key).
    public init(groupKey: Point) throws(BitcoinError) {
        let xOnly: [UInt8]
        do {
            xOnly = try groupKey.xOnly()
        } catch {
            throw BitcoinError(.invalidKey, "the group key has no x coordinate: \(error.reason)")
        }
        try self.init(internalKey: xOnly)
    }

    /// The wallet's output script: `OP_1 OP_PUSHBYTES_32 <output key>` (34 bytes).
    public var scriptPubKey: [UInt8] { [0x51, 0x20] + outputKey }

    /// The wallet's bech32m address on `network`.
    public func address(on network: Network) -> SegwitAddress {
        SegwitAddress(checkedVersion: 1, program: outputKey, network: network)
    }
}
