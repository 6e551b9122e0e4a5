public import Bitcoin
public import Custody
import Encoding
import FROST
import PKCS11
import PeerProtocol

extension KeyCeremonyRunner {
    /// Refreshes the shares of the registered wallet `name` (docs/key-ceremony.md § Share
    /// refresh): every signer holding a share deals a share of zero to the others, so that the
    /// wallet's key and address stay and every share changes. Once every signer signed the
    /// transcript, the agreement is recorded; each signer then activates its new share (its old
    /// one superseded), the registry records the new key version, and each signer retires its
    /// old share given every signer's activation. The coordinator's signing for the wallet waits
    /// while the refresh runs. When an earlier refresh of the wallet was agreed but not finished,
    /// this finishes it instead (`ceremonyFinish` to every signer) and starts no new one.
    ///
    /// - Throws: ``KeyCeremonyRunError``: `unknownWallet` (nothing sent) when no wallet of that
    ///   name is registered; `invalidRequest` (nothing sent) when one of its signers is no
    ///   longer pinned, or a refresh of it runs already; before every signer signed the
    ///   transcript, the failure and the signer it names, after `ceremonyAbort` went to every
    ///   signer (the old shares stay active); after, `incomplete` naming the signers that did not
    ///   activate (no abort is sent; the old shares are kept, active or superseded; running the
    ///   refresh again finishes it) or did not retire their old shares.
    public func refresh(wallet name: String, network: Network = .mainnet, ceremonyID: KeyCeremonyID? = nil)
        async throws(KeyCeremonyRunError) -> Result
    {
        // The pause is also the refresh's lock: one refresh of a wallet at a time here, and
        // everything it reads is read under it.
        guard await signing?.pause(wallet: name) ?? true else {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, "a refresh of wallet \"\(name)\" runs already")
        }
        var activated: WalletKey?
        do {
            let result = try await refreshWhilePaused(
                name, network: network, ceremonyID: ceremonyID, activated: &activated)
            await signing?.resume(wallet: name, key: result.walletKey)
            return result
        } catch {
            // Once a signer activated the new key, the coordinator signs with it.
            await signing?.resume(wallet: name, key: activated)
            throw error
        }
    }

    private func refreshWhilePaused(
        _ name: String, network: Network, ceremonyID: KeyCeremonyID?, activated: inout WalletKey?
    ) async throws(KeyCeremonyRunError) -> Result {
        let key = try await registeredKey(name)
        let unfinished: AgreedRefresh?
        do {
            unfinished = try await registry.unfinishedRefresh(wallet: name)
        } catch {
            throw KeyCeremonyRunError(.storage, signer: nil, "the wallet registry could not be read: \(error)")
        }
        let refreshInvitation = try Self.refreshInvitation(
            key, signers: signers, ceremonyID: unfinished?.ceremonyID ?? ceremonyID ?? Self.randomCeremonyID(),
            keyVersion: unfinished?.keyVersion ?? key.keyVersion + 1)
        var run = KeyCeremonyRun(
            caller: caller, parameters: refreshInvitation.invitation.parameters,
            invitation: refreshInvitation.invitation, peers: key.signers, session: SessionID.random(),
            refresh: refreshInvitation)
        let agreement: AgreedRefresh
        var failure: KeyCeremonyRunError?
        if let unfinished {
            agreement = unfinished
            failure = await run.finishEverywhere(
                unfinished.transcriptSignatures, transcriptHash: unfinished.transcriptHash)
        } else {
            let registry = self.registry
            do throws(KeyCeremonyRunError) {
                _ = try await run.drive { outcome throws(KeyCeremonyRunError) in
                    do {
                        try await registry.recordAgreedRefresh(
                            AgreedRefresh(
                                ceremonyID: outcome.ceremonyID, wallet: name, keyVersion: key.keyVersion + 1,
                                publicKeyPackage: outcome.publicKeyPackage, transcriptHash: outcome.transcriptHash,
                                transcriptSignatures: outcome.transcriptSignatures))
                    } catch {
                        throw KeyCeremonyRunError(.storage, signer: nil, "the refresh could not be recorded: \(error)")
                    }
                }
            } catch {
                failure = error
            }
            // Before every signer signed the transcript nothing was activated: abort it.
            guard let outcome = run.outcome else {
                await run.abortEverywhere(reason: failure?.description ?? "the refresh failed")
                throw failure ?? KeyCeremonyRunError(.badAnswer, signer: nil, "the refresh stopped")
            }
            agreement = AgreedRefresh(
                ceremonyID: outcome.ceremonyID, wallet: name, keyVersion: key.keyVersion + 1,
                publicKeyPackage: outcome.publicKeyPackage, transcriptHash: outcome.transcriptHash,
                transcriptSignatures: outcome.transcriptSignatures)
        }
        return try await settle(
            agreement, key: key, run: run, failure: failure, network: network, activated: &activated)
    }

    /// After the agreement: registers the new key once a signer activated it, lets signing go
    /// on, and once every signer activated, finalizes and marks the refresh finished.
    private func settle(
        _ agreement: AgreedRefresh, key: WalletKey, run: KeyCeremonyRun, failure: KeyCeremonyRunError?,
        network: Network, activated: inout WalletKey?
    ) async throws(KeyCeremonyRunError) -> Result {
        let name = agreement.wallet
        guard !run.confirmed.isEmpty else {
            throw KeyCeremonyRunError(
                .incomplete, signer: failure?.signer,
                "every signer agreed to refresh \(agreement.ceremonyID), but none activated its new share; "
                    + "running the refresh again finishes it: \(failure?.reason ?? "")",
                culprits: key.signers.keys.sorted())
        }
        let refreshed = WalletKey(
            name: name, suite: key.suite, publicKeyPackage: agreement.publicKeyPackage, signers: key.signers,
            keyVersion: agreement.keyVersion)
        // Signers activated their new shares: the coordinator signs with the new key even if it
        // cannot be recorded.
        activated = refreshed
        if key.keyVersion < agreement.keyVersion {
            do {
                try await registry.refreshed(
                    refreshed, ceremonyID: agreement.ceremonyID, transcriptHash: agreement.transcriptHash)
            } catch {
                throw KeyCeremonyRunError(
                    .storage, signer: nil,
                    "the signers refreshed their shares, but the registry could not record it: \(error)")
            }
        }
        let missing = key.signers.keys.filter { !run.confirmed.contains($0) }.sorted()
        guard missing.isEmpty else {
            throw KeyCeremonyRunError(
                .incomplete, signer: failure?.signer,
                "the refresh completed at \(run.confirmed.sorted().map(\.value).joined(separator: ", ")) but not at "
                    + "\(missing.map(\.value).joined(separator: ", ")), which keep their old shares; every signer "
                    + "keeps its old share sealed; running the refresh again finishes it: \(failure?.reason ?? "")",
                culprits: missing)
        }
        // Every signer activated: each retires its old share, given every activation signature.
        let unfinalized = await run.finalizeEverywhere()
        guard unfinalized.isEmpty else {
            throw KeyCeremonyRunError(
                .incomplete, signer: unfinalized.first,
                "every signer refreshed its share, but \(unfinalized.map(\.value).joined(separator: ", ")) did not "
                    + "retire its old share (kept sealed, superseded); running the refresh again retires it",
                culprits: unfinalized)
        }
        do {
            try await registry.finishRefresh(agreement.ceremonyID)
        } catch {
            throw KeyCeremonyRunError(.storage, signer: nil, "the refresh could not be marked finished: \(error)")
        }
        var address: SegwitAddress?
        if key.suite == .secp256k1Taproot {
            address = try? TaprootWallet(groupKey: agreement.publicKeyPackage.groupPublicKey).address(on: network)
        }
        return Result(
            ceremonyID: agreement.ceremonyID, walletKey: refreshed, transcriptHash: agreement.transcriptHash,
            address: address)
    }

    /// The invitation of a refresh of `key` to `keyVersion`, among its signers as pinned.
    static func refreshInvitation(
        _ key: WalletKey, signers pinned: [PeerID: IdentityPublicKey], ceremonyID: KeyCeremonyID, keyVersion: UInt32
    ) throws(KeyCeremonyRunError) -> KeyCeremonyRefreshInvitation {
        do {
            var participants: [KeyCeremonyParticipant] = []
            for (peer, identifier) in key.signers {
                guard let identityKey = pinned[peer] else {
                    throw KeyCeremonyError(.invalidParameters, "signer \(peer) of the wallet is no longer pinned")
                }
                participants.append(KeyCeremonyParticipant(identifier: identifier, identityKey: identityKey))
            }
            let parameters = try KeyCeremonyParameters(
                id: ceremonyID, wallet: key.name, suite: key.suite, threshold: key.publicKeyPackage.minSigners,
                participants: participants)
            let invitation = try KeyCeremonyInvitation(
                parameters: parameters, names: Dictionary(uniqueKeysWithValues: key.signers.map { ($1, $0.value) }))
            // For a refresh being finished the invitation is not sent: the signers get the agreed
            // transcript signatures.
            return try KeyCeremonyRefreshInvitation(
                invitation: invitation,
                refresh: try KeyCeremonyRefresh(publicKeyPackage: key.publicKeyPackage, keyVersion: keyVersion))
        } catch let error as KeyCeremonyError {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, error.reason)
        } catch {
            throw KeyCeremonyRunError(.invalidRequest, signer: nil, "\(error)")
        }
    }
}

extension KeyCeremonyRun {
    /// Sends `ceremonyFinish` with every transcript signature of an agreed refresh to every
    /// signer, each tried three times while it cannot be reached, and records the activations.
    /// Returns the first failure, if any.
    mutating func finishEverywhere(_ signatures: [KeyCeremonyTranscriptSignature], transcriptHash: [UInt8]) async
        -> KeyCeremonyRunError?
    {
        let payload = KeyCeremonyWire.encode(batch: signatures)
        var first: KeyCeremonyRunError?
        for (peer, identifier) in order {
            do throws(KeyCeremonyRunError) {
                let reply = try await persistently(peer, payload, type: .ceremonyFinish)
                guard reply.type == .ceremonyActivated else {
                    throw failure(peer, reply, expected: .ceremonyActivated)
                }
                activations[identifier] = try activation(reply, from: peer, identifier, transcriptHash)
                confirmed.append(peer)
            } catch {
                first = first ?? error
            }
        }
        return first
    }
}
