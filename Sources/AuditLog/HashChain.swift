import Crypto

/// The hash chain over the records: `hash(i) = SHA-256(hash(i-1) ‖ record(i))`, from
/// `hash(-1) =` ``genesis``.
public enum HashChain {
    /// `hash(-1)`: 32 zero bytes. Record 0 carries it as its previous hash.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// `hash(i)` from `hash(i-1)` and the canonical bytes of record `i`.
    public static func next(previous: [UInt8], record: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: record)
        return Array(hasher.finalize())
    }
}
