import ArgumentParser
import Bitcoin
import CSecp256k1
import Encoding
import Foundation

/// `custody dev psbt`: an unsigned PSBT spending a test deposit of the local cluster.
struct DevPSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psbt",
        abstract: "Print (base64) an unsigned PSBT spending WALLET's test deposit of the local cluster in DIR.",
        discussion: """
            One input, the deposit that `custody dev up` registered for the wallet; one output of \
            --amount satoshis to --to; the rest, less --fee, back to the wallet's address as change.
            """)

    @Argument(help: "The cluster's directory.")
    var directory: String
    @Option(help: "The wallet: hot or cold.")
    var wallet: String
    @Option(help: "The address paid (regtest).")
    var to: String
    @Option(help: "The amount paid, in satoshis.")
    var amount: Int64
    @Option(help: "The fee, in satoshis.")
    var fee: Int64 = 1_000

    func run() throws {
        guard let data = FileManager.default.contents(atPath: directory + "/cluster.json"),
            let cluster = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let deposits = cluster["deposits"] as? [[String: Any]],
            let deposit = deposits.first(where: { $0["wallet"] as? String == wallet }),
            let txid = deposit["txid"] as? String, let held = (deposit["amount"] as? NSNumber)?.int64Value,
            let address = deposit["address"] as? String
        else { throw ValidationError("\(directory)/cluster.json has no deposit of wallet \(wallet)") }
        guard amount > 0, fee >= 0, amount + fee <= held else {
            throw ValidationError("--amount and --fee must be positive and fit in the deposit of \(held) sat")
        }
        let walletScript = try SegwitAddress(address, network: .regtest).scriptPubKey
        let paid = try SegwitAddress(to, network: .regtest).scriptPubKey
        var outputs = [Transaction.Output(amount: amount, scriptPubKey: paid)]
        if held - amount - fee > 0 {
            outputs.append(Transaction.Output(amount: held - amount - fee, scriptPubKey: walletScript))
        }
        let psbt = try PSBT.unsigned(
            spending: [
                .init(
                    outpoint: .init(txid: Array(try Hex.decode(txid).reversed()), index: 0),
                    output: .init(amount: held, scriptPubKey: walletScript))
            ], to: outputs)
        print(Data(psbt.serialized()).base64EncodedString())
    }
}

/// `custody dev verify-tx`: each input's signature of a finalized PSBT checked by the system's
/// libsecp256k1, an implementation independent of Custody's.
struct DevVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-tx",
        abstract: "Check every key-path signature of a finalized PSBT (base64) with the system's libsecp256k1.",
        discussion: "Exit status 0 when every input's signature verifies, 1 otherwise.")

    @Option(help: "The finalized PSBT, base64.")
    var psbt: String

    func run() throws {
        let parsed = try PSBT(base64: psbt)
        let hashes = try parsed.signatureHashes()
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        defer { secp256k1_context_destroy(context) }
        var valid = true
        for (index, input) in parsed.inputs.enumerated() {
            guard let script = input.witnessUTXO?.scriptPubKey, script.count == 34, script[0] == 0x51,
                let signature = input.finalScriptWitness?.first, signature.count == 64 || signature.count == 65
            else {
                print("input \(index): no Taproot key-path signature")
                valid = false
                continue
            }
            var key = secp256k1_xonly_pubkey()
            let outputKey = Array(script[2...])
            let message = hashes[index]
            let verified =
                secp256k1_xonly_pubkey_parse(context, &key, outputKey) == 1
                && secp256k1_schnorrsig_verify(context, Array(signature.prefix(64)), message, message.count, &key) == 1
            print(
                "input \(index): \(verified ? "valid" : "INVALID") BIP-340 signature under \(Hex.encode(outputKey)) "
                    + "(libsecp256k1)")
            valid = valid && verified
        }
        if !valid { throw ExitCode(1) }
        print("transaction \(try parsed.extractTransaction().txidHex)")
    }
}
