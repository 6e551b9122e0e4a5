import Custody
import FROST
import Secp256k1
import Testing

/// The preprocessing signer against a coordinator that tries to make it reuse a nonce, sign
/// with a commitment it never issued, or hoard its commitments. Each refusal is checked to
/// change nothing: the outstanding commitments, the nonces left and the ledger are compared.
@Suite struct PreprocessingSignerTests {
    /// Three signers of a 2-of-3 Taproot key, each with `nonces` preprocessed nonces.
    struct Signers {
        var machines: [PreprocessingSignerStateMachine]
        let publicKeyPackage: PublicKeyPackage

        init(nonces: Int = 4, outstandingLimit: Int = PreprocessingSignerStateMachine.defaultOutstandingLimit) throws {
            let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
            self.publicKeyPackage = publicKeyPackage
            machines = try shares.map { share in
                let keyPackage = try share.verify()
                var machine = PreprocessingSignerStateMachine(
                    suite: .secp256k1Taproot, keyPackage: keyPackage, outstandingLimit: outstandingLimit)
                try machine.addNonces(Secp256k1SHA256Taproot.preprocess(count: nonces, keyPackage: keyPackage))
                return machine
            }
        }

        /// A fresh commitment from signer `index + 1`.
        mutating func commit(_ index: Int) throws -> SigningCommitments {
            try machines[index].commitmentRequested().reply
        }
    }

    static let message: [UInt8] = Array("pay 2 BTC to the exchange".utf8)

    static func request(
        _ session: UInt8, _ commitments: [SigningCommitments], message: [UInt8] = message, spend: TaprootSpend? = nil
    ) throws -> ShareRequest {
        ShareRequest(
            sessionID: try SigningSessionID(bytes: Array(repeating: session, count: 36)),
            package: try SigningPackage(commitments: commitments, message: message, taprootSpend: spend))
    }

    /// What a refusal must leave unchanged.
    struct Snapshot: Equatable {
        let outstanding: [SigningCommitments]
        let available: Int
        let states: [PreprocessingSignerStateMachine.CommitmentState?]

        init(_ machine: PreprocessingSignerStateMachine, _ watched: [SigningCommitments]) {
            outstanding = machine.outstanding
            available = machine.noncesAvailable
            states = watched.map { machine.state(of: $0) }
        }
    }

    @Test func aSessionIsOneRoundTripThatReturnsAFreshCommitment() throws {
        var signers = try Signers()
        let first = try signers.machines[0].commitmentRequested()
        #expect(first.records == [.issued(first.reply)])
        let second = try signers.commit(1)
        let request = try Self.request(1, [first.reply, second])
        let step = try signers.machines[0].shareRequested(request)
        guard let next = step.reply.next else {
            Issue.record("no fresh commitment came with the share")
            return
        }
        #expect(step.records == [.consumed(first.reply, request, step.reply.share), .issued(next)])
        #expect(step.reply.sessionID == request.sessionID)
        #expect(next != first.reply)
        #expect(signers.machines[0].outstanding == [next])
        #expect(signers.machines[0].state(of: first.reply) == .signed(request.sessionID, step.reply.share))
        #expect(signers.machines[0].commitmentUsed(in: request.sessionID) == first.reply)
        // The share is the one FROST aggregation accepts.
        let other = try signers.machines[1].shareRequested(request).reply.share
        let signature = try Secp256k1SHA256Taproot.aggregate(
            request.package, shares: [step.reply.share, other], publicKeyPackage: signers.publicKeyPackage)
        #expect(
            Schnorr.verify(
                signature: signature.bytes, message: Self.message, publicKey: try signature.publicKey.xOnly()))
    }

    @Test func aCoordinatorReplayingAShareRequestIsRefused() throws {
        var signers = try Signers()
        let mine = try signers.commit(0)
        let request = try Self.request(1, [mine, try signers.commit(1)])
        _ = try signers.machines[0].shareRequested(request)
        let before = Snapshot(signers.machines[0], [mine])
        expectRefusal(.nonceAlreadyUsed) { () throws(SigningSessionError) in
            try signers.machines[0].shareRequested(request)
        }
        #expect(Snapshot(signers.machines[0], [mine]) == before)
    }

    @Test func aCoordinatorReusingACommitmentIsRefused() throws {
        var signers = try Signers()
        let mine = try signers.commit(0)
        _ = try signers.machines[0].shareRequested(try Self.request(1, [mine, try signers.commit(1)]))
        let before = Snapshot(signers.machines[0], [mine])
        // Another session, other co-signers, another message: the commitment is spent.
        let reused = try Self.request(2, [mine, try signers.commit(2)], message: Array("pay 20 BTC".utf8))
        let refusal = expectRefusal(.nonceAlreadyUsed) { () throws(SigningSessionError) in
            try signers.machines[0].shareRequested(reused)
        }
        #expect(refusal?.culprits == [])
        #expect(Snapshot(signers.machines[0], [mine]) == before)
    }

    @Test func aCoordinatorReusingASessionIDWithAnotherCommitmentIsRefused() throws {
        var signers = try Signers()
        let mine = try signers.commit(0)
        _ = try signers.machines[0].shareRequested(try Self.request(1, [mine, try signers.commit(1)]))
        let fresh = signers.machines[0].outstanding
        let before = Snapshot(signers.machines[0], fresh)
        let refused = try Self.request(1, fresh + [try signers.commit(2)])
        expectRefusal(.nonceAlreadyUsed) { () throws(SigningSessionError) in
            try signers.machines[0].shareRequested(refused)
        }
        #expect(Snapshot(signers.machines[0], fresh) == before)
    }

    @Test func aCoordinatorSubstitutingACommitmentIsRefused() throws {
        var signers = try Signers()
        _ = try signers.commit(0)
        // A commitment in signer 1's name that signer 1 never issued (the coordinator made it).
        let forged = Secp256k1SHA256Taproot.commit(
            keyPackage: try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
                .shares[0].verify()
        ).commitments
        let before = Snapshot(signers.machines[0], [forged])
        let refused = try Self.request(1, [forged, try signers.commit(1)])
        let refusal = expectRefusal(.commitmentMismatch) { () throws(SigningSessionError) in
            try signers.machines[0].shareRequested(refused)
        }
        #expect(refusal?.reason.contains("never issued") == true)
        #expect(Snapshot(signers.machines[0], [forged]) == before)
    }

    @Test func aCoordinatorOmittingTheSignersCommitmentIsRefused() throws {
        var signers = try Signers()
        let mine = try signers.commit(0)
        let before = Snapshot(signers.machines[0], [mine])
        let refused = try Self.request(1, [try signers.commit(1), try signers.commit(2)])
        expectRefusal(.commitmentMismatch) { () throws(SigningSessionError) in
            try signers.machines[0].shareRequested(refused)
        }
        #expect(Snapshot(signers.machines[0], [mine]) == before)
    }

    @Test func aCoordinatorHoardingCommitmentsIsStoppedAtTheLimit() throws {
        var signers = try Signers(nonces: 5, outstandingLimit: 2)
        let first = try signers.commit(0)
        _ = try signers.commit(0)
        expectRefusal(.tooManyOutstanding) { () throws(SigningSessionError) in
            try signers.machines[0].commitmentRequested()
        }
        #expect(signers.machines[0].outstanding.count == 2)
        #expect(signers.machines[0].noncesAvailable == 3)
        // Signing replaces the used commitment with a fresh one: still at the limit.
        let step = try signers.machines[0].shareRequested(try Self.request(1, [first, try signers.commit(1)]))
        #expect(step.reply.next != nil)
        #expect(signers.machines[0].outstanding.count == 2)
    }

    @Test func burnedCommitmentsCannotSign() throws {
        var signers = try Signers()
        let first = try signers.commit(0)
        let second = try signers.commit(0)
        let records = signers.machines[0].burnOutstanding()
        #expect(records == [.burned(first), .burned(second)])
        #expect(signers.machines[0].outstanding.isEmpty)
        #expect(signers.machines[0].state(of: first) == .burned)
        let refused = try Self.request(1, [first, try signers.commit(1)])
        expectRefusal(.nonceUnavailable) { () throws(SigningSessionError) in
            try signers.machines[0].shareRequested(refused)
        }
        #expect(signers.machines[0].burnOutstanding().isEmpty)
    }

    @Test func aCopyOfTheSignerTakenBeforeSigningCannotSignAgain() throws {
        var signers = try Signers()
        let mine = try signers.commit(0)
        var copy = signers.machines[0]
        let other = try signers.commit(1)
        _ = try signers.machines[0].shareRequested(try Self.request(1, [mine, other]))
        // The copy still lists the commitment as outstanding, but its nonce is gone.
        let refused = try Self.request(2, [mine, try signers.commit(2)])
        expectRefusal(.nonceUnavailable) { () throws(SigningSessionError) in
            try copy.shareRequested(refused)
        }
        #expect(copy.state(of: mine) == .outstanding)
    }

    @Test func aPackageTheKeyCannotSignIsRefusedWithoutBurningTheNonce() throws {
        let (shares, _) = try TrustedDealer.generate(minSigners: 3, maxSigners: 3)
        let keys = try shares.map { try $0.verify() }
        var signer = PreprocessingSignerStateMachine(suite: .secp256k1, keyPackage: keys[0])
        try signer.addNonces(Secp256k1SHA256.preprocess(count: 2, keyPackage: keys[0]))
        let mine = try signer.commitmentRequested().reply
        let other = Secp256k1SHA256.commit(keyPackage: keys[1]).commitments
        let before = Snapshot(signer, [mine])
        // Two signers for a 3-of-3 key; a Taproot spend with the RFC suite.
        let refused = try Self.request(1, [mine, other])
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try signer.shareRequested(refused)
        }
        let third = Secp256k1SHA256.commit(keyPackage: keys[2]).commitments
        let refusedSpend = try Self.request(1, [mine, other, third], spend: .keyPathOnly)
        expectRefusal(.invalidParameters) { () throws(SigningSessionError) in
            try signer.shareRequested(refusedSpend)
        }
        #expect(Snapshot(signer, [mine]) == before)
        _ = try signer.shareRequested(try Self.request(1, [mine, other, third]))
    }

    @Test func runningOutOfNoncesEndsTheFreshCommitments() throws {
        var signers = try Signers(nonces: 1)
        let mine = try signers.commit(0)
        expectRefusal(.noncesExhausted) { () throws(SigningSessionError) in
            try signers.machines[0].commitmentRequested()
        }
        let step = try signers.machines[0].shareRequested(try Self.request(1, [mine, try signers.commit(1)]))
        #expect(step.reply.next == nil)
        #expect(step.records.count == 1)
    }

    @Test func anotherSignersNoncePoolIsRefused() throws {
        let (shares, _) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        let keys = try shares.map { try $0.verify() }
        var signer = PreprocessingSignerStateMachine(suite: .secp256k1Taproot, keyPackage: keys[0])
        expectRefusal(.invalidNonces) { () throws(SigningSessionError) in
            try signer.addNonces(Secp256k1SHA256Taproot.preprocess(count: 2, keyPackage: keys[1]))
        }
        #expect(signer.noncesAvailable == 0)
    }
}
