/// The Bitcoin networks whose segwit addresses Custody reads and writes, with their
/// human-readable parts (BIP-173): `bc` for mainnet, `tb` for testnet and signet, `bcrt` for
/// regtest.
public enum Network: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case mainnet
    case testnet
    case signet
    case regtest

    /// The human-readable part of the network's segwit addresses.
    public var humanReadablePart: String {
        switch self {
        case .mainnet: "bc"
        case .testnet, .signet: "tb"
        case .regtest: "bcrt"
        }
    }

    public var description: String { rawValue }
}
