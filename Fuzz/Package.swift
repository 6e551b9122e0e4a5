// swift-tools-version: 6.2
import PackageDescription

// The fuzz targets: their own package, so that the root package's build and tests never compile
// them. Each target is a libFuzzer executable; build them with the sanitizer flags of
// `make fuzz` (docs/fuzzing.md):
//
//     swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//
// Without those flags the executables do not link (libFuzzer supplies `main`).
let package = Package(
    name: "CustodyFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package; `name:` keeps `package: "Custody"` valid whatever the checkout's
        // directory is called.
        .package(name: "Custody", path: ".."),
        // Signing the envelope target's inputs with a fixed P-256 key.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // What every target shares: the property check that stops the fuzzer with a message.
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
        // The example policy, request, approvals and history the policy targets decide with.
        .target(name: "PolicyFixture", dependencies: [.product(name: "Policy", package: "Custody")]),
        fuzzTarget("FuzzAuditBundle", [.product(name: "AuditLog", package: "Custody")]),
        fuzzTarget("FuzzSignedNote", [.product(name: "AuditLog", package: "Custody")]),
        fuzzTarget("FuzzCheckpoint", [.product(name: "AuditLog", package: "Custody")]),
        fuzzTarget("FuzzVKey", [.product(name: "AuditLog", package: "Custody")]),
        fuzzTarget("FuzzPolicyYAML", [.product(name: "Policy", package: "Custody")]),
        fuzzTarget("FuzzPolicyRequest", [.product(name: "Policy", package: "Custody"), "PolicyFixture"]),
        fuzzTarget("FuzzApproval", [.product(name: "Policy", package: "Custody"), "PolicyFixture"]),
        fuzzTarget("FuzzHistory", [.product(name: "Policy", package: "Custody"), "PolicyFixture"]),
        fuzzTarget(
            "FuzzKeyPackages",
            [
                .product(name: "FROST", package: "Custody"), .product(name: "Secp256k1", package: "Custody"),
                .product(name: "SecureMemory", package: "Custody"),
            ]),
        fuzzTarget("FuzzAPIBody", [.product(name: "CustodyAPI", package: "Custody")]),
        fuzzTarget(
            "FuzzKeyFiles",
            [
                .product(name: "FROSTKeyFiles", package: "Custody"), .product(name: "FROST", package: "Custody"),
                .product(name: "Secp256k1", package: "Custody"), .product(name: "SecureMemory", package: "Custody"),
            ]),
        fuzzTarget(
            "FuzzPSBT",
            [.product(name: "Bitcoin", package: "Custody"), .product(name: "Secp256k1", package: "Custody")]),
        fuzzTarget("FuzzAddress", [.product(name: "Bitcoin", package: "Custody")]),
        fuzzTarget("FuzzTransaction", [.product(name: "Bitcoin", package: "Custody")]),
        fuzzTarget(
            "FuzzFROSTWire",
            [.product(name: "FROST", package: "Custody"), .product(name: "Secp256k1", package: "Custody")]),
        fuzzTarget(
            "FuzzSigningWire",
            [.product(name: "Custody", package: "Custody"), .product(name: "FROST", package: "Custody")]),
        fuzzTarget(
            "FuzzKeyCeremonyWire",
            [.product(name: "Custody", package: "Custody"), .product(name: "FROST", package: "Custody")]),
        fuzzTarget(
            "FuzzOfficerKeyFile",
            [
                .product(name: "OfficerKeys", package: "Custody"), .product(name: "Policy", package: "Custody"),
                .product(name: "SecureMemory", package: "Custody"),
            ]),
        fuzzTarget(
            "FuzzPolicyAdoptionWire",
            [.product(name: "Custody", package: "Custody"), .product(name: "Policy", package: "Custody")]),
        fuzzTarget(
            "FuzzAuthorizationWire",
            [.product(name: "Custody", package: "Custody"), .product(name: "FROST", package: "Custody")]),
        fuzzTarget(
            "FuzzCoordinatorRequests",
            [
                .product(name: "CoordinatorService", package: "Custody"), .product(name: "Custody", package: "Custody"),
            ]),
        fuzzTarget(
            "FuzzEnvelope",
            [
                .product(name: "PeerProtocol", package: "Custody"), .product(name: "PKCS11", package: "Custody"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

/// A libFuzzer executable: one source file whose `main` hands its test to `fuzz(_:)`.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name, dependencies: ["FuzzSupport"] + dependencies,
        swiftSettings: [.enableUpcomingFeature("ExistentialAny")])
}
