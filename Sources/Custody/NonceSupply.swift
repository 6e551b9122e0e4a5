import FROST

/// One signer's preprocessed nonces: the pools made by FROST's round one, and which of their
/// nonces are not yet issued. The one home of the rules both signer machines apply to a pool
/// (``add(_:)``) and of the order nonces are issued in (the pool's order, pools in the order
/// they were added).
struct NonceSupply: Sendable {
    /// An issued nonce: the pool it is in and its commitments.
    struct Nonce: Sendable, Equatable {
        let pool: Int
        let commitments: SigningCommitments
    }

    let identifier: Identifier
    private var pools: [NoncePool] = []
    /// Nonces not yet issued, oldest first.
    private var unissued: [Nonce] = []

    init(identifier: Identifier) { self.identifier = identifier }

    /// How many nonces can still be issued.
    var available: Int { unissued.count }

    /// Makes the pool's nonces issuable.
    ///
    /// - Throws: `invalidNonces` for an empty pool, a pool added before, one whose commitments
    ///   name another signer, or one already drawn from.
    mutating func add(_ pool: NoncePool) throws(SigningSessionError) {
        guard !pool.commitments.isEmpty else {
            throw SigningSessionError(.invalidNonces, "the nonce pool is empty")
        }
        guard !pools.contains(where: { $0 === pool }) else {
            throw SigningSessionError(.invalidNonces, "this nonce pool was added before")
        }
        if let foreign = pool.commitments.first(where: { $0.identifier != identifier }) {
            throw SigningSessionError(
                .invalidNonces, "the nonce pool is signer \(foreign.identifier)'s, not signer \(identifier)'s")
        }
        guard pool.count == pool.commitments.count else {
            throw SigningSessionError(
                .invalidNonces,
                "\(pool.commitments.count - pool.count) of the pool's \(pool.commitments.count) nonces were already taken"
            )
        }
        unissued += pool.commitments.map { Nonce(pool: pools.count, commitments: $0) }
        pools.append(pool)
    }

    /// The oldest unissued nonce, now issued; nil when none is left.
    mutating func issue() -> Nonce? {
        unissued.isEmpty ? nil : unissued.removeFirst()
    }

    /// The secret nonces behind an issued nonce, taken out of their pool (shared by every copy
    /// of the supply); nil when they were taken before.
    func take(_ nonce: Nonce) -> SigningNonces? {
        pools[nonce.pool].take(for: nonce.commitments)
    }
}
