import AuditLog
import Encoding
import Foundation

/// The differential test of the two verifiers: `audit/fuzz.py` mutates seed bundles with a fixed
/// seed and records `audit/verify.py`'s verdict on each; ``BundleVerifier`` must give the same
/// verdict, first bad index, OK size and root, and FORKED sizes on the very same bytes (a bundle
/// that does not parse is an error in both).
public enum VerifierDifferential {
    /// One disagreement: the input's file, and what each verifier said.
    public struct Disagreement: Sendable, CustomStringConvertible {
        public let file: String
        public let swift: String
        public let python: String
        public var description: String { "\(file): Swift \(swift), Python \(python)" }
    }

    struct PythonResult: Decodable {
        let file: String
        let verdict: String
        let firstBadIndex: UInt64?
        let size: UInt64?
        let root: String?
        let checkpoints: [Sized]?
        struct Sized: Decodable {
            let size: UInt64
        }
    }

    /// Runs `count` mutations of `seeds` with `seed` through both verifiers (no trusted key, as
    /// `--insecure`); returns the inputs tried and every disagreement. Throws if fuzz.py reports
    /// a crash or a slow input of verify.py.
    public static func run(seeds: [[UInt8]], count: Int, seed: UInt64) throws -> (
        inputs: Int, disagreements: [Disagreement]
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (position, bytes) in seeds.enumerated() {
            let file = directory.appendingPathComponent("seed-\(position).bundle")
            try Data(bytes).write(to: file)
            files.append(file.path)
        }
        let out = directory.appendingPathComponent("inputs")
        let result = try ProcessRunner.run(
            "/usr/bin/env",
            [
                "python3", Repository.root.appendingPathComponent("audit/fuzz.py").path, "--seed", "\(seed)", "--count",
                "\(count)",
                "--out", out.path,
            ] + files)
        guard result.status == 0 else {
            throw AuditError(.invalidBundle, "fuzz.py failed: \(result.stderr)\(result.stdout)")
        }
        let lines = try String(contentsOf: out.appendingPathComponent("results.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var disagreements: [Disagreement] = []
        for line in lines {
            let python = try JSONDecoder().decode(PythonResult.self, from: Data(line.utf8))
            let bytes = Array(try Data(contentsOf: out.appendingPathComponent(python.file)))
            let swift = try? BundleVerifier.verify(bytes)
            let pythonText =
                "\(python.verdict) \(python.firstBadIndex.map(String.init) ?? "-") "
                + "\(python.size.map(String.init) ?? "-") \(python.root ?? "-") "
                + "\(python.checkpoints?.map { String($0.size) }.joined(separator: ",") ?? "-")"
            let swiftText = describe(swift)
            if swiftText != pythonText {
                disagreements.append(
                    Disagreement(
                        file: python.file, swift: "\(swiftText) (\(swift.map { "\($0)" } ?? "error"))",
                        python: pythonText))
            }
        }
        return (lines.count, disagreements)
    }

    /// The fields compared, as text: verdict, first bad index, OK size and root, FORKED sizes.
    static func describe(_ verdict: Verdict?) -> String {
        guard let verdict else { return "ERROR - - - -" }
        if case .ok(let size, let root, _) = verdict { return "OK - \(size) \(Hex.encode(root)) -" }
        if case .forked(let first, let second, _) = verdict { return "FORKED - - - \(first.size),\(second.size)" }
        return "\(verdict.name) \(verdict.firstBadIndex.map { String($0) } ?? "-") - - -"
    }
}
