import AuditLog
public import AuditStorage
public import Custody
import Encoding
public import PeerProtocol
public import Policy
public import SignerStore

/// The signer's side of governance (docs/signer-authorization.md § The adoption message): it
/// answers `policyChange` messages and holds every policy version the signer adopted, loaded
/// from its store.
///
/// For each change it reads the payload, refuses a change request adopted before, runs
/// `SignerAuthorizer.adopt` on its own clock, first-seen records and history, stores the new
/// version durably and only then answers `policyAdopted`; anything else is answered with a
/// `refusal` and changes nothing but the first-seen record of an authentic change. Both outcomes
/// are written to the signer's audit log (`policy.adopted`, `policy.refused`). Changes are
/// decided one at a time, in the order they arrive.
public actor PolicyAdoptionService: PeerMessageHandler {
    /// The refusal codes this handler answers besides the authorizer's (whose code is its
    /// `AuthorizationRefusal.Code` with spaces as `_`, for example `activation_too_early`).
    public enum RefusalCode {
        /// The payload does not read (docs/protocol.md § Governance payloads).
        public static let malformed = "malformed_policy_change"
        /// The change request was adopted before, as an earlier version.
        public static let alreadyAdopted = "change_already_adopted"
        /// The signer's history or store could not be read or written; nothing was adopted.
        public static let storageFailed = "storage_failed"
    }

    private let store: SignerPolicyStore
    private let audit: PersistentAuditLog
    private let auditActor: String
    private let clock: @Sendable () -> Instant
    private let history: @Sendable () async throws -> History
    private var policies: AdoptedPolicies
    /// Every adopted change's request digest, and the version it made.
    private var adoptedChanges: [[UInt8]: Int]
    private var count: Int
    private var firstSeen = FirstSeenMemory()
    private var queue: Task<Void, Never>?

    /// Loads the signer's versions from `store` (each re-checked, `SignerPolicyStore.load()`)
    /// and verifies every governed change again: each stored version after the first must be
    /// adopted by `SignerAuthorizer.adopt` on top of the ones before it, at its recorded
    /// adoption time and first sight, with the same activation, and no change twice. A row
    /// written into the store by anyone but this service (without its officers' quorum) fails.
    ///
    /// - Parameters:
    ///   - audit: the signer's audit log; records are written as `auditActor`.
    ///   - clock: the signer's own clock.
    ///   - history: the signer's history as the governance decision needs it (its freezes).
    /// - Throws: `SignerStoreError` `corrupt` naming a tampered version, or `invalidInput` when
    ///   no genesis version is stored; `StorageError` from the database.
    public init(
        store: SignerPolicyStore, audit: PersistentAuditLog, auditActor: String,
        clock: @escaping @Sendable () -> Instant, history: @escaping @Sendable () async throws -> History
    ) async throws {
        let loaded = try await store.load()
        guard let genesis = loaded.first else {
            throw SignerStoreError(
                .invalidInput, "the signer's store holds no genesis policy (custodyd signer init --policy FILE)")
        }
        var authorizer = SignerAuthorizer(
            policies: AdoptedPolicies(genesis: genesis.policy, activatesAt: genesis.record.activatesAt))
        var changes: [[UInt8]: Int] = [:]
        for version in loaded.dropFirst() {
            let record = version.record
            let name = "policy version \(record.sequence)"
            guard let evidence = record.evidence,
                let change = try? PolicyInputDecoder.signedRequest(json: evidence.change),
                let approvals = try? PolicyInputDecoder.approvals(json: evidence.approvals)
            else { throw SignerStoreError(.corrupt, "\(name): its change does not read") }
            let digest = change.request.digest
            if let earlier = changes[digest] {
                throw SignerStoreError(.corrupt, "\(name): its change was adopted before, as version \(earlier)")
            }
            var seen = FirstSeenMemory(records: [digest: evidence.firstSeen])
            let adoption = PolicyAdoption(
                policyFile: record.policyFile, hash: record.hash, change: change, approvals: approvals,
                activatesAt: record.activatesAt)
            do {
                _ = try authorizer.adopt(adoption, now: record.adoptedAt, firstSeen: &seen, history: History())
            } catch {
                throw SignerStoreError(.corrupt, "\(name): its governed change does not verify: \(error)")
            }
            changes[digest] = record.sequence
        }
        self.store = store
        self.audit = audit
        self.auditActor = auditActor
        self.clock = clock
        self.history = history
        self.policies = authorizer.policies
        self.adoptedChanges = changes
        self.count = loaded.count
    }

    /// Every version the signer adopted, for deciding requests.
    public func current() -> AdoptedPolicies { policies }

    /// Answers a `policyChange`: `policyAdopted` or a `refusal`. Changes are decided in the order
    /// they arrive, each after the one before has been stored.
    public func answer(_ message: OpenedEnvelope) async -> PeerReply {
        let previous = queue
        let task = Task {
            await previous?.value
            return await self.decide(message)
        }
        queue = Task { _ = await task.value }
        return await task.value
    }

    private func decide(_ message: OpenedEnvelope) async -> PeerReply {
        guard message.type == .policyChange else {
            return await refuse(
                "unsupported_message", "this handler answers policyChange messages, not \(message.type)", hash: nil)
        }
        let adoption: PolicyAdoption
        do {
            adoption = try PolicyAdoption(decoding: message.payload)
        } catch {
            return await refuse(RefusalCode.malformed, error.reason, hash: nil)
        }
        let digest = adoption.change.request.digest
        if let version = adoptedChanges[digest] {
            return await refuse(
                RefusalCode.alreadyAdopted,
                "the change request '\(UntrustedText.printable(adoption.change.request.id))' was adopted before, "
                    + "as version \(version); a change is adopted once", hash: adoption.hash)
        }
        let history: History
        do {
            history = try await self.history()
        } catch {
            return await refuse(
                RefusalCode.storageFailed, "the signer's history could not be read", hash: adoption.hash)
        }
        let now = clock()
        var authorizer = SignerAuthorizer(policies: policies)
        var records = firstSeen
        let version: AdoptedPolicies.Version
        do {
            version = try authorizer.adopt(adoption, now: now, firstSeen: &records, history: history)
        } catch {
            firstSeen = records
            return await refuse(error.code.description.replacing(" ", with: "_"), error.reason, hash: adoption.hash)
        }
        firstSeen = records
        let sequence = count + 1
        let record = PolicyVersionRecord(
            sequence: sequence, hash: adoption.hash, policyFile: adoption.policyFile, activatesAt: version.activatesAt,
            evidence: .init(
                change: JSONWriter.canonical(PolicyInputEncoder.signedRequest(adoption.change)),
                approvals: JSONWriter.canonical(PolicyInputEncoder.approvals(adoption.approvals)),
                firstSeen: records.records[digest] ?? now),
            adoptedAt: now)
        do {
            try await store.append(record)
        } catch {
            return await refuse(
                RefusalCode.storageFailed, "version \(sequence) could not be stored, so it is not adopted",
                hash: adoption.hash)
        }
        policies = authorizer.policies
        adoptedChanges[digest] = sequence
        count = sequence
        // The store is the record of what is adopted; an audit log that cannot append does not
        // undo it.
        _ = try? await audit.append(
            type: "policy.adopted", actor: auditActor,
            payload: JSONWriter.canonical(
                .fields([
                    "policy": .string(adoption.hash.hex), "activatesAt": .string(version.activatesAt.rfc3339),
                    "version": .integer(Int64(sequence)), "change": .string(adoption.change.request.id),
                ])))
        let answer = PolicyAdopted(hash: adoption.hash, activatesAt: version.activatesAt, version: UInt32(sequence))
        return PeerReply(type: .policyAdopted, payload: answer.encoded())
    }

    /// Writes `policy.refused` and answers the refusal.
    private func refuse(_ code: String, _ reason: String, hash: PolicyHash?) async -> PeerReply {
        let fields: JSONValue =
            if let hash {
                .fields(["code": .string(code), "reason": .string(reason), "policy": .string(hash.hex)])
            } else {
                .fields(["code": .string(code), "reason": .string(reason)])
            }
        _ = try? await audit.append(type: "policy.refused", actor: auditActor, payload: JSONWriter.canonical(fields))
        // Codes are fixed lowercase text; a reason beyond the limit is cut at a character boundary.
        let refusal =
            (try? PeerRefusal(code: code, reason: reason))
            ?? (try! PeerRefusal(code: RefusalCode.malformed, reason: "the policy change was refused"))
        return .refusal(refusal)
    }
}
