import Crypto
import Encoding
import Foundation
import Policy

/// Officer keys derived from public seeds, SHA-256("custody-example:" + officer id): the keys in
/// the example policies under Policies/ are these, so tests can sign for them. Never use such
/// keys for anything real.
enum TestKeys {
    static let p256Officers: Set<String> = ["carol", "dave", "officer-2", "officer-4", "zoe"]

    static func seed(_ officer: String) -> [UInt8] {
        Array(SHA256.hash(data: Array("custody-example:\(officer)".utf8)))
    }

    static func publicKey(_ officer: String) -> String {
        if p256Officers.contains(officer) {
            let key = try! P256.Signing.PrivateKey(rawRepresentation: seed(officer))
            return "p256:" + hex(Array(key.publicKey.compressedRepresentation))
        }
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed(officer))
        return "ed25519:" + hex(Array(key.publicKey.rawRepresentation))
    }

    static func sign(_ statement: ApprovalStatement) -> SignedApproval {
        let officer = statement.officer
        let message = statement.canonicalBytes
        if p256Officers.contains(officer) {
            let key = try! P256.Signing.PrivateKey(rawRepresentation: seed(officer))
            return SignedApproval(
                statement: statement, signature: Array(try! key.signature(for: message).rawRepresentation))
        }
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed(officer))
        return SignedApproval(statement: statement, signature: Array(try! key.signature(for: message)))
    }

    /// `request` signed by its initiator, service or officer, with the key derived for that id.
    static func sign(_ request: PolicyRequest) -> SignedRequest {
        SignedRequest(
            request: request,
            signature: signature(SignedRequest.signedBytes(digest: request.digest), by: request.initiator))
    }

    static func signature(_ message: [UInt8], by id: String) -> [UInt8] {
        if p256Officers.contains(id) {
            let key = try! P256.Signing.PrivateKey(rawRepresentation: seed(id))
            return Array(try! key.signature(for: message).rawRepresentation)
        }
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed(id))
        return Array(try! key.signature(for: message))
    }

    static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
}
