import AuditLog
import CoordinatorService
import Custody
import Encoding
import FROST
import Foundation
import PeerProtocol
import Policy
import Secp256k1
import SignerService
import Testing

/// Robust signing end to end in one process: `RobustSigningRunner` drives the signers'
/// `SigningService`s over authenticated envelopes (SoftHSM2 identity keys), each signer on its
/// own SQLite ledger and audit log, with signers down, slow, or lying.
@Suite struct RobustSigningTests {
    /// Checks `signature` over `message` with the system's libsecp256k1.
    static func expectValid(
        _ signature: Signature, _ message: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        #expect(signature.bytes.count == 64, sourceLocation: sourceLocation)
        let key = try signature.publicKey.xOnly()
        #expect(
            SystemSecp256k1.verify(signature: signature.bytes, message: message, xOnly: key),
            sourceLocation: sourceLocation)
        #expect(!SystemSecp256k1.verify(signature: signature.bytes, message: message + [0], xOnly: key))
    }

    @Test func twoOfThreeSignsAndTheSignatureVerifiesWithLibsecp256k1() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        let bundle = Officers.bundle(Officers.transfer())
        let signature = try await harness.sign(bundle)
        try Self.expectValid(signature, Officers.message())
        #expect(try signature.publicKey.xOnly() == harness.walletKey.publicKeyPackage.groupPublicKey.xOnly())
        // At least two signers signed, each after recording its nonce consumed (a second
        // session may have been opened before the first completed).
        var consumed = 0
        for peer in harness.peers { consumed += try await harness.signed(peer).consumed }
        #expect(consumed >= 2)
    }

    @Test func eachShareReleasedIsAuditedWithWhatWasSignedAndWhy() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        let request = Officers.transfer()
        _ = try await harness.sign(Officers.bundle(request))
        var audited = 0
        for peer in harness.peers {
            let entries = try harness.daemon(peer).audit.bundle().entries
            for entry in entries {
                let record = try AuditRecord(decoding: entry.record)
                #expect(record.type == .signatureShare)
                #expect(record.actor == peer.value)
                let text = String(decoding: record.payload, as: UTF8.self)
                for field in [
                    "\"request\":\"tx-1\"", "\"wallet\":\"k1\"", "\"rule\":\"small\"", "\"replay\":false",
                    "\"coordinator\":\"coordinator\"", "\"message\":\"\(Hex.encode(Officers.message()))\"",
                    "\"policy\":\"\(Officers.policy.hash.hex)\"",
                ] {
                    #expect(text.contains(field), "\(field) in \(text)")
                }
                audited += 1
            }
        }
        #expect(audited >= 2)
    }

    @Test func aSecondRequestUsesTheCommitmentsLeftOver() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        let first = try await harness.sign(Officers.bundle(Officers.transfer("tx-1")))
        try Self.expectValid(first, Officers.message())
        let message = Officers.message("another sighash")
        let second = try await harness.sign(Officers.bundle(Officers.transfer("tx-2", message: message)))
        try Self.expectValid(second, message)
    }

    @Test func oneSignerDownStillSigns() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        harness.stop(harness.peers[0])
        let signature = try await harness.sign(Officers.bundle(Officers.transfer()))
        try Self.expectValid(signature, Officers.message())
    }

    @Test func aSignerWhoseAnswersAreCorruptedInTransitIsRoutedAround() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        harness.channel.set(.corrupt, for: harness.peers[1])
        let signature = try await harness.sign(Officers.bundle(Officers.transfer()))
        try Self.expectValid(signature, Officers.message())
    }

    @Test func twoOfThreeDownFailsAtOnceNamingThem() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        harness.stop(harness.peers[0])
        harness.channel.set(.drop, for: harness.peers[2])
        let started = ContinuousClock.now
        let error = await #expect(throws: RobustSigningError.self) {
            _ = try await harness.sign(Officers.bundle(Officers.transfer()), timeout: .seconds(20))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(error?.cause == .tooFewSigners)
        #expect(error?.failed.keys.sorted() == [harness.peers[0], harness.peers[2]])
        #expect(error?.description.contains("1 signers are left that could still sign, a signature needs 2") == true)
    }

    @Test func aSignerThatNeverAnswersFailsTheRequestAtTheDeadline() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        harness.stop(harness.peers[0])
        harness.channel.set(.delay(.seconds(120)), for: harness.peers[1])
        let started = ContinuousClock.now
        let error = await #expect(throws: RobustSigningError.self) {
            _ = try await harness.sign(Officers.bundle(Officers.transfer()), timeout: .seconds(2))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .seconds(2) && elapsed < .seconds(10))
        #expect(error?.cause == .deadlinePassed)
        #expect(error?.description.contains(harness.peers[1].value) == true)
    }

    @Test func aSignerAnsweringAWrongShareIsFlaggedAndTheSignatureStillComesOut() async throws {
        let harness = try await SigningHarness(threshold: 3, of: 5)
        let liar = harness.peers[0]
        try await harness.start(liar) { handler in WrongShareHandler(inner: handler) }
        // Two honest signers answer late, so that the liar is in the first session.
        harness.channel.set(.delay(.milliseconds(300)), for: harness.peers[3])
        harness.channel.set(.delay(.milliseconds(300)), for: harness.peers[4])
        let signature = try await harness.sign(Officers.bundle(Officers.transfer()))
        try Self.expectValid(signature, Officers.message())
        // The coordinator's audit log names the liar.
        let bundle = try harness.coordinatorAudit.bundle()
        let records = try bundle.entries.map { try AuditRecord(decoding: $0.record) }
        let flags = records.filter { $0.type == .signerFlagged }
        #expect(flags.count == 1)
        let text = String(decoding: flags.first?.payload ?? [], as: UTF8.self)
        #expect(text.contains("\"signer\":\"\(liar.value)\""))
        #expect(text.contains("does not verify"))
    }

    @Test func threeOfFiveWithTwoDownSigns() async throws {
        let harness = try await SigningHarness(threshold: 3, of: 5)
        harness.stop(harness.peers[1])
        harness.stop(harness.peers[3])
        let signature = try await harness.sign(Officers.bundle(Officers.transfer()))
        try Self.expectValid(signature, Officers.message())
    }

    @Test func threeOfFiveWithThreeDownFails() async throws {
        let harness = try await SigningHarness(threshold: 3, of: 5)
        for index in [0, 2, 4] { harness.stop(harness.peers[index]) }
        let error = await #expect(throws: RobustSigningError.self) {
            _ = try await harness.sign(Officers.bundle(Officers.transfer()), timeout: .seconds(5))
        }
        #expect(error?.cause == .tooFewSigners)
    }

    @Test func aRequestEverySignerRefusesFailsWithTheirReasons() async throws {
        let harness = try await SigningHarness(threshold: 2, of: 3)
        // 2,000,000 needs two treasury approvals and an hour's time lock, run from each signer's
        // own first sight of the request.
        let bundle = Officers.bundle(Officers.transfer(amount: 2_000_000), approvedBy: ["alice", "bob"])
        // Every signer refuses at once; the deadline is generous only for a loaded machine.
        let error = await #expect(throws: RobustSigningError.self) {
            _ = try await harness.sign(bundle, timeout: .seconds(40))
        }
        #expect(error?.cause == .tooFewSigners)
        #expect(error?.failed.values.contains { $0.contains("authorization.time_locked") } == true)
        for peer in harness.peers {
            #expect(try await harness.signed(peer).consumed == 0)
        }
    }
}
