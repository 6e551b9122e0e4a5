import Custody
import FROST
import PeerProtocol

/// One request's state in ``RobustSigningRunner``: the ROAST machine, the calls in flight, and
/// who refused or could not be reached. Calls run as tasks that report back as events; a
/// signer has at most one call in flight, so that its envelopes arrive in order.
struct RobustSigningRun {
    enum Event: Sendable {
        case commitments(PeerID, Result<[SigningCommitments], CallFailure>)
        case share(PeerID, Result<ShareResponse, CallFailure>)
        case deadline
    }

    /// Why a call gave nothing usable.
    struct CallFailure: Error, Sendable {
        let reason: String

        init(reason: String) { self.reason = reason }

        /// A failed call's reason without the peer's name, which the failure is filed under:
        /// `refused: authorization.time_locked: …`.
        init(_ error: any Error) {
            if let error = error as? PeerCallError {
                reason = "\(error.code): \(error.reason)"
            } else {
                reason = "\(error)"
            }
        }
    }

    let wallet: WalletKey
    var machine: ROASTCoordinator
    let authorization: AuthorizationBundle
    let caller: PeerCaller
    let session: SessionID
    let events: AsyncStream<Event>
    let continuation: AsyncStream<Event>.Continuation
    var tasks: [Task<Void, Never>] = []
    /// Signers that refused, sent what cannot be used, or could not be reached: out of this
    /// request.
    var failed: [PeerID: String] = [:]
    /// The signers that answered each session with a share.
    var answered: [SigningSessionID: Set<PeerID>] = [:]

    init(
        wallet: WalletKey, machine: ROASTCoordinator, authorization: AuthorizationBundle, caller: PeerCaller,
        session: SessionID
    ) {
        self.wallet = wallet
        self.machine = machine
        self.authorization = authorization
        self.caller = caller
        self.session = session
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    /// Asks `peer` for one fresh commitment.
    mutating func requestCommitment(from peer: PeerID) {
        let payload: [UInt8]
        do {
            payload = try CommitmentBatchRequest(wallet: wallet.name, count: 1).encoded()
        } catch {
            failed[peer] = error.reason
            return
        }
        let (caller, session, continuation) = (caller, session, continuation)
        tasks.append(
            Task {
                let result: Result<[SigningCommitments], CallFailure>
                do {
                    let reply = try await caller.call(
                        peer, session: session, type: .commitmentRequest, payload: payload)
                    guard reply.type == .commitments else {
                        throw CallFailure(reason: "answered a commitment request with \(reply.type)")
                    }
                    result = .success(try SigningWire.commitments(decoding: reply.payload))
                } catch let error as CallFailure {
                    result = .failure(error)
                } catch {
                    result = .failure(CallFailure(error))
                }
                continuation.yield(.commitments(peer, result))
            })
    }

    /// Sends `request` to every signer of its package.
    mutating func open(_ request: ShareRequest) throws(RobustSigningError) {
        let payload: [UInt8]
        do {
            payload = try AuthorizedShareRequest(wallet: wallet.name, request: request, authorization: authorization)
                .encoded()
        } catch {
            throw RobustSigningError(.invalidRequest, "the share request cannot be sent: \(error.reason)")
        }
        let (caller, session, continuation) = (caller, session, continuation)
        for identifier in request.package.signers {
            guard let peer = wallet.signer(holding: identifier) else { continue }
            tasks.append(
                Task {
                    let result: Result<ShareResponse, CallFailure>
                    do {
                        let reply = try await caller.call(peer, session: session, type: .shareRequest, payload: payload)
                        guard reply.type == .share else {
                            throw CallFailure(reason: "answered a share request with \(reply.type)")
                        }
                        result = .success(try ShareResponse(decoding: reply.payload))
                    } catch let error as CallFailure {
                        result = .failure(error)
                    } catch {
                        result = .failure(CallFailure(error))
                    }
                    continuation.yield(.share(peer, result))
                })
        }
    }

    /// Feeds `event` to the machine; a signer whose message cannot be used is out of the request.
    mutating func handle(_ event: Event) throws(RobustSigningError) -> [ROASTCoordinator.Action] {
        switch event {
        case .deadline:
            return []
        case .commitments(let peer, .failure(let failure)), .share(let peer, .failure(let failure)):
            failed[peer] = failure.reason
            return []
        case .commitments(let peer, .success(let list)):
            guard let identifier = wallet.signers[peer], let commitment = list.first else {
                failed[peer] = "sent no commitment"
                return []
            }
            do {
                return try machine.commitmentReceived(commitment, from: identifier)
            } catch {
                failed[peer] = error.reason
                return []
            }
        case .share(let peer, .success(let response)):
            guard let identifier = wallet.signers[peer] else { return [] }
            do {
                let actions = try machine.shareReceived(response, from: identifier)
                answered[response.sessionID, default: []].insert(peer)
                return actions
            } catch {
                failed[peer] = error.reason
                return []
            }
        }
    }

    /// The failure when fewer than `threshold` signers are left that could still sign.
    func tooFewLeft(threshold: Int) -> RobustSigningError? {
        guard machine.phase == .running else { return nil }
        let left = wallet.signers.filter { failed[$0.key] == nil && machine.flagged[$0.value] == nil }
        guard left.count < threshold else { return nil }
        return RobustSigningError(
            .tooFewSigners,
            "\(left.count) signers are left that could still sign, a signature needs \(threshold)",
            flagged: flaggedPeers, failed: failed)
    }

    /// The machine's failure, with the signers' own reasons.
    func failure(_ failure: ROASTFailure) -> RobustSigningError {
        let cause: RobustSigningError.Cause =
            if case .deadlinePassed = failure.cause { .deadlinePassed } else { .tooFewSigners }
        return RobustSigningError(cause, failure.description, flagged: flaggedPeers, failed: failed)
    }

    /// The failure at the deadline, naming the signers that never answered.
    func deadlinePassed(_ timeout: Duration) -> RobustSigningError {
        let silent = machine.unresponsive.compactMap { wallet.signer(holding: $0) }.filter { failed[$0] == nil }
        return RobustSigningError(
            .deadlinePassed,
            "no session completed within \(timeout); unresponsive: "
                + (silent.isEmpty ? "none" : silent.map(\.value).joined(separator: ", ")),
            flagged: flaggedPeers, failed: failed)
    }

    var flaggedPeers: [PeerID] { machine.flagged.keys.sorted().compactMap { wallet.signer(holding: $0) } }

    /// Tells each member of a session that will never finish, and that gave no share there, to
    /// burn its commitment: best effort, not awaited.
    func abandonUnfinished() {
        let (caller, session) = (caller, session)
        for request in machine.abandonedSessions {
            guard let payload = try? request.encoded() else { continue }
            let done = answered[request.sessionID] ?? []
            for identifier in request.package.signers {
                guard let peer = wallet.signer(holding: identifier), !done.contains(peer) else { continue }
                Task { _ = try? await caller.call(peer, session: session, type: .sessionAbandoned, payload: payload) }
            }
        }
    }

    /// Cancels the calls still in flight; their answers are no longer awaited.
    func stop() {
        continuation.finish()
        for task in tasks { task.cancel() }
    }
}
