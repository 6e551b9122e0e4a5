// swift-tools-version: 6.2
import PackageDescription

// The FROST benchmarks: their own package, so that CI never builds them and the root package
// keeps no benchmark dependency. Run with `make bench` (`swift run -c release` here).
let package = Package(
    name: "CustodyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Custody", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "FROSTBenchmarks",
            dependencies: [
                .product(name: "FROST", package: "Custody"),
                .product(name: "Secp256k1", package: "Custody"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ],
    swiftLanguageModes: [.v6]
)
