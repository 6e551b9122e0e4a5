import AuditLog
import AuditStorage
import Custody
import Encoding
import Foundation
import Logging
import PKCS11
import Storage

/// A daemon's own audit log: checkpoints signed by its HSM's Ed25519 checkpoint key (created on
/// the first start if the token has none), and a first record written when the log is new.
enum DaemonAuditLog {
    /// Opens (or creates) the log in `database` with origin `origin`; a new log gets the record
    /// `firstType` with `firstPayload` (JSON) by `actor`.
    static func open(
        database: any SQLDatabase, origin: String, token: HSMToken, actor: String, firstType: RecordType,
        firstPayload: [String: String], logger: Logger
    ) async throws(StartupError) -> PersistentAuditLog {
        let log: PersistentAuditLog
        do {
            let signer = try HSMNoteSigner(token: token, name: origin)
            log = try PersistentAuditLog(
                database: database, origin: origin, genesisKey: signer.verifierKey, signers: [signer])
        } catch {
            throw StartupError("cannot open the audit log: \(error)")
        }
        if log.size == 0 {
            do {
                let payload = Array(try DocumentJSON.data(firstPayload, layout: .compact))
                try await log.append(type: firstType, actor: actor, payload: payload)
            } catch {
                throw StartupError("cannot write the audit log's first record: \(error)")
            }
            logger.info("audit log created", metadata: ["origin": .string(origin), "record": .string(firstType.name)])
        }
        // The genesis key, for auditors' `custody audit verify --trusted-key` (public).
        logger.info(
            "audit log open",
            metadata: [
                "origin": .string(origin), "size": .stringConvertible(log.size),
                "genesisKey": .string(log.genesisKey.description),
            ])
        return log
    }
}
