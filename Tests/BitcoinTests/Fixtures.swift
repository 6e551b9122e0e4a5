import Encoding
import Foundation
import Testing

/// Loads a JSON fixture of `Fixtures/` (see `Fixtures/README.md` for where each comes from).
func fixture<T: Decodable>(_ name: String, as type: T.Type) -> T {
    let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
    return try! JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

func bytes(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }

/// `bech32-vectors.json`: BIP-173 and BIP-350 strings and addresses, and Bitcoin Core's
/// segwit addresses of each network.
struct Bech32Vectors: Decodable {
    struct Text: Decodable {
        let text: String?
        let hex: String?
        let variant: String?
        let reason: String?
        let source: String?
        /// The string as bytes: `hex` when it holds non-printable bytes.
        var string: String { text ?? String(decoding: bytes(hex!), as: UTF8.self) }
    }
    struct Address: Decodable {
        let address: String
        let scriptPubKey: String?
        let reason: String?
        let network: String?
        let source: String?
    }
    let validStrings: [Text]
    let invalidStrings: [Text]
    let validAddresses: [Address]
    let invalidAddresses: [Address]
    let networkAddresses: [Address]

    static let shared = fixture("bech32-vectors", as: Bech32Vectors.self)
}

/// `psbt-vectors.json`: every PSBT of BIP-174, BIP-370 and BIP-371, valid or not.
struct PSBTVectors: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let source: String
        let description: String
        let valid: Bool
        let hex: String
        let base64: String?
        let locktime: UInt32?
        var testDescription: String { "\(source): \(description)" }
    }
    let cases: [Case]

    static let shared = fixture("psbt-vectors", as: PSBTVectors.self)
}

/// `transaction-vectors.json`: raw transactions with their txid and wtxid.
struct TransactionVectors: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let source: String
        let hex: String
        let txid: String
        let wtxid: String
        var testDescription: String { source }
    }
    let transactions: [Case]

    static let shared = fixture("transaction-vectors", as: TransactionVectors.self)
}

/// `bip341-vectors.json`: the BIP-341 wallet vectors.
struct BIP341Vectors: Decodable {
    struct ScriptPubKey: Decodable {
        let internalKey: String
        let merkleRoot: String?
        let tweak: String
        let outputKey: String
        let scriptPubKey: String
        let address: String
    }
    struct KeyPathSpending: Decodable {
        struct Spent: Decodable {
            let amount: UInt64
            let scriptPubKey: String
        }
        struct Input: Decodable {
            let index: Int
            let hashType: UInt8
            let internalPrivateKey: String
            let merkleRoot: String?
            let internalKey: String
            let tweakedPrivateKey: String
            let sigMsg: String
            let sigHash: String
            let witness: [String]
        }
        let unsignedTransaction: String
        let spentOutputs: [Spent]
        let intermediate: [String: String]
        let inputs: [Input]
        let signedTransaction: String
    }
    let scriptPubKey: [ScriptPubKey]
    let keyPathSpending: KeyPathSpending

    static let shared = fixture("bip341-vectors", as: BIP341Vectors.self)
}

/// `core-psbt-vectors.json`: Bitcoin Core's PSBT test data (`rpc_psbt.json`).
struct CorePSBTVectors: Decodable {
    struct WithMessage: Decodable {
        let psbt: String
        let error: String
    }
    let valid: [String]
    let invalid: [String]
    let invalidWithMessage: [WithMessage]
    let bip373InvalidWithMessage: [WithMessage]

    static let shared = fixture("core-psbt-vectors", as: CorePSBTVectors.self)
}
