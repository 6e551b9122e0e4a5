import Custody
import CustodyTestSupport
import FROST
import Secp256k1
import Testing

/// ROAST's guarantees over many seeded schedules: random sizes, thresholds, faults, delays and
/// so delivery orders. A failing seed replays exactly.
@Suite struct ROASTPropertyTests {
    static let schedules: ClosedRange<UInt64> = 1...160

    static let faults: [SignerBehaviour] = [.silent, .stalls, .wrongShare, .honestOnce]

    @Test func everyScheduleKeepsROASTsGuarantees() throws {
        var finished = 0
        var failed = 0
        for seed in Self.schedules {
            var choice = SeededGenerator(seed: seed &* 0x5851_F42D_4C95_7F2D)
            let count = Int.random(in: 3...6, using: &choice)
            let threshold = Int.random(in: 2...count, using: &choice)
            var behaviours = (0..<count).map { _ -> SignerBehaviour in
                Bool.random(using: &choice) ? .honest : Self.faults.randomElement(using: &choice)!
            }
            // Now and then, two cheaters whose errors cancel.
            if count >= 4, Int.random(in: 0..<4, using: &choice) == 0 {
                let delta = Scalar.random(using: &choice)
                behaviours[0] = .offsetShare(delta)
                behaviours[1] = .offsetShare(-delta)
            }
            let suite: SigningSuite = seed % 3 == 0 ? .secp256k1 : .secp256k1Taproot
            let spend: TaprootSpend? = suite == .secp256k1Taproot && seed % 2 == 0 ? .keyPathOnly : nil
            var simulation = try ROASTSimulation(
                seed: seed, behaviours: behaviours, threshold: threshold, suite: suite, spend: spend,
                maxDelay: Int64.random(in: 1...200_000, using: &choice))
            let outcome = try simulation.run()
            let context = "seed \(seed): \(count) signers \(behaviours), threshold \(threshold)"
            check(simulation, outcome, context)
            switch outcome {
            case .finished: finished += 1
            case .failed: failed += 1
            }
        }
        // The schedules cover both outcomes.
        #expect(finished > 40)
        #expect(failed > 10)
    }

    private func check(_ simulation: ROASTSimulation, _ outcome: ROASTSimulation.Outcome, _ context: String) {
        let behaviours = simulation.behaviours
        let threshold = simulation.coordinator.parameters.threshold
        let count = behaviours.count
        let honest = behaviours.values.filter(\.isHonest).count
        let canEverSign = behaviours.values.filter { $0.isHonest || $0 == .honestOnce }.count
        // A valid signature whenever at least `threshold` honest signers respond; none when no
        // session can have `threshold` valid shares; an end by the deadline either way.
        switch outcome {
        case .finished(let signature, _, let at):
            #expect(canEverSign >= threshold, "\(context)")
            #expect(at <= simulation.deadline, "\(context)")
            #expect(simulation.suiteVerifies(signature), "\(context)")
            if simulation.suite == .secp256k1Taproot, let key = try? signature.publicKey.xOnly() {
                #expect(
                    Schnorr.verify(signature: signature.bytes, message: ROASTSimulation.message, publicKey: key),
                    "\(context)")
            }
        case .failed(let failure, let at):
            #expect(honest < threshold, "\(context): \(failure)")
            #expect(at <= simulation.deadline, "\(context)")
            #expect(failure.flagged == simulation.coordinator.flagged.keys.sorted(), "\(context)")
            // Every signer that never answered is named.
            for (signer, behaviour) in behaviours where behaviour == .silent {
                #expect(failure.unresponsive.contains(signer), "\(context): \(failure)")
            }
        }
        #expect(simulation.refusals.isEmpty, "\(context): \(simulation.refusals)")
        // Never a flag on a signer that sent no invalid share.
        for (signer, _) in simulation.flags {
            #expect(behaviours[signer]?.sendsInvalidShares == true, "\(context): flagged \(signer)")
        }
        // ROAST's bound.
        #expect(simulation.sessions.count <= count - threshold + 1, "\(context): \(simulation.sessions.count)")
        // No commitment used twice: in the coordinator's packages, and in any signer's ledger.
        var offered: [[UInt8]] = []
        for session in simulation.sessions {
            for commitments in session.package.commitments {
                offered.append(Self.encoding(commitments))
            }
        }
        #expect(Set(offered).count == offered.count, "\(context): a commitment was offered twice")
        // Once the abandoned sessions are burned, a signer holds at most one outstanding
        // commitment: its leftover, or the next one of a share still on its way or flagged.
        for (signer, machine) in simulation.signers {
            #expect(machine.outstanding.count <= 1, "\(context): signer \(signer) \(machine.outstanding.count)")
        }
        for (signer, records) in simulation.records {
            var consumed: [[UInt8]] = []
            var issued: [[UInt8]] = []
            for record in records {
                switch record {
                case .issued(let commitments): issued.append(Self.encoding(commitments))
                case .consumed(let commitments, _, _): consumed.append(Self.encoding(commitments))
                case .burned: break
                }
            }
            #expect(Set(consumed).count == consumed.count, "\(context): signer \(signer) consumed a nonce twice")
            #expect(Set(issued).count == issued.count, "\(context): signer \(signer) issued a commitment twice")
            #expect(Set(consumed).isSubset(of: Set(issued)), "\(context): signer \(signer)")
        }
    }

    private static func encoding(_ commitments: SigningCommitments) -> [UInt8] {
        let hiding = (try? commitments.hiding.compressed()) ?? []
        let binding = (try? commitments.binding.compressed()) ?? []
        return [UInt8(commitments.identifier.description.count)] + Array(commitments.identifier.description.utf8)
            + hiding + binding
    }
}
