// HSM benchmarks: unseal-and-wipe, seal, identity ECDSA signatures and random draws, on a
// throwaway SoftHSM2 token made for the run (or any module and token given in the environment);
// then the candidate authenticators of the peer message envelope (docs/protocol.md): ECDSA with
// the identity key on secp256k1 and on P-256, EdDSA (Ed25519) in the token, ECDH in the token once
// per peer with HMAC-SHA256 in software per message, and their software verifications.
//
//   swift run -c release HSMBenchmarks
//   CUSTODY_BENCH_PKCS11_MODULE=/path/to/module.so CUSTODY_BENCH_TOKEN=label \
//   CUSTODY_BENCH_PIN_FILE=/path/to/pin swift run -c release HSMBenchmarks
import Crypto
import Foundation
import PKCS11
import SecureMemory

let environment = ProcessInfo.processInfo.environment
let modulePath = environment["CUSTODY_BENCH_PKCS11_MODULE"] ?? "/usr/lib/softhsm/libsofthsm2.so"

/// Makes SoftHSM2 tokens (one per label, the first one's label returned) in a temporary
/// directory; returns the first label and the PIN file.
func makeSoftHSMToken(labels: [String] = ["bench"]) throws -> (label: String, pinFile: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("custody-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
        at: directory.appendingPathComponent("tokens"), withIntermediateDirectories: true)
    let configuration = directory.appendingPathComponent("softhsm2.conf").path
    try "directories.tokendir = \(directory.path)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
        .write(toFile: configuration, atomically: true, encoding: .utf8)
    setenv("SOFTHSM2_CONF", configuration, 1)
    let pinFile = directory.appendingPathComponent("user.pin").path
    try "bench-pin-1234\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pinFile)
    for label in labels {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/softhsm2-util")
        process.arguments = [
            "--init-token", "--free", "--label", label, "--pin", "bench-pin-1234", "--so-pin", "bench-so-5678",
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
    return (labels[0], pinFile)
}

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

/// The CPU time this thread has used, in µs: the synchronous calls run the module on the
/// calling thread, so this is what an operation costs whatever else the machine runs.
func threadCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

/// Runs `body` repeatedly for about `seconds` after a short warm-up; returns µs per operation
/// (median of 20 equal slices), operations per second, and the thread's CPU µs per operation.
func measure(_ seconds: Double = 1, _ body: () throws -> Void) rethrows -> (
    median: Double, perSecond: Double, cpu: Double
) {
    let clock = ContinuousClock()
    let warmUp = clock.now + .milliseconds(100)
    var calibration = 0
    while clock.now < warmUp {
        try body()
        calibration += 1
    }
    let perSlice = max(1, Int(Double(calibration) * seconds * 10 / 20))
    var slices: [Double] = []
    var total = Duration.zero
    let cpuStart = threadCPUMicroseconds()
    for _ in 0..<20 {
        let start = clock.now
        for _ in 0..<perSlice { try body() }
        let elapsed = start.duration(to: clock.now)
        total += elapsed
        slices.append(microseconds(elapsed) / Double(perSlice))
    }
    let cpu = (threadCPUMicroseconds() - cpuStart) / Double(perSlice * 20)
    slices.sort()
    return (slices[slices.count / 2], Double(perSlice * 20) / (microseconds(total) / 1e6), cpu)
}

let (label, pinFile): (String, String)
if let token = environment["CUSTODY_BENCH_TOKEN"], let pin = environment["CUSTODY_BENCH_PIN_FILE"] {
    (label, pinFile) = (token, pin)
} else {
    (label, pinFile) = try makeSoftHSMToken(labels: ["bench", "bench-p256"])
}
let token = try HSMToken(module: PKCS11Module(path: modulePath), labelOrSerial: label, pin: .file(pinFile))
try token.ensureSealingKey()
try token.ensureIdentityKey(curve: .secp256k1)
let info = try token.module.info()
print("module: \(info.manufacturer) \(info.description) \(info.libraryVersion); token \"\(token.info.label)\"")

let context = SealContext(wallet: "bench-wallet", signer: "signer-1", suite: "secp256k1-tr", keyVersion: 1)
let share = try token.randomBytes(count: 32)
let blob = try token.seal(share, context: context)
let digest = [UInt8](repeating: 7, count: 32)

var rows: [(String, Double, Double, Double)] = []
@MainActor func record(_ name: String, _ result: (median: Double, perSecond: Double, cpu: Double)) {
    rows.append((name, result.median, result.perSecond, result.cpu))
}
let unseal = try measure {
    let secret = try token.unseal(blob, context: context)
    precondition(secret.count == 32)
}  // each unsealed share is released, and so wiped, inside the loop
record("unseal and wipe a 32-byte share (AES-256-GCM)", unseal)
record("seal a 32-byte share (incl. 12 random bytes)", try measure { _ = try token.seal(share, context: context) })
record("identity ECDSA signature, secp256k1", try measure { _ = try token.signWithIdentity(digest: digest) })
record("32 random bytes (C_GenerateRandom XOR getrandom)", try measure { _ = try token.randomBytes(count: 32) })

// The envelope's candidates, on a 256-byte message (an envelope of a commitment or a share).
let message = [UInt8](repeating: 0x5A, count: 256)
let p256Token = try HSMToken(
    module: token.module, labelOrSerial: environment["CUSTODY_BENCH_TOKEN_P256"] ?? "bench-p256", pin: .file(pinFile))
try p256Token.ensureIdentityKey(curve: .p256)
try p256Token.ensureCheckpointKey()
let messageDigest = Array(SHA256.hash(data: message))
record(
    "envelope: SHA-256 + identity ECDSA, secp256k1",
    try measure { _ = try token.signWithIdentity(digest: Array(SHA256.hash(data: message))) })
record(
    "envelope: SHA-256 + identity ECDSA, P-256",
    try measure { _ = try p256Token.signWithIdentity(digest: Array(SHA256.hash(data: message))) })
record("envelope: EdDSA Ed25519 in the token", try measure { _ = try p256Token.signWithCheckpointKey(message) })
let secp256k1Peer = try IdentityPublicKey(curve: .secp256k1, sec1: try token.identityPublicKey().key)
let p256Peer = try IdentityPublicKey(
    curve: .p256, sec1: Array(P256.KeyAgreement.PrivateKey().publicKey.x963Representation))
record(
    "ECDH once per peer, secp256k1 (C_DeriveKey)", try measure { _ = try token.deriveSharedSecret(peer: secp256k1Peer) }
)
record("ECDH once per peer, P-256 (C_DeriveKey)", try measure { _ = try p256Token.deriveSharedSecret(peer: p256Peer) })
let macKey = SymmetricKey(data: [UInt8](repeating: 0x11, count: 32))
record(
    "envelope: HMAC-SHA256 in software (per message)",
    measure { _ = HMAC<SHA256>.authenticationCode(for: message, using: macKey) })

// Software verification, as the receiver does it.
let secp256k1Key = try IdentityPublicKey(curve: .secp256k1, sec1: try token.identityPublicKey().key)
let secp256k1Signature = try token.signWithIdentity(digest: messageDigest)
record(
    "verify ECDSA secp256k1 (libsecp256k1, incl. SHA-256)",
    measure {
        precondition(secp256k1Key.isValidSignature(secp256k1Signature, digest: Array(SHA256.hash(data: message))))
    })
let p256Key = try IdentityPublicKey(curve: .p256, sec1: try p256Token.identityPublicKey().key)
let p256Signature = try p256Token.signWithIdentity(digest: messageDigest)
record(
    "verify ECDSA P-256 (swift-crypto, incl. SHA-256)",
    measure { precondition(p256Key.isValidSignature(p256Signature, digest: Array(SHA256.hash(data: message)))) })
let ed25519Key = try Curve25519.Signing.PublicKey(rawRepresentation: try p256Token.checkpointPublicKey())
let ed25519Signature = try p256Token.signWithCheckpointKey(message)
record(
    "verify Ed25519 (swift-crypto)",
    measure { precondition(ed25519Key.isValidSignature(ed25519Signature, for: message)) })
let mac = HMAC<SHA256>.authenticationCode(for: message, using: macKey)
record(
    "verify HMAC-SHA256 (swift-crypto)",
    measure { precondition(HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: macKey)) })

print("| operation | µs (median, wall) | per second | CPU µs (thread) |")
print("|---|---:|---:|---:|")
for (name, median, perSecond, cpu) in rows {
    print(
        "| \(name) | \(String(format: "%.1f", median)) | \(String(format: "%.0f", perSecond)) | "
            + "\(String(format: "%.1f", cpu)) |")
}

// Throughput of the async API (the token's own threads, 8 sessions) with 16 tasks signing at
// once: what a daemon's many sessions get from one token on this machine.
func asyncThroughput(_ operations: Int, _ body: @escaping @Sendable () async throws -> Void) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<16 {
            group.addTask { for _ in 0..<(operations / 16) { try await body() } }
        }
        try await group.waitForAll()
    }
    return Double(operations) / (microseconds(start.duration(to: clock.now)) / 1e6)
}
let fixedDigest = messageDigest
let fixedMessage = message
print("")
print("| async API, 16 concurrent tasks | per second |")
print("|---|---:|")
let secp256k1Rate = try await asyncThroughput(1_600) { _ = try await token.signWithIdentity(digest: fixedDigest) }
print("| identity ECDSA, secp256k1 | \(String(format: "%.0f", secp256k1Rate)) |")
let p256Rate = try await asyncThroughput(16_000) { _ = try await p256Token.signWithIdentity(digest: fixedDigest) }
print("| identity ECDSA, P-256 | \(String(format: "%.0f", p256Rate)) |")
let ed25519Rate = try await asyncThroughput(16_000) { _ = try await p256Token.signWithCheckpointKey(fixedMessage) }
print("| EdDSA Ed25519 | \(String(format: "%.0f", ed25519Rate)) |")
