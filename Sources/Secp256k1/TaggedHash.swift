import Crypto

/// BIP-340 tagged hashes: SHA256(SHA256(tag) ‖ SHA256(tag) ‖ data).
public struct TaggedHash: Sendable {
    private let prefix: [UInt8]

    /// A hasher for `tag`; the tag's own hash is computed once.
    public init(tag: String) {
        let tagHash = Array(SHA256.hash(data: Array(tag.utf8)))
        prefix = tagHash + tagHash
    }

    /// The tagged hash of the concatenation of `parts`.
    public func hash(_ parts: [UInt8]...) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: prefix)
        for part in parts { hasher.update(data: part) }
        return Array(hasher.finalize())
    }

    /// BIP-340's challenge tag.
    public static let bip340Challenge = TaggedHash(tag: "BIP0340/challenge")
    /// BIP-341's key tweak tag.
    public static let tapTweak = TaggedHash(tag: "TapTweak")
}
