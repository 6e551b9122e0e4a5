public import Bitcoin
public import Custody
import Foundation
public import PeerProtocol

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

    /// Reads `body`.
    /// - Throws: ``WalletCreationRequestError`` naming the key and what is wrong.
    public init(json body: [UInt8]) throws(WalletCreationRequestError) {
        guard body.count <= Self.maximumBodySize else {
            throw WalletCreationRequestError("the body is over \(Self.maximumBodySize) bytes")
        }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(body))
        } catch let error as WalletCreationRequestError {
            throw error
        } catch DecodingError.keyNotFound(let key, _) {
            throw WalletCreationRequestError("\(key.stringValue): required")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw WalletCreationRequestError("\(path): a value of the wrong type")
        } catch {
            throw WalletCreationRequestError("the body is not a JSON object")
        }
        guard Self.isWalletName(fields.name) else {
            throw WalletCreationRequestError("name: 1 to 64 characters of a-z 0-9 . _ - are required")
        }
        guard let suite = SigningSuite(rawValue: fields.suite) else {
            throw WalletCreationRequestError("suite: \(Self.quoted(fields.suite)) is not secp256k1-tr or secp256k1")
        }
        guard !fields.signers.isEmpty, fields.signers.count <= 255 else {
            throw WalletCreationRequestError("signers: 1 to 255 signer ids are required")
        }
        var signers: [PeerID] = []
        for (index, text) in fields.signers.enumerated() {
            guard let id = try? PeerID(text) else {
                throw WalletCreationRequestError("signers[\(index)]: \(Self.quoted(text)) is not a signer id")
            }
            signers.append(id)
        }
        guard Set(signers).count == signers.count else {
            throw WalletCreationRequestError("signers: a signer is named twice")
        }
        guard fields.threshold >= 2, fields.threshold <= signers.count else {
            throw WalletCreationRequestError("threshold: must be from 2 to the number of signers (\(signers.count))")
        }
        var network: Network?
        if let text = fields.network {
            guard let parsed = Network(rawValue: text) else {
                throw WalletCreationRequestError(
                    "network: \(Self.quoted(text)) is not one of \(Network.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            network = parsed
        }
        self.name = fields.name
        self.suite = suite
        self.threshold = fields.threshold
        self.signers = signers
        self.network = network
    }

    /// The body's keys, unknown keys refused.
    private struct Fields: Decodable {
        let name: String
        let suite: String
        let threshold: Int
        let signers: [String]
        let network: String?

        private enum Key: String, CodingKey, CaseIterable { case name, suite, threshold, signers, network }

        private struct AnyKey: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let all = try decoder.container(keyedBy: AnyKey.self)
            let known = Set(Key.allCases.map(\.rawValue))
            if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
                throw WalletCreationRequestError(
                    "\(WalletCreationRequest.quoted(unknown)): unknown key (known keys: \(known.sorted().joined(separator: ", ")))"
                )
            }
            let container = try decoder.container(keyedBy: Key.self)
            name = try container.decode(String.self, forKey: .name)
            suite = try container.decode(String.self, forKey: .suite)
            threshold = try container.decode(Int.self, forKey: .threshold)
            signers = try container.decode([String].self, forKey: .signers)
            network = try container.decodeIfPresent(String.self, forKey: .network)
        }
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
