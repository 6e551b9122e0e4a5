import AuditLog
import CustodyTestSupport
import Foundation
import Testing

/// Writes a 1,000,000-record bundle (300-byte records, a checkpoint every 10,000) to the path in
/// `CUSTODY_AUDIT_LARGE_BUNDLE`, for timing `custody audit verify` in release mode; skipped
/// otherwise.
@Suite struct LargeBundleTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CUSTODY_AUDIT_LARGE_BUNDLE"] != nil))
    func writeLargeBundle() throws {
        let path = ProcessInfo.processInfo.environment["CUSTODY_AUDIT_LARGE_BUNDLE"]!
        var log = AuditLogWriter(origin: TestLog.origin, genesisKey: TestLog.key1.verifierKey)
        let filler = [UInt8](repeating: 0x61, count: 200)
        for index in 0..<1_000_000 {
            try log.append(
                time: 1_700_000_000_000_000 + Int64(index), type: .approvalRecorded, actor: "officer:\(index % 17)",
                payload: TestLog.payload(index) + filler)
            if (index + 1) % 10_000 == 0 { try log.checkpoint(signer: TestLog.key1) }
        }
        try Data(log.bundle.serialized()).write(to: URL(fileURLWithPath: path))
    }
}
