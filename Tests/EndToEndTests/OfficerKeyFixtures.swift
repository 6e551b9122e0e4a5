import CustodyTestSupport
import Foundation
import Testing

/// Officer key files made with `custody officer keygen`, as the officers' CLI tests need them.
enum OfficerKeyFixtures {
    /// A fresh directory with `NAME.key` for each officer (scrypt log2 N = 14, for speed) and the
    /// passphrase in `passphrase`; the keys' public halves, as the policy names them.
    static func make(_ officers: [String], prefix: String) throws -> (
        directory: String, passphrase: String, keys: [String: String]
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let passphrase = directory + "/passphrase"
        try "\(prefix) passphrase".write(toFile: passphrase, atomically: true, encoding: .utf8)
        var keys: [String: String] = [:]
        for officer in officers {
            let keygen = try ProcessRunner.run(
                ProcessRunner.product("custody"),
                [
                    "officer", "keygen", "--out", directory + "/\(officer).key", "--passphrase-file", passphrase,
                    "--scrypt-log2-n", "14",
                ])
            try #require(keygen.status == 0, "\(keygen.stderr)")
            keys[officer] = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (directory, passphrase, keys)
    }
}
