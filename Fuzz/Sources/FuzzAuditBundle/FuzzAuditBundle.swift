import AuditLog
import Foundation
import FuzzSupport

/// An audit bundle, through the verifier `custody audit verify` runs.
///
/// Properties: the verifier gives one verdict or refuses the header, never traps; trusting the
/// bundle's own genesis key (`--trusted-key` with the key it names) gives the verdict of
/// `--insecure`, and trusting another key gives UNVERIFIABLE; a bundle the record splitter
/// parses re-serialises to bytes that parse to the same bundle and get the same verdict; an OK
/// bundle always splits into records. With `CUSTODY_FUZZ_VERDICTS=FILE` set, each verdict is
/// appended to FILE as one line (`HASH VERDICT firstBadIndex okSize okRoot forkedSizes`, `-` for
/// what the verdict lacks, the fields the main suite's `VerifierDifferential` compares), for
/// the differential run against `audit/verify.py`, and the properties are not checked.
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
    require(
        (try? BundleVerifier.verify(bytes, trustedKey: otherKey))?.name == "UNVERIFIABLE"
            || bundle.genesisKey == otherKey,
        "a bundle is verified under a genesis key other than the trusted one")
    let again = bundle.serialized()
    guard let reparsed = try? AuditBundle(parsing: again) else {
        fatalError("property violated: re-serialised bundle does not parse")
    }
    require(
        reparsed.origin == bundle.origin && reparsed.genesisKey == bundle.genesisKey
            && reparsed.checkpoints == bundle.checkpoints && reparsed.entries == bundle.entries,
        "re-serialised bundle parses to another bundle")
    // One verification for two properties: the re-serialised bytes, trusting the genesis key
    // they name, get the verdict the input got with no trusted key.
    require(
        (try? BundleVerifier.verify(again, trustedKey: bundle.genesisKey)) == verdict,
        "re-serialised bundle, trusting its own genesis key, gets another verdict than \(verdict.name)")
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

    /// One line: the input's FNV-1a 64 hash in hex, then the verdict name, the first bad index,
    /// the size and root of an OK verdict and the two checkpoint sizes of a FORKED one, `-` for
    /// each field the verdict lacks (`ERROR - - - -` for a bundle that does not parse).
    /// (libFuzzer may run an input twice, to look for leaks; the hash says which input it was.)
    func record(_ verdict: Verdict?, of bytes: [UInt8]) {
        let hash = bytes.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        handle.write(Data("\(String(hash, radix: 16)) \(fields(verdict))\n".utf8))
    }

    func fields(_ verdict: Verdict?) -> String {
        switch verdict {
        case nil: return "ERROR - - - -"
        case .ok(let size, let root, _):
            return "OK - \(size) \(root.map { String($0, radix: 16).leftPadded(to: 2) }.joined()) -"
        case .forked(let first, let second, _): return "FORKED - - - \(first.size),\(second.size)"
        case let verdict?: return "\(verdict.name) \(verdict.firstBadIndex.map { String($0) } ?? "-") - - -"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// A valid key that no sample bundle names as its genesis key (the samples' second checkpoint
/// key), for the trusted-key property.
let otherKey = try! NoteVerifierKey(
    vkey: "custody.test/checkpoint-2+fdccd373+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU")
