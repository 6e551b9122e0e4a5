import Crypto
import FuzzSupport
import Policy

/// A policy file, through the policy decoder's entry point for raw bytes
/// (`PolicyDecoder.decode(bytes:file:)`, as `custody policy check` reads it) and Yams.
///
/// Properties: decoding never traps; bytes that are not UTF-8 never decode; `decode(bytes:)`,
/// `decode(yaml:)` and `diagnose` agree; a policy that decodes has
/// no diagnostics, decodes again to the same hash, its hash is the SHA-256 of its canonical
/// encoding, and it differs from itself in nothing. A policy that does not decode has at least
/// one diagnostic, each located inside the file or at its end.
@main enum FuzzPolicyYAML {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    let decoded = try? PolicyDecoder.decode(bytes: bytes, file: "fuzz.yaml")
    guard let yaml = utf8(bytes) else {
        require(decoded == nil, "bytes that are not UTF-8 decode to a policy")
        return
    }
    let (policy, diagnostics) = PolicyDecoder.diagnose(yaml: yaml, file: "fuzz.yaml")
    guard let policy else {
        require(!diagnostics.isEmpty, "a policy that does not decode has no diagnostic")
        // YAML breaks lines at LF, CR, CRLF, NEL, LS and PS (a CRLF counts twice here: an upper bound).
        let lines = yaml.unicodeScalars.filter { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count + 1
        for diagnostic in diagnostics {
            // libyaml places the end of a file without a final newline on the line after the last.
            require(diagnostic.line <= lines + 1, "diagnostic at line \(diagnostic.line) of a \(lines)-line file")
        }
        require(
            (try? PolicyDecoder.decode(yaml: yaml, file: "fuzz.yaml")) == nil, "decode accepts what diagnose refuses")
        require(decoded == nil, "decode(bytes:) accepts what diagnose refuses")
        return
    }
    require(diagnostics.isEmpty, "a decoded policy comes with diagnostics")
    require(decoded?.hash == policy.hash, "decode(bytes:) and diagnose give different policies")
    require(
        (try? PolicyDecoder.decode(yaml: yaml, file: "fuzz.yaml"))?.hash == policy.hash,
        "decoding twice gives another hash")
    require(
        Array(SHA256.hash(data: PolicyCanonical.encoding(of: policy))) == policy.hash.bytes,
        "the hash is not the SHA-256 of the canonical encoding")
    require(PolicyDiff.compare(policy, policy).isEmpty, "a policy differs from itself")
}
