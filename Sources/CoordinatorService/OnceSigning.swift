public import AuditStorage
public import Custody
import Encoding
public import FROST
import Policy

/// Signs each request id once (docs/daemons.md § `POST /v1/signatures`): the request is claimed,
/// answered from ``SignatureRecords`` when it was signed before, and otherwise run among the
/// signers with `signing.started` and `signature.completed` appended to the audit log before
/// the record changes. Shared by `POST /v1/signatures` and the service API's requests.
public struct OnceSigning: Sendable {
    let runner: RobustSigningRunner
    let records: SignatureRecords
    let audit: PersistentAuditLog

    /// The audit records' actor.
    public static let actor = "coordinator"
    /// How many of the audit log's last records ``recover(_:audit:)`` reads.
    static let recoveryWindow = 1_024

    public init(runner: RobustSigningRunner, records: SignatureRecords, audit: PersistentAuditLog) {
        self.runner = runner
        self.records = records
        self.audit = audit
    }

    /// A signature, and whether the signers were asked for it.
    public struct Signed: Sendable {
        public let signature: [UInt8]
        /// False when it came from the record of an earlier run.
        public let askedSigners: Bool
        /// The run's number (1 for the first); 0 when answered from the record.
        public let attempt: Int
    }

    /// Why no signature was released.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Refused by the records: signed before with other contents, or being signed now.
        case refused(SignatureRecordError)
        /// The records or the audit log could not be read or written before the signers were
        /// asked, or the signature could not be audited (it is not released).
        case storage(any Error, askedSigners: Bool)
        /// The signature was audited but could not be recorded: the request stays claimed until
        /// a restart completes its record from the audit log.
        case held(any Error)
        /// The signers did not sign.
        case signing(RobustSigningError)

        public var description: String {
            switch self {
            case .refused(let error): error.description
            case .storage(let error, _): "the signature records or the audit log could not be written: \(error)"
            case .held: "a signature was made and audited but could not be recorded"
            case .signing(let error): error.description
            }
        }
    }

    /// Signs `claim.message` with `wallet`'s signers under `authorization`, once per request id.
    public func sign(
        wallet: WalletKey, claim: SignatureRecords.Claim, authorization: AuthorizationBundle,
        taprootSpend: TaprootSpend?, timeout: Duration
    ) async throws(Failure) -> Signed {
        // Claimed first: a concurrent submission of the same id waits for nothing and writes nothing.
        do {
            try records.claim(claim.request)
        } catch {
            throw .refused(error as? SignatureRecordError ?? SignatureRecordError(.inProgress, "\(error)"))
        }
        let attempt: Int
        do {
            switch try await records.lookup(claim) {
            case .signed(let signature):
                records.abandon(claim.request)
                return Signed(signature: signature, askedSigners: false, attempt: 0)
            case .run(let number): attempt = number
            }
            try await audit.append(
                type: .signingStarted, actor: Self.actor, payload: Self.startedPayload(claim, attempt: attempt))
            try await records.begin(claim)
        } catch let error as SignatureRecordError {
            records.abandon(claim.request)
            throw .refused(error)
        } catch {
            records.abandon(claim.request)
            throw .storage(error, askedSigners: false)
        }
        let signature: Signature
        do {
            signature = try await runner.sign(
                wallet: wallet, message: claim.message, taprootSpend: taprootSpend, authorization: authorization,
                timeout: timeout)
        } catch {
            records.abandon(claim.request)
            throw .signing(error)
        }
        do {
            try await audit.append(
                type: .signatureCompleted, actor: Self.actor,
                payload: Self.completedPayload(claim, attempt: attempt, signature: signature.bytes))
        } catch {
            // Not audited, never released: the request may be run again.
            records.abandon(claim.request)
            throw .storage(error, askedSigners: true)
        }
        do {
            try await records.finish(claim.request, signature: signature.bytes)
        } catch {
            // The signature is in the audit log but not in the records: the request stays claimed
            // (`in_progress`) so that it is not signed again, until a restart completes its
            // record from the audit log.
            throw .held(error)
        }
        return Signed(signature: signature.bytes, askedSigners: true, attempt: attempt)
    }

    /// Completes the signature records that the audit log's last `signature.completed`
    /// records show signed but that a stop left unrecorded (the audit record is written first).
    /// Returns how many it completed.
    public static func recover(_ records: SignatureRecords, audit: PersistentAuditLog) async throws -> Int {
        let tail = try AuditDatabase.tail(database: audit.store.database, count: recoveryWindow)
        var completed = 0
        for record in tail where record.type == .signatureCompleted && record.actor == actor {
            guard
                let value = try? StrictJSON.parse(
                    record.payload, what: "signature.completed", code: .invalidRequest, maxBytes: 1 << 16),
                case .object(let members) = value
            else { continue }
            var fields: [String: String] = [:]
            for member in members { if case .string(let text) = member.value { fields[member.key] = text } }
            guard let request = fields["request"], let wallet = fields["wallet"], let spend = fields["spend"],
                let message = fields["message"].flatMap({ try? Hex.decode($0) }),
                let signature = fields["signature"].flatMap({ try? Hex.decode($0) })
            else { continue }
            if try await records.recover(
                request: request, wallet: wallet, message: message, spend: spend, signature: signature)
            {
                completed += 1
            }
        }
        return completed
    }

    /// The `signing.started` payload, canonical JSON.
    static func startedPayload(_ claim: SignatureRecords.Claim, attempt: Int) -> [UInt8] {
        JSONWriter.canonical(
            .fields([
                "request": .string(claim.request), "wallet": .string(claim.wallet),
                "requestDigest": .string(Hex.encode(claim.requestDigest)),
                "message": .string(Hex.encode(claim.message)),
                "spend": .string(claim.spend), "attempt": .string(String(attempt)),
            ]))
    }

    /// The `signature.completed` payload, canonical JSON.
    public static func completedPayload(_ claim: SignatureRecords.Claim, attempt: Int, signature: [UInt8]) -> [UInt8] {
        JSONWriter.canonical(
            .fields([
                "request": .string(claim.request), "wallet": .string(claim.wallet),
                "message": .string(Hex.encode(claim.message)), "spend": .string(claim.spend),
                "attempt": .string(String(attempt)), "signature": .string(Hex.encode(signature)),
            ]))
    }
}
