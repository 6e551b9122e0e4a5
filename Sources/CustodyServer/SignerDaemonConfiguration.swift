public import Custody
import Encoding
import Foundation
public import Logging
public import PKCS11

/// `custodyd signer serve`'s configuration (docs/daemons.md, "Signer configuration"): a JSON
/// file, then environment overrides, validated before anything starts.
public struct SignerDaemonConfiguration: Sendable {
    /// The data directory `custodyd signer init --data` made; holds `signer.json`.
    public let dataDirectory: String
    public let listen: ListenAddress
    public let pin: PINSource
    /// The signer's SQLite store.
    public let store: String
    /// The signer's audit log (SQLite).
    public let auditLog: String
    public let logLevel: Logger.Level
    /// `signer.json`, as `custodyd signer init` wrote it.
    public let signer: SignerConfiguration
    /// This signer's id on the peer protocol (the coordinator's `signers[i].id` for it); nil
    /// when no coordinator is pinned.
    public let id: String?
    /// The coordinator whose envelopes `POST /v1/peer` accepts; nil: the route is not served.
    public let coordinator: PinnedPeer?
    /// The other signers this signer may meet in a key ceremony, with their pinned identity
    /// keys (an invitation naming anyone else, or another key, is refused).
    public let peers: [PinnedPeer]
    /// The certificate and key the signer serves HTTPS with; nil: plain HTTP.
    public let tls: TLSFiles?
    /// A fault the signer injects into its answers, for tests only; nil in any real deployment
    /// (accepted only with `CUSTODY_DEVELOPMENT=1`).
    public let fault: SignerFault?

    /// A peer pinned in the configuration: its id and identity public key.
    public struct PinnedPeer: Sendable, Equatable {
        public let id: String
        public let identityPublicKey: IdentityPublicKey
    }

    /// The default listening address, 127.0.0.1:7401.
    public static let defaultListen = ListenAddress(host: "127.0.0.1", port: 7401)

    /// The environment variables that override the file's keys.
    public enum Variable {
        public static let dataDirectory = "CUSTODY_SIGNER_DATA_DIRECTORY"
        public static let listen = "CUSTODY_SIGNER_LISTEN"
        public static let pinFile = "CUSTODY_SIGNER_PIN_FILE"
        public static let pinEnvironment = "CUSTODY_SIGNER_PIN_ENV"
        public static let store = "CUSTODY_SIGNER_STORE"
        public static let auditLog = "CUSTODY_SIGNER_AUDIT_LOG"
        public static let logLevel = "CUSTODY_SIGNER_LOG_LEVEL"
    }

    /// Reads `path`, applies the overrides in `environment`, and validates the result.
    public static func load(path: String, environment: DaemonEnvironment) throws(ConfigurationError) -> Self {
        let file = try ConfigurationFile.decode(FileDocument.self, path: path)
        let dataDirectory =
            try environment.parsed(Variable.dataDirectory, ConfigurationValues.path) ?? file.dataDirectory
        guard let dataDirectory else {
            throw ConfigurationError(source: path, path: "dataDirectory", reason: "missing required key")
        }
        let pin =
            try PINConfiguration.override(
                environment, fileVariable: Variable.pinFile, environmentVariable: Variable.pinEnvironment)
            ?? file.pin?.source
        guard let pin else {
            throw ConfigurationError(source: path, path: "pin", reason: "missing required key")
        }
        let signer = try readSigner(dataDirectory: dataDirectory, source: path)
        let listen =
            try environment.parsed(Variable.listen, ListenAddress.init(parsing:)) ?? file.listen
            ?? defaultListen
        let store =
            try environment.parsed(Variable.store, ConfigurationValues.creatablePath) ?? file.store
            ?? (dataDirectory as NSString).appendingPathComponent("signer.sqlite")
        let auditLog =
            try environment.parsed(Variable.auditLog, ConfigurationValues.creatablePath) ?? file.auditLog
            ?? (dataDirectory as NSString).appendingPathComponent("audit.sqlite")
        let logLevel = try environment.parsed(Variable.logLevel, ConfigurationValues.logLevel) ?? file.logLevel ?? .info
        if file.coordinator != nil && file.id == nil {
            throw ConfigurationError(source: path, path: "id", reason: "required when coordinator is given")
        }
        let peers = file.peers ?? []
        if !peers.isEmpty && file.coordinator == nil {
            throw ConfigurationError(source: path, path: "peers", reason: "given without a coordinator")
        }
        var seen: Set<String> = [file.id ?? "", file.coordinator?.id ?? ""]
        for (index, peer) in peers.enumerated() {
            guard seen.insert(peer.id).inserted else {
                throw ConfigurationError(
                    source: path, path: "peers[\(index)].id",
                    reason: "'\(peer.id)' is this signer's id, the coordinator's, or another peer's")
            }
        }
        if file.fault != nil && environment[SignerFault.developmentVariable] != "1" {
            throw ConfigurationError(
                source: path, path: "fault",
                reason:
                    "a fault switch is for tests only and is refused unless \(SignerFault.developmentVariable)=1 is set"
            )
        }
        return Self(
            dataDirectory: dataDirectory, listen: listen, pin: pin, store: store, auditLog: auditLog,
            logLevel: logLevel, signer: signer, id: file.id, coordinator: file.coordinator, peers: peers,
            tls: file.tls, fault: file.fault)
    }

    /// `signer.json` in `dataDirectory`, read strictly; a problem is located in that file.
    private static func readSigner(dataDirectory: String, source: String) throws(ConfigurationError)
        -> SignerConfiguration
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ConfigurationError(
                source: source, path: "dataDirectory",
                reason: "\(dataDirectory) is not a directory (run custodyd signer init --data first)")
        }
        let signerPath = (dataDirectory as NSString).appendingPathComponent(SignerConfiguration.fileName)
        guard FileManager.default.fileExists(atPath: signerPath) else {
            throw ConfigurationError(
                source: source, path: "dataDirectory",
                reason:
                    "\(dataDirectory) holds no \(SignerConfiguration.fileName) (run custodyd signer init --data first)")
        }
        let signer = try ConfigurationFile.decode(SignerConfiguration.self, path: signerPath)
        guard signer.format == SignerConfiguration.formatName else {
            throw ConfigurationError(
                source: signerPath, path: "format", reason: "not \(SignerConfiguration.formatName)")
        }
        do {
            _ = try ConfigurationValues.identityKey(signer.identityPublicKey, curve: signer.identityCurve)
        } catch {
            throw ConfigurationError(source: signerPath, path: "identityPublicKey", reason: error.reason)
        }
        return signer
    }

    /// The file as written: every key optional here; required ones are checked after overrides.
    struct FileDocument: Decodable {
        let dataDirectory: String?
        let listen: ListenAddress?
        let pin: PINConfiguration?
        let store: String?
        let auditLog: String?
        let logLevel: Logger.Level?
        let id: String?
        let coordinator: PinnedPeer?
        let peers: [PinnedPeer]?
        let tls: TLSFiles?
        let fault: SignerFault?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dataDirectory, listen, pin, store, auditLog, logLevel, id, coordinator, peers, tls, fault
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            dataDirectory = try container.parsed(.dataDirectory, ConfigurationValues.path)
            listen = try container.parsed(.listen, ListenAddress.init(parsing:))
            pin = try container.decodeIfPresent(PINConfiguration.self, forKey: .pin)
            store = try container.parsed(.store, ConfigurationValues.creatablePath)
            auditLog = try container.parsed(.auditLog, ConfigurationValues.creatablePath)
            logLevel = try container.parsed(.logLevel, ConfigurationValues.logLevel)
            id = try container.parsed(.id, ConfigurationValues.signerID)
            coordinator = try container.decodeIfPresent(CoordinatorDocument.self, forKey: .coordinator)?.peer
            peers = try container.decodeIfPresent([CoordinatorDocument].self, forKey: .peers)?.map(\.peer)
            tls = try container.decodeIfPresent(TLSFiles.self, forKey: .tls)
            fault = try container.parsed(.fault) { (text) throws(ValueError) in
                guard let fault = SignerFault(rawValue: text) else {
                    throw ValueError(
                        "'\(UntrustedText.printable(text))' is not a fault (\(SignerFault.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                return fault
            }
        }
    }

    /// `coordinator` and each of `peers`: `id`, `identityCurve` and `identityPublicKey`, all required.
    struct CoordinatorDocument: Decodable {
        let peer: PinnedPeer

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, identityCurve, identityPublicKey
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func require<Value>(_ value: Value?, _ key: CodingKeys) throws -> Value {
                guard let value else {
                    throw ConfigurationProblem(container.codingPath + [key], "missing required key")
                }
                return value
            }
            let id = try require(try container.parsed(.id, ConfigurationValues.signerID), .id)
            let curve = try require(try container.parsed(.identityCurve, ConfigurationValues.curve), .identityCurve)
            let key = try require(
                try container.parsed(.identityPublicKey) { (text) throws(ValueError) in
                    try ConfigurationValues.identityKey(text, curve: curve)
                }, .identityPublicKey)
            peer = PinnedPeer(id: id, identityPublicKey: key)
        }
    }
}
