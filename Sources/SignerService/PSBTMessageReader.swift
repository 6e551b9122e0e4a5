import Bitcoin
public import Custody
public import Policy
public import Secp256k1

/// Reads the messages of a `psbt` payload: the BIP-341 key-path signature hash of each input,
/// in input order (`bitcoin.md`), from the unsigned PSBT the payload hashes. A document that is
/// no PSBT, or whose inputs lack what a Taproot key-path signature hash needs, yields nil, and
/// the signer refuses the request (`unreadable payload`).
public struct PSBTMessageReader: PayloadMessageReader {
    /// The largest PSBT read, in bytes: the service API's limit.
    public static let maxBytes = 524_288

    public init() {}

    public func messages(of document: [UInt8], kind: PolicyRequest.Payload.Kind) -> [[UInt8]]? {
        guard kind == .psbt, document.count <= Self.maxBytes else { return nil }
        var limits = PSBT.Limits.standard
        limits.maxBytes = Self.maxBytes
        guard let psbt = try? PSBT(bytes: document, limits: limits) else { return nil }
        return try? psbt.signatureHashes()
    }
}

/// What a signer checks of a `psbt` payload beyond its messages: that the PSBT moves what the
/// approved request says, so that a coordinator cannot bind, under a request for one amount to
/// one address, a PSBT that pays something else. Every input spends the wallet's Taproot output
/// (the signer's own group key, key path only), and exactly one output pays outside the wallet:
/// to the request's destination address, exactly the request's amount; and the fee is at most
/// ``maxFee``, so that a request the policy allows for a small amount cannot carry a large fee.
public enum PSBTPayloadCheck {
    /// The highest fee a signer signs a PSBT with, in satoshis: 0.01 BTC, the coordinator's
    /// ceiling too.
    public static let maxFee: Int64 = 1_000_000

    /// Throws the reason when `document` does not move what `request` says from the wallet of
    /// group key `groupKey`: `destinationKey` is the group key of the wallet a rebalance pays
    /// (nil for a transfer to an address).
    public static func check(
        _ document: [UInt8], request: PolicyRequest, groupKey: Point, destinationKey: Point? = nil
    ) throws(PSBTPayloadMismatch) {
        guard let amount = request.amount else {
            throw PSBTPayloadMismatch("a PSBT is signed only for a request that moves an amount")
        }
        let destinationScript: [UInt8]
        var network = Network.mainnet
        if let address = request.destination?.address {
            guard let found = Network.allCases.first(where: { (try? SegwitAddress(address, network: $0)) != nil }),
                let destination = try? SegwitAddress(address, network: found)
            else {
                throw PSBTPayloadMismatch("the request's destination is not a segwit address")
            }
            network = found
            destinationScript = destination.scriptPubKey
        } else if request.destination?.wallet != nil, let destinationKey,
            let wallet = try? TaprootWallet(groupKey: destinationKey)
        {
            destinationScript = wallet.scriptPubKey
        } else {
            throw PSBTPayloadMismatch("the request pays neither an address nor a wallet this signer holds a share of")
        }
        let review: PSBTReview
        do {
            let wallet = try TaprootWallet(groupKey: groupKey)
            review = try PSBTReview(
                bytes: document,
                configuration: .init(
                    network: network, wallet: wallet, maxFee: maxFee,
                    maxPSBTBytes: PSBTMessageReader.maxBytes))
        } catch {
            throw PSBTPayloadMismatch("the PSBT: \(error.reason)")
        }
        let external = review.outputs.filter { !$0.isChange }
        guard external.count == 1, let paid = external.first else {
            throw PSBTPayloadMismatch("\(external.count) outputs of the PSBT pay outside the wallet, not exactly one")
        }
        guard paid.scriptPubKey == destinationScript else {
            throw PSBTPayloadMismatch("output \(paid.index) of the PSBT does not pay the request's destination")
        }
        guard paid.amount == amount else {
            throw PSBTPayloadMismatch(
                "output \(paid.index) of the PSBT pays \(paid.amount), not the request's amount \(amount)")
        }
    }
}

/// Why a PSBT does not move what its request says.
public struct PSBTPayloadMismatch: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
