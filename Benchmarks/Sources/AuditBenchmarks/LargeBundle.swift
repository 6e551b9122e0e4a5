// Verification of a large bundle: 1,000,000 records of about 340 bytes with a checkpoint every
// 100 records (10,000 checkpoints), by BundleVerifier in this process and by audit/verify.py.
import AuditLog
import CustodyTestSupport
import Foundation

func verifyLargeBundle() throws {
    let records = Int(ProcessInfo.processInfo.environment["CUSTODY_BENCH_RECORDS"] ?? "") ?? 1_000_000
    let every = Int(ProcessInfo.processInfo.environment["CUSTODY_BENCH_CHECKPOINT_EVERY"] ?? "") ?? 100
    var log = AuditLogWriter(origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
    let filler = [UInt8](repeating: 0x61, count: 200)
    for index in 0..<records {
        try log.append(
            time: 1_700_000_000_000_000 + Int64(index), type: .approvalRecorded, actor: "officer:\(index % 17)",
            payload: TestLog.payload(index) + filler)
        if (index + 1) % every == 0 { try log.checkpoint(signer: TestLog.key1) }
    }
    let bytes = log.bundle.serialized()
    let path = NSTemporaryDirectory() + "custody-large-\(UUID().uuidString).bundle"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    print(
        String(
            format: "bundle: %d records, %d checkpoints, %.1f MB", records, log.checkpoints.count,
            Double(bytes.count) / 1e6))

    let start = DispatchTime.now().uptimeNanoseconds
    let verdict = try BundleVerifier.verify(bytes, trustedKey: TestLog.key1.verifierKey)
    let swift = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    precondition(verdict.name == "OK", "\(verdict)")
    print(String(format: "BundleVerifier: %.2f s (%.0f records/s)", swift, Double(records) / swift))

    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("audit/verify.py").path
    let pythonStart = DispatchTime.now().uptimeNanoseconds
    let result = try ProcessRunner.run(
        "/usr/bin/env", ["python3", script, "--trusted-key", TestLog.key1.verifierKey.vkey, path])
    let python = Double(DispatchTime.now().uptimeNanoseconds - pythonStart) / 1e9
    precondition(result.status == 0, result.stdout + result.stderr)
    print(String(format: "audit/verify.py: %.2f s", python))
}
