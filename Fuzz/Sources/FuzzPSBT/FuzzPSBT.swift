import Bitcoin
import FuzzSupport
import Secp256k1

/// A PSBT (`PSBT(bytes:)`, as `CreateWithdrawal` reads it): one that parses serializes to the
/// input byte for byte, parses again to an equal value, round-trips through base64, and the
/// review, the sighashes, finalization and extraction answer with a value or a `BitcoinError`.
@main enum FuzzPSBT {
    static func main() { fuzz(test) }
}

let wallet = try! TaprootWallet(groupKey: Point(multiplyingGeneratorBy: Scalar(0x5eed_0001)))
let configuration = PSBTReview.Configuration(network: .mainnet, wallet: wallet, maxFee: 100_000)

func test(_ bytes: [UInt8]) {
    guard let psbt = try? PSBT(bytes: bytes) else { return }
    require(psbt.serialized() == bytes, "a parsed PSBT does not serialize to its input")
    require((try? PSBT(bytes: psbt.serialized())) == psbt, "a serialized PSBT does not parse back")
    require((try? PSBT(base64: psbt.base64)) == psbt, "the base64 form does not parse back")
    require(psbt.version == 0 || psbt.version == 2, "version \(psbt.version) accepted")
    if let review = try? PSBTReview(psbt: psbt, configuration: configuration) {
        require(review.fee >= 0 && review.fee <= configuration.maxFee, "fee \(review.fee) passed the review")
        require(review.inputTotal == review.outputTotal + review.fee, "the totals do not add up")
        require(review.outputs.count == psbt.transactionOutputs.count, "the view lost an output")
    }
    if let hashes = try? psbt.signatureHashes() {
        require(hashes.count == psbt.inputs.count && hashes.allSatisfy { $0.count == 32 }, "a sighash is not 32 bytes")
    }
    var finalized = psbt
    if (try? finalized.finalize()) != nil {
        require((try? PSBT(bytes: finalized.serialized())) == finalized, "a finalized PSBT does not parse back")
        if let transaction = try? finalized.extractTransaction() {
            require(
                (try? Transaction(parsing: transaction.serialized(), allowingWitness: transaction.hasWitness))
                    == transaction || transaction.inputs.isEmpty,
                "an extracted transaction does not parse back")
        }
    }
}
