import Bitcoin
import Encoding
import Foundation
import Logging
import PKCS11

/// The parsers shared by both daemons' configurations: one rule per kind of value, used alike
/// for a file's keys and for environment overrides.
enum ConfigurationValues {
    /// The log levels, least severe first.
    static let logLevels = Logger.Level.allCases.map(\.rawValue)

    /// A Bitcoin network: `mainnet`, `testnet`, `signet` or `regtest`.
    static func network(_ text: String) throws(ValueError) -> Network {
        guard let network = Network(rawValue: text) else {
            throw ValueError(
                "'\(UntrustedText.printable(text))' is not a network (\(Network.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        return network
    }

    static func logLevel(_ text: String) throws(ValueError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: text) else {
            throw ValueError(
                "'\(UntrustedText.printable(text))' is not a log level (\(logLevels.joined(separator: ", ")))")
        }
        return level
    }

    /// A path: non-empty, no NUL, at most 4096 bytes. Relative paths are taken from the daemon's
    /// working directory.
    static func path(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty else { throw ValueError("a path cannot be empty") }
        guard !text.contains("\0"), text.utf8.count <= 4096 else {
            throw ValueError("'\(UntrustedText.printable(text))' is not a path")
        }
        return text
    }

    /// A path whose parent directory exists (the file itself may not, yet).
    static func creatablePath(_ text: String) throws(ValueError) -> String {
        let path = try path(text)
        let parent = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ValueError("the directory of \(UntrustedText.printable(path)) does not exist")
        }
        return path
    }

    /// An environment variable's name: letters, digits and `_`, not starting with a digit.
    static func environmentName(_ text: String) throws(ValueError) -> String {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first), text.utf8.count <= 255,
            text.unicodeScalars.allSatisfy({
                $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
            })
        else {
            throw ValueError("'\(UntrustedText.printable(text))' is not an environment variable name")
        }
        return text
    }

    static func curve(_ text: String) throws(ValueError) -> IdentityCurve {
        guard let curve = IdentityCurve(rawValue: text) else {
            throw ValueError(
                "'\(UntrustedText.printable(text))' is not an identity curve (\(IdentityCurve.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        return curve
    }

    /// An identity public key in SEC1 hex, validated on `curve` (`IdentityPublicKey`).
    static func identityKey(_ text: String, curve: IdentityCurve) throws(ValueError) -> IdentityPublicKey {
        guard let bytes = try? Hex.decode(text) else {
            throw ValueError("not hex: an identity public key is SEC1 in hex")
        }
        do {
            return try IdentityPublicKey(curve: curve, sec1: bytes)
        } catch {
            throw ValueError(error.reason)
        }
    }

    /// A peer's base URL: `http` or `https`, a host, an optional port, no user information, query
    /// or fragment.
    static func peerURL(_ text: String) throws(ValueError) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let url = components.url
        else {
            throw ValueError("'\(UntrustedText.printable(text))' is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw ValueError("'\(UntrustedText.printable(text))' is not an http or https URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ValueError("'\(UntrustedText.printable(text))' has no host")
        }
        guard components.user == nil, components.password == nil else {
            throw ValueError("a signer's URL cannot hold user information")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ValueError("'\(UntrustedText.printable(text))' has a query or a fragment")
        }
        return url
    }
}

extension KeyedDecodingContainer {
    /// A string value run through `parse`; a failure is located at `key`.
    func parsed<Value>(_ key: Key, _ parse: (String) throws(ValueError) -> Value) throws -> Value? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw ConfigurationProblem(codingPath + [key], "wrong type: expected a string, found null")
        }
        let text = try decode(String.self, forKey: key)
        do {
            return try parse(text)
        } catch {
            throw ConfigurationProblem(codingPath + [key], error.reason)
        }
    }
}

extension ConfigurationValues {
    /// A token's label or serial: 1 to 32 bytes (PKCS#11's label field), no control character.
    static func token(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty, text.utf8.count <= 32, !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw ValueError("'\(UntrustedText.printable(text))' is not a token label or serial (1 to 32 bytes)")
        }
        return text
    }

    /// A signer's id: 1 to 64 characters of a-z, 0-9, `.`, `_` and `-`.
    static func signerID(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty, text.utf8.count <= 64,
            text.utf8.allSatisfy({
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
            })
        else {
            throw ValueError("'\(UntrustedText.printable(text))' is not a signer id (1 to 64 of a-z 0-9 . _ -)")
        }
        return text
    }
}
