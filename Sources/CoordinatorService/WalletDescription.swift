public import Bitcoin
import Encoding
import FROST
import Secp256k1

/// What the coordinator says of a wallet to its clients: public values only.
public struct WalletDescription: Sendable, Equatable, Encodable {
    /// One signer of the wallet and the FROST identifier it holds.
    public struct Signer: Sendable, Equatable, Encodable {
        public let id: String
        public let identifier: Int
    }

    public let name: String
    /// `secp256k1` or `secp256k1-tr`.
    public let suite: String
    public let threshold: Int
    /// The group public key, SEC1 compressed (33 bytes), in hex.
    public let groupKey: String
    /// For the Taproot suite, the key-path-only bech32m address on ``network``; absent otherwise.
    public let address: String?
    /// The network of ``address``.
    public let network: String
    /// The signers in the order of their identifiers.
    public let signers: [Signer]
    /// The version of the signers' shares: 1 from the key ceremony, one more after each refresh.
    public let keyVersion: Int
    /// The key ceremony's (or refresh's) transcript hash, in hex: in the answer to it only.
    public var transcriptHash: String?
    /// The key ceremony's (or refresh's) id, in hex: in the answer to it only.
    public var ceremonyId: String?

    /// Describes `key`, with its Taproot address (for `secp256k1-tr`) on `network`.
    public init(_ key: WalletKey, network: Network) {
        name = key.name
        suite = key.suite.rawValue
        threshold = key.publicKeyPackage.minSigners
        let group = key.publicKeyPackage.groupPublicKey
        groupKey = Hex.encode((try? group.compressed()) ?? [])
        address =
            key.suite == .secp256k1Taproot
            ? (try? TaprootWallet(groupKey: group)).map { $0.address(on: network).description } : nil
        self.network = network.rawValue
        keyVersion = Int(key.keyVersion)
        signers = key.signers.map { Signer(id: $0.key.value, identifier: $0.value.number ?? 0) }
            .sorted { $0.identifier < $1.identifier }
    }
}
