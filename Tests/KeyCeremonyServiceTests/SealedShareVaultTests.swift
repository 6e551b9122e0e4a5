import Custody
import CustodyTestSupport
import Encoding
import FROST
import Foundation
import PKCS11
import SignerService
import Storage
import Testing

/// The signer's vault on a real SoftHSM2 token, in SQLite and PostgreSQL: pending, active and discarded
/// shares, what it refuses, and an attacker with write access to the database.
@Suite struct SealedShareVaultTests {
    let token: HSMToken
    let keys: [KeyPackage]
    let publicKeyPackage: PublicKeyPackage

    init() throws {
        token = try SoftHSM.preparedToken("vault-test", curve: .p256)
        let (shares, package) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        keys = try shares.map { try $0.verify() }
        publicKeyPackage = package
    }

    /// A vault in a fresh database of `database`'s kind, and the pool it uses.
    func makeVault(_ database: TestDatabase) async throws -> (SealedShareVault, any SQLConnectionPool) {
        let pool = try await WalletRegistryTests.pool(database)
        return (try await SealedShareVault(pool: pool, token: token), pool)
    }

    static func ceremony(_ byte: UInt8) -> KeyCeremonyID {
        try! KeyCeremonyID(bytes: Array(repeating: byte, count: 32))
    }

    func pending(_ byte: UInt8, wallet: String = "treasury", key: Int = 0) -> PendingKeyShare {
        PendingKeyShare(
            ceremonyID: Self.ceremony(byte), wallet: wallet, suite: .secp256k1Taproot, keyPackage: keys[key],
            publicKeyPackage: publicKeyPackage, transcriptHash: Array(repeating: byte, count: 32))
    }

    @Test func aShareIsPendingThenActiveAndUnsealsToTheSameKeyPackage() async throws {
        let path = Cluster.temporaryPath("vault-test")
        let pool = try await SQLiteConnectionPool(path: path)
        let vault = try await SealedShareVault(pool: pool, token: token)
        try await vault.recordPending(pending(1))
        #expect(try await vault.entry(ceremonyID: Self.ceremony(1))?.state == .pending)
        #expect(try await vault.activeShare(wallet: "treasury") == nil, "a pending share is never used")
        #expect(try await vault.holds(wallet: "treasury"))
        try await vault.activate(ceremonyID: Self.ceremony(1))
        let share = try #require(try await vault.activeShare(wallet: "treasury"))
        #expect(share.keyPackage == keys[0])
        #expect(share.suite == .secp256k1Taproot)
        #expect(try await vault.discard(ceremonyID: Self.ceremony(1), reason: "late abort") == false)
        #expect(try await vault.entry(ceremonyID: Self.ceremony(1))?.state == .active)
        // The sealed bytes on disk are not the share.
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(!KeyCeremonyServiceTests.contains(file, KeyCeremonyServiceTests.bytes(of: keys[0].signingShare)))
    }

    @Test(arguments: TestDatabase.allCases)
    func aSecondShareForAWalletOrACeremonyIsRefusedAndWritesNothing(_ database: TestDatabase) async throws {
        let (vault, pool) = try await makeVault(database)
        try await vault.recordPending(pending(1))
        let held = await #expect(throws: SealedShareVaultError.self) {
            try await vault.recordPending(pending(2))
        }
        #expect(held?.code == .walletHeld)
        let known = await #expect(throws: SealedShareVaultError.self) {
            try await vault.recordPending(pending(1, wallet: "other"))
        }
        #expect(known?.code == .ceremonyKnown)
        #expect(try await vault.entries().count == 1)
        // Once discarded, the wallet may be made again by a new ceremony.
        #expect(try await vault.discard(ceremonyID: Self.ceremony(1), reason: "signer-2: undecryptable share"))
        let discarded = try #require(try await vault.entry(ceremonyID: Self.ceremony(1)))
        #expect(discarded.state == .discarded)
        #expect(discarded.reason == "signer-2: undecryptable share")
        let sealed = try await pool.transaction { connection in
            try connection.query("SELECT sealed_share FROM vault_shares", [])
        }
        #expect(sealed.first?.first == .null, "a discarded share's sealed bytes are deleted")
        try await vault.recordPending(pending(2))
        let notPending = await #expect(throws: SealedShareVaultError.self) {
            try await vault.activate(ceremonyID: Self.ceremony(1))
        }
        #expect(notPending?.code == .notPending)
    }

    @Test(arguments: TestDatabase.allCases)
    func aSealedShareMovedToAnotherWalletOrAlteredDoesNotUnseal(_ database: TestDatabase) async throws {
        let (vault, pool) = try await makeVault(database)
        try await vault.recordPending(pending(1, wallet: "hot"))
        try await vault.activate(ceremonyID: Self.ceremony(1))
        try await vault.recordPending(pending(2, wallet: "cold", key: 1))
        try await vault.activate(ceremonyID: Self.ceremony(2))
        // The attacker copies hot's sealed share over cold's row: the context differs.
        try await pool.transaction { connection in
            try connection.execute(
                """
                UPDATE vault_shares SET sealed_share = (SELECT sealed_share FROM vault_shares WHERE wallet = 'hot')
                WHERE wallet = 'cold'
                """, [])
        }
        let moved = await #expect(throws: SealedShareVaultError.self) {
            try await vault.activeShare(wallet: "cold")
        }
        #expect(moved?.code == .unsealFailed)
        // And flips a bit of hot's sealed bytes.
        try await pool.transaction { connection in
            let blob = try connection.query("SELECT sealed_share FROM vault_shares WHERE wallet = 'hot'", [])[0][0]
                .blob()
            var altered = blob
            altered[altered.count - 1] ^= 1
            try connection.execute(
                "UPDATE vault_shares SET sealed_share = $1 WHERE wallet = 'hot'", [.blob(altered)])
        }
        let altered = await #expect(throws: SealedShareVaultError.self) {
            try await vault.activeShare(wallet: "hot")
        }
        #expect(altered?.code == .unsealFailed)
        let secretHex = Hex.encode(KeyCeremonyServiceTests.bytes(of: keys[0].signingShare))
        #expect(altered.map { !String(reflecting: $0).contains(secretHex) } == true)
    }

    @Test(arguments: TestDatabase.allCases)
    func aRefreshRetiresTheOldShareAndItsSealedBytesDoNotUnsealAsTheNewOne(_ database: TestDatabase) async throws {
        let (vault, pool) = try await makeVault(database)
        try await vault.recordPending(pending(1))
        try await vault.activate(ceremonyID: Self.ceremony(1))
        let oldSealed = try await pool.transaction { connection in
            try connection.query("SELECT sealed_share FROM vault_shares WHERE wallet = 'treasury'", [])[0][0].blob()
        }
        let (zeroShares, refreshedPackage) = try Refresh.deal(
            publicKeyPackage: publicKeyPackage, identifiers: keys.map(\.identifier))
        let refreshed = try keys[0].refreshed(with: zeroShares[0])
        func refresh(_ byte: UInt8, version: UInt32, key: KeyPackage) -> PendingKeyShare {
            PendingKeyShare(
                ceremonyID: Self.ceremony(byte), wallet: "treasury", suite: .secp256k1Taproot, keyPackage: key,
                publicKeyPackage: refreshedPackage, transcriptHash: Array(repeating: byte, count: 32),
                keyVersion: version)
        }
        // A refresh must follow the active share: the next version, the same identifier.
        for wrong in [refresh(2, version: 3, key: refreshed), refresh(2, version: 2, key: keys[1])] {
            let refused = await #expect(throws: SealedShareVaultError.self) { try await vault.recordPending(wrong) }
            #expect(refused?.code == .notRefreshable)
        }
        try await vault.recordPending(refresh(2, version: 2, key: refreshed))
        #expect(
            try await vault.activeShare(wallet: "treasury")?.keyPackage == keys[0], "the old share signs until then")
        let second = await #expect(throws: SealedShareVaultError.self) {
            try await vault.recordPending(refresh(3, version: 2, key: refreshed))
        }
        #expect(second?.code == .walletHeld)
        try await vault.activate(ceremonyID: Self.ceremony(2))
        #expect(try await vault.activeShare(wallet: "treasury")?.keyPackage == refreshed)
        // Superseded, its sealed bytes kept, until every signer is known to have activated.
        #expect(try await vault.entry(ceremonyID: Self.ceremony(1))?.state == .superseded)
        let notActive = await #expect(throws: SealedShareVaultError.self) {
            try await vault.finalize(ceremonyID: Self.ceremony(1))
        }
        #expect(notActive?.code == .notActive)
        #expect(try await vault.finalize(ceremonyID: Self.ceremony(2)) == 1)
        #expect(try await vault.finalize(ceremonyID: Self.ceremony(2)) == 0)
        let retired = try #require(try await vault.entry(ceremonyID: Self.ceremony(1)))
        #expect(retired.state == .retired)
        #expect(try await vault.activeKey(wallet: "treasury")?.entry.keyVersion == 2)
        let rows = try await pool.transaction { connection in
            try connection.query(
                "SELECT sealed_share FROM vault_shares WHERE ceremony_id = $1", [.blob(Self.ceremony(1).bytes)])
        }
        #expect(rows.first?.first == .null, "a retired share's sealed bytes are deleted")
        // An attacker who kept the old sealed bytes writes them over the new share's: they were
        // sealed for key version 1 and do not unseal as version 2.
        try await pool.transaction { connection in
            try connection.execute(
                "UPDATE vault_shares SET sealed_share = $1 WHERE state = 'active'", [.blob(oldSealed)])
        }
        let restored = await #expect(throws: SealedShareVaultError.self) {
            try await vault.activeShare(wallet: "treasury")
        }
        #expect(restored?.code == .unsealFailed)
    }
}
