import ArgumentParser
import Foundation
import OfficerKeys

/// A refusal of an officer command (`custody officer`, `approve`, `reject`), with the exit
/// status documented in docs/officer-cli.md. Printed to stderr as "Error: message"; the message
/// never holds the passphrase or the private key.
struct OfficerFailure: Error, CustomStringConvertible {
    /// The exit statuses of the officer commands.
    enum Status: Int32 {
        /// Anything else: an unreadable or invalid policy or request, an existing output file.
        case failure = 1
        /// The officer did not confirm at the prompt.
        case declined = 2
        /// The key file did not decrypt under the passphrase.
        case wrongPassphrase = 3
        /// The key file could not be read or is not a valid officer key file.
        case invalidKeyFile = 4
        /// The request file changed after it was shown, or its digest is not `--digest`.
        case requestChanged = 5
        /// The key is not the key of an officer of the policy (or not `--officer`'s).
        case notAnOfficer = 6
        /// The request's initiator is unknown or its signature does not verify.
        case invalidInitiation = 7
        /// The PSBT given is not the one the request binds, or does not pay what the request says.
        case psbtMismatch = 8
        /// `--id`: the coordinator could not be reached or did not answer in time.
        case unavailable = 69
    }

    let status: Status
    let message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }

    /// The refusal for an error of the key file `path`.
    static func keyFile(_ path: String, _ error: OfficerKeyError) -> OfficerFailure {
        OfficerFailure(error.code == .wrongPassphrase ? .wrongPassphrase : .invalidKeyFile, "\(path): \(error.reason)")
    }

    /// Runs `body`; a refusal is printed as "Error: message" and becomes its exit status.
    static func running(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as OfficerFailure {
            FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
            throw ExitCode(failure.status.rawValue)
        }
    }
}
