// HSM benchmarks: unseal-and-wipe, seal, identity ECDSA signatures and random draws, on a
// throwaway SoftHSM2 token made for the run (or any module and token given in the environment).
//
//   swift run -c release HSMBenchmarks
//   CUSTODY_BENCH_PKCS11_MODULE=/path/to/module.so CUSTODY_BENCH_TOKEN=label \
//   CUSTODY_BENCH_PIN_FILE=/path/to/pin swift run -c release HSMBenchmarks
import Foundation
import PKCS11
import SecureMemory

let environment = ProcessInfo.processInfo.environment
let modulePath = environment["CUSTODY_BENCH_PKCS11_MODULE"] ?? "/usr/lib/softhsm/libsofthsm2.so"

/// Makes a SoftHSM2 token in a temporary directory; returns its label and PIN file.
func makeSoftHSMToken() throws -> (label: String, pinFile: String) {
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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/softhsm2-util")
    process.arguments = [
        "--init-token", "--free", "--label", "bench", "--pin", "bench-pin-1234", "--so-pin", "bench-so-5678",
    ]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    return ("bench", pinFile)
}

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

/// Runs `body` repeatedly for about `seconds` after a short warm-up; returns µs per operation
/// (median of 20 equal slices) and operations per second.
func measure(_ seconds: Double = 1, _ body: () throws -> Void) rethrows -> (median: Double, perSecond: Double) {
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
    for _ in 0..<20 {
        let start = clock.now
        for _ in 0..<perSlice { try body() }
        let elapsed = start.duration(to: clock.now)
        total += elapsed
        slices.append(microseconds(elapsed) / Double(perSlice))
    }
    slices.sort()
    return (slices[slices.count / 2], Double(perSlice * 20) / (microseconds(total) / 1e6))
}

let (label, pinFile): (String, String)
if let token = environment["CUSTODY_BENCH_TOKEN"], let pin = environment["CUSTODY_BENCH_PIN_FILE"] {
    (label, pinFile) = (token, pin)
} else {
    (label, pinFile) = try makeSoftHSMToken()
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

var rows: [(String, Double, Double)] = []
let unseal = try measure {
    let secret = try token.unseal(blob, context: context)
    precondition(secret.count == 32)
}  // each unsealed share is released, and so wiped, inside the loop
rows.append(("unseal and wipe a 32-byte share (AES-256-GCM)", unseal.median, unseal.perSecond))
let seal = try measure { _ = try token.seal(share, context: context) }
rows.append(("seal a 32-byte share (incl. 12 random bytes)", seal.median, seal.perSecond))
let sign = try measure { _ = try token.signWithIdentity(digest: digest) }
rows.append(("identity ECDSA signature, secp256k1", sign.median, sign.perSecond))
let random = try measure { _ = try token.randomBytes(count: 32) }
rows.append(("32 random bytes (C_GenerateRandom XOR getrandom)", random.median, random.perSecond))

print("| operation | µs (median) | per second |")
print("|---|---:|---:|")
for (name, median, perSecond) in rows {
    print("| \(name) | \(String(format: "%.1f", median)) | \(String(format: "%.0f", perSecond)) |")
}
