// swift-tools-version: 6.2
import PackageDescription

// The benchmarks: their own package, so that CI never builds them and the root package keeps no
// benchmark dependency. Run with `make bench`, or `swift run -c release PRODUCT` here for one of
// FROSTBenchmarks, HSMBenchmarks, PolicyBenchmarks, AuditBenchmarks,
// SignerStoreBenchmarks, DaemonBenchmarks (which needs the root package's release `custodyd`).
let package = Package(
    name: "CustodyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package. `name:` makes `package: "Custody"` below work whatever the checkout's
        // directory is called: with `.package(path:)` alone, SwiftPM names the dependency after
        // that directory.
        .package(name: "Custody", path: ".."),
        // Signing the policy benchmark's requests as their initiator.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The root package's test kit (throwaway PostgreSQL, SoftHSM2 tokens, the test logs' keys),
        // which is not a product: Sources/CustodyTestSupport is a symbolic link to its directory,
        // compiled here as a target of this package.
        .target(
            name: "CustodyTestSupport",
            dependencies: [
                .product(name: "AuditLog", package: "Custody"), .product(name: "AuditStorage", package: "Custody"),
                .product(name: "Storage", package: "Custody"), .product(name: "PKCS11", package: "Custody"),
                .product(name: "Encoding", package: "Custody"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
        // The service API end to end: `custody dev up`'s cluster of the root package's release
        // executables, PSBT withdrawals through the Connect API.
        .executableTarget(
            name: "APIBenchmarks",
            dependencies: [
                .product(name: "Bitcoin", package: "Custody"), "CustodyTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "FROSTBenchmarks",
            dependencies: [
                .product(name: "FROST", package: "Custody"),
                .product(name: "Secp256k1", package: "Custody"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "HSMBenchmarks",
            dependencies: [
                .product(name: "PKCS11", package: "Custody"),
                .product(name: "SecureMemory", package: "Custody"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "AuditBenchmarks",
            dependencies: [
                .product(name: "AuditStorage", package: "Custody"),
                .product(name: "AuditLog", package: "Custody"),
                .product(name: "Storage", package: "Custody"),
                "CustodyTestSupport",
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "SignerStoreBenchmarks",
            dependencies: [
                .product(name: "SignerStore", package: "Custody"), .product(name: "FROST", package: "Custody"),
                .product(name: "Storage", package: "Custody"), "CustodyTestSupport",
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "PolicyBenchmarks",
            dependencies: [
                .product(name: "Policy", package: "Custody"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // Signatures through the coordinator and signer daemons (the root package's release
        // `custodyd`, run as processes).
        .executableTarget(
            name: "DaemonBenchmarks",
            dependencies: [
                .product(name: "Policy", package: "Custody"), .product(name: "Encoding", package: "Custody"),
                .product(name: "Secp256k1", package: "Custody"), .product(name: "Crypto", package: "swift-crypto"),
                "CustodyTestSupport",
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
