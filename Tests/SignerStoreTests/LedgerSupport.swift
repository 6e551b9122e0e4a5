import CustodyTestSupport
import FROST
import Foundation
import Secp256k1
import SignerStore
import Storage

/// A 2-of-3 dealt key signed by participants 1 and 2, and a ledger for participant 1, as a
/// signer's driver would use them: real FROST nonces, commitments and shares.
struct LedgerHarness: Sendable {
    let keyPackages: [KeyPackage]
    static let message: [UInt8] = Array("pay 1 BTC to the cold wallet".utf8)
    static let packageHash = TaggedHash(tag: "custody/test/package")

    init() throws {
        let (shares, _) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        keyPackages = try shares.map { try $0.verify() }
    }

    /// Participant 1's key.
    var signer: KeyPackage { keyPackages[0] }

    /// Fresh nonces of participant 1 and the package they sign with participant 2's, the
    /// package's digest, and the share participant 1 computes.
    func session(message: [UInt8] = LedgerHarness.message) throws -> Session {
        let mine = Secp256k1SHA256.commit(keyPackage: keyPackages[0])
        let theirs = Secp256k1SHA256.commit(keyPackage: keyPackages[1])
        let package = try SigningPackage(commitments: [mine.commitments, theirs.commitments], message: message)
        let commitments = mine.commitments
        let share = try Secp256k1SHA256.sign(package, nonces: mine, keyPackage: keyPackages[0])
        return Session(
            commitments: commitments, id: NonceID(commitments), packageDigest: Self.digest(package),
            share: share.response.bigEndianBytes, sessionID: (0..<32).map { _ in UInt8.random(in: 0...255) })
    }

    static func digest(_ package: SigningPackage) -> [UInt8] {
        var bytes = package.message
        for commitments in package.commitments {
            bytes +=
                commitments.identifier.bytes + (try! commitments.hiding.compressed())
                + (try! commitments.binding.compressed())
        }
        return packageHash.hash(bytes)
    }

    struct Session: Sendable {
        let commitments: SigningCommitments
        let id: NonceID
        let packageDigest: [UInt8]
        let share: [UInt8]
        let sessionID: [UInt8]
    }
}

/// A fresh database of `kind` and a ledger opened in it.
struct OpenLedger {
    let ledger: SignerLedger
    let pool: any SQLConnectionPool
    let location: String

    init(_ kind: TestDatabase = .sqlite, location: String? = nil) async throws {
        let location = try location ?? kind.location()
        pool =
            kind == .sqlite
            ? try await SQLiteConnectionPool(path: location)
            : try await PostgresConnectionPool(url: location, size: 2)
        ledger = try await SignerLedger.open(pool: pool)
        self.location = location
    }

    /// Closes this pool and opens the ledger again on the same database: a restart.
    func reopened(_ kind: TestDatabase = .sqlite) async throws -> OpenLedger {
        await pool.close()
        return try await OpenLedger(kind, location: location)
    }
}

/// Whether `error` is a `SignerStoreError` with `code`.
func isRefusal(_ error: any Error, _ code: SignerStoreError.Code) -> Bool {
    (error as? SignerStoreError)?.code == code
}
