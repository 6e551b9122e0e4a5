// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Custody",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Encoding", targets: ["Encoding"]),
        .library(name: "SecureMemory", targets: ["SecureMemory"]),
        .library(name: "Secp256k1", targets: ["Secp256k1"]),
        .library(name: "FROST", targets: ["FROST"]),
        .library(name: "FROSTKeyFiles", targets: ["FROSTKeyFiles"]),
        .library(name: "Bitcoin", targets: ["Bitcoin"]),
        .library(name: "BlockingIO", targets: ["BlockingIO"]),
        .library(name: "PKCS11", targets: ["PKCS11"]),
        .library(name: "PeerProtocol", targets: ["PeerProtocol"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "OfficerKeys", targets: ["OfficerKeys"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "AuditLog", targets: ["AuditLog"]),
        .library(name: "AuditStorage", targets: ["AuditStorage"]),
        .library(name: "CustodyAPI", targets: ["CustodyAPI"]),
        .library(name: "SignerStore", targets: ["SignerStore"]),
        .library(name: "Custody", targets: ["Custody"]),
        .library(name: "SignerService", targets: ["SignerService"]),
        .library(name: "CoordinatorService", targets: ["CoordinatorService"]),
        .executable(name: "custody", targets: ["custody"]),
        .executable(name: "custodyd", targets: ["custodyd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The daemons' transport and lifecycle (CustodyServer); traits off to keep builds short.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The coordinator's HTTP client to its signers (CustodyServer's HTTPPeerChannel).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // System libraries: a module map and a shim header each.
        .systemLibrary(
            name: "CSecp256k1", pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CPKCS11", providers: [.apt(["libsofthsm2-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // libsecp256k1, vendored unmodified (secp256k1/, see VENDORED) with its exported names
        // prefixed custody_, and Custody's extension in the library's translation unit.
        .target(
            name: "CSecp256k1Vendored",
            exclude: ["secp256k1", "VENDORED"],
            sources: ["custody_secp256k1.c", "precomputed_ecmult.c", "precomputed_ecmult_gen.c"],
            cSettings: [
                .define("ENABLE_MODULE_EXTRAKEYS", to: "1"), .define("ENABLE_MODULE_SCHNORRSIG", to: "1"),
                .define("ECMULT_WINDOW_SIZE", to: "15"), .define("COMB_BLOCKS", to: "11"),
                .define("COMB_TEETH", to: "6"),
            ]),
        .target(name: "Encoding", swiftSettings: strict),
        .target(name: "BlockingIO", swiftSettings: strict),
        .target(name: "SecureMemory", swiftSettings: strict),
        .target(
            name: "Secp256k1",
            dependencies: [
                "CSecp256k1Vendored", "Encoding", "SecureMemory", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "FROST",
            dependencies: ["Encoding", "Secp256k1", "SecureMemory", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "FROSTKeyFiles", dependencies: ["Encoding", "FROST", "Secp256k1", "SecureMemory"],
            swiftSettings: strict),
        // PSBTs, transactions, the Taproot signature hash and segwit addresses (docs/bitcoin.md).
        .target(
            name: "Bitcoin",
            dependencies: ["Encoding", "Secp256k1", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "PKCS11",
            dependencies: [
                "BlockingIO", "CPKCS11", "CSecp256k1", "Encoding", "SecureMemory",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The authenticated envelope of every message between daemons (docs/protocol.md); no transport.
        .target(
            name: "PeerProtocol",
            dependencies: ["Encoding", "PKCS11", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Policy",
            dependencies: ["Encoding", "Yams", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Officers' approval keys in passphrase-encrypted files (docs/officer-keys.md).
        .target(
            name: "OfficerKeys",
            dependencies: [
                "Encoding", "Policy", "SecureMemory", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(name: "Storage", dependencies: ["BlockingIO", "CSQLite", "CLibPQ"], swiftSettings: strict),
        .target(
            name: "AuditLog",
            dependencies: ["Encoding", "SecureMemory", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(name: "AuditStorage", dependencies: ["AuditLog", "Storage"], swiftSettings: strict),
        // The signer's durable nonce ledger and signing ledger (docs/signer-store.md); no transport.
        .target(
            name: "SignerStore", dependencies: ["Encoding", "FROST", "Secp256k1", "Policy", "Storage"],
            swiftSettings: strict),
        // The Custody API's messages, errors and methods (docs/api.md); no transport.
        .target(name: "CustodyAPI", dependencies: ["Encoding"], swiftSettings: strict),
        .target(
            name: "Custody",
            dependencies: [
                "Encoding", "FROST", "Secp256k1", "PKCS11", "SecureMemory", "AuditLog", "Policy",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The signer daemon's protocol logic: its key shares, the key ceremony and signing
        // driven over the peer protocol, on its HSM, ledgers and audit log; no transport.
        .target(
            name: "SignerService",
            dependencies: [
                "Encoding", "FROST", "Secp256k1", "SecureMemory", "PKCS11", "PeerProtocol", "Policy", "Storage",
                "AuditLog", "AuditStorage", "SignerStore", "Custody", "Bitcoin",
            ],
            swiftSettings: strict),
        // The coordinator's protocol logic: key ceremonies and robust signing sessions run among
        // the signers over the peer protocol, and the wallets' public keys; no transport.
        .target(
            name: "CoordinatorService",
            dependencies: [
                "Encoding", "FROST", "Secp256k1", "PKCS11", "PeerProtocol", "Policy", "Storage", "AuditLog",
                "AuditStorage", "Custody", "Bitcoin", "CustodyAPI", "SecureMemory",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The daemons' transport and lifecycle: configuration, logging, metrics, health, the
        // HTTP server and graceful shutdown (docs/daemons.md); no protocol logic.
        .target(
            name: "CustodyServer",
            dependencies: [
                "Encoding", "PKCS11", "PeerProtocol", "Storage", "AuditLog", "AuditStorage", "Custody",
                "SignerService", "CoordinatorService", "Bitcoin", "SignerStore", "Policy", "FROST", "Secp256k1",
                "CustodyAPI", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict),
        .target(
            name: "CommandSupport",
            dependencies: ["PKCS11", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .target(
            name: "CustodyCLI",
            dependencies: [
                "Encoding", "FROST", "Secp256k1", "PKCS11", "Policy", "AuditLog", "AuditStorage", "Storage",
                "CommandSupport", "Custody", "FROSTKeyFiles", "OfficerKeys", "Bitcoin", "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "custody", dependencies: ["CustodyCLI"], swiftSettings: strict),
        // Test kit, for test targets only (not a product; Benchmarks/ compiles the same directory as
        // a target of its own): a throwaway PostgreSQL server, SoftHSM2 tokens, fixed-seed test
        // keys, running the executables as processes.
        .target(
            name: "CustodyTestSupport", dependencies: ["AuditLog", "AuditStorage", "Encoding", "Storage", "PKCS11"],
            swiftSettings: strict),
        .executableTarget(
            name: "custodyd",
            dependencies: [
                "Custody", "CommandSupport", "CustodyServer", "PKCS11", "SignerService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        .testTarget(name: "EncodingTests", dependencies: ["Encoding"], swiftSettings: strict),
        .testTarget(name: "SecureMemoryTests", dependencies: ["SecureMemory"], swiftSettings: strict),
        .testTarget(
            name: "Secp256k1Tests",
            dependencies: [
                "Secp256k1", "CSecp256k1", "CustodyTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "FROSTTests", dependencies: ["FROST", "Secp256k1"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "BitcoinTests", dependencies: ["Bitcoin", "Encoding", "Secp256k1"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "CustodyTests",
            dependencies: [
                "Custody", "FROST", "Secp256k1", "Policy", "PKCS11", "SecureMemory", "CustodyTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: strict),
        .testTarget(
            name: "FROSTKeyFilesTests", dependencies: ["FROSTKeyFiles", "FROST", "Secp256k1", "SecureMemory"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "PKCS11Tests",
            dependencies: [
                "PKCS11", "CPKCS11", "SecureMemory", "Secp256k1", "CustodyTestSupport",
                "Custody", "AuditLog", "FROST", "CustodyCLI",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "PeerProtocolTests",
            dependencies: [
                "PeerProtocol", "PKCS11", "CustodyTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "PolicyTests",
            dependencies: ["Policy", "CustodyTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(
            name: "OfficerKeysTests",
            dependencies: ["OfficerKeys", "Policy", "SecureMemory", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(name: "CustodyAPITests", dependencies: ["CustodyAPI"], swiftSettings: strict),
        .testTarget(
            name: "StorageTests", dependencies: ["Storage", "BlockingIO", "PKCS11", "CustodyTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "AuditLogTests", dependencies: ["AuditLog", "Encoding", "CustodyTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "AuditStorageTests",
            dependencies: ["AuditStorage", "Storage", "AuditLog", "Encoding", "CustodyTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SignerStoreTests",
            dependencies: [
                "SignerStore", "FROST", "Secp256k1", "Policy", "Storage", "Encoding", "SecureMemory",
                "CustodyTestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "PolicyAdoptionServiceTests",
            dependencies: [
                "SignerService", "SignerStore", "Custody", "Policy", "PeerProtocol", "PKCS11", "AuditLog",
                "AuditStorage", "Storage", "Encoding", "CustodyTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CustodyServerTests",
            dependencies: [
                "CustodyServer", "CoordinatorService", "Policy", "AuditStorage", "Storage", "CustodyTestSupport",
                "CustodyAPI",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Key ceremonies among signer services and the coordinator's runner, in one process.
        .testTarget(
            name: "KeyCeremonyServiceTests",
            dependencies: [
                "SignerService", "CoordinatorService", "Custody", "FROST", "Secp256k1", "PKCS11", "PeerProtocol",
                "Storage", "AuditLog", "AuditStorage", "Bitcoin", "Encoding", "SecureMemory", "CustodyTestSupport",
                "Policy",
            ],
            swiftSettings: strict),
        // Robust signing among signer services and the coordinator's runner, in one process.
        .testTarget(
            name: "SigningServiceTests",
            dependencies: [
                "SignerService", "CoordinatorService", "Custody", "FROST", "Secp256k1", "CSecp256k1", "PeerProtocol",
                "PKCS11", "Policy", "SignerStore", "Storage", "AuditLog", "AuditStorage", "Encoding",
                "CustodyTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The process-level tests: `custody` and `custodyd` run as processes.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "custody", "custodyd", "FROST", "Secp256k1", "AuditLog", "AuditStorage", "Storage", "Encoding",
                "CustodyAPI",
                "CustodyTestSupport", "Policy", "PeerProtocol", "PKCS11", "CSecp256k1", "Bitcoin",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
