import Foundation
import SecureMemory
import SignerStore
import Storage
import Testing

@testable import FROST

/// The ledger is given commitments, ids, digests and shares, never a secret nonce: a stolen
/// database file, its write-ahead log or its shared-memory index holds no secret nonce (nor the
/// signing share).
@Suite struct SecretNonceTests {
    @Test func aStolenDatabaseHoldsNoSecretNonce() async throws {
        let harness = try LedgerHarness()
        let keyPackage = harness.signer
        let other = harness.keyPackages[1]
        let open = try await OpenLedger()
        var secrets: [[UInt8]] = [keyPackage.signingShare.secret.withUnsafeBytes { Array($0) }]
        for index in 0..<32 {
            let mine = Secp256k1SHA256.commit(keyPackage: keyPackage)
            secrets.append(mine.hiding.withUnsafeBytes { Array($0) })
            secrets.append(mine.binding.withUnsafeBytes { Array($0) })
            let theirs = Secp256k1SHA256.commit(keyPackage: other)
            let commitments = mine.commitments
            let id = try await open.ledger.issue(commitments)
            if index % 4 == 3 {
                _ = consume mine
                try await open.ledger.burn(id, reason: .aborted)
                continue
            }
            let package = try SigningPackage(commitments: [commitments, theirs.commitments], message: [UInt8(index)])
            let share = try Secp256k1SHA256.sign(package, nonces: mine, keyPackage: keyPackage)
            _ = try await open.ledger.consume(
                id, session: Array(repeating: UInt8(index), count: 32), packageDigest: LedgerHarness.digest(package),
                share: share.response.bigEndianBytes)
        }
        #expect(secrets.allSatisfy { $0.count == 32 })
        // While open (the rows are in the write-ahead log), then once closed (checkpointed).
        try Self.expectNoSecret(secrets, besides: open.location)
        await open.pool.close()
        try Self.expectNoSecret(secrets, besides: open.location)
    }

    /// Every file of the database, each secret in both byte orders.
    static func expectNoSecret(_ secrets: [[UInt8]], besides location: String) throws {
        var scanned = 0
        for suffix in ["", "-wal", "-shm", "-journal"] {
            guard let data = FileManager.default.contents(atPath: location + suffix) else { continue }
            let bytes = [UInt8](data)
            scanned += bytes.count
            for secret in secrets {
                #expect(!contains(bytes, secret), "a secret is in \(suffix.isEmpty ? "the database" : suffix)")
                #expect(!contains(bytes, secret.reversed()), "a reversed secret is in the database\(suffix)")
            }
        }
        #expect(scanned > 0)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
