import PeerProtocol

/// Sends one message to every signer at once, in one session, and collects what each answered:
/// the decoded reply of type `expecting`, or why there is none (a refusal, no answer, another
/// type, a reply that does not read). Used by the routes that relay officers' governance
/// messages (`FreezeRoutes`, `PolicyRoutes`).
enum SignerBroadcast {
    static func send<Reply: Sendable>(
        _ payload: [UInt8], type: MessageType, expecting: MessageType, to signers: [PeerID], caller: PeerCaller,
        decode: @escaping @Sendable ([UInt8]) throws -> Reply
    ) async -> (answers: [PeerID: Reply], failed: [String: String]) {
        let session = SessionID.random()
        let results = await withTaskGroup(of: (PeerID, Result<Reply, FreezeFailure>).self) { group in
            for signer in signers {
                group.addTask {
                    do {
                        let reply = try await caller.call(signer, session: session, type: type, payload: payload)
                        guard reply.type == expecting else {
                            return (signer, .failure(FreezeFailure(reason: "answered with \(reply.type)")))
                        }
                        return (signer, .success(try decode(reply.payload)))
                    } catch let error as PeerCallError {
                        return (signer, .failure(FreezeFailure(reason: "\(error.code): \(error.reason)")))
                    } catch {
                        return (signer, .failure(FreezeFailure(reason: "the answer does not read")))
                    }
                }
            }
            var all: [PeerID: Result<Reply, FreezeFailure>] = [:]
            for await (signer, result) in group { all[signer] = result }
            return all
        }
        var answers: [PeerID: Reply] = [:]
        var failed: [String: String] = [:]
        for (signer, result) in results {
            switch result {
            case .success(let reply): answers[signer] = reply
            case .failure(let failure): failed[signer.value] = failure.reason
            }
        }
        return (answers, failed)
    }
}
