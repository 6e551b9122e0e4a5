import ArgumentParser
import AuditLog
import Foundation

/// `custody audit`: the auditor's commands over the audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify the audit log offline.", subcommands: [AuditVerify.self])
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an exported audit bundle: chain, Merkle tree, checkpoint signatures and key history.",
        discussion: """
            Prints exactly one verdict. Exit codes: 0 OK, 10 TAMPERED, 11 TRUNCATED, 12 FORKED, \
            13 UNVERIFIABLE; 1 if the bundle cannot be read (docs/audit-format.md).
            """)

    @Option(help: "The bundle file (custody-audit-bundle 1).")
    var bundle: String
    @Option(help: "The genesis checkpoint key (vkey) you trust; without it, the bundle's own is used and printed.")
    var trustedKey: String?
    @Flag(help: "Print JSON.")
    var json = false

    /// The file's bytes, read straight into one array (a bundle can be hundreds of megabytes).
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        return try? [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = Foundation.read(descriptor, buffer.baseAddress! + count, size - count)
                guard n > 0 else { throw CocoaError(.fileReadUnknown) }
                count += n
            }
        }
    }

    /// The exit code of each verdict.
    static func exitCode(_ verdict: Verdict) -> Int32 {
        switch verdict {
        case .ok: 0
        case .tampered: 10
        case .truncated: 11
        case .forked: 12
        case .unverifiable: 13
        }
    }

    func run() throws {
        guard let bytes = Self.read(bundle) else { throw ValidationError("cannot read \(bundle)") }
        let key = try trustedKey.map { try NoteVerifierKey(vkey: $0) }
        let genesis = try AuditBundle.genesisKey(of: bytes)
        let verdict = try BundleVerifier.verify(bytes, trustedKey: key)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(
                String(decoding: try encoder.encode(AuditVerdictJSON(verdict, genesisKey: genesis.vkey)), as: UTF8.self)
            )
        } else {
            print(verdict)
            if key == nil { print("genesis key (compare it with the published one): \(genesis.vkey)") }
        }
        let code = Self.exitCode(verdict)
        if code != 0 { throw ExitCode(code) }
    }
}

/// The `--json` form of a verdict.
struct AuditVerdictJSON: Encodable {
    struct CheckpointJSON: Encodable {
        let size: UInt64
        let root: String
    }
    let verdict: String
    let description: String
    let genesisKey: String
    var size: UInt64?
    var root: String?
    var unsignedRecords: UInt64?
    var firstBadIndex: UInt64?
    var checkpointSize: UInt64?
    var checkpoints: [CheckpointJSON]?

    init(_ verdict: Verdict, genesisKey: String) {
        self.verdict = verdict.name
        self.description = "\(verdict)"
        self.genesisKey = genesisKey
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        switch verdict {
        case .ok(let size, let root, let unsigned):
            (self.size, self.root, self.unsignedRecords) = (size, hex(root), unsigned)
        case .tampered(let index, _): firstBadIndex = index
        case .truncated(let count, let size): (firstBadIndex, checkpointSize) = (count, size)
        case .forked(let first, let second, _):
            checkpoints = [first, second].map { CheckpointJSON(size: $0.size, root: hex($0.root)) }
        case .unverifiable: break
        }
    }
}
