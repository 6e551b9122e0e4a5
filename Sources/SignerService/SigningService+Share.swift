import AuditLog
public import Custody
import Encoding
import FROST
import PeerProtocol
import Policy
import Secp256k1
import SignerStore

extension SigningService {
    /// The tag of a package digest: the ledger's name for what a nonce signed, the tagged hash
    /// of the `ShareRequest` encoding (session id and package).
    static let packageHash = TaggedHash(tag: "custody/signing/package")

    /// The digest the ledger records for `request`.
    public static func packageDigest(_ request: ShareRequest) -> [UInt8] {
        // A decoded request re-encodes; one built here is within the limits.
        packageHash.hash((try? request.encoded()) ?? [])
    }

    /// `shareRequest`: checks, signs once, records, audits, then releases.
    func shareRequested(_ payload: [UInt8], from sender: PeerID) async throws(SigningRefusal) -> PeerReply {
        let authorized: AuthorizedShareRequest
        do {
            authorized = try AuthorizedShareRequest(decoding: payload)
        } catch {
            throw SigningRefusal(.malformed, error.reason)
        }
        let share = try await activeShare(authorized.wallet)
        let request = authorized.request
        let package = request.package
        let identifier = share.keyPackage.identifier
        guard let mine = package.commitments.first(where: { $0.identifier == identifier }) else {
            throw SigningRefusal(.notASigner, "the package carries no commitment of participant \(identifier)")
        }
        let nonce = NonceID(mine)
        let digest = Self.packageDigest(request)
        let session = request.sessionID.bytes
        let facts = ShareFacts(
            sender: sender, wallet: authorized.wallet, request: authorized.authorization.request.request,
            session: request.sessionID, packageDigest: digest, nonce: nonce, message: package.message,
            signers: package.signers)

        // 1. The ledger: a nonce consumed for this session and package gives its recorded share.
        let admission: SignerLedger.Admission
        do {
            admission = try await ledger.admit(nonce, session: session, packageDigest: digest)
        } catch {
            throw Self.refusal(error, nonce: nonce)
        }
        if case .releaseRecorded(let recorded) = admission {
            return try await release(recorded, identifier: identifier, next: nil, facts: facts, release: nil)
        }

        // 2. This signer's own authorization, with its own history, clock and first sight.
        let release = try await authorize(authorized)
        guard release.messages.contains(package.message) else {
            throw SigningRefusal(
                .messageNotApproved,
                "the package's message is none of the \(release.messages.count) message(s) the approved request binds")
        }
        let approved = authorized.authorization
        // A Taproot key-path spend signs for the tweaked output key that holds the wallet's
        // coins: only for a PSBT, whose outputs and fee this signer checks below, never for a
        // raw digest, which could be any transaction's signature hash.
        if package.taprootSpend != nil, approved.request.request.payload?.kind != .psbt {
            throw SigningRefusal(
                .invalidPackage, "a Taproot key-path spend is signed only for a psbt payload, not a digest")
        }
        if approved.request.request.payload?.kind == .psbt {
            // A rebalance pays another wallet of the policy: its Taproot output key, from this
            // signer's own share of that wallet.
            var destinationKey: Point?
            if let target = approved.request.request.destination?.wallet,
                let key = authorizer.policies.version(approved.policy)?.policy.wallet(target)?.key
            {
                destinationKey = (try? await activeShare(key))?.keyPackage.groupPublicKey
            }
            do {
                try PSBTPayloadCheck.check(
                    approved.document, request: approved.request.request, groupKey: share.keyPackage.groupPublicKey,
                    destinationKey: destinationKey)
            } catch {
                throw SigningRefusal(.payloadMismatch, error.description)
            }
        }
        guard share.suite == .secp256k1Taproot || package.taprootSpend == nil else {
            throw SigningRefusal(
                .invalidPackage, "a Taproot spend cannot be signed with the \(share.suite.rawValue) suite")
        }
        guard package.signers.count >= share.keyPackage.minSigners else {
            throw SigningRefusal(
                .invalidPackage,
                "the package has \(package.signers.count) signers, this key needs \(share.keyPackage.minSigners)")
        }

        // 3. The secret nonce, taken out of memory: it can sign once.
        guard let entry = pending[nonce], entry.wallet == authorized.wallet else {
            throw SigningRefusal(.unknownNonce, "nonce \(nonce) was not issued for this wallet by this process")
        }
        pending[nonce] = nil
        guard let nonces = entry.pool.take(for: mine) else {
            throw SigningRefusal(.nonceUnavailable, "the secret of nonce \(nonce) is no longer held")
        }
        let signature: SignatureShare
        do {
            switch share.suite {
            case .secp256k1: signature = try Secp256k1SHA256.sign(package, nonces: nonces, keyPackage: share.keyPackage)
            case .secp256k1Taproot:
                signature = try Secp256k1SHA256Taproot.sign(package, nonces: nonces, keyPackage: share.keyPackage)
            }
        } catch {
            _ = try? await ledger.burn(nonce, reason: .signingFailed)
            throw SigningRefusal(.signingFailed, "round two refused the package (\(error.reason)); the nonce is burned")
        }

        // 4. Consumed, with the share and the signing, durably, before anything leaves.
        let signed = authorized.authorization.request.request
        let released: ReleasedShare
        do {
            let record = try SigningRecord(
                request: signed.id, wallet: signed.wallet ?? authorized.wallet, amount: signed.amount ?? 0,
                at: clock(), digest: release.requestDigest, rule: release.decision.rule ?? signed.kind.rawValue)
            released = try await ledger.consume(
                nonce, session: session, packageDigest: digest, share: signature.response.bigEndianBytes,
                signing: record)
        } catch {
            _ = try? await ledger.burn(nonce, reason: .signingFailed)
            throw Self.refusal(error, nonce: nonce)
        }

        // 5. A fresh commitment for the coordinator's next session, issued durably.
        var next: SigningCommitments?
        if outstanding(wallet: authorized.wallet) < outstandingLimit {
            next = try? await issue(1, share: share).first
        }
        return try await self.release(
            released.share, identifier: identifier, next: next, facts: facts,
            release: released.wasRecordedBefore ? nil : release)
    }

    /// Runs ``SignerAuthorizer`` on the bundle and checks that the share's wallet is the
    /// request's: the key the policy gives the request's wallet.
    func authorize(_ authorized: AuthorizedShareRequest) async throws(SigningRefusal) -> SigningRelease {
        let bundle = authorized.authorization
        var history = try await recordedHistory()
        // An earlier session of this request counts once, with this one.
        let requestID = bundle.request.request.id
        history.transfers.removeAll { $0.request == requestID }
        let digest = bundle.request.request.digest
        try await loadFirstSeen(digest)
        let decision: Result<SigningRelease, AuthorizationRefusal>
        do {
            decision = .success(
                try authorizer.authorize(bundle, now: clock(), firstSeen: &firstSeen, history: history, reader: reader))
        } catch {
            decision = .failure(error)
        }
        try await persistFirstSeen(digest, required: (try? decision.get()) != nil)
        let release: SigningRelease
        switch decision {
        case .success(let allowed): release = allowed
        case .failure(let refusal): throw SigningRefusal(refusal)
        }
        let walletID = bundle.request.request.wallet
        guard let walletID,
            authorizer.policies.version(bundle.policy)?.policy.wallet(walletID)?.key == authorized.wallet
        else {
            throw SigningRefusal(
                .wrongWallet, "the approved request spends from a wallet whose key is not the share named")
        }
        return release
    }

    /// This signer's history from its ledger: the transfers it signed and the freezes it
    /// recorded (read from the ledger once: this service is their only writer).
    func recordedHistory() async throws(SigningRefusal) -> History {
        do {
            var history = try await ledger.history(since: Instant(seconds: Int64.min))
            if let recordedFreezes {
                history.freezes = recordedFreezes
            } else {
                let freezes = try await ledger.freezes()
                recordedFreezes = freezes
                history.freezes = freezes
            }
            return history
        } catch {
            throw SigningRefusal(.ledgerUnavailable, "the signing ledger could not be read")
        }
    }

    /// Takes the first sight of `digest` recorded before a restart, if any, into memory: a time
    /// lock runs from it.
    func loadFirstSeen(_ digest: [UInt8]) async throws(SigningRefusal) {
        guard !durableFirstSeen.contains(digest) else { return }
        do {
            if let stored = try await ledger.firstSeen(digest: digest) {
                _ = firstSeen.firstSeen(requestDigest: digest, now: stored)
                durableFirstSeen.insert(digest)
            }
        } catch {
            throw SigningRefusal(.ledgerUnavailable, "the first-sight records could not be read")
        }
    }

    /// Records the first sight of `digest` durably, whatever was decided (a request refused as
    /// time locked comes back); a failure is a refusal when `required` (before a release).
    func persistFirstSeen(_ digest: [UInt8], required: Bool) async throws(SigningRefusal) {
        guard !durableFirstSeen.contains(digest), let seen = firstSeen.records[digest] else { return }
        do {
            _ = try await ledger.recordFirstSeen(digest: digest, at: seen)
            durableFirstSeen.insert(digest)
        } catch {
            if required {
                throw SigningRefusal(.ledgerUnavailable, "the first sight of the request could not be recorded")
            }
        }
    }

    /// Records the share in the audit log, then answers with it.
    func release(
        _ share: [UInt8], identifier: Identifier, next: SigningCommitments?, facts: ShareFacts,
        release: SigningRelease?
    ) async throws(SigningRefusal) -> PeerReply {
        let response: Scalar
        do {
            response = try Scalar(bigEndian: share)
        } catch {
            throw SigningRefusal(.ledgerUnavailable, "the recorded share of nonce \(facts.nonce) does not read")
        }
        do {
            try await audit.append(
                type: .signatureShare, actor: me.value, payload: facts.auditPayload(release: release))
        } catch {
            throw SigningRefusal(.auditUnavailable, "the audit log could not record the share; it was not released")
        }
        let reply = ShareResponse(
            sessionID: facts.session, share: SignatureShare(identifier: identifier, response: response), next: next)
        return PeerReply(type: .share, payload: reply.encoded())
    }

    /// The ledger's refusal as the service's.
    static func refusal(_ error: any Error, nonce: NonceID) -> SigningRefusal {
        guard let error = error as? SignerStoreError else {
            return SigningRefusal(.ledgerUnavailable, "the nonce ledger could not be read or written")
        }
        switch error.code {
        case .unknownNonce: return SigningRefusal(.unknownNonce, "nonce \(nonce) was never issued by this signer")
        case .nonceBurned: return SigningRefusal(.nonceBurned, "nonce \(nonce) was burned; it never signs")
        case .nonceConsumed:
            return SigningRefusal(
                .nonceReused, "nonce \(nonce) signed another session or package; it never signs another")
        case .conflictingSigning: return SigningRefusal(.conflictingSigning, error.reason)
        default: return SigningRefusal(.ledgerUnavailable, error.reason)
        }
    }
}

/// What one released share was for: the audit record's content.
struct ShareFacts {
    let sender: PeerID
    let wallet: String
    let request: PolicyRequest
    let session: SigningSessionID
    let packageDigest: [UInt8]
    let nonce: NonceID
    let message: [UInt8]
    let signers: [Identifier]

    /// The `signature.share` record's payload, canonical JSON: what was signed (wallet,
    /// session, package digest, message, signers, nonce), for which request, asked by which
    /// coordinator, and why (the policy version, the rule, the first sight and the time lock);
    /// `replay` is true when the share was the one recorded for an earlier identical request.
    func auditPayload(release: SigningRelease?) -> [UInt8] {
        var authorization = JSONValue.null
        if let release {
            let rule: JSONValue = release.decision.rule.map { .string($0) } ?? .null
            let lockEnd: JSONValue = release.timeLockEndsAt.map { .string($0.rfc3339) } ?? .null
            authorization = .fields([
                "policy": .string(release.policy.hex), "rule": rule, "firstSeen": .string(release.firstSeen.rfc3339),
                "timeLockEndsAt": lockEnd,
            ])
        }
        let signerList: JSONValue = .array(signers.map { .string($0.description) })
        let facts: JSONValue = .fields([
            "coordinator": .string(sender.value), "wallet": .string(wallet), "request": .string(request.id),
            "requestDigest": .string(Hex.encode(request.digest)), "session": .string(session.description),
            "package": .string(Hex.encode(packageDigest)), "message": .string(Hex.encode(message)),
            "signers": signerList, "nonce": .string(nonce.description), "replay": .bool(release == nil),
            "authorization": authorization,
        ])
        return JSONWriter.canonical(facts)
    }
}
