import CustodyTestSupport
import Foundation
import SecureMemory
import Testing

@testable import PKCS11

/// Sealing and unsealing with a real SoftHSM2 token, one token per test.
@Suite struct SealingTests {
    static let context = SealContext(wallet: "treasury-cold", signer: "signer-2", suite: "secp256k1-tr", keyVersion: 1)

    @Test func roundTrip() throws {
        let token = try SoftHSM.preparedToken("roundtrip")
        for size in [1, 32, 33, 1000] {
            let secret = SecretBytes(copying: (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) })
            let blob = try token.seal(secret, context: Self.context)
            #expect(blob.count == 4 + 12 + size + 16)
            #expect(try token.unseal(blob, context: Self.context) == secret)
            // The plaintext does not appear in the blob.
            let plain = secret.withUnsafeBytes { Array($0) }
            if size >= 8 { #expect(blob.firstRange(of: plain) == nil) }
        }
        // Two seals of the same secret differ (fresh nonces).
        let secret = SecretBytes(copying: [UInt8](repeating: 9, count: 32))
        #expect(try token.seal(secret, context: Self.context) != token.seal(secret, context: Self.context))
    }

    @Test func tamperingOrAnotherContextFailsToUnseal() throws {
        let token = try SoftHSM.preparedToken("tamper")
        let secret = SecretBytes(copying: [UInt8](repeating: 0x42, count: 32))
        let blob = try token.seal(secret, context: Self.context)

        for index in [4, 16, 20, blob.count - 1] {
            var flipped = blob
            flipped[index] ^= 0x01
            #expect(throws: PKCS11Error.self) { try token.unseal(flipped, context: Self.context) }
        }
        let others = [
            SealContext(wallet: "treasury-hot", signer: "signer-2", suite: "secp256k1-tr", keyVersion: 1),
            SealContext(wallet: "treasury-cold", signer: "signer-3", suite: "secp256k1-tr", keyVersion: 1),
            SealContext(wallet: "treasury-cold", signer: "signer-2", suite: "secp256k1", keyVersion: 1),
            SealContext(wallet: "treasury-cold", signer: "signer-2", suite: "secp256k1-tr", keyVersion: 2),
            // Field boundaries are part of the binding.
            SealContext(wallet: "treasury-cold", signer: "signer-2secp256k1-tr", suite: "", keyVersion: 1),
        ]
        for other in others {
            do {
                _ = try token.unseal(blob, context: other)
                Issue.record("unsealed under \(other)")
            } catch {
                #expect(error.code == .unsealFailed)
                #expect(error.reason.contains("does not authenticate"))
            }
        }
        // Not a blob at all.
        do {
            _ = try token.unseal([1, 2, 3], context: Self.context)
            Issue.record("accepted garbage")
        } catch {
            #expect(error.code == .invalidInput)
        }
    }

    @Test func anotherTokensKeyCannotUnseal() throws {
        let first = try SoftHSM.preparedToken("first")
        let second = try SoftHSM.preparedToken("second")
        let blob = try first.seal(SecretBytes(copying: [1, 2, 3, 4]), context: Self.context)
        #expect(throws: PKCS11Error.self) { try second.unseal(blob, context: Self.context) }
    }

    @Test func thousandConcurrentOperationsFromEightTasks() async throws {
        let token = try SoftHSM.preparedToken("concurrent")
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for round in 0..<125 {
                        let secret = SecretBytes(
                            copying: (0..<32).map { UInt8(truncatingIfNeeded: task * 31 + round + $0) })
                        let context = SealContext(
                            wallet: "w\(task)", signer: "s\(round)", suite: "secp256k1-tr", keyVersion: 1)
                        let blob = try token.seal(secret, context: context)
                        if try token.unseal(blob, context: context) != secret { failures += 1 }
                    }
                    return failures
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    @Test func missingKeyIsAClearError() throws {
        let label = try SoftHSM.makeToken("nokey")
        let token = try HSMToken(module: SoftHSM.module, labelOrSerial: label, pin: .file(SoftHSM.pinFile))
        do {
            _ = try token.seal(SecretBytes(copying: [1]), context: Self.context)
            Issue.record("sealed without a sealing key")
        } catch {
            #expect(error.code == .objectNotFound)
            #expect(error.reason.contains("custodyd signer init"))
        }
    }
}
