public import Bitcoin
import Encoding
public import Foundation
public import Logging
public import PKCS11

/// `custodyd coordinator serve`'s configuration (docs/daemons.md, "Coordinator configuration"):
/// a JSON file, then environment overrides, validated before anything starts.
public struct CoordinatorDaemonConfiguration: Sendable {
    /// A signer the coordinator talks to, its identity public key pinned.
    public struct Signer: Sendable, Equatable {
        public let id: String
        public let url: URL
        public let identityPublicKey: IdentityPublicKey
    }

    /// The coordinator's own HSM token (its audit checkpoints are signed there).
    public struct HSM: Sendable {
        public let module: String
        public let token: String
        public let pin: PINSource
    }

    /// A service of the API: its id in the policy and the SHA-256 hashes of its API keys.
    public struct APIService: Sendable, Equatable {
        public let id: String
        /// 32 bytes each.
        public let keyHashes: [[UInt8]]
    }

    public let listen: ListenAddress
    /// The policy in force (YAML), which the service API decides requests with; nil: no API.
    public let policy: String?
    /// The services that may call the API; empty: no API.
    public let apiServices: [APIService]
    /// The rebalancer: the service it initiates as and its interval; nil: none.
    public let rebalancer: (service: String, interval: Duration)?
    public let database: DatabaseLocation
    public let auditLog: DatabaseLocation
    public let hsm: HSM
    public let signers: [Signer]
    public let logLevel: Logger.Level
    /// The coordinator's id on the peer protocol: the sender of its envelopes, and the
    /// `coordinator.id` its signers pin.
    public let id: String

    /// The PEM file of the certificate authorities an `https` signer's certificate must chain
    /// to; nil: the system's.
    public let signerCA: String?
    /// The Bitcoin network of the wallets' Taproot addresses.
    public let network: Network

    /// The default id, `coordinator`.
    public static let defaultID = "coordinator"

    /// The default listening address, 127.0.0.1:7400.
    public static let defaultListen = ListenAddress(host: "127.0.0.1", port: 7400)

    /// The environment variables that override the file's keys.
    public enum Variable {
        public static let listen = "CUSTODY_COORDINATOR_LISTEN"
        public static let database = "CUSTODY_COORDINATOR_DATABASE"
        public static let auditLog = "CUSTODY_COORDINATOR_AUDIT_LOG"
        public static let hsmModule = "CUSTODY_COORDINATOR_HSM_MODULE"
        public static let hsmToken = "CUSTODY_COORDINATOR_HSM_TOKEN"
        public static let pinFile = "CUSTODY_COORDINATOR_PIN_FILE"
        public static let pinEnvironment = "CUSTODY_COORDINATOR_PIN_ENV"
        public static let logLevel = "CUSTODY_COORDINATOR_LOG_LEVEL"
        public static let network = "CUSTODY_COORDINATOR_NETWORK"
    }

    /// Reads `path`, applies the overrides in `environment`, and validates the result.
    public static func load(path: String, environment: DaemonEnvironment) throws(ConfigurationError) -> Self {
        let file = try ConfigurationFile.decode(FileDocument.self, path: path)
        func required<Value>(_ value: Value?, _ key: String) throws(ConfigurationError) -> Value {
            guard let value else { throw ConfigurationError(source: path, path: key, reason: "missing required key") }
            return value
        }
        let listen =
            try environment.parsed(Variable.listen, ListenAddress.init(parsing:)) ?? file.listen ?? defaultListen
        let database = try required(
            try environment.parsed(Variable.database, DatabaseLocation.init(parsing:)) ?? file.database, "database")
        let auditLog = try required(
            try environment.parsed(Variable.auditLog, DatabaseLocation.init(parsing:)) ?? file.auditLog, "auditLog")
        let module = try required(
            try environment.parsed(Variable.hsmModule, ConfigurationValues.path) ?? file.hsm?.module, "hsm.module")
        let token = try required(
            try environment.parsed(Variable.hsmToken, ConfigurationValues.token) ?? file.hsm?.token, "hsm.token")
        let pin = try required(
            try PINConfiguration.override(
                environment, fileVariable: Variable.pinFile, environmentVariable: Variable.pinEnvironment)
                ?? file.hsm?.pin?.source, "hsm.pin")
        let signers = try required(file.signers, "signers")
        let logLevel = try environment.parsed(Variable.logLevel, ConfigurationValues.logLevel) ?? file.logLevel ?? .info
        let id = file.id ?? defaultID
        if let clash = signers.firstIndex(where: { $0.id == id }) {
            throw ConfigurationError(
                source: path, path: "signers[\(clash)].id", reason: "the coordinator's own id, '\(id)'")
        }
        if !file.apiServices.isEmpty || file.rebalancer != nil, file.policy == nil {
            throw ConfigurationError(source: path, path: "policy", reason: "required with api.services or rebalancer")
        }
        return Self(
            listen: listen, policy: file.policy, apiServices: file.apiServices,
            rebalancer: file.rebalancer.map { ($0.service, .seconds($0.intervalSeconds)) }, database: database,
            auditLog: auditLog,
            hsm: HSM(module: module, token: token, pin: pin),
            signers: signers, logLevel: logLevel, id: id, signerCA: file.signerCA,
            network: try environment.parsed(Variable.network, ConfigurationValues.network) ?? file.network ?? .mainnet)
    }

    struct FileDocument: Decodable {
        let listen: ListenAddress?
        let database: DatabaseLocation?
        let auditLog: DatabaseLocation?
        let hsm: HSMDocument?
        let signers: [Signer]?
        let logLevel: Logger.Level?
        let id: String?
        let signerCA: String?
        let network: Network?
        let policy: String?
        let apiServices: [APIService]
        let rebalancer: RebalancerDocument?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case listen, database, auditLog, hsm, signers, logLevel, id, signerCA, network, policy, api, rebalancer
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            listen = try container.parsed(.listen, ListenAddress.init(parsing:))
            database = try container.parsed(.database, DatabaseLocation.init(parsing:))
            auditLog = try container.parsed(.auditLog, DatabaseLocation.init(parsing:))
            hsm = try container.decodeIfPresent(HSMDocument.self, forKey: .hsm)
            logLevel = try container.parsed(.logLevel, ConfigurationValues.logLevel)
            id = try container.parsed(.id, ConfigurationValues.signerID)
            signerCA = try container.parsed(.signerCA, ConfigurationValues.path)
            network = try container.parsed(.network, ConfigurationValues.network)
            policy = try container.parsed(.policy, ConfigurationValues.path)
            apiServices = try container.decodeIfPresent(APIDocument.self, forKey: .api)?.services ?? []
            rebalancer = try container.decodeIfPresent(RebalancerDocument.self, forKey: .rebalancer)
            guard container.contains(.signers) else {
                signers = nil
                return
            }
            let documents = try container.decode([SignerDocument].self, forKey: .signers)
            guard !documents.isEmpty else {
                throw ConfigurationProblem(container.codingPath + [CodingKeys.signers], "at least one signer is needed")
            }
            var seenIDs: Set<String> = []
            var seenKeys: Set<IdentityPublicKey> = []
            var signers: [Signer] = []
            for (index, document) in documents.enumerated() {
                let path: [any CodingKey] = [CodingKeys.signers, AnyConfigurationKey(index: index)]
                guard seenIDs.insert(document.id).inserted else {
                    throw ConfigurationProblem(path + [SignerDocument.CodingKeys.id], "a second signer with this id")
                }
                guard seenKeys.insert(document.identityPublicKey).inserted else {
                    throw ConfigurationProblem(
                        path + [SignerDocument.CodingKeys.identityPublicKey], "a second signer with this identity key")
                }
                signers.append(
                    Signer(id: document.id, url: document.url, identityPublicKey: document.identityPublicKey))
            }
            self.signers = signers
        }
    }

    struct RebalancerDocument: Decodable {
        let service: String
        let intervalSeconds: Int64

        enum CodingKeys: String, CodingKey, CaseIterable {
            case service, intervalSeconds
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let service = try container.parsed(.service, ConfigurationValues.signerID) else {
                throw ConfigurationProblem(container.codingPath + [CodingKeys.service], "missing required key")
            }
            self.service = service
            let interval = try container.decodeIfPresent(Int64.self, forKey: .intervalSeconds) ?? 60
            guard (1...86_400).contains(interval) else {
                throw ConfigurationProblem(
                    container.codingPath + [CodingKeys.intervalSeconds], "seconds from 1 to 86400")
            }
            intervalSeconds = interval
        }
    }

    struct APIDocument: Decodable {
        let services: [APIService]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case services
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let documents = try container.decode([APIServiceDocument].self, forKey: .services)
            var seenIDs: Set<String> = []
            var seenHashes: Set<[UInt8]> = []
            var services: [APIService] = []
            for (index, document) in documents.enumerated() {
                let path: [any CodingKey] = [CodingKeys.services, AnyConfigurationKey(index: index)]
                guard seenIDs.insert(document.id).inserted else {
                    throw ConfigurationProblem(
                        path + [APIServiceDocument.CodingKeys.id], "a second service with this id")
                }
                for hash in document.keyHashes where !seenHashes.insert(hash).inserted {
                    throw ConfigurationProblem(
                        path + [APIServiceDocument.CodingKeys.keyHashes], "an API key hash given twice")
                }
                services.append(APIService(id: document.id, keyHashes: document.keyHashes))
            }
            self.services = services
        }
    }

    struct APIServiceDocument: Decodable {
        let id: String
        let keyHashes: [[UInt8]]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, keyHashes
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let id = try container.parsed(.id, ConfigurationValues.signerID) else {
                throw ConfigurationProblem(container.codingPath + [CodingKeys.id], "missing required key")
            }
            self.id = id
            let texts = try container.decode([String].self, forKey: .keyHashes)
            guard !texts.isEmpty else {
                throw ConfigurationProblem(
                    container.codingPath + [CodingKeys.keyHashes], "at least one key hash is needed")
            }
            var hashes: [[UInt8]] = []
            for (index, text) in texts.enumerated() {
                guard text.hasPrefix("sha256:"), let bytes = try? Hex.decode(String(text.dropFirst(7))),
                    bytes.count == 32
                else {
                    throw ConfigurationProblem(
                        container.codingPath + [CodingKeys.keyHashes, AnyConfigurationKey(index: index)],
                        "not 'sha256:' and 64 hex digits (the SHA-256 of an API key)")
                }
                hashes.append(bytes)
            }
            keyHashes = hashes
        }
    }

    struct HSMDocument: Decodable {
        let module: String?
        let token: String?
        let pin: PINConfiguration?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case module, token, pin
        }

        init(from decoder: any Decoder) throws {
            try decoder.refuseUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            module = try container.parsed(.module, ConfigurationValues.path)
            token = try container.parsed(.token, ConfigurationValues.token)
            pin = try container.decodeIfPresent(PINConfiguration.self, forKey: .pin)
        }
    }

    struct SignerDocument: Decodable {
        let id: String
        let url: URL
        let identityPublicKey: IdentityPublicKey

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, url, identityCurve, identityPublicKey
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
            id = try require(try container.parsed(.id, ConfigurationValues.signerID), .id)
            url = try require(try container.parsed(.url, ConfigurationValues.peerURL), .url)
            let curve = try require(try container.parsed(.identityCurve, ConfigurationValues.curve), .identityCurve)
            identityPublicKey = try require(
                try container.parsed(.identityPublicKey) { (text) throws(ValueError) in
                    try ConfigurationValues.identityKey(text, curve: curve)
                }, .identityPublicKey)
        }
    }
}
