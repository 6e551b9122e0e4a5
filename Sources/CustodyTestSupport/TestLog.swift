public import AuditLog

/// The audit-log tests' fixed development keys and record contents, shared by the bundle and
/// database test suites (each adds how it writes its logs). Public test keys: never for
/// production checkpoints.
public enum TestLog {
    public static let origin = "custody.test/audit"
    public static let key1 = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-1", seed: Array(repeating: 1, count: 32))
    public static let key2 = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-2", seed: Array(repeating: 2, count: 32))
    /// A key with key1's name but another secret: what an attacker without key1 can sign with.
    public static let attacker = try! DevelopmentNoteSigner(
        name: "custody.test/checkpoint-1", seed: Array(repeating: 9, count: 32))

    public static let types: [RecordType] = [
        .requestCreated, .policyEvaluated, .approvalRecorded, .signingStarted, .signatureShare, .signatureCompleted,
    ]

    /// A record payload that varies with the index (and an optional salt).
    public static func payload(_ index: Int, _ salt: String = "") -> [UInt8] {
        Array("{\"amount\":\"\(index * 1000)\",\"request\":\"r-\(index / 7)\(salt)\",\"wallet\":\"hot-1\"}".utf8)
    }
}
