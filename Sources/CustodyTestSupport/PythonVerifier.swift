public import AuditLog
import Foundation

/// `audit/verify.py --json`, the independent verifier, run as a process on bundle files: the
/// one way tests ask it for a verdict.
public enum PythonVerifier {
    /// One line of `verify.py --json`.
    public struct Verdict: Decodable, Sendable {
        public let verdict: String
        public let firstBadIndex: UInt64?
        public let size: UInt64?
        public let root: String?
        public let file: String
    }

    /// verify.py's output was not one verdict for each file.
    public struct UnexpectedOutput: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs verify.py once on `files`, with `trustedKey` (a vkey) or else `--insecure`, and the
    /// held checkpoints in `checkpointFiles`; one verdict a file, in order (`ERROR` for a file
    /// that does not parse).
    public static func run(files: [String], trustedKey: String? = nil, checkpointFiles: [String] = []) throws
        -> [Verdict]
    {
        var arguments = ["python3", Repository.root.appendingPathComponent("audit/verify.py").path, "--json"]
        arguments += trustedKey.map { ["--trusted-key", $0] } ?? ["--insecure"]
        for file in checkpointFiles { arguments += ["--checkpoint", file] }
        let result = try ProcessRunner.run("/usr/bin/env", arguments + files)
        let verdicts = try result.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Verdict.self, from: Data($0.utf8))
        }
        guard verdicts.count == files.count else {
            throw UnexpectedOutput(
                description: "verify.py gave \(verdicts.count) verdicts for \(files.count) files: \(result.stderr)")
        }
        return verdicts
    }

    /// Runs verify.py on one bundle's `bytes`, with the auditor's trust anchors: `trustedKey`
    /// (`--insecure` when nil) and the `pinned` checkpoint notes.
    public static func run(_ bytes: [UInt8], trustedKey: NoteVerifierKey?, pinned: [String] = []) throws -> Verdict {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundle = directory.appendingPathComponent("log.bundle")
        try Data(bytes).write(to: bundle)
        var checkpointFiles: [String] = []
        for (position, note) in pinned.enumerated() {
            let file = directory.appendingPathComponent("held-\(position).note")
            try Data(note.utf8).write(to: file)
            checkpointFiles.append(file.path)
        }
        return try run(files: [bundle.path], trustedKey: trustedKey?.vkey, checkpointFiles: checkpointFiles)[0]
    }

    /// Writes each bundle to a temporary file and runs verify.py once on them all, without a
    /// trusted key (`--insecure`); one verdict a bundle, in order.
    public static func run(bundles: [(name: String, bytes: [UInt8])]) throws -> [Verdict] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (name, bytes) in bundles {
            let path = directory.appendingPathComponent(name + ".bundle").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        return try run(files: files)
    }
}
