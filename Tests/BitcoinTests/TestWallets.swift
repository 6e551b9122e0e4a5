import Encoding
import Secp256k1

@testable import Bitcoin

/// A single-key stand-in for a FROST group: the same BIP-341 key-path tweak and BIP-340
/// signatures, with a fixed secret.
struct TestWallet {
    let wallet: TaprootWallet
    private let tweakedSecret: Scalar

    init(secret: UInt64) {
        let internalSecret = Scalar(secret)
        let internalPoint = Point(multiplyingGeneratorBy: internalSecret)
        let evenSecret = internalPoint.hasEvenY ? internalSecret : -internalSecret
        let xOnly = try! internalPoint.xOnly()
        let tweak = try! TaprootTweak.scalar(internalKey: xOnly, merkleRoot: nil)
        let output = internalPoint.withEvenY + Point(multiplyingGeneratorBy: tweak)
        tweakedSecret = output.hasEvenY ? evenSecret + tweak : -(evenSecret + tweak)
        wallet = try! TaprootWallet(internalKey: xOnly)
    }

    /// A BIP-340 signature of `message` under the wallet's output key.
    func sign(_ message: [UInt8]) -> [UInt8] {
        try! Schnorr.sign(
            message: message, secretKey: tweakedSecret, auxiliaryRandomness: [UInt8](repeating: 7, count: 32))
    }

    static let main = TestWallet(secret: 0x5eed_0001)
    static let other = TestWallet(secret: 0x5eed_0002)
}

/// Writes PSBTs of version 0 or 2 for the tests, one entry at a time.
struct PSBTBuilder {
    struct Input {
        var txid: [UInt8] = [UInt8](repeating: 0xab, count: 32)
        var index: UInt32 = 0
        var utxo: Transaction.Output?
        var extra: [(key: [UInt8], value: [UInt8])] = []
    }
    struct Output {
        var output: Transaction.Output
        var extra: [(key: [UInt8], value: [UInt8])] = []
    }
    var version: UInt32 = 2
    var inputs: [Input] = []
    var outputs: [Output] = []
    var globalExtra: [(key: [UInt8], value: [UInt8])] = []

    /// One input of `amount` from `wallet` and outputs of the given amounts and scripts.
    static func spending(
        _ amount: Int64, from wallet: TaprootWallet, to outputs: [(Int64, [UInt8])], version: UInt32 = 2
    ) -> PSBTBuilder {
        var builder = PSBTBuilder(version: version)
        builder.inputs = [Input(utxo: Transaction.Output(amount: amount, scriptPubKey: wallet.scriptPubKey))]
        builder.outputs = outputs.map { Output(output: Transaction.Output(amount: $0.0, scriptPubKey: $0.1)) }
        return builder
    }

    func bytes() -> [UInt8] {
        var out = PSBT.magic
        func entry(_ key: [UInt8], _ value: [UInt8]) {
            out.appendVarBytes(key)
            out.appendVarBytes(value)
        }
        func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
        if version == 0 {
            let transaction = Transaction(
                version: 2,
                inputs: inputs.map {
                    Transaction.Input(
                        previousOutput: Transaction.OutPoint(txid: $0.txid, index: $0.index), sequence: 0xffff_fffd)
                },
                outputs: outputs.map(\.output), lockTime: 0)
            entry([0x00], transaction.serialized())
        } else {
            entry([0x02], le32(2))
            var count: [UInt8] = []
            count.appendCompactSize(inputs.count)
            entry([0x04], count)
            count = []
            count.appendCompactSize(outputs.count)
            entry([0x05], count)
            entry([0xfb], le32(version))
        }
        for (key, value) in globalExtra { entry(key, value) }
        out.append(0)
        for input in inputs {
            if version == 2 {
                entry([0x0e], input.txid)
                entry([0x0f], le32(input.index))
            }
            if let utxo = input.utxo {
                var value: [UInt8] = []
                value.appendOutput(utxo)
                entry([0x01], value)
            }
            for (key, value) in input.extra { entry(key, value) }
            out.append(0)
        }
        for output in outputs {
            if version == 2 {
                entry([0x03], withUnsafeBytes(of: output.output.amount.littleEndian, Array.init))
                entry([0x04], output.output.scriptPubKey)
            }
            for (key, value) in output.extra { entry(key, value) }
            out.append(0)
        }
        return out
    }

    func psbt() throws -> PSBT { try PSBT(bytes: bytes()) }
}

/// A mainnet P2WPKH script (not the wallet's).
let foreignScript: [UInt8] = [0x00, 0x14] + [UInt8](repeating: 0x11, count: 20)
