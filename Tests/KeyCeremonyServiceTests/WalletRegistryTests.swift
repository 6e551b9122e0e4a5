import CoordinatorService
import Custody
import CustodyTestSupport
import FROST
import PeerProtocol
import Storage
import Testing

/// The coordinator's wallet registry on both database drivers.
@Suite struct WalletRegistryTests {
    static func pool(_ database: TestDatabase) async throws -> any SQLConnectionPool {
        switch database {
        case .sqlite: try await SQLiteConnectionPool(path: Cluster.temporaryPath("registry-test"))
        case .postgres: try await PostgresConnectionPool(url: try database.location(), size: 2)
        }
    }

    static func key(_ name: String) throws -> WalletKey {
        let (_, package) = try TrustedDealer.generate(minSigners: 2, maxSigners: 3)
        return WalletKey(
            name: name, suite: .secp256k1Taproot, publicKeyPackage: package,
            signers: [
                try PeerID("signer-1"): try Identifier(1), try PeerID("signer-2"): try Identifier(2),
                try PeerID("signer-3"): try Identifier(3),
            ])
    }

    static let ceremony = try! KeyCeremonyID(bytes: Array(repeating: 1, count: 32))

    @Test(arguments: TestDatabase.allCases)
    func aWalletIsRegisteredOnceAndReadsBack(_ database: TestDatabase) async throws {
        let pool = try await Self.pool(database)
        let registry = try await WalletRegistry(pool: pool)
        let key = try Self.key("treasury")
        try await registry.register(key, ceremonyID: Self.ceremony, transcriptHash: Array(repeating: 2, count: 32))
        #expect(try await registry.wallet("treasury") == key)
        #expect(try await registry.wallet("other") == nil)
        // A second wallet of that name, from another ceremony: refused, nothing changes.
        let duplicate = await #expect(throws: WalletRegistryError.self) {
            try await registry.register(
                try Self.key("treasury"), ceremonyID: try KeyCeremonyID(bytes: Array(repeating: 3, count: 32)),
                transcriptHash: Array(repeating: 4, count: 32))
        }
        #expect(duplicate?.code == .walletExists)
        #expect(try await registry.names() == ["treasury"])
        // Opened again (migrations already applied): the same wallet.
        let reopened = try await WalletRegistry(pool: pool)
        #expect(try await reopened.wallet("treasury") == key)
        await pool.close()
    }
}
