import Bitcoin
import Crypto
import Encoding
import Policy

/// The PSBT a transfer request binds (its `psbt` payload), as the officer is shown it before
/// signing: every output with its address and amount, which are change, and the fee.
struct PSBTSummary {
    struct Output {
        let index: Int
        let address: String?
        let scriptPubKey: [UInt8]
        let amount: Int64
        /// Pays the script the inputs spend from: back to the wallet.
        let isChange: Bool
    }

    /// The most bytes read from a PSBT file.
    static let maxBytes = 1_000_000

    let outputs: [Output]
    let inputTotal: Int64
    let fee: Int64

    /// Reads the PSBT at `path` and checks that it is the one `request` binds: its SHA-256 is the
    /// request's `psbt` payload, every input names the output it spends, and, for a transfer to
    /// an address, it pays exactly the request's amount to that address and nothing else but
    /// change.
    init(path: String, request: PolicyRequest, network: Network) throws {
        guard let payload = request.payload, payload.kind == .psbt else {
            throw OfficerFailure(.psbtMismatch, "--psbt: the request binds no PSBT (it has no psbt payload)")
        }
        try self.init(
            bytes: try PolicyFiles.bytes(path, limit: Self.maxBytes), source: path, request: request, network: network)
    }

    /// Reads the PSBT `bytes` (from `source`, named in messages), with the checks above.
    init(bytes: [UInt8], source path: String, request: PolicyRequest, network: Network) throws {
        guard let payload = request.payload, payload.kind == .psbt else {
            throw OfficerFailure(.psbtMismatch, "the request binds no PSBT (it has no psbt payload)")
        }
        let hash = Array(SHA256.hash(data: bytes))
        guard hash == payload.hash else {
            throw OfficerFailure(
                .psbtMismatch,
                "\(path): its SHA-256 is \(Hex.encode(hash)), not the request's payload \(Hex.encode(payload.hash))")
        }
        let psbt: PSBT
        do throws(BitcoinError) {
            psbt = try PSBT(bytes: bytes)
        } catch {
            throw OfficerFailure(.psbtMismatch, "\(path): not a valid PSBT: \(error)")
        }
        var inputTotal: Int64 = 0
        var walletScripts: Set<[UInt8]> = []
        for (index, input) in psbt.inputs.enumerated() {
            guard let utxo = input.witnessUTXO else {
                throw OfficerFailure(.psbtMismatch, "\(path): input \(index) does not name the output it spends")
            }
            inputTotal += utxo.amount
            guard (0...PSBTReview.maxMoney).contains(utxo.amount), inputTotal <= PSBTReview.maxMoney else {
                throw OfficerFailure(.psbtMismatch, "\(path): the inputs' amounts are outside 0 to 21,000,000 BTC")
            }
            walletScripts.insert(utxo.scriptPubKey)
        }
        var outputs: [Output] = []
        var outputTotal: Int64 = 0
        for (index, output) in psbt.transactionOutputs.enumerated() {
            outputTotal += output.amount
            guard (0...PSBTReview.maxMoney).contains(output.amount), outputTotal <= PSBTReview.maxMoney else {
                throw OfficerFailure(.psbtMismatch, "\(path): the outputs' amounts are outside 0 to 21,000,000 BTC")
            }
            outputs.append(
                Output(
                    index: index,
                    address: SegwitAddress(scriptPubKey: output.scriptPubKey, network: network)?.description,
                    scriptPubKey: output.scriptPubKey, amount: output.amount,
                    isChange: walletScripts.contains(output.scriptPubKey)))
        }
        guard outputTotal <= inputTotal else {
            throw OfficerFailure(
                .psbtMismatch, "\(path): the outputs pay \(outputTotal) sat but the inputs hold only \(inputTotal) sat")
        }
        if let address = request.destination?.address, let amount = request.amount {
            let paying = outputs.filter { !$0.isChange }
            guard paying.count == 1, paying[0].address == address, paying[0].amount == amount else {
                throw OfficerFailure(
                    .psbtMismatch,
                    "\(path): the PSBT does not pay exactly \(amount) sat to \(address) and nothing else but change "
                        + "(it pays: \(paying.map { "\($0.amount) sat to \($0.address ?? Hex.encode($0.scriptPubKey))" }.joined(separator: ", ")))"
                )
            }
        }
        self.outputs = outputs
        self.inputTotal = inputTotal
        self.fee = inputTotal - outputTotal
    }

    /// The lines shown: inputs' total, every output, the fee.
    func lines(asset: String?) -> [(String, String)] {
        var lines = [("inputs", RequestReview.amount(inputTotal, asset: asset))]
        for output in outputs {
            let to = output.address ?? "script \(Hex.encode(output.scriptPubKey))"
            lines.append(
                (
                    "output \(output.index)",
                    "\(to) \(RequestReview.amount(output.amount, asset: asset))"
                        + (output.isChange ? " change (back to the inputs' script)" : "")
                ))
        }
        lines.append(("fee", RequestReview.amount(fee, asset: asset)))
        return lines
    }
}
