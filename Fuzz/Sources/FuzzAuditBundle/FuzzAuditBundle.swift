import AuditLog
import Foundation
import FuzzSupport

/// An audit bundle, through the verifier `custody audit verify` runs.
///
/// Properties: the verifier gives one verdict or refuses the header, never traps; a bundle the
/// record splitter parses re-serialises to bytes that parse to the same bundle and get the same
/// verdict; an OK bundle always splits into records. With `CUSTODY_FUZZ_VERDICTS=FILE` set,
/// each verdict is appended to FILE as one line (`HASH NAME firstBadIndex`, or `HASH ERROR -`),
/// for the differential run against `audit/verify.py`, and the properties are not checked.
@main enum FuzzAuditBundle {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    let verdict = try? BundleVerifier.verify(bytes)
    if let verdicts {
        // The differential run wants verdicts only, quickly.
        verdicts.record(verdict, of: bytes)
        return
    }
    guard let verdict else {
        require((try? AuditBundle(parsing: bytes)) == nil, "the splitter reads a header the verifier refuses")
        return
    }
    guard let bundle = try? AuditBundle(parsing: bytes) else {
        if case .ok = verdict { fatalError("property violated: an OK bundle does not split into records") }
        return
    }
    let again = bundle.serialized()
    guard let reparsed = try? AuditBundle(parsing: again) else {
        fatalError("property violated: re-serialised bundle does not parse")
    }
    require(
        reparsed.origin == bundle.origin && reparsed.genesisKey == bundle.genesisKey
            && reparsed.checkpoints == bundle.checkpoints && reparsed.entries == bundle.entries,
        "re-serialised bundle parses to another bundle")
    require(
        (try? BundleVerifier.verify(again)) == verdict, "re-serialised bundle gets another verdict than \(verdict.name)"
    )
}

/// The verdict log of the differential run, opened once.
nonisolated(unsafe) let verdicts: VerdictLog? = ProcessInfo.processInfo.environment["CUSTODY_FUZZ_VERDICTS"].flatMap {
    VerdictLog(path: $0)
}

final class VerdictLog {
    let handle: FileHandle

    init?(path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// One line: the input's FNV-1a 64 hash in hex, the verdict name and the first bad index.
    /// (libFuzzer may run an input twice, to look for leaks; the hash says which input it was.)
    func record(_ verdict: Verdict?, of bytes: [UInt8]) {
        let hash = bytes.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let outcome = verdict.map { "\($0.name) \($0.firstBadIndex.map(String.init) ?? "-")" } ?? "ERROR -"
        handle.write(Data("\(String(hash, radix: 16)) \(outcome)\n".utf8))
    }
}
