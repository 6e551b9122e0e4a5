public import Bitcoin
public import Custody
public import PeerProtocol
import Policy

/// A client's request to create a wallet (`POST /v1/wallets`, docs/daemons.md § Wallets),
/// read strictly: a JSON object with exactly the keys below, each of its type.
public struct WalletCreationRequest: Sendable, Equatable {
    /// The largest body read.
    public static let maximumBodySize = 16 * 1024

    public let name: String
    public let suite: SigningSuite
    public let threshold: Int
    public let signers: [PeerID]
    /// The network of the Taproot address; nil: the coordinator's.
    public let network: Network?

    /// Reads `body` with Policy's `StrictJSON` (integers only, no key given twice).
    /// - Throws: ``WalletCreationRequestError`` naming the key and what is wrong.
    public init(json body: [UInt8]) throws(WalletCreationRequestError) {
        let value: JSONValue
        do {
            value = try StrictJSON.parse(body, what: "body", code: .invalidRequest, maxBytes: Self.maximumBodySize)
        } catch {
            throw WalletCreationRequestError(error.reason)
        }
        guard case .object(let members) = value else { throw WalletCreationRequestError("body: not a JSON object") }
        let known = ["name", "network", "signers", "suite", "threshold"]
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard known.contains(member.key) else {
                throw WalletCreationRequestError(
                    "\(Self.quoted(member.key)): unknown key (known keys: \(known.joined(separator: ", ")))")
            }
            fields[member.key] = member.value
        }
        guard case .string(let name)? = fields["name"] else {
            throw WalletCreationRequestError("name: a string is required")
        }
        guard Self.isWalletName(name) else {
            throw WalletCreationRequestError("name: 1 to 64 characters of a-z 0-9 . _ - are required")
        }
        guard case .string(let suiteName)? = fields["suite"] else {
            throw WalletCreationRequestError("suite: a string is required (secp256k1-tr or secp256k1)")
        }
        guard let suite = SigningSuite(rawValue: suiteName) else {
            throw WalletCreationRequestError("suite: \(Self.quoted(suiteName)) is not secp256k1-tr or secp256k1")
        }
        guard case .integer(let thresholdValue)? = fields["threshold"] else {
            throw WalletCreationRequestError("threshold: an integer is required")
        }
        guard case .array(let names)? = fields["signers"], (1...255).contains(names.count) else {
            throw WalletCreationRequestError("signers: an array of 1 to 255 signer ids is required")
        }
        var signers: [PeerID] = []
        for (index, entry) in names.enumerated() {
            guard case .string(let text) = entry, let id = try? PeerID(text) else {
                throw WalletCreationRequestError("signers[\(index)]: a signer id is required")
            }
            signers.append(id)
        }
        guard Set(signers).count == signers.count else {
            throw WalletCreationRequestError("signers: a signer is named twice")
        }
        guard thresholdValue >= 2, thresholdValue <= Int64(signers.count) else {
            throw WalletCreationRequestError("threshold: must be from 2 to the number of signers (\(signers.count))")
        }
        var network: Network?
        if let networkValue = fields["network"] {
            guard case .string(let text) = networkValue, let parsed = Network(rawValue: text) else {
                throw WalletCreationRequestError(
                    "network: one of \(Network.allCases.map(\.rawValue).joined(separator: ", ")) is required")
            }
            network = parsed
        }
        self.name = name
        self.suite = suite
        self.threshold = Int(thresholdValue)
        self.signers = signers
        self.network = network
    }

    /// 1 to 64 characters of `a-z 0-9 . _ -`.
    public static func isWalletName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || [0x2E, 0x5F, 0x2D].contains($0)
            }
    }

    static func quoted(_ text: String) -> String {
        "\"" + String(text.unicodeScalars.prefix(64).map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "?" })
            + "\""
    }
}

/// Why a wallet creation request was refused; names the key, never echoes more than 64 characters.
public struct WalletCreationRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The body of `POST /v1/wallets/{name}/repair` (docs/daemons.md § Wallets): a strict JSON object
/// of at most 4 KiB with exactly the key `signer`, the id of the signer daemon whose share is
/// rebuilt.
public struct WalletRepairRequest: Sendable, Equatable {
    /// The largest body read.
    public static let maximumBodySize = 4096

    /// The signer daemon whose share is rebuilt.
    public let signer: PeerID

    /// - Throws: ``WalletCreationRequestError`` naming the key: not an object, an unknown key,
    ///   `signer` missing or not a peer id.
    public init(json body: [UInt8]) throws(WalletCreationRequestError) {
        let fields: [String: JSONValue]
        do {
            fields = try RequestBody.fields(body, known: ["signer"], maxBytes: Self.maximumBodySize)
        } catch {
            throw WalletCreationRequestError(error.description)
        }
        guard case .string(let name)? = fields["signer"], let signer = try? PeerID(name) else {
            throw WalletCreationRequestError("signer: a signer id is required")
        }
        self.signer = signer
    }
}
