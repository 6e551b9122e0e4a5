import Policy
import Storage

/// The ledger's reads, on a connection inside a transaction.
enum LedgerQueries {
    static let nonceColumns = "id, commitments, state, session, package_digest, share, burn_reason"
    static let signingColumns = "request, wallet, amount, at, digest, rule"

    static func nonce(_ id: NonceID, _ connection: any SQLConnection) throws -> NonceRecord? {
        try connection.query("SELECT \(nonceColumns) FROM signer_nonces WHERE id = $1", [.blob(id.bytes)])
            .first.map(decodeNonce)
    }

    static func nonces(_ connection: any SQLConnection) throws -> [NonceRecord] {
        try connection.query("SELECT \(nonceColumns) FROM signer_nonces ORDER BY id", []).map(decodeNonce)
    }

    static func count(_ state: NonceState, _ connection: any SQLConnection) throws -> Int {
        Int(
            try connection.query("SELECT count(*) FROM signer_nonces WHERE state = $1", [.text(state.rawValue)])[0][0]
                .integer())
    }

    static func decodeNonce(_ row: SQLRow) throws -> NonceRecord {
        let id = try NonceID(bytes: try row[0].blob())
        guard let state = NonceState(rawValue: try row[2].text()) else {
            throw SignerStoreError(.corrupt, "nonce \(id) has an unknown state")
        }
        var consumption: NonceConsumption?
        if state == .consumed {
            consumption = try NonceConsumption(
                session: try row[3].blob(), packageDigest: try row[4].blob(), share: try row[5].blob())
        }
        var reason: BurnReason?
        if state == .burned {
            guard let known = BurnReason(rawValue: try row[6].text()) else {
                throw SignerStoreError(.corrupt, "nonce \(id) has an unknown burn reason")
            }
            reason = known
        }
        return NonceRecord(
            id: id, commitments: try StoredCommitments.decode(try row[1].blob()), state: state,
            consumption: consumption, burnReason: reason)
    }

    /// The stored signings with this request id or this digest (at most two rows).
    static func signings(request: String, digest: [UInt8], _ connection: any SQLConnection) throws -> [SigningRecord] {
        try connection.query(
            "SELECT \(signingColumns) FROM signer_signatures WHERE request = $1 OR digest = $2",
            [.text(request), .blob(digest)]
        ).map(decodeSigning)
    }

    /// The signings of `wallet` (every wallet when nil) with `after < at`, oldest first.
    static func signings(wallet: String?, after: Instant, _ connection: any SQLConnection) throws -> [SigningRecord] {
        if let wallet {
            return try connection.query(
                "SELECT \(signingColumns) FROM signer_signatures WHERE wallet = $1 AND at > $2 ORDER BY at, request",
                [.text(wallet), .integer(after.seconds)]
            ).map(decodeSigning)
        }
        return try connection.query(
            "SELECT \(signingColumns) FROM signer_signatures WHERE at > $1 ORDER BY at, request",
            [.integer(after.seconds)]
        ).map(decodeSigning)
    }

    static func decodeSigning(_ row: SQLRow) throws -> SigningRecord {
        do {
            return try SigningRecord(
                request: try row[0].text(), wallet: try row[1].text(), amount: try row[2].integer(),
                at: Instant(seconds: try row[3].integer()), digest: try row[4].blob(), rule: try row[5].text())
        } catch let error as SignerStoreError {
            throw SignerStoreError(.corrupt, "a stored signing does not decode: \(error.reason)")
        }
    }
}
