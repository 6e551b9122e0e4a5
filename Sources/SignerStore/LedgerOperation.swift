import Encoding
import FROST
import Storage

/// One write a caller asks of the ledger; the group-commit writer applies a batch of them in
/// one transaction, each checked against what the transaction has seen so far (the rows as
/// committed, and the writes of the operations before it in the batch).
enum LedgerOperation: Sendable {
    /// Records nonces as issued: the ids and the stored commitments.
    case issue([(id: NonceID, commitments: [UInt8])])
    /// Records a nonce as consumed, and with it the signing, when given.
    case consume(NonceID, NonceConsumption, SigningRecord?)
    /// Records a nonce as burned.
    case burn(NonceID, BurnReason)
    /// Records a signing on its own.
    case recordSigning(SigningRecord)
}

/// What an operation did.
enum LedgerOutcome: Sendable {
    case issued
    case released(ReleasedShare)
    case burned(before: Bool)
    case signing(SigningOutcome)
}

extension LedgerOperation {
    /// Checks the operation against the stored rows, then writes it. A refusal
    /// (`SignerStoreError`) is thrown before anything is written; a `StorageError` fails the
    /// whole transaction.
    func apply(_ connection: any SQLConnection) throws -> LedgerOutcome {
        switch self {
        case .issue(let rows):
            try Self.checkUnissued(rows, connection)
            for row in rows {
                try connection.execute(
                    "INSERT INTO signer_nonces (id, commitments, state) VALUES ($1, $2, 'issued')",
                    [.blob(row.id.bytes), .blob(row.commitments)])
            }
            return .issued
        case .consume(let id, let consumption, let signing):
            guard let record = try LedgerQueries.nonce(id, connection) else {
                throw SignerStoreError(.unknownNonce, "nonce \(id) was never issued")
            }
            switch record.state {
            case .burned:
                throw SignerStoreError(
                    .nonceBurned, "nonce \(id) was burned (\(record.burnReason?.rawValue ?? "?")); it never signs")
            case .consumed:
                let recorded = record.consumption!
                guard recorded.matches(session: consumption.session, packageDigest: consumption.packageDigest) else {
                    throw SignerStoreError(
                        .nonceConsumed,
                        "nonce \(id) was consumed for session \(Hex.encode(recorded.session)) and package "
                            + "\(Hex.encode(recorded.packageDigest)); it never signs another")
                }
                return .released(ReleasedShare(share: recorded.share, wasRecordedBefore: true))
            case .issued:
                var signingIsNew = false
                if let signing { signingIsNew = try Self.checkSigning(signing, connection) == nil }
                let changed = try connection.execute(
                    """
                    UPDATE signer_nonces SET state = 'consumed', session = $2, package_digest = $3, share = $4
                        WHERE id = $1 AND state = 'issued'
                    """,
                    [
                        .blob(id.bytes), .blob(consumption.session), .blob(consumption.packageDigest),
                        .blob(consumption.share),
                    ])
                guard changed == 1 else {
                    throw StorageError(.constraint, "nonce \(id) left issued during its own transaction")
                }
                if let signing, signingIsNew { try Self.insert(signing, connection) }
                return .released(ReleasedShare(share: consumption.share, wasRecordedBefore: false))
            }
        case .burn(let id, let reason):
            guard let record = try LedgerQueries.nonce(id, connection) else {
                throw SignerStoreError(.unknownNonce, "nonce \(id) was never issued")
            }
            switch record.state {
            case .burned: return .burned(before: true)
            case .consumed:
                throw SignerStoreError(.nonceConsumed, "nonce \(id) was consumed; a consumed nonce is never burned")
            case .issued:
                try connection.execute(
                    "UPDATE signer_nonces SET state = 'burned', burn_reason = $2 WHERE id = $1 AND state = 'issued'",
                    [.blob(id.bytes), .text(reason.rawValue)])
                return .burned(before: false)
            }
        case .recordSigning(let signing):
            if let existing = try Self.checkSigning(signing, connection) { return .signing(.alreadyRecorded(existing)) }
            try Self.insert(signing, connection)
            return .signing(.recorded)
        }
    }

    /// Refuses ids issued before, or repeated within `rows`.
    static func checkUnissued(_ rows: [(id: NonceID, commitments: [UInt8])], _ connection: any SQLConnection) throws {
        var seen: Set<NonceID> = []
        for row in rows {
            guard seen.insert(row.id).inserted else {
                throw SignerStoreError(.nonceAlreadyIssued, "nonce \(row.id) appears twice in one issue")
            }
            let existing = try connection.query("SELECT state FROM signer_nonces WHERE id = $1", [.blob(row.id.bytes)])
            if let state = existing.first {
                throw SignerStoreError(
                    .nonceAlreadyIssued,
                    "nonce \(row.id) was issued before (now \(try state[0].text())); a nonce is issued once")
            }
        }
    }

    /// The stored record of the same signing, nil when there is none; refuses a record that
    /// disagrees with a stored one of the same request id or digest.
    static func checkSigning(_ signing: SigningRecord, _ connection: any SQLConnection) throws -> SigningRecord? {
        for stored in try LedgerQueries.signings(request: signing.request, digest: signing.digest, connection) {
            guard stored.isSameSigning(as: signing) else {
                throw SignerStoreError(
                    .conflictingSigning,
                    "request \"\(UntrustedText.printable(signing.request))\" with digest \(Hex.encode(signing.digest)) "
                        + "conflicts with the recorded request \"\(UntrustedText.printable(stored.request))\" "
                        + "with digest \(Hex.encode(stored.digest))")
            }
            return stored
        }
        return nil
    }

    static func insert(_ signing: SigningRecord, _ connection: any SQLConnection) throws {
        try connection.execute(
            "INSERT INTO signer_signatures (request, digest, wallet, amount, at, rule) VALUES ($1, $2, $3, $4, $5, $6)",
            [
                .text(signing.request), .blob(signing.digest), .text(signing.wallet), .integer(signing.amount),
                .integer(signing.at.seconds), .text(signing.rule),
            ])
    }
}
