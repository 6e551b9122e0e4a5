import Secp256k1

/// Public key checks shared by the PSBT fields and the wallet.
enum PublicKeys {
    /// True for a 33-byte compressed SEC1 encoding of a point on secp256k1.
    static func isValidCompressed(_ bytes: [UInt8]) -> Bool {
        (try? Point(compressed: bytes)) != nil
    }
}
