import Crypto
import Encoding
import Foundation
import Policy

/// The signed requests the benchmark sends: the service `engine` asks for 500,000 from one of
/// the wallets `w0` to `w63` (each its own key), which the signers' genesis policy allows
/// without approvals.
enum Requests {
    /// Officer and service keys from public seeds.
    static func key(_ id: String) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(
            rawRepresentation: Array(SHA256.hash(data: Array("custody-daemon-benchmark:\(id)".utf8))))
    }

    static func publicKey(_ id: String) -> String {
        "ed25519:" + Hex.encode(Array(key(id).publicKey.rawRepresentation))
    }

    /// The wallets, one per concurrent session: a signer refuses more than 16 outstanding
    /// commitments per wallet (`signing-session.md`), so concurrent sessions on one wallet fail.
    static let wallets = (0..<64).map { "w\($0)" }

    /// The signers' genesis policy: `engine` may send up to 1,000,000 from any wallet alone.
    static let policyText = """
        version: 1
        name: daemon-benchmark
        roles:
          treasury:
            - {id: alice, key: "\(publicKey("alice"))"}
            - {id: bob, key: "\(publicKey("bob"))"}
        services: [{id: engine, key: "\(publicKey("engine"))"}]
        wallets:
        \(wallets.map { "  \($0): {asset: BTC, tier: hot, key: \($0)}" }.joined(separator: "\n"))
        rules:
          - id: small
            match: {wallets: [\(wallets.joined(separator: ", "))], amount: {max: 1_000_000}, initiators: [engine]}
            action: allow
          - id: large
            match: {wallets: [\(wallets.joined(separator: ", "))]}
            action: approve
            approvals: [{role: treasury, min: 2}]
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [treasury]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
        """

    static let policyHash = try! PolicyDecoder.decode(yaml: policyText, file: "daemon-benchmark.yaml").hash.hex

    /// The `POST /v1/signatures` body for request `id` from `wallet` asking for `message`, dated now.
    static func body(id: String, wallet: String, message: [UInt8], timeoutSeconds: Int) -> [UInt8] {
        let request = PolicyRequest(
            id: id, wallet: wallet, amount: 500_000, destination: .init(address: "bcrt1qcustomer"),
            initiator: "engine", createdAt: Instant(seconds: Int64(Date().timeIntervalSince1970) - 1),
            payload: .init(kind: .digest, hash: message))
        let signed = SignedRequest(
            request: request,
            signature: Array(try! key("engine").signature(for: SignedRequest.signedBytes(digest: request.digest))))
        let text = """
            {"wallet": "\(wallet)", "request": \(String(decoding: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)), as: UTF8.self)),
             "approvals": [], "policy": "\(policyHash)",
             "messages": ["\(Hex.encode(message))"], "timeoutSeconds": \(timeoutSeconds)}
            """
        return Array(text.utf8)
    }

    /// A distinct 32-byte message for request `id`.
    static func message(_ id: String) -> [UInt8] { Array(SHA256.hash(data: Array("message \(id)".utf8))) }
}
